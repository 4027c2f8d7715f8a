import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  // Threading on Bluesky needs each post's CID as well as its URI; `remote_key` is the key chosen before
  // the network call (Bluesky's record key) so that a retry after a crash reuses it.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('posts').addColumn('remote_cid', 'text').execute();
    await db.schema.alterTable('posts').addColumn('remote_key', 'text').execute();
  },
};
