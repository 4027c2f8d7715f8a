/**
 * Vitest global setup: the PostgreSQL and Redis that Bluesky's AppView (dev-env's TestNetwork) needs.
 * With DB_POSTGRES_URL and REDIS_HOST set, those are used. Otherwise, where Debian's postgresql and
 * redis-server are installed, a private PostgreSQL cluster and Redis are started on free loopback ports
 * for this run and stopped after it. Where neither is possible the AppView tests skip, except under CI,
 * where they fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, postgresBin, startPostgresCluster } from './postgres-cluster.ts';

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
  const postgres = await startPostgresCluster({ durable: false });
  const redisPort = await freePort();
  const redisServer: ChildProcess = spawn(
    redis,
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  cleanup = () => {
    redisServer.kill('SIGTERM');
    postgres.stop();
  };
  await waitForPort(redisPort);
  project.provide('appViewServices', {
    postgresUrl: postgres.url,
    redisHost: `127.0.0.1:${redisPort}`,
  });
  project.provide('appViewServicesWhyNot', '');
}

export function teardown(): void {
  cleanup?.();
  cleanup = null;
}

function onPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  return null;
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
