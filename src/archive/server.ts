import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { html } from './pages/html.ts';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import type { Logger } from '../log.ts';
import { describePolicy, type SchedulePolicy } from '../schedule/policy.ts';
import { editPosts, listArticles, listChanges, listOutlets } from '../store/archive-queries.ts';
import type { Store } from '../store/index.ts';
import { apiRoutes } from './api.ts';
import { BadRequest, idParam, NotFound, PAGE_SIZE, parseQuery, positive, searchWords } from './http.ts';
import { changesFeed } from './atom.ts';
import { articlePage } from './pages/article.ts';
import { homePage } from './pages/home.ts';
import { page, type Html } from './pages/layout.ts';
import { outletPage, outletsPage } from './pages/outlet.ts';
import { statusPage } from './pages/status.ts';
import { sideBySide } from './side-by-side.ts';

export interface ArchiveDeps {
  store: Store;
  /** Where the posted cards are. */
  mediaDir: string;
  botName: string;
  policy: SchedulePolicy;
  /** The archive's public address, for feed links; else the address of each request. */
  publicUrl: string | null;
  log: Logger;
}

const FEED_SIZE = 50;
/** Consecutive pairs shown by default on an article page. */
const MAX_PAIRS = 10;
const listQuery = z.object({ page: positive.optional(), q: searchWords.optional() }).strict();
const articleQuery = z.object({ from: positive.optional(), to: positive.optional() }).strict();

