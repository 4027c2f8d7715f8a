import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateFaultError, stateFault } from '../store/state-fault.ts';

/**
 * A change's cards, in a folder of their own in the media folder that is complete or absent: the files
 * are written into a temporary folder, renamed into place when all are there, and removed on any failure.
 */

/** Temporary folders start with a dot: the archive serves no such name, and nothing lists them. */
const TEMP_PREFIX = '.tmp-';
/** A temporary folder this old is left from a crash even when its process id has been given to another. */
const STALE_MS = 60 * 60_000;

export function writeCardFolder(mediaDir: string, folder: string, files: { name: string; bytes: Uint8Array }[]): void {
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

/** Removes a change's folder whose version could not be stored. */
export function removeCardFolder(mediaDir: string, folder: string): void {
  removeQuietly(join(mediaDir, folder));
}

/** Removes temporary folders left by a process that died while writing (kill -9, power cut); returns how many. */
export function removeStaleCardFolders(mediaDir: string, now = Date.now()): number {
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
export function removeUnusedCardFolders(mediaDir: string, used: ReadonlySet<string>): number {
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
