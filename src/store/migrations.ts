import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { newPostKey } from './post-keys.ts';

/**
 * Schema migrations, numbered; Kysely records the applied ones. Only portable column types are used so
 * that the PostgreSQL dialect can run the same migrations (blob -> bytea is Kysely's mapping there).
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('articles')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('url', 'text', (c) => c.notNull().unique())
        .addColumn('outlet', 'text')
        .addColumn('headline', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('retired_reason', 'text')
        .addColumn('last_checked_at', 'text')
        .addColumn('next_check_at', 'text', (c) => c.notNull())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('articles_due').on('articles').columns(['active', 'next_check_at']).execute();
      await db.schema
        .createTable('versions')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('raw_html', 'blob')
        .addColumn('final_url', 'text', (c) => c.notNull())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addUniqueConstraint('versions_article_seq', ['article_id', 'seq'])
        .execute();
      await db.schema
        .createTable('checks')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('http_status', 'integer')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('checks_article').on('checks').columns(['article_id', 'at']).execute();
      await db.schema
        .createTable('changes')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('from_version_id', 'integer', (c) => c.notNull().references('versions.id'))
        .addColumn('to_version_id', 'integer', (c) => c.notNull().references('versions.id'))
        .addColumn('detected_at', 'text', (c) => c.notNull())
        .addColumn('diff', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('posts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('change_id', 'integer', (c) => c.notNull().references('changes.id'))
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('article_url', 'text', (c) => c.notNull())
        .addColumn('images', 'text', (c) => c.notNull())
        .addColumn('in_reply_to', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('remote_id', 'text')
        .addColumn('remote_url', 'text')
        .execute();
      await db.schema.createIndex('posts_state').on('posts').columns(['state', 'created_at']).execute();
    },
  },
};

migrations['0002_post_media'] = {
  // The folder (under the state's media/) that holds a post's images.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('posts').addColumn('media', 'text').execute();
  },
};

migrations['0003_post_remote_refs'] = {
  // Threading on Bluesky needs each post's CID as well as its URI; `remote_key` is the key chosen before
  // the network call (Bluesky's record key) so that a retry after a crash reuses it.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('posts').addColumn('remote_cid', 'text').execute();
    await db.schema.alterTable('posts').addColumn('remote_key', 'text').execute();
  },
};

migrations['0004_schedule_feeds_requests'] = {
  async up(db: Kysely<unknown>) {
    // The schedule: when the article last changed (an edit brings back frequent checks), and how many
    // 404/410 answers in a row it has had (repeated, it is retired).
    await db.schema.alterTable('articles').addColumn('last_changed_at', 'text').execute();
    await db.schema.alterTable('articles').addColumn('gone_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema
      .createTable('feeds')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('url', 'text', (c) => c.notNull().unique())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addColumn('next_check_at', 'text', (c) => c.notNull())
      .addColumn('last_checked_at', 'text')
      .addColumn('etag', 'text')
      .addColumn('last_modified', 'text')
      .addColumn('last_error', 'text')
      .addColumn('articles_added', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // Tracking requests: one row per mention handled, so none is handled twice.
    await db.schema
      .createTable('requests')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('remote_id', 'text', (c) => c.notNull())
      .addColumn('remote_cid', 'text')
      .addColumn('root_id', 'text')
      .addColumn('root_cid', 'text')
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('author_handle', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
      .addUniqueConstraint('requests_remote', ['network', 'remote_id'])
      .execute();
    await db.schema.createIndex('requests_author').on('requests').columns(['network', 'author_id', 'received_at']).execute();
    await db.schema.createIndex('requests_article').on('requests').columns(['article_id', 'active']).execute();
    await db.schema
      .createTable('cursors')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    // Posts that are not about a change (the answer to a request) and threads other than the
    // article's own (the requester's): change and article become optional, and a post can name the
    // outside post its thread starts from. SQLite cannot drop NOT NULL in place, so the table is rebuilt.
    await db.schema
      .createTable('posts_new')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('edit'))
      .addColumn('change_id', 'integer', (c) => c.references('changes.id'))
      .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('cascade'))
      .addColumn('network', 'text', (c) => c.notNull())
      .addColumn('thread', 'text', (c) => c.notNull().defaultTo('article'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('article_url', 'text', (c) => c.notNull())
      .addColumn('images', 'text', (c) => c.notNull())
      .addColumn('in_reply_to', 'text')
      .addColumn('reply_root_id', 'text')
      .addColumn('reply_root_cid', 'text')
      .addColumn('reply_parent_id', 'text')
      .addColumn('reply_parent_cid', 'text')
      .addColumn('mention', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('remote_id', 'text')
      .addColumn('remote_url', 'text')
      .addColumn('media', 'text')
      .addColumn('remote_cid', 'text')
      .addColumn('remote_key', 'text')
      .execute();
    const kept = ['id', 'change_id', 'article_id', 'network', 'state', 'text', 'article_url', 'images', 'in_reply_to', 'created_at', 'updated_at', 'attempts', 'last_error', 'remote_id', 'remote_url', 'media', 'remote_cid', 'remote_key'];
    const columns = sql.join(kept.map((c) => sql.ref(c)));
    await sql`insert into posts_new (${columns}) select ${columns} from posts`.execute(db);
    await db.schema.dropTable('posts').execute();
    await db.schema.alterTable('posts_new').renameTo('posts').execute();
    await db.schema.createIndex('posts_state').on('posts').columns(['state', 'created_at']).execute();
    await db.schema.createIndex('posts_thread').on('posts').columns(['network', 'thread', 'article_id', 'state']).execute();
  },
};

migrations['0005_post_extra_links'] = {
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

migrations['0006_article_duplicate_of'] = {
  // A second address of an article (retired as its duplicate) links to the article, so a request for
  // either address follows the article. Rows retired so before this said it only in their reason.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('articles').addColumn('duplicate_of', 'integer', (c) => c.references('articles.id').onDelete('set null')).execute();
    await sql`update articles set duplicate_of = (select d.id from articles d where 'duplicate of ' || d.url = articles.retired_reason) where retired_reason like 'duplicate of %'`.execute(db);
    // Requests left waiting on such a row were never answered: they move to the article (watched again
    // if it was retired), and are answered from there by the next cycle.
    const now = new Date().toISOString();
    await sql`update articles set active = 1, retired_reason = null, next_check_at = ${now}, gone_count = 0, watched_since = ${now}
      where active = 0 and id in (select d.duplicate_of from articles d join requests r on r.article_id = d.id where r.outcome = 'pending')`.execute(db);
    await sql`update requests set article_id = (select d.duplicate_of from articles d where d.id = requests.article_id)
      where outcome = 'pending' and article_id in (select id from articles where duplicate_of is not null)`.execute(db);
  },
};

migrations['0007_minor_changes'] = {
  // Differences that are not edits are stored as minor versions, for the record, and never posted.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('changes').addColumn('minor', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
};

migrations['0008_version_extractor'] = {
  // Which extraction rules read a version: a version read by older rules is read again before comparing.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('versions').addColumn('extractor', 'integer').execute();
  },
};

migrations['0009_request_caps'] = {
  // The caps on requests count, at each mention, the requests accepted in the last day (from everyone)
  // and the articles tracked because of requests: both from an index alone, however many rows there are.
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('requests_accepted').on('requests').columns(['action', 'received_at', 'article_id']).execute();
    await db.schema.createIndex('articles_source').on('articles').columns(['active', 'source']).execute();
  },
};

migrations['0010_outbox_keys'] = {
  async up(db: Kysely<unknown>) {
    // Mastodon: the ids of the images uploaded for a post, recorded before its status is made; a media
    // attachment belongs to one status only, so after a crash they find that post's status and no other.
    await db.schema.alterTable('posts').addColumn('remote_media', 'text').execute();
    // Every post not yet sent gets its key now; earlier, each process chose one at its first try.
    const keyless = await sql<{ id: string; network: string }>`select id, network from posts where remote_key is null and state != 'posted'`.execute(db);
    for (const row of keyless.rows) await sql`update posts set remote_key = ${newPostKey(row.network)} where id = ${row.id}`.execute(db);
  },
};

migrations['0011_quiet_observed'] = {
  // Retirement counts only the quiet time checks have seen, so a clock jumping ahead retires nothing.
  // Articles tracked already are taken to have been watched from their quiet start to their last check.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('articles').addColumn('quiet_observed_ms', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await sql`update articles set quiet_observed_ms = max(0, cast((julianday(last_checked_at)
      - julianday(max(coalesce(watched_since, added_at), coalesce(last_changed_at, added_at)))) * 86400000 as integer))
      where last_checked_at is not null`.execute(db);
  },
};

migrations['0012_pauses'] = {
  // A wait a server asked for that outlasts a cycle (a network's rate limit, a news host's Retry-After),
  // kept so the next cycle, and a restarted process, honour it. Scope: network:<name> or host:<host>.
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('pauses')
      .addColumn('scope', 'text', (c) => c.primaryKey())
      .addColumn('resume_at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('set_at', 'text', (c) => c.notNull())
      .execute();
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
