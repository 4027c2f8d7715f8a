import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffArticles } from '../src/diff/index.ts';
import type { Article } from '../src/extract/article.ts';
import { Store, type CheckRecord } from '../src/store/index.ts';
import { tempDir } from './helpers/temp-dir.ts';

// The queries a check cycle makes for each article, run on a real state and read back through SQLite's
// EXPLAIN QUERY PLAN: none may read a whole table, so a cycle's cost follows what is due, not how many
// articles are tracked (issue "100,000 articles on one small machine").

const ARTICLES = 300;
const t = '2026-11-25T08:00:00.000Z';
const article = (n: number): Article => ({
  url: `https://news${n % 3}.example/story/${n}`,
  canonicalUrl: null,
  outlet: 'Example News',
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
};

/** Columns that split a table in a few large parts: an index search on them alone reads most of it. */
const FLAG_COLUMNS = new Set(['active']);

/**
 * The table a plan line reads whole, or null: "SCAN articles" reads the table; "SEARCH articles USING
 * INDEX articles_due (active=?)" reads every active article; "SCAN … USING COVERING INDEX" and a search
 * on any other column do not.
 */
function wholeTableRead(detail: string): string | null {
  const scan = /^SCAN (\w+)$/.exec(detail);
  if (scan) return scan[1]!;
  const search = /^SEARCH (\w+) USING (?:COVERING )?INDEX \w+ \(([^)]*)\)$/.exec(detail);
  const columns = search?.[2]!.split(' AND ').map((c) => c.replace(/[=<>?].*$/, ''));
  return search && columns!.every((c) => FLAG_COLUMNS.has(c)) ? search[1]! : null;
}

/** Each SELECT run by `work`, with the lines of its plan that read a whole table. */
async function plansOf(work: () => Promise<unknown>): Promise<{ sql: string; wholeTableReads: string[] }[]> {
  traced = [];
  await work();
  const reader = new SQLite(file, { readonly: true });
  try {
    return traced
      .filter((sql) => /^\s*select\b/i.test(sql))
      .map((sql) => {
        const plan = reader.prepare(`explain query plan ${sql}`).all() as { detail: string }[];
        // "SCAN articles" reads the table; "SCAN articles USING (COVERING) INDEX …" and "SEARCH …" do not.
        if (process.env.SHOW_PLANS)
          console.log(
            sql,
            plan.map((p) => p.detail),
          );
        const scans = plan.map((p) => wholeTableRead(p.detail)).filter((table) => table !== null);
        return { sql, wholeTableReads: scans.filter((table) => !(table in SMALL_TABLES)) };
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
      const due = await store.articles.due(t, { limit: 60, except: ['https://news1.example/'] });
      expect(due.length).toBe(60);
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
    });
    expect(plans.length).toBeGreaterThanOrEqual(10);
    expect(plans.filter((p) => p.wholeTableReads.length)).toEqual([]);
  });
});