/** The web archive: server-rendered pages that need no JavaScript, Atom feeds, a JSON API, the cards. */
export function createArchiveApp(deps: ArchiveDeps): Hono {
  const { store } = deps;
  const app = new Hono();
  // The pages run no script and load nothing from elsewhere; say so to the browser.
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ["'self'"], formAction: ["'self'"], baseUri: ["'none'"], frameAncestors: ["'none'"] },
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );
  const base = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;
  const render = (c: Context, title: string, body: Html, feed?: { href: string; title: string }, status: 200 | 404 | 400 = 200) => c.html(page({ title, botName: deps.botName, ...(feed ? { feed } : {}) }, body), status);
  const atom = (c: Context, body: string) => c.body(body, 200, { 'content-type': 'application/atom+xml; charset=utf-8' });

  app.onError((err, c) => {
    const api = c.req.path.startsWith('/api/');
    const status = err instanceof BadRequest ? 400 : err instanceof NotFound ? 404 : 500;
    if (status === 500) deps.log.error({ path: c.req.path, err: err.message, stack: err.stack }, 'archive request failed');
    const message = status === 500 ? 'internal error' : err.message;
    if (api) return c.json({ error: message }, status);
    return c.html(page({ title: status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Error', botName: deps.botName }, html`<h1>${status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Something went wrong'}</h1><p>${message}</p><p><a href="/">Recent changes</a></p>`), status);
  });
  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: `no such address: ${c.req.path}` }, 404);
    return render(c, 'Not found', html`<h1>Not found</h1><p>Nothing lives at ${c.req.path}.</p><p><a href="/">Recent changes</a></p>`, undefined, 404);
  });

  app.get('/', async (c) => {
    const query = parseQuery(c, listQuery);
    const pageNo = query.page ?? 1;
    const { total, changes } = await listChanges(store, { q: query.q || undefined, offset: (pageNo - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (pageNo > pages) throw new NotFound(`there is no page ${pageNo}; the last is ${pages}`);
    return render(c, query.q ? `Search: ${query.q}` : 'Recent changes', homePage({ changes, total, q: query.q || undefined, pageNo, pages }), { href: '/feed.atom', title: 'All changes' });
  });

  app.get('/feed.atom', async (c) => {
    parseQuery(c, z.object({}).strict());
    const { changes } = await listChanges(store, { offset: 0, limit: FEED_SIZE });
    return atom(c, changesFeed({ base: base(c), self: `${base(c)}/feed.atom`, title: `${deps.botName}: changes to news articles`, botName: deps.botName, changes }));
  });

  app.get('/outlets', async (c) => render(c, 'Outlets', outletsPage(await listOutlets(store))));

  app.get('/outlets/:name', async (c) => {
    const outlet = c.req.param('name');
    const query = parseQuery(c, listQuery.omit({ q: true }));
    const pageNo = query.page ?? 1;
    const { total, articles } = await listArticles(store, { outlet, offset: (pageNo - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    if (total === 0) throw new NotFound(`no outlet "${outlet}"`);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (pageNo > pages) throw new NotFound(`there is no page ${pageNo}; the last is ${pages}`);
    return render(c, outlet, outletPage({ outlet, articles, total, pageNo, pages }), { href: `/outlets/${encodeURIComponent(outlet)}/feed.atom`, title: `Changes at ${outlet}` });
  });

  app.get('/outlets/:name/feed.atom', async (c) => {
    const outlet = c.req.param('name');
    if ((await listArticles(store, { outlet, offset: 0, limit: 1 })).total === 0) throw new NotFound(`no outlet "${outlet}"`);
    const { changes } = await listChanges(store, { outlet, offset: 0, limit: FEED_SIZE });
    return atom(c, changesFeed({ base: base(c), self: `${base(c)}/outlets/${encodeURIComponent(outlet)}/feed.atom`, title: `${deps.botName}: changes at ${outlet}`, botName: deps.botName, changes }));
  });

  app.get('/articles/:id', async (c) => {
    const id = idParam(c);
    const query = parseQuery(c, articleQuery);
    const article = await store.getArticleById(id);
    if (!article) throw new NotFound(`no article ${id}`);
    const versions = await store.versions(id);
    const changes = await store.changes(id);
    const posts = await editPosts(store, id);
    const bySeq = new Map(versions.map((v) => [v.seq, v]));
    let pairs: [number, number][];
    if (query.from !== undefined || query.to !== undefined) {
      const to = query.to ?? versions[versions.length - 1]?.seq ?? 1;
      const from = query.from ?? to - 1;
      for (const seq of [from, to]) if (!bySeq.has(seq)) throw new NotFound(`article ${id} has no version ${seq} (it has ${versions.length})`);
      if (from === to) throw new BadRequest('from and to must name two different versions');
      pairs = [[Math.min(from, to), Math.max(from, to)]];
    } else {
      // The latest changes; older pairs are a choice in the form away, so a long history stays one light page.
      pairs = versions.slice(1).map((v, i) => [versions[i]!.seq, v.seq] as [number, number]).reverse().slice(0, MAX_PAIRS);
    }
    const comparisons = pairs.map(([from, to]) => {
      const a = bySeq.get(from)!;
      const b = bySeq.get(to)!;
      // The posts about a change belong to the pair it was found between.
      const change = changes.find((ch) => ch.fromVersionId === a.id && ch.toVersionId === b.id);
      return { from: a, to: b, rows: sideBySide(a.article, b.article), posts: change ? posts.filter((p) => p.change_id === change.id) : [] };
    });
    const selected = query.from !== undefined || query.to !== undefined ? { from: pairs[0]![0], to: pairs[0]![1] } : null;
    return render(c, article.headline ?? article.url, articlePage({ article, versions, changeCount: changes.filter((ch) => !ch.minor).length, minorVersions: new Set(changes.filter((ch) => ch.minor).map((ch) => ch.toVersionId)), comparisons, selected, olderPairs: selected ? 0 : Math.max(0, versions.length - 1 - comparisons.length) }), { href: `/articles/${id}/feed.atom`, title: 'Changes to this article' });
  });

  app.get('/articles/:id/feed.atom', async (c) => {
    const id = idParam(c);
    const article = await store.getArticleById(id);
    if (!article) throw new NotFound(`no article ${id}`);
    const { changes } = await listChanges(store, { articleId: id, offset: 0, limit: FEED_SIZE });
    return atom(c, changesFeed({ base: base(c), self: `${base(c)}/articles/${id}/feed.atom`, title: `${deps.botName}: changes to “${article.headline ?? article.url}”`, botName: deps.botName, changes }));
  });

  app.get('/status', async (c) => {
    const now = Date.now();
    return render(
      c,
      'Status',
      statusPage({
        queue: await store.queueStats(new Date(now).toISOString(), new Date(now - 10 * 60_000).toISOString()),
        posts: await store.countPostsByState(),
        requests: await store.requestCounts(),
        feeds: await store.listFeeds(),
        failing: await store.articlesWithErrors(20),
        schedule: describePolicy(deps.policy),
      }),
    );
  });

  app.get('/media/:folder/:file', async (c) => {
    const { folder, file } = c.req.param();
    // Names as the pipeline makes them, nothing that could climb out of the media folder.
    if (!/^[\w-]+$/.test(folder) || !/^[\w-]+\.png$/.test(file)) throw new NotFound('no such image');
    const bytes = await readFile(join(deps.mediaDir, folder, file)).catch(() => null);
    if (!bytes) throw new NotFound('no such image');
    return c.body(new Uint8Array(bytes), 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=31536000, immutable' });
  });

  app.route('/api', apiRoutes(store));
  return app;
}
