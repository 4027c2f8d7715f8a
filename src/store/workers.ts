import { sql } from 'kysely';
import type { Db } from './db.ts';

/** A process that runs check cycles, as `editwatch status` shows it. */
export interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  command: string;
  startedAt: string;
  seenAt: string;
  /** Articles it has in hand now. */
  inHand: number;
}

/**
 * The workers on one database, and the leases they hold. An article is leased through its own row
 * (articles.claimDue); a job one worker at a time does (reading feeds or mentions, sending a network's
 * outbox) through a named row here. A lease ends when its holder gives it back, or when it is not renewed
 * in time: a worker killed mid-job gives its work back when its leases run out.
 */
export class Workers {
  constructor(private readonly db: Db) {}

  /** A worker starts; workers not seen since `forgetBefore` (stopped or killed long ago) are forgotten. */
  async register(
    worker: Pick<WorkerRow, 'id' | 'host' | 'pid' | 'command'>,
    now: string,
    forgetBefore: string,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('workers').where('seen_at', '<', forgetBefore).execute();
      await tx
        .insertInto('workers')
        .values({ ...worker, started_at: now, seen_at: now, stopped_at: null })
        .execute();
    });
  }

  /** The worker is alive: it is seen now, and every lease it holds (articles and jobs) lasts until `until`. */
  async renew(id: string, now: string, until: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('workers').set({ seen_at: now }).where('id', '=', id).execute();
      await tx.updateTable('articles').set({ lease_until: until }).where('lease_owner', '=', id).execute();
      await tx.updateTable('leases').set({ until }).where('owner', '=', id).execute();
    });
  }

  /**
   * Takes the job `name` until `until` if no other worker holds it (or its lease ran out); true if
   * `owner` holds it now. One statement, so of two workers asking at once one gets it.
   */
  async take(name: string, owner: string, now: string, until: string): Promise<boolean> {
    const row = await this.db
      .insertInto('leases')
      .values({ name, owner, until })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner, until })
          .where((eb) => eb.or([eb('leases.until', '<=', now), eb('leases.owner', '=', owner)])),
      )
      .returning('owner')
      .executeTakeFirst();
    return row?.owner === owner;
  }

  /**
   * Reserves the next turn to fetch from `host` among all workers: `pauseMs` after the turn before it, or
   * now if that is past. Returns when the turn starts (ms since the epoch). One statement: two workers
   * asking at once get turns a pause apart.
   */
  async hostTurn(host: string, pauseMs: number, nowMs: number): Promise<number> {
    const row = await this.db
      .insertInto('host_turns')
      .values({ host, next_ms: nowMs + pauseMs })
      .onConflict((oc) =>
        oc.column('host').doUpdateSet({
          next_ms: sql<number>`(case when host_turns.next_ms > ${nowMs} then host_turns.next_ms else ${nowMs} end) + ${pauseMs}`,
        }),
      )
      .returning('next_ms')
      .executeTakeFirstOrThrow();
    return Number(row.next_ms) - pauseMs;
  }

  /** Whether `owner` still holds the job `name`. */
  async holds(name: string, owner: string, now: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('leases')
      .select('owner')
      .where('name', '=', name)
      .where('owner', '=', owner)
      .where('until', '>', now)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Gives the job back, if `owner` still holds it. */
  async give(name: string, owner: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
  }

  /** The worker stops: everything in its hand is given back at once, not when its leases run out. */
  async stopped(id: string, now: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('workers').set({ stopped_at: now, seen_at: now }).where('id', '=', id).execute();
      await tx
        .updateTable('articles')
        .set({ lease_owner: null, lease_until: null })
        .where('lease_owner', '=', id)
        .execute();
      await tx.deleteFrom('leases').where('owner', '=', id).execute();
    });
  }

  /**
   * The workers running: not stopped, and seen since `seenSince` (a worker killed stops being seen), each
   * with the articles in its hand.
   */
  async running(seenSince: string): Promise<WorkerRow[]> {
    const rows = await this.db
      .selectFrom('workers')
      .selectAll()
      .where('stopped_at', 'is', null)
      .where('seen_at', '>=', seenSince)
      .orderBy('started_at')
      .execute();
    // Through the partial index articles_leased: only the articles in some worker's hand.
    const held = await this.db
      .selectFrom('articles')
      .select((eb) => ['lease_owner', eb.fn.countAll<number>().as('n')])
      .where('lease_owner', 'is not', null)
      .groupBy('lease_owner')
      .execute();
    const inHand = new Map(held.map((h) => [h.lease_owner, Number(h.n)]));
    return rows.map((r) => ({
      id: r.id,
      host: r.host,
      pid: Number(r.pid),
      command: r.command,
      startedAt: r.started_at,
      seenAt: r.seen_at,
      inHand: inHand.get(r.id) ?? 0,
    }));
  }
}
