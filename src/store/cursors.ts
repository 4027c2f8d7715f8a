import type { Db } from './db.ts';

/** Where each reader of mentions left off, by name. */
export class Cursors {
  constructor(private readonly db: Db) {}

  async get(name: string): Promise<string | null> {
    return (
      (await this.db.selectFrom('cursors').select('value').where('name', '=', name).executeTakeFirst())?.value ?? null
    );
  }

  /** Keeps a cursor; null (nothing read) keeps the one there was. */
  async set(name: string, value: string | null): Promise<void> {
    if (value === null) return;
    await this.db
      .insertInto('cursors')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }
}
