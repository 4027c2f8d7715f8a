import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { bytesType, idColumn, type PortableMigration } from './portable.ts';

export const migration: PortableMigration = {
  // Raw HTML stored as segments of Brotli streams (store/raw-html.ts): a version after its host's base
  // page or after its article's key version. The foreign keys keep a base while anything follows it;
  // rows with no base are the plain Brotli of before.
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await db.schema
      .createTable('html_bases')
      .addColumn('id', 'integer', idColumn(dialect))
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addColumn('html', bytesType(dialect), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('html_bases_host').on('html_bases').columns(['host', 'id']).execute();
    await db.schema
      .alterTable('versions')
      .addColumn('html_base_id', 'integer', (c) => c.references('html_bases.id'))
      .execute();
    await db.schema
      .alterTable('versions')
      .addColumn('html_key_id', 'integer', (c) => c.references('versions.id'))
      .execute();
  },
};
