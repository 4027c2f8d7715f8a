import { sql, type Kysely, type Migration } from 'kysely';

export const migration: Migration = {
  // A second address of an article (retired as its duplicate) links to the article, so a request for
  // either address follows the article. Rows retired so before this said it only in their reason.
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('articles')
      .addColumn('duplicate_of', 'integer', (c) => c.references('articles.id').onDelete('set null'))
      .execute();
    await sql`update articles set duplicate_of = (select d.id from articles d where 'duplicate of ' || d.url = articles.retired_reason) where retired_reason like 'duplicate of %'`.execute(
      db,
    );
    // Requests left waiting on such a row were never answered: they move to the article (watched again
    // if it was retired), and are answered from there by the next cycle.
    const now = new Date().toISOString();
    await sql`update articles set active = 1, retired_reason = null, next_check_at = ${now}, gone_count = 0, watched_since = ${now}
      where active = 0 and id in (select d.duplicate_of from articles d join requests r on r.article_id = d.id where r.outcome = 'pending')`.execute(
      db,
    );
    await sql`update requests set article_id = (select d.duplicate_of from articles d where d.id = requests.article_id)
      where outcome = 'pending' and article_id in (select id from articles where duplicate_of is not null)`.execute(db);
  },
};
