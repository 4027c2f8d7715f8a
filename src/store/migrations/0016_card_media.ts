import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { bytesType, type PortableMigration } from './portable.ts';

export const migration: PortableMigration = {
  // Cards kept in the database (store/media.ts), so that every worker, and `serve` on another machine,
  // reads the same ones: used on PostgreSQL; a SQLite state keeps them in its media folder.
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await db.schema
      .createTable('media')
      .addColumn('folder', 'text', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('bytes', bytesType(dialect), (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('media_key', ['folder', 'file'])
      .execute();
    await db.schema.createIndex('posts_media').on('posts').column('media').execute();
  },
};
