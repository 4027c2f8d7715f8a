import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  // Posts may link the article's page in the public archive as well as the article; the archive reads
  // an article's changes, and all changes newest first.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('posts').addColumn('extra_links', 'text').execute();
    // A request made privately (Mastodon's private or direct visibility) is answered just as privately.
    await db.schema.alterTable('posts').addColumn('visibility', 'text').execute();
    await db.schema.alterTable('requests').addColumn('visibility', 'text').execute();
    // A retired article someone asks to watch again counts its quiet days from then, not from its last edit.
    await db.schema.alterTable('articles').addColumn('watched_since', 'text').execute();
    await db.schema.createIndex('changes_article').on('changes').columns(['article_id', 'id']).execute();
    await db.schema.createIndex('changes_detected').on('changes').columns(['detected_at', 'id']).execute();
  },
};
