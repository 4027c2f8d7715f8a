import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/** What is wrong with the state, each with what an operator can do about it. */
type FaultKind =
  | 'full'
  | 'quota'
  | 'read-only'
  | 'denied'
  | 'cannot-open'
  | 'damaged'
  | 'io'
  | 'unreachable'
  | 'login'
  | 'no-database'
  | 'no-connections'
  | 'standby'
  | 'no-privilege';

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
  unreachable: [
    'cannot be reached',
    'check that PostgreSQL runs and that EDITWATCH_DATABASE_URL names its host and port; nothing stored is lost, and checks that did not finish are made again',
  ],
  login: [
    'refused the login',
    'check the user and password in EDITWATCH_DATABASE_URL, and that pg_hba.conf lets that user connect from here',
  ],
  'no-database': ['has no such database', 'create it (createdb), or correct its name in EDITWATCH_DATABASE_URL'],
  'no-connections': [
    'has no connection to spare',
    "raise PostgreSQL's max_connections, or run fewer editwatch processes against it",
  ],
  standby: ['is read-only (a standby, or a read-only session)', 'point EDITWATCH_DATABASE_URL at the primary server'],
  'no-privilege': [
    'refused the change: the user lacks a privilege',
    'let the user of EDITWATCH_DATABASE_URL own its database (or have CREATE on its schema)',
  ],
};

/**
 * PostgreSQL's SQLSTATE codes (classes by their first two characters) and the network errors of reaching
 * it. A wrong statement (42601 …) or a broken constraint (23505 …) is a bug, never a fault of the server.
 */
const POSTGRES_KINDS: Record<string, FaultKind> = {
  '08': 'unreachable', // connection exception
  '57P01': 'unreachable', // admin shutdown
  '57P02': 'unreachable', // crash shutdown
  '57P03': 'unreachable', // cannot connect now (starting up)
  '28000': 'login',
  '28P01': 'login',
  '3D000': 'no-database',
  '53300': 'no-connections',
  '53100': 'full',
  '53200': 'io', // out of memory
  '58030': 'io',
  '25006': 'standby',
  '42501': 'no-privilege',
  ECONNREFUSED: 'unreachable',
  ECONNRESET: 'unreachable',
  ETIMEDOUT: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EPIPE: 'unreachable',
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
    /** The file or folder that could not be used, or the database server (its URL without a password). */
    readonly path: string,
    /** The underlying code: SQLITE_FULL, ENOSPC, a PostgreSQL SQLSTATE, … */
    readonly code: string,
    options?: { cause?: unknown; kind?: FaultKind },
  ) {
    const { kind, seen } = options?.kind ? { kind: options.kind, seen: undefined } : diagnose(code, path);
    const [what, todo] = ADVICE[kind];
    super(`${path}: ${what} (${seen && seen !== code ? `${code}, ${seen}` : code}); ${todo}`, options);
  }
}

/**
 * The storage fault in `err` or in its causes, as a StateFaultError; null for any other error. `path`
 * names the file when the error does not (SQLite's errors never do; file system errors carry theirs).
 */
export function stateFault(err: unknown, path?: string): StateFaultError | null {
  return faultIn(err, (e, code) => {
    if (SQLITE_KINDS.some(([prefix]) => code.startsWith(prefix)))
      return new StateFaultError(path ?? 'the database', code, { cause: err });
    // Only file system calls: EACCES from a socket or EPERM from process.kill are no fault of the state.
    const { path: own, syscall } = e as { path?: unknown; syscall?: unknown };
    if (code in ERRNO_KINDS && (typeof own === 'string' || FILE_CALLS.has(syscall as string)))
      return new StateFaultError(typeof own === 'string' ? own : (path ?? 'the state directory'), code, { cause: err });
    return null;
  });
}

/** The PostgreSQL server fault in `err` or its causes (named by `server`, the URL without its password); null for any other error. */
export function databaseFault(err: unknown, server: string): StateFaultError | null {
  const fault = faultIn(err, (_, code) => {
    const kind = POSTGRES_KINDS[code] ?? POSTGRES_KINDS[code.slice(0, 2)];
    return kind ? new StateFaultError(server, code, { cause: err, kind }) : null;
  });
  if (fault) return fault;
  // pg's own words when the server goes away mid-query carry no code.
  if (err instanceof Error && /Connection terminated|connection timeout/i.test(err.message))
    return new StateFaultError(server, 'ECONNRESET', { cause: err, kind: 'unreachable' });
  return null;
}

/**
 * The StateFaultError in `err` or its causes, or what `name` makes of the first error with a code it
 * knows; null when there is neither.
 */
function faultIn(err: unknown, name: (e: Error, code: string) => StateFaultError | null): StateFaultError | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof StateFaultError) return e;
    const { code } = e as { code?: unknown };
    if (typeof code !== 'string') continue;
    const fault = name(e, code);
    if (fault) return fault;
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
