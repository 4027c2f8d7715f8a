import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { PortableMigration } from './portable.ts';

export const migration: PortableMigration = {
  // Retirement counts only the quiet time checks have seen, so a clock jumping ahead retires nothing.
  // Articles tracked already are taken to have been watched from their quiet start to their last check.
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await db.schema
      .alterTable('articles')
      .addColumn('quiet_observed_ms', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    if (dialect === 'postgres')
      await sql`update articles set quiet_observed_ms = greatest(0, floor(extract(epoch from
        (last_checked_at::timestamptz - greatest(coalesce(watched_since, added_at), coalesce(last_changed_at, added_at))::timestamptz)) * 1000))
        where last_checked_at is not null`.execute(db);
    else
      await sql`update articles set quiet_observed_ms = max(0, cast((julianday(last_checked_at)
      - julianday(max(coalesce(watched_since, added_at), coalesce(last_changed_at, added_at)))) * 86400000 as integer))
      where last_checked_at is not null`.execute(db);
  },
};
