import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  // Which extraction rules read a version: a version read by older rules is read again before comparing.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('versions').addColumn('extractor', 'integer').execute();
  },
};
