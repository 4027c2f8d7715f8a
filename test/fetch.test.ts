import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  createFetcher,
  FetchTimeoutError,
  FetchTooLargeError,
  HttpStatusError,
  InvalidUrlError,
  NetworkError,
  RedirectError,
  RobotsDisallowedError,
  UnsupportedContentError,
  type FetchOptions,
} from '../src/fetch/index.ts';
import { html, startServer, type TestServer } from './helpers/http-server.ts';

const PAGE = '<!doctype html><html><head><title>A page</title></head><body><p>Hello</p></body></html>';

const base: FetchOptions = {
  userAgent: 'editwatch-test/1.0 (+https://example.org/bot)',
  robotsAgent: 'editwatch',
  connectTimeoutMs: 2000,
  totalTimeoutMs: 2000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  hostDelayMs: 0,
  respectRobots: true,
  allowPrivate: true,
};

let server: TestServer;
const fetcher = createFetcher(base);

beforeAll(async () => {
  server = await startServer();
  server.route('/page', html(PAGE, { etag: '"v1"', 'last-modified': 'Tue, 24 Nov 2026 10:00:00 GMT' }));
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

describe('fetchPage', () => {
  it('fetches HTML with the bot user agent and returns the validators', async () => {
    const result = await fetcher.fetchPage(`${server.origin}/page`);
    expect(result.kind).toBe('page');
    if (result.kind !== 'page') return;
    expect(result.html).toContain('<p>Hello</p>');
    expect(result.validators).toEqual({ etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT' });
    expect(server.requests.at(-1)!.headers['user-agent']).toBe(base.userAgent);
  });

  it('sends a conditional GET and reports 304 as not modified', async () => {
    server.route('/conditional', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
      else res.writeHead(200, { 'content-type': 'text/html', etag: '"v1"' }).end(PAGE);
    });
    const result = await fetcher.fetchPage(`${server.origin}/conditional`, { etag: '"v1"', lastModified: null });
    expect(result).toMatchObject({ kind: 'not-modified', status: 304 });
  });

  it('decompresses Brotli', async () => {
    server.route('/br', (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' })
        .end(brotliCompressSync(Buffer.from(PAGE)));
    });
    const result = await fetcher.fetchPage(`${server.origin}/br`);
    expect(result.kind === 'page' && result.html).toBe(PAGE);
  });

  it('decompresses gzip and decodes the declared charset', async () => {
    const latin = Buffer.from('<html><body><p>Caf\xe9 cr\xe8me</p></body></html>', 'latin1');
    server.route('/gzip', (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=windows-1252', 'content-encoding': 'gzip' })
        .end(gzipSync(latin));
    });
    const result = await fetcher.fetchPage(`${server.origin}/gzip`);
    expect(result.kind === 'page' && result.html).toContain('Café crème');
  });

  it("decodes by the page's <meta charset> when the header names none", async () => {
    const page = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1252"></head><body><p>'),
      Buffer.from('Gr\xfc\xdfe aus K\xf6ln', 'latin1'),
      Buffer.from('</p></body></html>'),
    ]);
    server.route('/legacy', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    const result = await fetcher.fetchPage(`${server.origin}/legacy`);
    expect(result.kind === 'page' && result.html).toContain('Grüße aus Köln');
  });

  it.each([404, 410, 500])('turns HTTP %i into an HttpStatusError', async (status) => {
    server.route(
      `/status-${status}`,
      (_req, res) => void res.writeHead(status, { 'content-type': 'text/html' }).end('<p>error</p>'),
    );
    const error = await fetcher.fetchPage(`${server.origin}/status-${status}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(status);
    expect((error as HttpStatusError).code).toBe(`http-${status}`);
    expect((error as Error).message).toContain(`HTTP ${status}`);
  });

  it('reads Retry-After from a 429', async () => {
    server.route('/busy', (_req, res) => void res.writeHead(429, { 'retry-after': '120' }).end());
    const error = (await fetcher.fetchPage(`${server.origin}/busy`).catch((e: unknown) => e)) as HttpStatusError;
    expect(error.retryAfterSeconds).toBe(120);
    expect(error.message).toMatch(/HTTP 429 Too Many Requests, retry after 120 s/);
  });

  it('gives up on a server that never answers, with a timeout error', async () => {
    const quick = createFetcher({ ...base, totalTimeoutMs: 300 });
    server.route('/hang', () => {
      // never answers
    });
    const started = Date.now();
    const error = await quick.fetchPage(`${server.origin}/hang`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchTimeoutError);
    expect((error as Error).message).toMatch(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    await quick.close();
  });

  it('stops reading a 20 MB response at the size cap, declared or streamed', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    server.route('/huge-streamed', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      let sent = 0;
      const more = () => {
        while (sent < 20 && res.write(chunk)) sent++;
        if (sent >= 20) res.end();
        else
          res.once('drain', () => {
            sent++;
            more();
          });
      };
      more();
    });
    server.route('/huge-declared', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(20 * 1024 * 1024) });
      res.write(chunk);
    });
    for (const path of ['/huge-streamed', '/huge-declared']) {
      const error = await fetcher.fetchPage(`${server.origin}${path}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FetchTooLargeError);
      expect((error as Error).message).toContain('5 MB limit');
    }
  });

  it('refuses binary responses, whatever they claim to be', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    server.route('/image', (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(png));
    server.route('/disguised', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(png));
    const image = await fetcher.fetchPage(`${server.origin}/image`).catch((e: unknown) => e);
    expect(image).toBeInstanceOf(UnsupportedContentError);
    expect((image as Error).message).toContain('content type image/png');
    const disguised = await fetcher.fetchPage(`${server.origin}/disguised`).catch((e: unknown) => e);
    expect(disguised).toBeInstanceOf(UnsupportedContentError);
    expect((disguised as Error).message).toContain('binary data');
  });

  it('names a redirect loop and stops after too many redirects', async () => {
    server.route('/loop-a', (_req, res) => void res.writeHead(302, { location: '/loop-b' }).end());
    server.route('/loop-b', (_req, res) => void res.writeHead(301, { location: '/loop-a' }).end());
    for (let i = 0; i < 8; i++)
      server.route(`/hop-${i}`, (_req, res) => void res.writeHead(302, { location: `/hop-${i + 1}` }).end());
    const loop = await fetcher.fetchPage(`${server.origin}/loop-a`).catch((e: unknown) => e);
    expect(loop).toBeInstanceOf(RedirectError);
    expect((loop as RedirectError).kind).toBe('loop');
    expect((loop as Error).message).toMatch(/redirect loop .*loop-a -> .*loop-b -> .*loop-a/);
    const many = await fetcher.fetchPage(`${server.origin}/hop-0`).catch((e: unknown) => e);
    expect((many as RedirectError).kind).toBe('too-many');
  });

  it('follows a redirect to the final page', async () => {
    server.route('/moved', (_req, res) => void res.writeHead(301, { location: '/page' }).end());
    const result = await fetcher.fetchPage(`${server.origin}/moved`);
    expect(result.finalUrl).toBe(`${server.origin}/page`);
  });

  it('refuses loopback and private addresses, by literal and by name, unless allowed', async () => {
    const strict = createFetcher({ ...base, allowPrivate: false });
    for (const url of [
      `${server.origin}/page`,
      `http://localhost:${server.port}/page`,
      `http://[::1]:${server.port}/page`,
    ]) {
      const error = await strict.fetchPage(url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect((error as Error).message).toMatch(/not a public address/);
    }
    await strict.close();
  });

  it('checks the address again after a redirect', async () => {
    // Only 127.0.0.1 is allowed; the redirect goes to 127.0.0.2, another loopback address, which is refused.
    const onlyThisServer = createFetcher({ ...base, allowPrivate: (a) => a === '127.0.0.1' });
    server.route(
      '/to-other',
      (_req, res) => void res.writeHead(302, { location: `http://127.0.0.2:${server.port}/page` }).end(),
    );
    const error = await onlyThisServer.fetchPage(`${server.origin}/to-other`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as BlockedAddressError).address).toBe('127.0.0.2');
    await onlyThisServer.close();
  });

  it('reports an unreachable host clearly', async () => {
    const closed = await startServer();
    const port = closed.port;
    await closed.close();
    const error = await fetcher.fetchPage(`http://127.0.0.1:${port}/page`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/connection refused.*\(ECONNREFUSED\)/);
  });

  it('refuses URLs that are not http(s)', async () => {
    const error = await fetcher.fetchPage('file:///etc/passwd').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidUrlError);
    expect((error as Error).message).toContain('scheme file:');
  });
});

