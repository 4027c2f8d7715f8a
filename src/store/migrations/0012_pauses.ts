import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
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
