import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffArticles } from '../src/diff/index.ts';
import type { Article } from '../src/extract/article.ts';
import { Store, type CheckRecord } from '../src/store/index.ts';
import { archiveApp } from './helpers/archive-app.ts';
import { tempDir } from './helpers/temp-dir.ts';

// The queries a check cycle makes for each article, and those of `status`, `list` and the archive, run on
// a real state and read back through SQLite's EXPLAIN QUERY PLAN: none may read a whole table, so their
// cost follows what is due or asked for, not how many articles are tracked (issue "100,000 articles on
// one small machine").

const ARTICLES = 300;
const t = '2026-11-25T08:00:00.000Z';
const article = (n: number): Article => ({
  url: `https://news${n % 3}.example/story/${n}`,
  canonicalUrl: null,
  outlet: `Example News ${n % 3}`,
  headline: `Headline ${n}`,
  standfirst: null,
  byline: null,
  publishedAt: null,
  modifiedAt: null,
  paragraphs: [`Paragraph one of story ${n}.`, `Paragraph two of story ${n}.`],
});
const check: CheckRecord = {
  at: t,
  outcome: 'first-version',
  httpStatus: 200,
  errorCode: null,
  errorMessage: null,
  durationMs: 5,
};

let dir: ReturnType<typeof tempDir>;
let store: Store;
let traced: string[] = [];
let file: string;

beforeAll(async () => {
  dir = tempDir();
  file = join(dir.path, 'editwatch.sqlite');
  store = await Store.open(file, { trace: (sql) => traced.push(sql) });
  for (let n = 0; n < ARTICLES; n++) {
    const a = article(n);
    const { article: row } = await store.articles.track(a.url, t, 'test');
    const v1 = await store.versions.save({
      articleId: row.id,
      check,
      next: { nextCheckAt: t },
      article: a,
      html: `<p>${n}</p>`,
      finalUrl: a.url,
      etag: null,
      lastModified: null,
    });
    if (n % 10 === 0) {
      const edited = { ...a, headline: `${a.headline}, edited` };
      const posts = (['mastodon', 'bluesky'] as const).map((network) => ({
        id: `p${n}-${network}`,
        network,
        text: 'x',
        articleUrl: a.url,
        images: [],
        inReplyTo: null,
        media: null,
      }));
      await store.versions.save({
        articleId: row.id,
        check: { ...check, outcome: 'new-version' },
        next: { nextCheckAt: t },
        article: edited,
        html: `<p>${n}!</p>`,
        finalUrl: a.url,
        etag: null,
        lastModified: null,
        change: { fromVersionId: v1.versionId, diff: diffArticles(a, edited), posts },
      });
    }
  }
  // Some failing and some retired, as status and the archive show them.
  for (let n = 0; n < ARTICLES; n += 7) {
    const { id } = (await store.articles.get(article(n).url))!;
    const failed = { ...check, outcome: 'error' as const, httpStatus: 503, errorCode: 'http:503' };
    await store.checks.record(id, { ...failed, errorMessage: 'HTTP 503' }, { nextCheckAt: t });
  }
  for (let n = 0; n < ARTICLES; n += 11)
    await store.articles.retire((await store.articles.get(article(n).url))!.id, 'test');
  await store.pauses.set({
    scope: 'host:news1.example',
    resumeAt: '2026-11-25T09:00:00.000Z',
    reason: 'HTTP 429',
    setAt: t,
  });
});
afterAll(async () => {
  await store?.close();
  dir?.remove();
});

/** Tables small by design, which a query may read whole: why each stays small. */
const SMALL_TABLES: Record<string, string> = {
  pauses: 'a row per host or network that asked for a wait, removed once the wait is over',
  feeds: 'a row per feed configured (EDITWATCH_FEEDS)',
  requests: 'a row per mention that asked the bot something: written by people, far fewer than articles',
  outlets: 'a row per outlet (about 500 at 100,000 articles), kept by triggers',
};

