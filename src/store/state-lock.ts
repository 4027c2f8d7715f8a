import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { stateFault } from './state-fault.ts';

/** Who holds a lock: enough for a person to find the process. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The editwatch command, e.g. "check". */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** A lock held by another process; `holder` is null when it could not be told who. */
export class LockBusyError extends Error {
  override name = 'LockBusyError';
  constructor(
    readonly file: string,
    readonly holder: LockHolder | null,
    readonly waitedMs: number,
  ) {
    super(`${file} is held by ${holder ? `pid ${holder.pid} (${holder.command})` : 'another process'}`);
  }
}

/**
 * A lock that dies with its process: an open write transaction (BEGIN IMMEDIATE) on a SQLite file of its
 * own. SQLite holds it with an OS advisory lock (fcntl), which the kernel drops when the process ends,
 * however it ends (SIGKILL, OOM, power cut), so there is no stale lock to detect and no pid reuse to guess
 * about. Nothing is written to that file, and the database is a different file, so its readers never wait.
 * Who holds the lock is written beside it (`<file>.json`), for messages only.
 */
export class StateLock {
  private constructor(
    private readonly db: SQLite.Database,
    private readonly file: string,
    readonly holder: LockHolder,
  ) {}

  /** Takes the lock at once, or returns null when another process (or connection) holds it. */
  static tryTake(file: string, command: string): StateLock | null {
    let db: SQLite.Database | undefined;
    try {
      mkdirSync(dirname(file), { recursive: true });
      db = new SQLite(file, { timeout: 0 });
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      db?.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return null;
      // A read-only or damaged state directory shows here first: named, with what to do.
      throw stateFault(err, file) ?? err;
    }
    const holder: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
    // Only a holder writes this file, so no other process writes it at the same time.
    const tmp = `${infoFile(file)}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(holder)}\n`);
      renameSync(tmp, infoFile(file));
    } catch {
      // The note is for messages only: a full disk must not keep the lock from working (nor leave a file).
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing was written
      }
    }
    return new StateLock(db, file, holder);
  }

  /** Waits up to `waitMs` for the lock, polling; `giveUpNow` ends the wait early (a holder that never finishes). */
  static async take(
    file: string,
    command: string,
    options: {
      waitMs: number;
      pollMs?: number;
      giveUpNow?: (holder: LockHolder | null) => boolean;
      onWait?: (holder: LockHolder | null) => void;
    },
  ): Promise<StateLock> {
    const started = Date.now();
    let told = false;
    for (;;) {
      const lock = StateLock.tryTake(file, command);
      if (lock) return lock;
      const holder = readHolder(file);
      const waited = Date.now() - started;
      if (waited >= options.waitMs || options.giveUpNow?.(holder)) throw new LockBusyError(file, holder, waited);
      // The holder writes who it is just after it takes the lock: a moment's wait lets the message name it.
      if (!told && (holder !== null || waited >= NAMING_WAIT_MS)) {
        options.onWait?.(holder);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 200, options.waitMs - waited)));
    }
  }

  get held(): boolean {
    return this.db.open;
  }

  release(): void {
    if (!this.db.open) return;
    // The note goes first, while the lock still keeps any other holder from writing its own.
    if (readHolder(this.file)?.since === this.holder.since) rmSync(infoFile(this.file), { force: true });
    this.db.exec('ROLLBACK');
    this.db.close();
  }
}

const infoFile = (file: string) => `${file}.json`;

/** How long a waiter looks for the holder's note before saying it waits for a process it cannot name. */
const NAMING_WAIT_MS = 1_000;

/** Who holds the lock, as its holder wrote it; null when unknown or when that process is gone (a note left by a kill). */
export function readHolder(file: string): LockHolder | null {
  let holder: LockHolder;
  try {
    holder = JSON.parse(readFileSync(infoFile(file), 'utf8')) as LockHolder;
  } catch {
    return null;
  }
  return holder.host !== hostname() || alive(holder.pid) ? holder : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}
