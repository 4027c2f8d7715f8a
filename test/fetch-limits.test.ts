import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFetcher,
  FetchTooLargeError,
  NetworkError,
  RedirectError,
  type FetchOptions,
} from '../src/fetch/index.ts';
import { html, startServer, type TestServer } from './helpers/http-server.ts';

const PAGE = '<!doctype html><html><head><title>A page</title></head><body><p>Hello</p></body></html>';
const CAP = 64 * 1024;
const options: FetchOptions = {
  userAgent: 'editwatch-test/1.0 (+https://example.org/bot)',
  robotsAgent: 'editwatch',
  connectTimeoutMs: 2000,
  totalTimeoutMs: 5000,
  maxBytes: CAP,
  maxRedirects: 5,
  hostDelayMs: 0,
  respectRobots: false,
  allowPrivate: true,
};

let server: TestServer;
const fetcher = createFetcher(options);
const big = Buffer.alloc(CAP * 3, '<p>too much</p>');
// Compresses to about 1 KB: what arrives is small, what it decodes to is sixteen times the cap.
const bomb = gzipSync(Buffer.alloc(CAP * 16, 'a'));

/** Sends `body`, then drops the connection once the kernel has it (no clean end of the response). */
function sendThenDrop(res: ServerResponse, body: Buffer) {
  res.write(body, () => res.socket?.destroy());
}

beforeAll(async () => {
  server = await startServer();
  server.route(
    '/declared',
    (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(big.length) }).end(big),
  );
  server.route('/streamed', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(big));
  server.route('/dropped', (_req, res) => sendThenDrop(res.writeHead(200, { 'content-type': 'text/html' }), big));
  server.route('/dropped-declared', (_req, res) =>
    sendThenDrop(res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(big.length * 2) }), big),
  );
  server.route(
    '/gzip',
    (_req, res) => void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(bomb),
  );
  server.route('/gzip-dropped', (_req, res) =>
    sendThenDrop(res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }), bomb),
  );
  server.route('/gzip-dropped-declared', (_req, res) =>
    sendThenDrop(
      res.writeHead(200, {
        'content-type': 'text/html',
        'content-encoding': 'gzip',
        'content-length': String(bomb.length + 100),
      }),
      bomb,
    ),
  );
  server.route('/short-dropped', (_req, res) =>
    sendThenDrop(res.writeHead(200, { 'content-type': 'text/html' }), Buffer.from(PAGE)),
  );
  server.route(
    '/small-gzip',
    (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE)),
  );
  server.route('/page', html(PAGE));
  // hop-0 … hop-4: five redirects, then the page.
  for (let i = 0; i < 5; i++)
    server.route(
      `/hop-${i}`,
      (_req, res) => void res.writeHead(302, { location: i === 4 ? '/page' : `/hop-${i + 1}` }).end(),
    );
  for (let i = 0; i < 8; i++)
    server.route(`/far-${i}`, (_req, res) => void res.writeHead(302, { location: `/far-${i + 1}` }).end());
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

describe('the size cap', () => {
  it.each([
    '/declared',
    '/streamed',
    '/dropped',
    '/dropped-declared',
    '/gzip',
    '/gzip-dropped',
    '/gzip-dropped-declared',
  ])('%s: always the too-large error, never the dropped socket', async (path) => {
    // Several times: which of "past the cap" and "connection dropped" is seen first must not matter.
    for (let i = 0; i < 8; i++) {
      const error = await fetcher.fetchPage(`${server.origin}${path}`).catch((e: unknown) => e);
      expect(error, `try ${i + 1}`).toBeInstanceOf(FetchTooLargeError);
      expect((error as FetchTooLargeError).code).toBe('too-large');
      expect((error as Error).message).toBe(
        `${server.origin}${path}: response larger than the 64 KB limit, stopped reading`,
      );
    }
  });

  it('still reports a connection dropped before the cap as the network error it is', async () => {
    const error = await fetcher.fetchPage(`${server.origin}/short-dropped`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/connection dropped by the server/);
  });

  it('lets a compressed page under the cap through, decoded', async () => {
    await expect(fetcher.fetchPage(`${server.origin}/small-gzip`)).resolves.toMatchObject({ kind: 'page', html: PAGE });
  });
});

describe('the redirect limit', () => {
  it('follows as many redirects as allowed, and names the real limit when there are more', async () => {
    await expect(fetcher.fetchPage(`${server.origin}/hop-0`)).resolves.toMatchObject({
      kind: 'page',
      finalUrl: `${server.origin}/page`,
    });
    const error = await fetcher.fetchPage(`${server.origin}/far-0`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).limit).toBe(5);
    expect((error as Error).message).toMatch(/: more than 5 redirects \(/);
    const strict = createFetcher({ ...options, maxRedirects: 2 });
    try {
      expect(((await strict.fetchPage(`${server.origin}/far-0`).catch((e: unknown) => e)) as Error).message).toMatch(
        /: more than 2 redirects \(.*far-0 -> .*far-1 -> .*far-2 -> .*far-3\)$/,
      );
    } finally {
      await strict.close();
    }
  });
});
