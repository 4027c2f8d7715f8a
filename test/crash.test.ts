import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { Store } from '../src/store/index.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

const BIN = resolve(import.meta.dirname, '../bin/editwatch.js');

let server: TestServer;
let state: ReturnType<typeof tempDir>;
let holdSlow = true;
let slowArrived: () => void;
const slowRequested = new Promise<void>((r) => (slowArrived = r));

beforeAll(async () => {
  state = tempDir();
  server = await startServer();
  server.route(
    '/first',
    (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(DEMO_VERSIONS[0]!, 1, 'x')),
  );
  server.route('/slow', (_req, res) => {
    if (holdSlow) {
      slowArrived(); // and never answer: the process is killed while waiting
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(DEMO_VERSIONS[2]!, 1, 'y'));
  });
});
afterAll(async () => {
  await server.close();
  state.remove();
});

function check() {
  return spawn(process.execPath, [BIN, 'check', '--force'], {
    env: {
      PATH: process.env.PATH,
      EDITWATCH_STATE_DIR: state.path,
      EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      EDITWATCH_HOST_DELAY_MS: '0',
      EDITWATCH_FETCH_TIMEOUT_MS: '60000',
      LOG_LEVEL: 'silent',
    },
    cwd: state.path,
    stdio: 'ignore',
  });
}

describe('a crash in the middle of a cycle', () => {
  it('loses nothing: finished articles keep their versions, the next cycle does the rest once', async () => {
    const store = await Store.open(join(state.path, 'editwatch.sqlite'));
    await store.articles.track(`${server.origin}/first`, '2026-11-25T08:00:00.000Z', 'test');
    await store.articles.track(`${server.origin}/slow`, '2026-11-25T08:00:01.000Z', 'test');
    await store.close();

    const child = check();
    await slowRequested;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const db = new SQLite(join(state.path, 'editwatch.sqlite'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const versions = () =>
      db
        .prepare(
          'select a.url, count(v.id) as n from articles a left join versions v on v.article_id = a.id group by a.id order by a.id',
        )
        .all() as { url: string; n: number }[];
    expect(versions().map((r) => r.n)).toEqual([1, 0]);

    holdSlow = false;
    const again = check();
    const code = await new Promise((r) => again.once('exit', r));
    expect(code).toBe(0);
    expect(versions().map((r) => r.n)).toEqual([1, 1]);
    db.close();
  });
});