/** Queries that sort what they read from large tables (a temp b-tree), by case, and why what they sort is bounded. */
const BOUNDED_SORTS: Record<string, string> = {
  'GET /?q=': 'the changes of the newest SEARCH_ARTICLES (1,000) articles a search finds',
  'GET /api/changes?q=': 'the changes of the newest SEARCH_ARTICLES (1,000) articles a search finds',
  'GET /outlets/:name/feed.atom': "one outlet's changes",
};

/** Columns that split a table in a few large parts: an index search on them alone reads most of it. */
const FLAG_COLUMNS = new Set(['active']);

/**
 * The table a plan line reads whole, or null: "SCAN articles" reads the table; "SEARCH articles USING
 * INDEX articles_due (active=?)" reads every active article; "SCAN … USING COVERING INDEX", a search on
 * any other column, and a search on a flag in a partial index (which holds only the rows it is for) do not.
 */
function wholeTableRead(detail: string, partial: Set<string>): string | null {
  const scan = /^SCAN (\w+)$/.exec(detail);
  if (scan) return scan[1]!;
  const search = /^SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \(([^)]*)\)$/.exec(detail);
  if (!search || partial.has(search[2]!)) return null;
  const columns = search[3]!.split(' AND ').map((c) => c.replace(/[=<>?].*$/, ''));
  return columns.every((c) => FLAG_COLUMNS.has(c)) ? search[1]! : null;
}

/**
 * Each SELECT, UPDATE and DELETE run by `work`, with the lines of its plan that read a whole table, and whether
 * it sorts in a temp b-tree what it read of tables other than the small ones.
 */
async function plansOf(
  work: () => Promise<unknown>,
): Promise<{ sql: string; wholeTableReads: string[]; sorts: boolean }[]> {
  traced = [];
  await work();
  const reader = new SQLite(file, { readonly: true });
  try {
    const partial = new Set(
      (
        reader.prepare(`select name from sqlite_master where type = 'index' and sql like '% where %'`).all() as {
          name: string;
        }[]
      ).map((r) => r.name),
    );
    return traced
      .filter((sql) => /^\s*(select|delete|update)\b/i.test(sql))
      .map((sql) => {
        const plan = reader.prepare(`explain query plan ${sql}`).all() as { detail: string }[];
        // "SCAN articles" reads the table; "SCAN articles USING (COVERING) INDEX …" and "SEARCH …" do not.
        if (process.env.SHOW_PLANS)
          console.log(
            sql,
            plan.map((p) => p.detail),
          );
        const scans = plan.map((p) => wholeTableRead(p.detail, partial)).filter((table) => table !== null);
        const tables = plan.map((p) => /^(?:SCAN|SEARCH) (\w+)/.exec(p.detail)?.[1]).filter((t) => t !== undefined);
        return {
          sql,
          wholeTableReads: scans.filter((table) => !(table in SMALL_TABLES)),
          sorts: plan.some((p) => p.detail.startsWith('USE TEMP B-TREE')) && tables.some((t) => !(t in SMALL_TABLES)),
        };
      });
  } finally {
    reader.close();
  }
}

describe('the queries of a check cycle, on a real state of 300 articles', () => {
  it('use an index for every table they read', async () => {
    const one = (await store.articles.get(article(7).url))!;
    const [post] = await store.outbox.inState('pending');
    const plans = await plansOf(async () => {
      // The cycle: hosts paused, the due articles (a paused host left out), how many wait.
      await store.pauses.running(t, 'host:');
      const due = await store.articles.claimDue('worker', { now: t, until: t }, t, {
        limit: 60,
        except: ['https://news1.example/'],
      });
      expect(due.length).toBe(60);
      await store.articles.release('worker');
      await store.articles.countDue(t);
      // One article's check: its latest version, its HTML when read again, its requesters, its URL's owner.
      await store.versions.latest(one.id);
      await store.versions.rawHtml(one.id);
      await store.requests.where({ articleId: one.id, active: true, outcome: 'tracking' });
      await store.articles.for(one.url);
      // The outbox: what to send, and where each post goes in its thread.
      await store.outbox.toSend(t);
      await store.outbox.threadBefore(post!);
      await store.pauses.active('network:mastodon', t);
      // Each check recorded prunes a few checks past their retention.
      await store.checks.prune(t);
    });
    expect(plans.length).toBeGreaterThanOrEqual(10);
    expect(plans.filter((p) => p.wholeTableReads.length)).toEqual([]);
  });
});

