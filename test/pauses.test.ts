import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { killLeftovers, runCli } from './helpers/cli-process.ts';
import { LocalBluesky } from './helpers/bluesky-network.ts';
import { startEditedArticle } from './helpers/edited-article.ts';
import { startFaultyProxy } from './helpers/faulty-proxy.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { startMastodonServer, type MastodonServer } from './helpers/mastodon-server.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';

// Some tests start editwatch processes; on a loaded two-core machine one can take seconds.
vi.setConfig({ testTimeout: 120_000 });

const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

let state: ReturnType<typeof tempDir>;
beforeEach(() => {
  state = tempDir();
});
afterEach(() => {
  killLeftovers();
  state.remove();
});

describe('a network that asks for a long wait', () => {
  let mastodon: MastodonServer;
  let article: Awaited<ReturnType<typeof startEditedArticle>>;
  beforeEach(async () => {
    mastodon = await startMastodonServer();
    article = await startEditedArticle();
  });
  afterEach(async () => {
    await mastodon.close();
    await article.close();
  });
  const env = () => ({
    MASTODON_URL: mastodon.url,
    MASTODON_TOKEN: mastodon.token,
    EDITWATCH_PUBLISH_BACKOFF_MS: '20',
  });

  it('Mastodon: a Retry-After of 2 hours is kept; no cycle, process or restart calls it before then', async () => {
    const t = await testApp(state.path, env());
    // The real time, so that a CLI process (on the real clock) sees the same pause.
    t.clock.now = Date.now();
    await t.app.store.articles.track(article.url, iso(t.clock.now), 'test');
    expect((await t.app.runCycle({ force: true })).results[0]!.result.outcome).toBe('first-version');
    mastodon.fail({ kind: 'rate-limit', times: 1, retryAfterSeconds: 7200, path: /^\/api\/v2\/media$/ });
    article.edit();
    t.advance(30);
    const limited = await t.app.runCycle({ force: true });
    const until = iso(t.clock.now + 2 * HOUR);
    expect(limited.publish).toEqual({
      posted: 0,
      failed: 0,
      pending: 1,
      halted: [
        {
          network: 'mastodon',
          reason: expect.stringMatching(/upload image 1 of \d: HTTP 429.*asks to wait 7200 s/) as string,
          until,
        },
      ],
    });
    expect(await t.app.store.pauses.running(iso(t.clock.now))).toMatchObject([
      { scope: 'network:mastodon', resumeAt: until },
    ]);
    const calls = mastodon.requests.length;

    // The next cycle neither reads mentions nor posts there; the post stays queued.
    t.advance(30);
    const paused = await t.app.runCycle();
    expect(paused.publish).toMatchObject({ posted: 0, pending: 1, halted: [{ network: 'mastodon', until }] });
    expect(mastodon.requests.length).toBe(calls);
    await t.app.close();

    // A new process on the same state: the same.
    const check = await runCli(['check'], { EDITWATCH_STATE_DIR: state.path, ...env() });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('posts: 0 sent, 0 failed, 1 waiting');
    expect(mastodon.requests.length).toBe(calls);
    const status = await runCli(['status'], { EDITWATCH_STATE_DIR: state.path, ...env() });
    expect(status.stdout).toMatch(
      new RegExp(
        `paused:\\n {2}network mastodon until ${until} \\(\\d+ h( \\d+ min)? from now\\): upload image 1 of \\d: HTTP 429`,
      ),
    );

    // After a restart, a minute before the pause ends: still nothing; a minute after: the post goes out.
    const restarted = await testApp(state.path, env());
    restarted.clock.now = Date.parse(until) - 60_000;
    expect((await restarted.app.runCycle()).publish).toMatchObject({ posted: 0, pending: 1 });
    expect(mastodon.requests.length).toBe(calls);
    restarted.clock.now = Date.parse(until) + 60_000;
    expect((await restarted.app.runCycle()).publish).toEqual({ posted: 1, failed: 0, pending: 0, halted: [] });
    expect(mastodon.statuses).toHaveLength(1);
    expect(await restarted.app.store.pauses.running(iso(0))).toEqual([]);
    expect(mastodon.violations).toEqual([]);
    await restarted.app.close();
  });

  it('Mastodon: a rate limit met while reading mentions pauses posting as well', async () => {
    const t = await testApp(state.path, env());
    await t.app.store.articles.track(article.url, iso(t.clock.now), 'test');
    await t.app.runCycle({ force: true });
    article.edit();
    t.advance(30);
    // X-RateLimit-Reset 3 hours ahead, no Retry-After.
    mastodon.fail({ kind: 'rate-limit', times: 1, resetInSeconds: 3 * 3600, path: /^\/api\/v1\/notifications$/ });
    const calls = () => mastodon.requests.filter((r) => !r.path.startsWith('/api/v1/notifications')).length;
    const before = calls();
    const report = await t.app.runCycle({ force: true });
    expect(report.publish).toMatchObject({
      posted: 0,
      pending: 1,
      halted: [{ network: 'mastodon', reason: expect.stringMatching(/read mentions: HTTP 429/) as string }],
    });
    expect(calls()).toBe(before);
    const [pause] = await t.app.store.pauses.running(iso(t.clock.now));
    // Measured against the server's clock (the real one); the app's clock only adds it.
    expect(Date.parse(pause!.resumeAt) - t.clock.now).toBeGreaterThan(3 * HOUR - 60_000);
    expect(Date.parse(pause!.resumeAt) - t.clock.now).toBeLessThanOrEqual(3 * HOUR);
    const reads = mastodon.requests.length;
    t.advance(60);
    await t.app.runCycle();
    expect(mastodon.requests.length).toBe(reads);
    await t.app.close();
  });
});

