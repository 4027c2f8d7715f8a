import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  // The folder (under the state's media/) that holds a post's images.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('posts').addColumn('media', 'text').execute();
  },
};
