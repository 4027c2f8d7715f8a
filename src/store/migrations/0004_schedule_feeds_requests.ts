import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { idColumn, type PortableMigration } from './portable.ts';

export const migration: PortableMigration = {
  async up(db: Kysely<unknown>, dialect: Dialect) {
    // The schedule: when the article last changed (an edit brings back frequent checks), and how many
    // 404/410 answers in a row it has had (repeated, it is retired).
    await db.schema.alterTable('articles').addColumn('last_changed_at', 'text').execute();
    await db.schema
      .alterTable('articles')
      .addColumn('gone_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('feeds')
      .addColumn('id', 'integer', idColumn(dialect))
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
      .addColumn('id', 'integer', idColumn(dialect))
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
    await db.schema
      .createIndex('requests_author')
      .on('requests')
      .columns(['network', 'author_id', 'received_at'])
      .execute();
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
    const kept = [
      'id',
      'change_id',
      'article_id',
      'network',
      'state',
      'text',
      'article_url',
      'images',
      'in_reply_to',
      'created_at',
      'updated_at',
      'attempts',
      'last_error',
      'remote_id',
      'remote_url',
      'media',
      'remote_cid',
      'remote_key',
    ];
    const columns = sql.join(kept.map((c) => sql.ref(c)));
    await sql`insert into posts_new (${columns}) select ${columns} from posts`.execute(db);
    await db.schema.dropTable('posts').execute();
    await db.schema.alterTable('posts_new').renameTo('posts').execute();
    await db.schema.createIndex('posts_state').on('posts').columns(['state', 'created_at']).execute();
    await db.schema
      .createIndex('posts_thread')
      .on('posts')
      .columns(['network', 'thread', 'article_id', 'state'])
      .execute();
  },
};