describe('Bluesky asking for a long wait', () => {
  let bluesky: LocalBluesky;
  beforeAll(async () => {
    bluesky = await LocalBluesky.pdsOnly();
  });
  afterAll(() => bluesky.close());

  it('a rate-limit reset 2 hours ahead is kept across cycles and a restart', async () => {
    const article = await startEditedArticle();
    const bot = await bluesky.createAccount('editwatchpause');
    const proxy = await startFaultyProxy(bluesky.pdsUrl);
    await bluesky.setPdsEndpoint(bot.did, proxy.url);
    const env = {
      BSKY_SERVICE: proxy.url,
      BSKY_HANDLE: bot.handle,
      BSKY_APP_PASSWORD: bot.appPassword,
      EDITWATCH_PUBLISH_BACKOFF_MS: '20',
      EDITWATCH_MENTIONS: 'false',
    };
    try {
      const t = await testApp(state.path, env);
      await t.app.store.articles.track(article.url, iso(t.clock.now), 'test');
      await t.app.runCycle({ force: true });
      proxy.fail({ kind: 'rate-limit', times: 1, resetInSeconds: 2 * 3600, path: /createRecord$/ });
      article.edit();
      t.advance(30);
      const limited = await t.app.runCycle({ force: true });
      expect(limited.publish).toMatchObject({
        posted: 0,
        pending: 1,
        halted: [{ network: 'bluesky', reason: expect.stringMatching(/create post record: HTTP 429/) as string }],
      });
      const until = limited.publish.halted[0]!.until!;
      expect(Date.parse(until) - t.clock.now).toBeGreaterThan(2 * HOUR - 60_000);
      const calls = proxy.requests.length;
      t.advance(60);
      expect((await t.app.runCycle()).publish).toMatchObject({
        posted: 0,
        pending: 1,
        halted: [{ network: 'bluesky', until }],
      });
      await t.app.close();

      const restarted = await testApp(state.path, env);
      restarted.clock.now = Date.parse(until) - 60_000;
      expect((await restarted.app.runCycle()).publish).toMatchObject({ posted: 0, pending: 1 });
      expect(proxy.requests.length).toBe(calls);
      restarted.clock.now = Date.parse(until) + 60_000;
      expect((await restarted.app.runCycle()).publish).toEqual({ posted: 1, failed: 0, pending: 0, halted: [] });
      await restarted.app.close();
    } finally {
      await proxy.close();
      await article.close();
    }
  });
});

