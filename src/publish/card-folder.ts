import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardFile, CardMedia, Store } from '../store/index.ts';
import { StateFaultError, stateFault } from '../store/state-fault.ts';

/**
 * The cards of a state: in the database on PostgreSQL (every worker and `serve` read the same), in the
 * media folder beside a SQLite state.
 */
export function cardMediaOf(store: Store, mediaDir: string): CardMedia {
  return store.dialect === 'postgres' ? store.media : new CardFolders(mediaDir, store);
}

/** Cards as files, one folder a change, in the state's media folder. */
export class CardFolders implements CardMedia {
  constructor(
    readonly where: string,
    private readonly store: Store,
  ) {}

  put(folder: string, files: CardFile[]): Promise<void> {
    writeCardFolder(this.where, folder, files);
    return Promise.resolve();
  }

  async read(folder: string, file: string): Promise<Buffer | null> {
    return readFile(join(this.where, folder, file)).catch((err: unknown) => {
      if ((err as { code?: string }).code === 'ENOENT') return null;
      throw stateFault(err, join(this.where, folder, file)) ?? err;
    });
  }

  remove(folder: string): Promise<void> {
    removeQuietly(join(this.where, folder));
    return Promise.resolve();
  }

  sweepUnfinished(): Promise<number> {
    return Promise.resolve(removeStaleCardFolders(this.where));
  }

  async sweepUnused(): Promise<number> {
    return removeUnusedCardFolders(this.where, await this.store.outbox.mediaFolders());
  }
}

/**
 * A change's cards, in a folder of their own in the media folder that is complete or absent: the files
 * are written into a temporary folder, renamed into place when all are there, and removed on any failure.
 */

/** Temporary folders start with a dot: the archive serves no such name, and nothing lists them. */
const TEMP_PREFIX = '.tmp-';
/** A temporary folder this old is left from a crash even when its process id has been given to another. */
const STALE_MS = 60 * 60_000;

function writeCardFolder(mediaDir: string, folder: string, files: CardFile[]): void {
  const dir = join(mediaDir, folder);
  const temp = join(mediaDir, `${TEMP_PREFIX}${folder}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(temp, { recursive: true });
    for (const file of files) writeFileSync(join(temp, file.name), file.bytes);
    try {
      renameSync(temp, dir);
    } catch (err) {
      if (!['ENOTEMPTY', 'EEXIST'].includes((err as { code?: string }).code ?? '')) throw err;
      // Only a try that was never stored can have left this name (the version number in it is not taken yet).
      rmSync(dir, { recursive: true, force: true });
      renameSync(temp, dir);
    }
  } catch (err) {
    removeQuietly(temp);
    const fault = stateFault(err);
    // Named by the folder the cards were for: the temporary one is gone.
    throw fault ? new StateFaultError(dir, fault.code, { cause: err }) : err;
  }
}

/** Removes temporary folders left by a process that died while writing (kill -9, power cut); returns how many. */
function removeStaleCardFolders(mediaDir: string, now = Date.now()): number {
  let names: string[];
  try {
    names = readdirSync(mediaDir).filter((name) => name.startsWith(TEMP_PREFIX));
  } catch {
    return 0; // no media folder yet, or one that cannot be read: the checks will say so
  }
  let removed = 0;
  for (const name of names) {
    const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
    const path = join(mediaDir, name);
    // This process's own are in hand; another live process's may be, unless they are old.
    if (pid === process.pid || (alive(pid) && now - mtimeMs(path) < STALE_MS)) continue;
    if (removeQuietly(path)) removed++;
  }
  return removed;
}

/** A change's folder: `<time>-a<article>-v<version>` (changeStem). */
const CHANGE_FOLDER = /^\d{8}T\d{6}Z-a\d+-v\d+$/;

/**
 * Removes change folders no stored post uses: a process killed after renaming a change's folder into place
 * but before its version was committed leaves one. Only for the one process that writes the state (the
 * state lock), so no folder in hand elsewhere can be taken for one; returns how many.
 */
function removeUnusedCardFolders(mediaDir: string, used: ReadonlySet<string>): number {
  let names: string[];
  try {
    names = readdirSync(mediaDir).filter((name) => CHANGE_FOLDER.test(name) && !used.has(name));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) if (removeQuietly(join(mediaDir, name))) removed++;
  return removed;
}

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Cleaning up after a failure must not hide the failure: a folder that cannot be removed is left. */
function removeQuietly(path: string): boolean {
  try {
    rmSync(path, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}
