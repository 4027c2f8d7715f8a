import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/** What is wrong with the state, each with what an operator can do about it. */
type FaultKind = 'full' | 'quota' | 'read-only' | 'denied' | 'cannot-open' | 'damaged' | 'io';

const ADVICE: Record<FaultKind, [what: string, todo: string]> = {
  full: [
    'the disk is full',
    'free some space, then run again: nothing stored is lost, and checks that did not finish are made again',
  ],
  quota: [
    "the user's disk quota is used up",
    'free some space or raise the quota, then run again: nothing stored is lost',
  ],
  'read-only': [
    'cannot be written, the file system or the file is read-only',
    'make the state directory (EDITWATCH_STATE_DIR) writable by the user editwatch runs as',
  ],
  denied: [
    'permission denied',
    'give the user editwatch runs as read and write access to the state directory (EDITWATCH_STATE_DIR)',
  ],
  'cannot-open': [
    'cannot be opened',
    'check that the state directory (EDITWATCH_STATE_DIR) exists and that the user editwatch runs as may write in it',
  ],
  damaged: ['not an editwatch database, or damaged', 'restore it from a backup, or move it away to start afresh'],
  io: ['the disk or file system failed to read or write', 'check the disk (dmesg), then run again'],
};

/** better-sqlite3's extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED …) start with the primary one. */
const SQLITE_KINDS: [prefix: string, kind: FaultKind][] = [
  ['SQLITE_FULL', 'full'],
  ['SQLITE_IOERR', 'io'],
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_CORRUPT', 'damaged'],
  ['SQLITE_NOTADB', 'damaged'],
  ['SQLITE_CANTOPEN', 'cannot-open'],
];

const ERRNO_KINDS: Record<string, FaultKind> = {
  ENOSPC: 'full',
  EDQUOT: 'quota',
  EROFS: 'read-only',
  EACCES: 'denied',
  EPERM: 'denied',
  EIO: 'io',
};

/** Calls on an open file, whose errors name no path (writeFileSync's ENOSPC comes from its write). */
const FILE_CALLS = new Set(['write', 'read', 'fsync', 'fdatasync', 'ftruncate', 'close']);

/**
 * The state directory cannot be used: the disk is full, it is read-only, the database is damaged. Not the
 * fault of any one article or post, so it is reported once, as one line naming the file and what to do.
 */
export class StateFaultError extends Error {
  override name = 'StateFaultError';
  constructor(
    /** The file or folder that could not be used. */
    readonly path: string,
    /** The underlying code: SQLITE_FULL, ENOSPC, … */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    const { kind, seen } = diagnose(code, path);
    const [what, todo] = ADVICE[kind];
    super(`${path}: ${what} (${seen && seen !== code ? `${code}, ${seen}` : code}); ${todo}`, options);
  }
}

/**
 * The storage fault in `err` or in its causes, as a StateFaultError; null for any other error. `path`
 * names the file when the error does not (SQLite's errors never do; file system errors carry theirs).
 */
export function stateFault(err: unknown, path?: string): StateFaultError | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof StateFaultError) return e;
    const { code, path: own, syscall } = e as { code?: unknown; path?: unknown; syscall?: unknown };
    if (typeof code !== 'string') continue;
    if (SQLITE_KINDS.some(([prefix]) => code.startsWith(prefix)))
      return new StateFaultError(path ?? 'the database', code, { cause: err });
    // Only file system calls: EACCES from a socket or EPERM from process.kill are no fault of the state.
    if (code in ERRNO_KINDS && (typeof own === 'string' || FILE_CALLS.has(syscall as string)))
      return new StateFaultError(typeof own === 'string' ? own : (path ?? 'the state directory'), code, { cause: err });
  }
  return null;
}

/**
 * What is wrong, told apart where SQLite's code is vague: a read-only mount shows as SQLITE_CANTOPEN, a
 * full disk as SQLITE_IOERR. `seen`: the code the folder itself gives when probed.
 */
function diagnose(code: string, path: string): { kind: FaultKind; seen?: string } {
  const kind = ERRNO_KINDS[code] ?? SQLITE_KINDS.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 'io';
  if (kind !== 'io' && kind !== 'cannot-open' && kind !== 'read-only') return { kind };
  const dir = dirname(path);
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const seen = (err as { code?: string }).code ?? '';
    if (seen === 'EROFS') return { kind: 'read-only', seen };
    if (seen === 'EACCES' || seen === 'EPERM') return { kind: 'denied', seen };
  }
  try {
    if (kind === 'io' && statfsSync(dir).bavail === 0) return { kind: 'full', seen: 'no space left' };
  } catch {
    // the folder cannot even be looked at: the I/O error stands
  }
  return { kind };
}
