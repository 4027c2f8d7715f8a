import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { articlePage, type DemoArticle } from './article-page.ts';

export interface DemoServer {
  /** The article's URL on 127.0.0.1. */
  url: string;
  /** Serve this version from now on, in chrome made from `chromeSeed`. */
  serve(article: DemoArticle, chromeSeed: number): void;
  close(): Promise<void>;
}

/** A local news site with one article, on 127.0.0.1 and an ephemeral port. */
export async function startDemoServer(): Promise<DemoServer> {
  let page = '';
  const server = createServer((req, res) => {
    if (req.url === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /admin/\n');
      return;
    }
    if (req.url !== '/news/2026/11/25/riverside-bridge-closure') {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    const etag = `"${createHash('sha1').update(page).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag, 'cache-control': 'max-age=60' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/news/2026/11/25/riverside-bridge-closure`;
  return {
    url,
    serve(article, chromeSeed) {
      page = articlePage(article, chromeSeed, url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
