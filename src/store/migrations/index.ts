import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { migration as m0001 } from './0001_initial.ts';
import { migration as m0002 } from './0002_post_media.ts';
import { migration as m0003 } from './0003_post_remote_refs.ts';
import { migration as m0004 } from './0004_schedule_feeds_requests.ts';
import { migration as m0005 } from './0005_post_extra_links.ts';
import { migration as m0006 } from './0006_article_duplicate_of.ts';
import { migration as m0007 } from './0007_minor_changes.ts';
import { migration as m0008 } from './0008_version_extractor.ts';
import { migration as m0009 } from './0009_request_caps.ts';
import { migration as m0010 } from './0010_outbox_keys.ts';
import { migration as m0011 } from './0011_quiet_observed.ts';
import { migration as m0012 } from './0012_pauses.ts';
import { migration as m0013 } from './0013_bounded_queries.ts';
import { migration as m0014 } from './0014_html_bases.ts';
import { migration as m0015 } from './0015_posts_queue_order.ts';
import { migration as m0016 } from './0016_card_media.ts';
import { migration as m0017 } from './0017_worker_leases.ts';
import type { PortableMigration } from './portable.ts';

/**
 * Schema migrations, numbered, one a file; Kysely records the applied ones by these names, which never
 * change (existing databases know them). The same migrations build both databases: where the SQL differs
 * (key columns, bytes, triggers, full-text search), a migration is told which one it runs on.
 */
const migrations: Record<string, PortableMigration> = {
  '0001_initial': m0001,
  '0002_post_media': m0002,
  '0003_post_remote_refs': m0003,
  '0004_schedule_feeds_requests': m0004,
  '0005_post_extra_links': m0005,
  '0006_article_duplicate_of': m0006,
  '0007_minor_changes': m0007,
  '0008_version_extractor': m0008,
  '0009_request_caps': m0009,
  '0010_outbox_keys': m0010,
  '0011_quiet_observed': m0011,
  '0012_pauses': m0012,
  '0013_bounded_queries': m0013,
  '0014_html_bases': m0014,
  '0015_posts_queue_order': m0015,
  '0016_card_media': m0016,
  '0017_worker_leases': m0017,
};

/** Every migration's name, in order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations);

/** The migrations, by name, as they run on `dialect`. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  const bound = Object.entries(migrations).map(([name, m]): [string, Migration] => [
    name,
    { up: (db) => m.up(db, dialect) },
  ]);
  return { getMigrations: () => Promise.resolve(Object.fromEntries(bound)) };
}
