/**
 * Vitest global setup: the PostgreSQL and Redis that Bluesky's AppView (dev-env's TestNetwork) needs.
 * With DB_POSTGRES_URL and REDIS_HOST set, those are used. Otherwise, where Debian's postgresql and
 * redis-server are installed, a private PostgreSQL cluster and Redis are started on free loopback ports
 * for this run and stopped after it. Where neither is possible the AppView tests skip, except under CI,
 * where they fail.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface AppViewServices {
  postgresUrl: string;
  redisHost: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    appViewServices: AppViewServices | null;
    appViewServicesWhyNot: string;
  }
}

let cleanup: (() => void) | null = null;

export async function setup(project: TestProject): Promise<void> {
  const { DB_POSTGRES_URL: postgresUrl, REDIS_HOST: redisHost } = process.env;
  if (postgresUrl && redisHost) {
    project.provide('appViewServices', { postgresUrl, redisHost });
    project.provide('appViewServicesWhyNot', '');
    return;
  }
  const bin = postgresBin();
  const redis = onPath('redis-server');
  if (!bin || !redis) {
    project.provide('appViewServices', null);
    project.provide(
      'appViewServicesWhyNot',
      `${bin ? '' : 'PostgreSQL (initdb) '}${!bin && !redis ? 'and ' : ''}${redis ? '' : 'redis-server '}not installed: apt-get install postgresql redis-server, or set DB_POSTGRES_URL and REDIS_HOST`,
    );
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'editwatch-pg-'));
  // PostgreSQL refuses to run as root: then the cluster belongs to Debian's postgres user.
  const asRoot = userInfo().uid === 0;
  if (asRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  const [pgPort, redisPort] = [await freePort(), await freePort()];
  run(join(bin, 'initdb'), ['-D', data, '-U', 'editwatch', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    'start',
  ]);
  const redisServer: ChildProcess = spawn(
    redis,
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  cleanup = () => {
    redisServer.kill('SIGTERM');
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  await waitForPort(redisPort);
  project.provide('appViewServices', {
    postgresUrl: `postgresql://editwatch@127.0.0.1:${pgPort}/postgres`,
    redisHost: `127.0.0.1:${redisPort}`,
  });
  project.provide('appViewServicesWhyNot', '');
}

export function teardown(): void {
  cleanup?.();
  cleanup = null;
}

/** The newest installed PostgreSQL's bin folder (Debian keeps them under /usr/lib/postgresql/N/bin). */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

function onPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  return null;
}

const uidOf = (user: string) => Number(execFileSync('id', ['-u', user]).toString().trim());
const gidOf = (user: string) => Number(execFileSync('id', ['-g', user]).toString().trim());

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const done = (open: boolean) => {
        socket.destroy();
        resolve(open);
      };
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`redis-server did not start on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
