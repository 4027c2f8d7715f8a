import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/editwatch.js');

export interface CliProcess {
  child: ChildProcess;
  pid: number;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once the output so far satisfies `test`; rejects if the process ends first. */
  until(test: (out: { stdout: string; stderr: string }) => boolean): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

const running = new Set<ChildProcess>();

/** Kills what a failed or timed-out test left running, so no `start` outlives its test. */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** `editwatch <args>` in its own process, on a state dir, allowed to fetch from 127.0.0.1. */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env.PATH,
      NO_COLOR: '1',
      EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      EDITWATCH_HOST_DELAY_MS: '0',
      LOG_LEVEL: 'silent',
      ...env,
    },
    cwd: env.EDITWATCH_STATE_DIR, // no .env from the checkout
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const out = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  const seen = () => {
    for (const w of waiters) w();
  };
  child.stdout.on('data', (d: Buffer) => {
    out.stdout += d.toString();
    seen();
  });
  child.stderr.on('data', (d: Buffer) => {
    out.stderr += d.toString();
    seen();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (done) => child.once('close', (code, signal) => done({ code, signal, ...out })),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
    seen();
  });
  return {
    child,
    pid: child.pid!,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    until: (test) =>
      new Promise<void>((resolveWait, reject) => {
        const check = () => {
          if (test(out)) {
            waiters.delete(check);
            resolveWait();
          } else if (ended) {
            waiters.delete(check);
            reject(
              new Error(`editwatch ${args.join(' ')} ended before the expected output:\n${out.stdout}\n${out.stderr}`),
            );
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

/** Runs `editwatch <args>` to its end. */
export function runCli(args: string[], env: Record<string, string>) {
  return startCli(args, env).exited;
}