describe('a news host that asks for a pause', () => {
  let busy: TestServer;
  let other: TestServer;
  let hostile: TestServer;
  let limitedOnce = true;
  const page = (server: TestServer, path: string) => (_req: unknown, res: ServerResponse) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(articlePage(DEMO_VERSIONS[0]!, 1, `${server.origin}${path}`));
  };
  beforeAll(async () => {
    busy = await startServer();
    other = await startServer();
    hostile = await startServer();
    busy.route('/a', (req, res) => {
      if (!limitedOnce) return page(busy, '/a')(req, res);
      limitedOnce = false;
      res.writeHead(429, { 'retry-after': '7200', 'content-type': 'text/plain' }).end('slow down');
    });
    busy.route('/b', page(busy, '/b'));
    busy.route(
      '/feed.xml',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Busy</title><link>https://busy.example/</link><description>News</description></channel></rss>',
          ),
    );
    busy.route('/c', page(busy, '/c'));
    other.route('/x', page(other, '/x'));
    // Thirty years: capped at a day.
    hostile.route(
      '/far',
      (_req, res) => void res.writeHead(503, { 'retry-after': String(30 * 365 * 24 * 3600) }).end(),
    );
  });
  afterAll(async () => {
    await Promise.all([busy.close(), other.close(), hostile.close()]);
  });

  it("429 with Retry-After: the host's other articles and its feed are not fetched until then, across cycles and a restart; a wait past a day is cut to a day", async () => {
    const feeds = () => ({ EDITWATCH_FEEDS: `${busy.origin}/feed.xml`, EDITWATCH_FEED_INTERVAL_MINUTES: '5' });
    const t = await testApp(state.path, feeds());
    const start = t.clock.now;
    for (const [i, url] of [
      `${busy.origin}/a`,
      `${busy.origin}/b`,
      `${busy.origin}/c`,
      `${other.origin}/x`,
      `${hostile.origin}/far`,
    ].entries()) {
      await t.app.store.articles.track(url, iso(start - (5 - i) * 60_000), 'test');
    }
    const fetched = (server: TestServer, path: string) => server.requests.filter((r) => r.path === path).length;

    const first = await t.app.runCycle();
    const outcomes = Object.fromEntries(first.results.map((r) => [new URL(r.url).pathname, r.result.outcome]));
    expect(outcomes).toEqual({ '/a': 'error', '/x': 'first-version', '/far': 'error' });
    expect([fetched(busy, '/a'), fetched(busy, '/b'), fetched(busy, '/c'), fetched(other, '/x')]).toEqual([1, 0, 0, 1]);
    // The feed was read before the pause, and is not read again while it lasts.
    expect(fetched(busy, '/feed.xml')).toBe(1);
    const pauses = await t.app.store.pauses.running(iso(start));
    expect(pauses.map((p) => [p.scope, p.resumeAt])).toEqual([
      [`host:${new URL(busy.origin).host}`, iso(start + 2 * HOUR)],
      [`host:${new URL(hostile.origin).host}`, iso(start + 24 * HOUR)],
    ]);
    // The articles that asked are next checked when their wait ends, not 30 years on.
    expect((await t.app.store.articles.get(`${hostile.origin}/far`))!.next_check_at).toBe(iso(start + 24 * HOUR));

    t.advance(10);
    const second = await t.app.runCycle();
    expect(second.results.map((r) => r.url).filter((u) => u.startsWith(busy.origin))).toEqual([]);
    expect([fetched(busy, '/b'), fetched(busy, '/c'), fetched(busy, '/feed.xml')]).toEqual([0, 0, 1]);
    // Still due, nothing recorded against them.
    for (const path of ['/b', '/c']) {
      const row = (await t.app.store.articles.get(`${busy.origin}${path}`))!;
      expect(row.next_check_at <= iso(t.clock.now)).toBe(true);
      expect(await t.app.store.checks.of(row.id)).toEqual([]);
    }
    await t.app.close();

    const restarted = await testApp(state.path, feeds());
    restarted.clock.now = start + HOUR;
    await restarted.app.runCycle();
    expect([fetched(busy, '/b'), fetched(busy, '/c'), fetched(busy, '/feed.xml')]).toEqual([0, 0, 1]);
    restarted.clock.now = start + 2 * HOUR + 60_000;
    const after = await restarted.app.runCycle();
    expect(Object.fromEntries(after.results.map((r) => [new URL(r.url).pathname, r.result.outcome]))).toMatchObject({
      '/a': 'first-version',
      '/b': 'first-version',
      '/c': 'first-version',
    });
    expect(fetched(hostile, '/far')).toBe(1);
    expect(fetched(busy, '/feed.xml')).toBe(2);
    await restarted.app.close();
  });
});
