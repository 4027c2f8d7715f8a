import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { bytesType, idColumn, type PortableMigration } from './portable.ts';

export const migration: PortableMigration = {
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await db.schema
      .createTable('articles')
      .addColumn('id', 'integer', idColumn(dialect))
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
      .addColumn('id', 'integer', idColumn(dialect))
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('raw_html', bytesType(dialect))
      .addColumn('final_url', 'text', (c) => c.notNull())
      .addColumn('etag', 'text')
      .addColumn('last_modified', 'text')
      .addUniqueConstraint('versions_article_seq', ['article_id', 'seq'])
      .execute();
    await db.schema
      .createTable('checks')
      .addColumn('id', 'integer', idColumn(dialect))
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
      .addColumn('id', 'integer', idColumn(dialect))
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
};