describe('robots.txt and politeness', () => {
  it('honours robots.txt, and treats an unavailable one as disallow', async () => {
    const site = await startServer();
    site.route(
      '/robots.txt',
      (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: editwatch\nDisallow: /private/\n'),
    );
    site.route('/private/article', html(PAGE));
    site.route('/public/article', html(PAGE));
    const error = await fetcher.fetchPage(`${site.origin}/private/article`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RobotsDisallowedError);
    await expect(fetcher.fetchPage(`${site.origin}/public/article`)).resolves.toMatchObject({ kind: 'page' });
    // robots.txt is fetched once per origin, not per page
    expect(site.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
    await site.close();

    const broken = await startServer();
    broken.route('/robots.txt', (_req, res) => void res.writeHead(503).end());
    broken.route('/a', html(PAGE));
    const unavailable = await fetcher.fetchPage(`${broken.origin}/a`).catch((e: unknown) => e);
    expect((unavailable as Error).message).toMatch(/robots.txt unavailable \(HTTP 503\)/);
    await broken.close();
  });

  it('reads robots.txt without a pause before the page it clears, and keeps a longer Crawl-delay it asks', async () => {
    // A 2 s pause: were robots.txt paced, the page would come 2 s after it.
    const polite = createFetcher({ ...base, hostDelayMs: 2_000 });
    const site = await startServer();
    site.route(
      '/robots.txt',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n'),
    );
    site.route('/a', html(PAGE));
    await polite.fetchPage(`${site.origin}/a`);
    const [robots, page] = site.requests.map((r) => r.at);
    expect(page! - robots!).toBeLessThan(1_500);
    await polite.close();
    await site.close();

    const slow = await startServer();
    slow.route(
      '/robots.txt',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nCrawl-delay: 1\n'),
    );
    slow.route('/a', html(PAGE));
    slow.route('/b', html(PAGE));
    await Promise.all(['/a', '/b'].map((p) => fetcher.fetchPage(`${slow.origin}${p}`)));
    const times = slow.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(990);
    await slow.close();
  });

  it('sends one request at a time per host, with the politeness delay between them', async () => {
    const polite = createFetcher({ ...base, hostDelayMs: 150 });
    const site = await startServer();
    site.route('/a', html(PAGE));
    site.route('/b', html(PAGE));
    site.route('/c', html(PAGE));
    await Promise.all(['/a', '/b', '/c'].map((p) => polite.fetchPage(`${site.origin}${p}`)));
    const times = site.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.at);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(140);
    await polite.close();
    await site.close();
  });
});
