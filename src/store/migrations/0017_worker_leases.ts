import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { PortableMigration } from './portable.ts';

export const migration: PortableMigration = {
  // Several workers on one database (store/workers.ts): who runs, which articles each has in hand, and
  // which of the one-at-a-time jobs (feeds, mentions, each network's outbox) each holds.
  async up(db: Kysely<unknown>, dialect: Dialect) {
    await db.schema
      .createTable('workers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('pid', 'integer', (c) => c.notNull())
      .addColumn('command', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'text', (c) => c.notNull())
      .addColumn('stopped_at', 'text')
      .execute();
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('until', 'text', (c) => c.notNull())
      .execute();
    // Each host's next turn among all workers (ms since the epoch), so that together they keep its pause.
    await db.schema
      .createTable('host_turns')
      .addColumn('host', 'text', (c) => c.primaryKey())
      .addColumn('next_ms', 'integer', (c) => c.notNull())
      .execute();
    // An article in a worker's hand: no other takes it before `lease_until`, and a write of its check is
    // made only while its owner still holds it (a worker that lost it writes nothing).
    await db.schema.alterTable('articles').addColumn('lease_owner', 'text').execute();
    await db.schema.alterTable('articles').addColumn('lease_until', 'text').execute();
    // The claim reads the due articles in (next_check_at, id) order: SQLite's articles_due ends with the
    // rowid (the id) already; on PostgreSQL a backlog of 100,000 would otherwise be sorted at each claim.
    // It serves every search articles_due did (its first columns), which it replaces there.
    if (dialect === 'postgres') {
      await db.schema.createIndex('articles_claim').on('articles').columns(['active', 'next_check_at', 'id']).execute();
      await db.schema.dropIndex('articles_due').execute();
    }
    // Few rows (those in hand), found by their owner when its leases are renewed or given back.
    await db.schema
      .createIndex('articles_leased')
      .on('articles')
      .column('lease_owner')
      .where('lease_owner', 'is not', null)
      .execute();
  },
};