describe('the queries of status, list and the archive, on the same state', () => {
  it('read no whole table, search on no flag alone, and sort only what is bounded', async () => {
    const archive = archiveApp(store, dir.path);
    const edited = (await store.articles.get(article(10).url))!;
    const outlet = encodeURIComponent(edited.outlet!);
    const firstPage = await store.articles.page({ limit: 51 });
    const { next: nextChange } = await store.archive.changes({ limit: 5 });
    const { next: nextArticle } = await store.archive.articles({ outlet: edited.outlet!, limit: 5 });
    const routes: Record<string, string> = {
      'GET /': '/',
      'GET /?after=': `/?after=${nextChange}`,
      'GET /?q=': '/?q=headline+10',
      'GET /feed.atom': '/feed.atom',
      'GET /outlets': '/outlets',
      'GET /outlets/:name': `/outlets/${outlet}`,
      'GET /outlets/:name?after=': `/outlets/${outlet}?after=${nextArticle}`,
      'GET /outlets/:name/feed.atom': `/outlets/${outlet}/feed.atom`,
      'GET /articles/:id': `/articles/${edited.id}`,
      'GET /articles/:id/feed.atom': `/articles/${edited.id}/feed.atom`,
      'GET /status': '/status',
      'GET /api/articles': '/api/articles',
      'GET /api/articles?after=': `/api/articles?after=${firstPage[50]!.id}`,
      'GET /api/articles/:id': `/api/articles/${edited.id}`,
      'GET /api/articles/:id/versions': `/api/articles/${edited.id}/versions`,
      'GET /api/articles/:id/changes': `/api/articles/${edited.id}/changes`,
      'GET /api/changes': '/api/changes',
      'GET /api/changes?q=': '/api/changes?q=example',
    };
    const cases: Record<string, () => Promise<unknown>> = {
      // editwatch status (and the lines the sources add to it: feeds, requests).
      'status: queue': () => store.articles.queueStats(t, t),
      'status: failing': () => store.articles.withErrors(10),
      'status: posts': () => store.outbox.countByState(),
      'status: pauses': () => store.pauses.running(t),
      'status: requests': () => store.requests.counts(),
      'status: feeds': () => store.feeds.list(),
      // editwatch list, its first page and the next, and the count it ends with.
      'list: first page': () => store.articles.page({ limit: 51 }),
      'list: next page': () => store.articles.page({ limit: 51, after: firstPage[50]!.id }),
      'list: total': () => store.articles.total(),
      ...Object.fromEntries(
        Object.entries(routes).map(([name, path]) => [
          name,
          async () => expect((await archive.request(path)).status, path).toBe(200),
        ]),
      ),
    };
    const faults: { name: string; sql: string; problem: string }[] = [];
    for (const [name, work] of Object.entries(cases)) {
      const plans = await plansOf(work);
      expect(plans.length, name).toBeGreaterThan(0);
      for (const { sql, wholeTableReads, sorts } of plans) {
        if (wholeTableReads.length) faults.push({ name, sql, problem: `reads ${wholeTableReads.join(', ')} whole` });
        if (sorts && !(name in BOUNDED_SORTS)) faults.push({ name, sql, problem: 'sorts in a temp b-tree' });
      }
    }
    expect(faults).toEqual([]);
  });
});
