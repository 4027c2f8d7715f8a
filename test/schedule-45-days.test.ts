import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startScheduler } from '../src/schedule/scheduler.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { BUILT_WORKERS } from './helpers/build-child.ts';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');

let server: TestServer;
let state: ReturnType<typeof tempDir>;
let app: App;
const events = { bEdited: false, cGone: false };

beforeAll(async () => {
  // Only the clock is simulated: timers and Date. Sockets, SQLite and worker threads are real.
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  state = tempDir();
  server = await startServer();
  const page = (path: string, version: number) =>
    server.route(
      path,
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(articlePage(DEMO_VERSIONS[version]!, 1, `${server.origin}${path}`)),
    );
  page('/a', 0);
  server.route(
    '/b',
    (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(articlePage(DEMO_VERSIONS[events.bEdited ? 2 : 0]!, 1, `${server.origin}/b`)),
  );
  server.route('/c', (_req, res) => {
    if (events.cGone) res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    else
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(articlePage(DEMO_VERSIONS[0]!, 1, `${server.origin}/c`));
  });
  const config = loadConfig({
    EDITWATCH_STATE_DIR: state.path,
    EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
    EDITWATCH_HOST_DELAY_MS: '0',
    LOG_LEVEL: 'silent',
  });
  app = await createApp(config, createLogger(config.log), { workerDir: BUILT_WORKERS });
  for (const path of ['/a', '/b', '/c'])
    await app.store.articles.track(`${server.origin}${path}`, new Date().toISOString(), 'test');
});
afterAll(async () => {
  vi.useRealTimers();
  await app?.close();
  await server?.close();
  state?.remove();
});

/** Minutes after T0 of each check of an article. */
async function checkTimes(path: string): Promise<number[]> {
  const row = await app.store.articles.get(`${server.origin}${path}`);
  return (await app.store.checks.of(row!.id)).map((c) => (Date.parse(c.at) - T0) / MIN);
}

/** The gaps between consecutive checks, in minutes, with how often each occurs, in order of appearance. */
function gaps(times: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    const last = runs[runs.length - 1];
    if (last && last[0] === gap) last[1]++;
    else runs.push([gap, 1]);
  }
  return runs;
}

describe('the scheduler over 45 simulated days (node-cron on an accelerated clock)', () => {
  it('checks each article as often as its age asks, comes back after an edit, and retires the quiet and the gone', async () => {
    const scheduler = startScheduler('*/5 * * * *', (signal) => app.runCycle({ signal }), app.log);
    await scheduler.idle();
    for (let now = T0; now < T0 + 45 * D;) {
      await vi.advanceTimersByTimeAsync(5 * MIN);
      now += 5 * MIN;
      await scheduler.idle();
      // Between checks: B is edited 2 days in (half an hour before its hourly check), C is deleted at day 5.
      if (now >= T0 + 2 * D - 30 * MIN) events.bEdited = true;
      if (now >= T0 + 5 * D - 30 * MIN) events.cGone = true;
    }
    await scheduler.stop();
    expect(scheduler.stats.skipped).toBe(0);
    expect(scheduler.stats.cycles).toBe(45 * 24 * 12 + 1);

    // A never changes: every 5 min for 3 h, 15 min to day 1, hourly to day 3, 6-hourly to day 14, daily
    // to day 40, when it has been quiet for 40 days and is retired.
    const a = await checkTimes('/a');
    expect(gaps(a)).toEqual([
      [5, 36],
      [15, 84],
      [60, 48],
      [360, 44],
      [1440, 26],
    ]);
    expect(a).toHaveLength(36 + 84 + 48 + 44 + 27);
    expect(a[a.length - 1]).toBe(40 * 24 * 60);
    expect(await app.store.articles.get(`${server.origin}/a`)).toMatchObject({
      active: 0,
      retired_reason: 'unchanged for 40 days',
    });

    // B: the same until its edit is found at the day-2 check; then every 5 minutes again, and the 40
    // quiet days count from the edit: retired on day 42.
    const b = await checkTimes('/b');
    expect(b.indexOf(2 * 24 * 60)).toBe(36 + 84 + 24);
    expect(gaps(b)).toEqual([
      [5, 36],
      [15, 84],
      [60, 24],
      [5, 36],
      [15, 84],
      [60, 48],
      [360, 44],
      [1440, 26],
    ]);
    expect(b[b.length - 1]).toBe(42 * 24 * 60);
    expect(await app.store.articles.get(`${server.origin}/b`)).toMatchObject({
      active: 0,
      retired_reason: 'unchanged for 40 days',
    });
    const bRow = await app.store.articles.get(`${server.origin}/b`);
    expect(await app.store.versions.all(bRow!.id)).toHaveLength(2);

    // C: gone at its day-5 check, and at the two 6-hourly checks after it: retired with the reason.
    const c = await checkTimes('/c');
    expect(c.slice(-3)).toEqual([5 * 24 * 60, 5 * 24 * 60 + 360, 5 * 24 * 60 + 720]);
    expect(c).toHaveLength(36 + 84 + 48 + 8 + 3);
    expect(await app.store.articles.get(`${server.origin}/c`)).toMatchObject({
      active: 0,
      retired_reason: 'gone: HTTP 404 3 times in a row',
    });

    // Nothing was fetched after retirement: every request for an article is one recorded check.
    for (const [path, times] of [
      ['/a', a],
      ['/b', b],
      ['/c', c],
    ] as const)
      expect(server.requests.filter((r) => r.path === path)).toHaveLength(times.length);
  }, 300_000);
});
