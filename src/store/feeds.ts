import { inTransaction, type Db } from './db.ts';
import type { FeedRow } from './types.ts';

/** Outlets' feeds, read for new articles. */
export class Feeds {
  constructor(private readonly db: Db) {}

  /** Makes the feeds table hold exactly the configured feeds (new ones are due at once). */
  async sync(urls: readonly string[], now: string): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const known = new Set((await tx.selectFrom('feeds').select('url').execute()).map((r) => r.url));
      for (const url of urls)
        if (!known.has(url)) await tx.insertInto('feeds').values({ url, added_at: now, next_check_at: now }).execute();
      const gone = [...known].filter((u) => !urls.includes(u));
      if (gone.length) await tx.deleteFrom('feeds').where('url', 'in', gone).execute();
    });
  }

  due(now: string): Promise<FeedRow[]> {
    return this.db.selectFrom('feeds').selectAll().where('next_check_at', '<=', now).orderBy('next_check_at').execute();
  }

  list(): Promise<FeedRow[]> {
    return this.db.selectFrom('feeds').selectAll().orderBy('url').execute();
  }

  async recordCheck(
    id: number,
    update: {
      at: string;
      nextCheckAt: string;
      error: string | null;
      added: number;
      etag?: string | null;
      lastModified?: string | null;
    },
  ): Promise<void> {
    await this.db
      .updateTable('feeds')
      .set((eb) => ({
        last_checked_at: update.at,
        next_check_at: update.nextCheckAt,
        last_error: update.error,
        articles_added: eb('articles_added', '+', update.added),
        ...(update.etag !== undefined ? { etag: update.etag } : {}),
        ...(update.lastModified !== undefined ? { last_modified: update.lastModified } : {}),
      }))
      .where('id', '=', id)
      .execute();
  }
}
