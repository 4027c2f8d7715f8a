import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { CHILD_DIR } from './build-child.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** test/fixtures/publish-child.ts, built before the run. */
const CHILD = resolve(ROOT, CHILD_DIR, 'publish-child.mjs');

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * One check cycle of the real app in a child process (test/fixtures/publish-child.ts), on a state dir
 * that may fetch from 127.0.0.1; with `crashAt` ("<network>:<step>") it is killed with SIGKILL there.
 */
export function cycleInChild(stateDir: string, env: Record<string, string>, crashAt = ''): Promise<ChildRun> {
  const child = spawn(process.execPath, [CHILD], {
    env: {
      PATH: process.env.PATH,
      CRASH_AT: crashAt,
      EDITWATCH_STATE_DIR: stateDir,
      EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      EDITWATCH_HOST_DELAY_MS: '0',
      EDITWATCH_PUBLISH_BACKOFF_MS: '20',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...env,
    },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal, stdout, stderr })));
}
