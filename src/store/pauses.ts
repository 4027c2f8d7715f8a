import type { Db } from './db.ts';

/**
 * Waits servers asked for that outlast a cycle: a network's rate limit (`network:mastodon`), a news
 * host's Retry-After (`host:www.example.com`). Kept in the database so that the next cycle, and a
 * restarted process, honour them too.
 */
export interface Pause {
  scope: string;
  resumeAt: string;
  reason: string;
  setAt: string;
}

export const networkScope = (network: string): string => `network:${network}`;
export const hostScope = (host: string): string => `host:${host}`;

/** The pauses kept, by scope. */
export class Pauses {
  constructor(private readonly db: Db) {}

  /** Keeps a pause; a new one for the same scope replaces the old (the server's latest word). */
  async set(pause: Pause): Promise<void> {
    const values = { resume_at: pause.resumeAt, reason: pause.reason, set_at: pause.setAt };
    await this.db
      .insertInto('pauses')
      .values({ scope: pause.scope, ...values })
      .onConflict((oc) => oc.column('scope').doUpdateSet(values))
      .execute();
  }

  /** The pause on `scope` still running at `now`, or null. */
  async active(scope: string, now: string): Promise<Pause | null> {
    const row = await this.db
      .selectFrom('pauses')
      .selectAll()
      .where('scope', '=', scope)
      .where('resume_at', '>', now)
      .executeTakeFirst();
    return row ? toPause(row) : null;
  }

  /** The pauses still running at `now` (of scopes starting with `prefix`), the soonest to end first. */
  async running(now: string, prefix = ''): Promise<Pause[]> {
    let q = this.db.selectFrom('pauses').selectAll().where('resume_at', '>', now);
    if (prefix) q = q.where((eb) => eb(eb.fn('substr', ['scope', eb.val(1), eb.val(prefix.length)]), '=', prefix));
    const rows = await q.orderBy('resume_at').orderBy('scope').execute();
    return rows.map(toPause);
  }

  /** Forgets the pauses that are over by `now`; returns them, for the log. */
  async clearEnded(now: string): Promise<Pause[]> {
    const rows = await this.db.deleteFrom('pauses').where('resume_at', '<=', now).returningAll().execute();
    return rows.map(toPause);
  }
}

function toPause(row: { scope: string; resume_at: string; reason: string; set_at: string }): Pause {
  return { scope: row.scope, resumeAt: row.resume_at, reason: row.reason, setAt: row.set_at };
}
