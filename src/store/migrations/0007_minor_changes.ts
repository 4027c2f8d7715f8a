import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  // Differences that are not edits are stored as minor versions, for the record, and never posted.
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('changes')
      .addColumn('minor', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
