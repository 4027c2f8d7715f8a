import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { loadConfig } from '../src/config.ts';
import { createFetcher } from '../src/fetch/index.ts';
import { createLogger } from '../src/log.ts';
import { feedSource } from '../src/sources/feeds.ts';
import { Store } from '../src/store/index.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';

let server: TestServer;
let state: ReturnType<typeof tempDir>;
const NOW = Date.parse('2026-11-25T08:00:00.000Z');

beforeEach(async () => {
  state = tempDir();
  server = await startServer();
});
afterEach(async () => {
  await server.close();
  state.remove();
});

const rss = (items: { link: string; date?: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Riverside Ledger – News & Views</title><link>https://www.ledger.example/</link>
${items.map((i, n) => `<item><title>Story ${n} &amp; more &nbsp;</title><link>${i.link}</link>${i.date ? `<pubDate>${i.date}</pubDate>` : ''}</item>`).join('\n')}
</channel></rss>`;

/** A feed on the test server that answers 304 to a matching If-None-Match. */
function serveFeed(path: string, body: () => string, type = 'application/rss+xml; charset=utf-8') {
  server.route(path, (req, res) => {
    const etag = `"${Buffer.from(body()).length}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': type, etag }).end(body());
  });
}

async function readOnce(feeds: string[], allowedDomains: string[]) {
  const config = loadConfig({
    EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
    EDITWATCH_HOST_DELAY_MS: '0',
    LOG_LEVEL: 'silent',
  });
  const store = await Store.open(`${state.path}/editwatch.sqlite`);
  const fetcher = createFetcher(config.fetch);
  let clock = NOW;
  const source = feedSource({
    store,
    fetcher,
    log: createLogger(config.log),
    now: () => new Date(clock),
    feeds,
    intervalMinutes: 10,
    allowedDomains,
    maxItemAgeMs: 40 * 24 * 3600_000,
  });
  return {
    store,
    run: () => source.run(new AbortController().signal),
    advance: (minutes: number) => void (clock += minutes * 60_000),
    close: async () => {
      await fetcher.close();
      await store.close();
    },
  };
}

