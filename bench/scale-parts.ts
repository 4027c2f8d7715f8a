// What the scale benchmark's two parts share: editwatch workers as processes, and SQL on the cluster.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import type { PostgresCluster } from '../test/helpers/postgres-cluster.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin/editwatch.js');
export const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
export const f = (n: number, digits = 0) => n.toFixed(digits);
export const row = (what: string, ...values: string[]) =>
  console.log(`  ${what.padEnd(34)} ${values.map((v) => v.padEnd(17)).join(' ')}`);

/** One statement on its own connection. */
export async function sql<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the cluster. */
export const databaseUrl = (cluster: PostgresCluster, name: string) => cluster.url.replace(/\/postgres$/, `/${name}`);

/** `editwatch start` as a worker; resolves its exit. */
export function startWorker(runEnv: Record<string, string>, stateDir: string) {
  mkdirSync(stateDir, { recursive: true });
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: stateDir,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...runEnv, EDITWATCH_STATE_DIR: stateDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (!line.startsWith('{')) return void console.error(`  [worker ${child.pid}] ${line}`);
    lines.push(line);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, exited, lines };
}

export async function stopAll(workers: { child: ChildProcess; exited: Promise<void> }[]): Promise<void> {
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}
