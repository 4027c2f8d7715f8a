import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';

/** Mounting needs root (CI and the development machine run tests as root); elsewhere the tests that need it are skipped. */
export const canMount = process.getuid?.() === 0;

/** A small tmpfs of its own at `dir`: a disk that can really fill up or turn read-only. */
export function mountTmpfs(dir: string, size: string): { remount(mode: 'ro' | 'rw'): void; unmount(): void } {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  let mounted = true;
  return {
    remount: (mode) => execFileSync('mount', ['-o', `remount,${mode}`, dir]),
    unmount() {
      if (!mounted) return;
      mounted = false;
      // Lazy: a process a failed test left behind must not keep the mount (its own test kills it).
      execFileSync('umount', ['-l', dir]);
    },
  };
}

/** Writes `file` until the disk is full (ENOSPC), then gives back `leave` bytes. */
export function fillDisk(file: string, leave = 0): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  try {
    for (const size of [chunk.length, 4096, 512, 1]) {
      try {
        for (;;) writeSync(fd, chunk, 0, size);
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOSPC') throw err;
      }
    }
    if (leave) ftruncateSync(fd, Math.max(0, fstatSync(fd).size - leave));
  } finally {
    closeSync(fd);
  }
}
