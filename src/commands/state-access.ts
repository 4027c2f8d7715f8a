import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { isDatabaseUrl } from '../store/location.ts';
import { hasPendingMigrations } from '../store/pending-migrations.ts';
import { LockBusyError, readHolder, StateLock, type LockHolder } from '../store/state-lock.ts';

/**
 * What a command needs of the state directory. Two locks, so that one process at a time writes and yet
 * an operator can still track an article beside a running `start`:
 * - `cycles`: who runs check cycles. `start` holds it for its life, `check` for its run.
 * - `writes`: who writes now. `start` holds it for each cycle, `check`, `track`, `untrack` and `outbox
 *   retry` for their run, any command while it migrates the database.
 * Readers (list, status, history, diff, render, serve, export) take neither: SQLite's WAL lets them read
 * beside a writer. On PostgreSQL there are no lock files: the server keeps concurrent writers apart, any
 * number of `start` processes share the work as workers (schedule/worker.ts), and migrations take the
 * server's own lock.
 */
export type StateAccess = 'read' | 'write' | 'check' | 'start';

const cyclesLockFile = (stateDir: string) => join(stateDir, 'locks', 'cycles.lock');
const writesLockFile = (stateDir: string) => join(stateDir, 'locks', 'writes.lock');

/** Another process has the state; the message says which and what to do. */
export class StateBusyError extends Error {
  override name = 'StateBusyError';
}

export interface StateClaim {
  /** Told once the store is open: a reader, and `start` between cycles, let go of the write lock. */
  opened(): void;
  release(): void;
}

/** Takes what `access` needs, waiting up to EDITWATCH_LOCK_WAIT_SECONDS for a command that will finish. */
export async function claimState(config: Config['state'], command: string, access: StateAccess): Promise<StateClaim> {
  if (isDatabaseUrl(config.database)) return { opened() {}, release() {} };
  const held: StateLock[] = [];
  const release = () => {
    for (const lock of held.splice(0).reverse()) lock.release();
  };
  const take = async (file: string, giveUpNow: (h: LockHolder | null) => boolean) => {
    try {
      const lock = await StateLock.take(file, command, {
        waitMs: config.lockWaitMs,
        giveUpNow,
        onWait: (h) =>
          console.error(
            `editwatch: waiting up to ${config.lockWaitMs / 1000} s while ${describe(h)} works on ${config.dir} …`,
          ),
      });
      held.push(lock);
      return lock;
    } catch (err) {
      release();
      if (err instanceof LockBusyError) throw new StateBusyError(refusal(err, command, config));
      throw err;
    }
  };
  // `start` never finishes: waiting for it is pointless.
  if (access === 'check' || access === 'start') await take(cyclesLockFile(config.dir), (h) => h?.command === 'start');
  const needsWrites = access !== 'read' || hasPendingMigrations(config.database);
  const writes = needsWrites ? await take(writesLockFile(config.dir), () => false) : null;
  return {
    opened() {
      if (writes && (access === 'read' || access === 'start')) {
        writes.release();
        held.splice(held.indexOf(writes), 1);
      }
    },
    release,
  };
}

/** One cycle of `start` under the write lock; a tick that finds another command writing is skipped. */
export async function cycleUnderLock<T>(
  state: Pick<Config['state'], 'dir' | 'database'>,
  log: Logger,
  run: () => Promise<T>,
): Promise<T | null> {
  if (isDatabaseUrl(state.database)) return run();
  const stateDir = state.dir;
  const lock = StateLock.tryTake(writesLockFile(stateDir), 'start');
  if (!lock) {
    const holder = readHolder(writesLockFile(stateDir));
    log.info({ holder }, `${describe(holder)} is writing the state; tick skipped`);
    return null;
  }
  try {
    return await run();
  } finally {
    lock.release();
  }
}

function refusal(err: LockBusyError, command: string, config: Config['state']): string {
  const who = describe(err.holder);
  if (err.holder?.command === 'start') {
    return command === 'start'
      ? `not starting: ${who} already runs on ${config.dir}; stop it first, or give this one its own EDITWATCH_STATE_DIR`
      : `not checking: ${who} already checks ${config.dir} on its schedule; remove the job that runs "editwatch check" beside it, or stop start first`;
  }
  return `${command}: ${who} is still working on ${config.dir} after ${Math.round(err.waitedMs / 1000)} s; try again when it has finished (EDITWATCH_LOCK_WAIT_SECONDS sets how long to wait)`;
}

/** "editwatch check (pid 4242, since 2026-11-25 08:00:03 UTC)", naming the host when it is another. */
function describe(holder: LockHolder | null): string {
  if (!holder) return 'another editwatch process';
  const host = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return `editwatch ${holder.command} (pid ${holder.pid}${host}, since ${holder.since.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')})`;
}
