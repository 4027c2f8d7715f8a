import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';

/**
 * What a cycle needs of the process running it, so that several processes can share one database:
 * who it is (the owner of the articles it claims), how long a claim lasts, and a way to do a job that
 * one worker at a time may do (read feeds, read mentions, send a network's outbox).
 */
export interface WorkerHand {
  readonly id: string;
  /** A lease taken now lasts until then (ISO), unless renewed. */
  leaseUntil(): string;
  /** Does the job `name` if no other worker is doing it (and gives it back after); false if another is. */
  exclusive(name: string, work: () => Promise<void>): Promise<boolean>;
}

export interface WorkerOptions {
  store: Store;
  log: Logger;
  /** The editwatch command: start or check. */
  command: string;
  /** How long a lease lasts unless renewed: how long a killed worker's articles and jobs wait. */
  leaseMs: number;
  now?: () => Date;
}

/**
 * This process as one of the workers on the database (store/workers.ts): registered when it starts,
 * renewing its leases a few times a lease, and giving everything back when it stops. A worker that is
 * killed is not renewed: its articles and jobs are free again once its leases run out.
 */
export class Worker implements WorkerHand {
  readonly id = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> = Promise.resolve();
  private readonly now: () => Date;

  constructor(private readonly options: WorkerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  leaseUntil(): string {
    return new Date(this.now().getTime() + this.options.leaseMs).toISOString();
  }

  async start(): Promise<void> {
    const { store, command } = this.options;
    const dayAgo = new Date(this.now().getTime() - 86_400_000).toISOString();
    await store.workers.register({ id: this.id, host: hostname(), pid: process.pid, command }, this.stamp(), dayAgo);
    // Three renewals a lease: one lost to a slow moment still leaves two before the lease runs out.
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.options.leaseMs / 3)));
    this.timer.unref();
  }

  async exclusive(name: string, work: () => Promise<void>): Promise<boolean> {
    const { store } = this.options;
    // On SQLite one process runs cycles (the cycles lock): a job lease there could only be a killed one's.
    if (store.dialect === 'sqlite') return work().then(() => true);
    if (!(await store.workers.take(name, this.id, this.stamp(), this.leaseUntil()))) return false;
    try {
      await work();
      return true;
    } finally {
      await store.workers.give(name, this.id).catch((err: unknown) => {
        // Not given back: it runs out by itself.
        this.options.log.warn({ job: name, err: (err as Error).message }, 'could not give a job back');
      });
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.renewing;
    await this.options.store.workers.stopped(this.id, this.stamp());
  }

  private renew(): Promise<void> {
    this.renewing = this.options.store.workers.renew(this.id, this.stamp(), this.leaseUntil()).catch((err: unknown) => {
      // The database unreachable for a moment: the next renewal tries again; past the lease, others take over.
      this.options.log.warn({ err: (err as Error).message }, 'could not renew this worker’s leases');
    });
    return this.renewing;
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

/**
 * A hand for a cycle run outside any worker (tests, one-off tools): its claims last an hour and it does
 * every job itself, as the only process on the state.
 */
export function soleHand(now: () => Date = () => new Date()): WorkerHand {
  return {
    id: `sole-${randomUUID()}`,
    leaseUntil: () => new Date(now().getTime() + 3_600_000).toISOString(),
    exclusive: (_name, work) => work().then(() => true),
  };
}
