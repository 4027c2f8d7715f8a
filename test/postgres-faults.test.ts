import { connect, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { Store } from '../src/store/index.ts';
import { StateFaultError } from '../src/store/state-fault.ts';
import { DATABASES } from './helpers/databases.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';

// A PostgreSQL server that cannot be used, for real (the cluster the global setup starts, and a port with
// nothing on it): one error that names the server without its password and says what to do.

const postgres = DATABASES.find((d) => d.name === 'PostgreSQL')!;
const missing = postgres.missing();

/** `url` with another user, password and database. */
function withParts(url: string, parts: { user?: string; password?: string; database?: string }): string {
  const u = new URL(url);
  if (parts.user) u.username = parts.user;
  if (parts.password) u.password = parts.password;
  if (parts.database) u.pathname = `/${parts.database}`;
  return u.href;
}

/** A loopback port that was free a moment ago: nothing listens there. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('appViewServices')!.postgresUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

describe.skipIf(missing)(`a PostgreSQL database that cannot be used${missing ? ` (${missing})` : ''}`, () => {
  it('nothing listening: "cannot be reached", naming the server without its password', async () => {
    const url = `postgres://editwatch:s3cret@127.0.0.1:${await closedPort()}/editwatch`;
    const err = (await Store.open(url).catch((e: unknown) => e)) as StateFaultError;
    expect(err).toBeInstanceOf(StateFaultError);
    expect(err.message).toMatch(
      /^postgres:\/\/editwatch:\*\*\*@127\.0\.0\.1:\d+\/editwatch: cannot be reached \(ECONNREFUSED\); check that PostgreSQL runs/,
    );
    expect(err.message).not.toContain('s3cret');
  });

  it('no such database, and a user that may not log in: each says so, and what to do', async () => {
    const url = inject('appViewServices')!.postgresUrl;
    await expect(Store.open(withParts(url, { database: 'no_such_database' }))).rejects.toThrow(
      /no_such_database: has no such database \(3D000\); create it \(createdb\)/,
    );
    await admin('drop role if exists editwatch_nologin');
    await admin('create role editwatch_nologin nologin');
    await expect(Store.open(withParts(url, { user: 'editwatch_nologin', password: 'pw' }))).rejects.toThrow(
      /editwatch_nologin:\*\*\*@.*: refused the login \(28000\); check the user and password/,
    );
  });

  it('read-only (as a standby is): a write fails naming the server, and the store reads on', async () => {
    const url = await postgres.create();
    const store = await Store.open(url);
    try {
      await store.articles.track('https://news.example/a', '2026-11-26T08:00:00.000Z', 'test');
      const name = new URL(url).pathname.slice(1);
      await admin(`alter database ${name} set default_transaction_read_only = on`);
      // Settings apply to new sessions: the pool's connections are replaced.
      await store.close();
      const readOnly = await Store.open(url);
      try {
        await expect(
          readOnly.articles.track('https://news.example/b', '2026-11-26T08:00:00.000Z', 'test'),
        ).rejects.toThrow(
          /: is read-only \(a standby, or a read-only session\) \(25006\); point EDITWATCH_DATABASE_URL at the primary/,
        );
        expect((await readOnly.articles.list()).map((a) => a.url)).toEqual(['https://news.example/a']);
      } finally {
        await readOnly.close();
      }
    } finally {
      await store.close().catch(() => {});
    }
  });

  it('a server gone mid-run: the cycle says so in one line, nothing is lost, and the next cycle after it is back goes on', async () => {
    const url = new URL(await postgres.create());
    const proxy = await tcpProxy(Number(url.port));
    url.port = String(proxy.port);
    const state = tempDir();
    const { app, advance } = await testApp(state.path, { EDITWATCH_DATABASE_URL: url.href });
    try {
      await app.store.articles.track('https://news.invalid/a', '2026-11-25T07:00:00.000Z', 'test');
      await proxy.stop();
      advance(60);
      await expect(app.runCycle()).rejects.toThrow(
        new RegExp(
          `^postgres(ql)?://editwatch@127\\.0\\.0\\.1:${proxy.port}/\\w+: cannot be reached \\((ECONNREFUSED|ECONNRESET)\\)`,
        ),
      );
      await proxy.resume();
      const report = await app.runCycle({ force: true });
      expect(report.checked).toBe(1);
      expect((await app.store.articles.list()).map((a) => a.url)).toEqual(['https://news.invalid/a']);
    } finally {
      await app.close();
      await proxy.stop();
      state.remove();
    }
  });
});

/** A TCP proxy on loopback to `port` that can stop (refusing, its connections cut) and resume on the same port. */
async function tcpProxy(port: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let own = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(port, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s)).on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject).listen(own, '127.0.0.1', () => {
        own = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    port: own,
    async stop() {
      for (const s of sockets) s.destroy();
      if (server?.listening) await new Promise((resolve) => server!.close(resolve));
    },
    resume: listen,
  };
}
