import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  // The caps on requests count, at each mention, the requests accepted in the last day (from everyone)
  // and the articles tracked because of requests: both from an index alone, however many rows there are.
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('requests_accepted')
      .on('requests')
      .columns(['action', 'received_at', 'article_id'])
      .execute();
    await db.schema.createIndex('articles_source').on('articles').columns(['active', 'source']).execute();
  },
};