describe("following outlets' feeds", () => {
  it('tracks new items of RSS, Atom and JSON feeds once, in canonical form, inside the allowed domains', async () => {
    serveFeed('/rss.xml', () =>
      rss([
        {
          link: 'https://www.ledger.example/news/bridge?utm_source=rss&utm_medium=feed',
          date: 'Wed, 25 Nov 2026 07:00:00 GMT',
        },
        { link: 'https://www.ledger.example/news/old-story', date: 'Mon, 01 Sep 2026 07:00:00 GMT' }, // too old to be news
        { link: 'https://elsewhere.example/a' }, // outside the allowed domains
      ]),
    );
    serveFeed(
      '/atom.xml',
      () => `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title><id>urn:x</id><updated>2026-11-25T07:00:00Z</updated>
<entry><title>Bridge</title><id>urn:1</id><link rel="alternate" href="https://www.ledger.example/news/bridge?fbclid=abc#comments"/><updated>2026-11-25T07:00:00Z</updated></entry>
<entry><title>Relative</title><id>urn:2</id><link href="/news/relative"/><updated>2026-11-25T07:00:00Z</updated></entry></feed>`,
      'application/atom+xml',
    );
    serveFeed(
      '/feed.json',
      () =>
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          title: 'Ledger',
          items: [{ id: '1', url: 'https://sport.ledger.example/match', date_published: '2026-11-25T06:00:00Z' }],
        }),
      'application/feed+json',
    );
    const feeds = ['/rss.xml', '/atom.xml', '/feed.json'].map((p) => `${server.origin}${p}`);
    const f = await readOnce(feeds, ['ledger.example']);
    await f.run();
    const tracked = (await f.store.articles.list()).map((a) => [a.url, a.source]).sort();
    expect(tracked).toEqual(
      [
        ['https://sport.ledger.example/match', `feed:${feeds[2]}`],
        ['https://www.ledger.example/news/bridge', `feed:${feeds[0]}`],
      ].sort(),
    );
    // The Atom feed's relative link resolves against the feed's host (127.0.0.1), outside the allowed domains.
    const rows = await f.store.feeds.list();
    expect(rows.map((r) => [r.url, r.articles_added, r.last_error])).toEqual(
      expect.arrayContaining([
        [feeds[0], 1, null],
        [feeds[1], 0, null],
        [feeds[2], 1, null],
      ]),
    );

    // Read again only when due; then with a conditional GET that the server answers 304.
    const requests = () => server.requests.filter((r) => r.path === '/rss.xml');
    await f.run();
    expect(requests()).toHaveLength(1);
    f.advance(10);
    await f.run();
    expect(requests()).toHaveLength(2);
    expect(requests()[1]!.headers['if-none-match']).toBe(
      `"${Buffer.from(rss([{ link: 'https://www.ledger.example/news/bridge?utm_source=rss&utm_medium=feed', date: 'Wed, 25 Nov 2026 07:00:00 GMT' }, { link: 'https://www.ledger.example/news/old-story', date: 'Mon, 01 Sep 2026 07:00:00 GMT' }, { link: 'https://elsewhere.example/a' }])).length}"`,
    );
    expect(await f.store.articles.list()).toHaveLength(2);
    await f.close();
  });

  it('does not bring back an article it retired when the feed still lists it', async () => {
    serveFeed('/rss.xml', () => rss([{ link: 'https://www.ledger.example/news/bridge' }]));
    const f = await readOnce([`${server.origin}/rss.xml`], []);
    await f.run();
    await f.store.articles.untrack('https://www.ledger.example/news/bridge', 'unchanged for 40 days');
    server.route(
      '/rss.xml',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(rss([{ link: 'https://www.ledger.example/news/bridge' }])),
    );
    f.advance(10);
    await f.run();
    expect(await f.store.articles.get('https://www.ledger.example/news/bridge')).toMatchObject({
      active: 0,
      retired_reason: 'unchanged for 40 days',
    });
    await f.close();
  });

  it('records a broken, binary, missing or HTML "feed" with the reason, and goes on with the others', async () => {
    serveFeed('/good.xml', () => rss([{ link: 'https://www.ledger.example/news/fine' }]));
    server.route(
      '/broken.xml',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end('<rss><channel><item><link>https://x.example/a</item></channel>'),
    );
    server.route(
      '/page.html',
      (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>Not a feed</h1></body></html>'),
    );
    server.route(
      '/binary',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/octet-stream' })
          .end(Buffer.from([0x89, 0x50, 0, 0, 1, 2, 3])),
    );
    const feeds = ['/broken.xml', '/page.html', '/binary', '/missing.xml', '/good.xml'].map(
      (p) => `${server.origin}${p}`,
    );
    const f = await readOnce(feeds, []);
    await f.run();
    const errors = Object.fromEntries(
      (await f.store.feeds.list()).map((r) => [r.url.replace(server.origin, ''), r.last_error]),
    );
    expect(errors['/broken.xml']).toMatch(/not a feed that can be read/);
    expect(errors['/page.html']).toMatch(/not a feed that can be read \(Unrecognized feed format\)/);
    expect(errors['/binary']).toMatch(/not a feed \(binary data\)/);
    expect(errors['/missing.xml']).toMatch(/404/);
    expect(errors['/good.xml']).toBeNull();
    expect((await f.store.articles.list()).map((a) => a.url)).toEqual(['https://www.ledger.example/news/fine']);
    await f.close();
  });

  it('tracks a new article from a feed and checks it in the same cycle (EDITWATCH_FEEDS)', async () => {
    server.route(
      '/news/story',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(articlePage(DEMO_VERSIONS[0]!, 1, `${server.origin}/news/story`)),
    );
    serveFeed('/rss.xml', () => rss([{ link: `${server.origin}/news/story?utm_campaign=x` }]));
    const { app } = await testApp(state.path, { EDITWATCH_FEEDS: `${server.origin}/rss.xml` });
    const report = await app.runCycle();
    expect(report.results).toEqual([
      { url: `${server.origin}/news/story`, result: expect.objectContaining({ outcome: 'first-version' }) as unknown },
    ]);
    await app.close();
  });
});

describe('feed items with hostile links', () => {
  it('leaves out a link too long to be an article address, and tracks the rest', async () => {
    const long = `https://www.ledger.example/news/${'a'.repeat(10_000)}`;
    serveFeed('/rss.xml', () =>
      rss([
        { link: long, date: 'Wed, 25 Nov 2026 07:00:00 GMT' },
        { link: 'https://www.ledger.example/news/bridge', date: 'Wed, 25 Nov 2026 07:00:00 GMT' },
      ]),
    );
    const f = await readOnce([`${server.origin}/rss.xml`], []);
    try {
      await f.run();
      expect((await f.store.articles.list()).map((a) => a.url)).toEqual(['https://www.ledger.example/news/bridge']);
    } finally {
      await f.close();
    }
  });
});
