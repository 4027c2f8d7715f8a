import { sql, type Kysely, type Migration } from 'kysely';
import { newPostKey } from '../post-keys.ts';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // Mastodon: the ids of the images uploaded for a post, recorded before its status is made; a media
    // attachment belongs to one status only, so after a crash they find that post's status and no other.
    await db.schema.alterTable('posts').addColumn('remote_media', 'text').execute();
    // Every post not yet sent gets its key now; earlier, each process chose one at its first try.
    const keyless = await sql<{
      id: string;
      network: string;
    }>`select id, network from posts where remote_key is null and state != 'posted'`.execute(db);
    for (const row of keyless.rows)
      await sql`update posts set remote_key = ${newPostKey(row.network)} where id = ${row.id}`.execute(db);
  },
};
