import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, sql, type RawBuilder } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffArticles } from '../src/diff/index.ts';
import type { Article } from '../src/extract/article.ts';
import { SEARCH_ARTICLES } from '../src/store/archive-queries.ts';
import { Store } from '../src/store/index.ts';
import { migrationProvider } from '../src/store/migrations/index.ts';
import { StoreDialect } from '../src/store/sqlite-dialect.ts';
import { archiveApp } from './helpers/archive-app.ts';
import { onEachDatabase } from './helpers/databases.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { checkRecord } from './helpers/check-record.ts';

// Paging, search, the counts kept by triggers and the pruning of checks (issue "100,000 articles on one
// small machine"), on real SQLite files and PostgreSQL databases: what each shows must be what reading
// every row would show.

const T0 = Date.parse('2026-11-25T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const check = checkRecord;
const page = (url: string, outlet: string, headline: string): Article => ({
  url,
  canonicalUrl: null,
  outlet,
  headline,
  standfirst: null,
  byline: null,
  publishedAt: null,
  modifiedAt: null,
  paragraphs: [`The text of ${headline}.`],
});

let dir: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  dir = tempDir();
});
afterEach(async () => {
  const open = store as Store | undefined;
  store = undefined as unknown as Store; // each test opens its own
  await open?.close();
  dir.remove();
});

/** The tests of `body` on each database the store runs on, each test with a new store in `store`. */
function onEachStore(title: string, body: () => void) {
  onEachDatabase(title, (database) => {
    beforeEach(async () => {
      store = await Store.open(await database.create());
    });
    body();
  });
}

/** Tracks an article and stores its versions, one per headline, `minutes` apart; returns its id and its changes' ids. */
async function history(url: string, outlet: string, headlines: string[], start = 0, step = 60, minor: number[] = []) {
  const { article: row } = await store.articles.track(url, at(start), 'test');
  let previous: { id: number; article: Article } | null = null;
  const changes: number[] = [];
  for (const [i, headline] of headlines.entries()) {
    const article = page(url, outlet, headline);
    const when = at(start + i * step);
    const saved = await store.versions.save({
      articleId: row.id,
      check: check(when, previous ? 'new-version' : 'first-version'),
      next: { nextCheckAt: when },
      article,
      html: `<h1>${headline}</h1>`,
      finalUrl: url,
      etag: null,
      lastModified: null,
      ...(previous
        ? {
            change: {
              fromVersionId: previous.id,
              diff: diffArticles(previous.article, article),
              posts: [],
              minor: minor.includes(i),
            },
          }
        : {}),
    });
    if (saved.changeId !== null && !minor.includes(i)) changes.push(saved.changeId);
    previous = { id: saved.versionId, article };
  }
  return { id: row.id, changes };
}

/** What the tallies and the outlets table must hold, counted from every row. */
async function recount(db: Store['db']) {
  const one = async (query: RawBuilder<unknown>) =>
    Number((await sql<{ n: number }>`select (${query}) as n`.execute(db)).rows[0]?.n ?? 0);
  const counted = async (where: RawBuilder<unknown>) => one(sql`select count(*) from ${where}`);
  return {
    tallies: Object.fromEntries(
      (await sql<{ name: string; n: number }>`select name, n from tallies order by name`.execute(db)).rows.map((r) => [
        r.name,
        Number(r.n),
      ]),
    ),
    truth: {
      'articles:active': await counted(sql`articles where active = 1`),
      'articles:retired': await counted(sql`articles where active = 0`),
      'changes:edits': await counted(sql`changes where minor = 0`),
      ...Object.fromEntries(
        await Promise.all(
          ['failed', 'pending', 'posted', 'sending'].map(async (s): Promise<[string, number]> => [
            `posts:${s}`,
            await counted(sql`posts where state = ${s}`),
          ]),
        ),
      ),
    },
    outlets: (await sql`select name, articles, edits from outlets order by name`.execute(db)).rows,
    outletTruth: (
      await sql`select outlet as name, count(*) as articles, coalesce(sum((select count(*) from changes
          where changes.article_id = articles.id and minor = 0)), 0) as edits
         from articles where outlet is not null group by outlet order by outlet`.execute(db)
    ).rows,
  };
}

/**
 * Asserts the kept counts equal a recount, and the search index its articles: FTS5's own integrity check
 * on SQLite; on PostgreSQL, a row for each article, each as its words make it now.
 */
async function expectKeptRight() {
  const r = await recount(store.db);
  expect(r.tallies).toEqual(r.truth);
  expect(r.outlets).toEqual(r.outletTruth);
  if (store.dialect === 'sqlite') {
    await sql`insert into article_search (article_search) values ('integrity-check')`.execute(store.db);
  } else {
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from articles a full join article_search s on s.id = a.id
      where a.id is null or s.id is null or s.words != editwatch_search_words(a.headline, a.url, a.outlet)`.execute(
      store.db,
    );
    expect(rows[0]!.n).toBe(0);
  }
}

onEachStore('counts kept by triggers', () => {
  it('stay equal to a recount through tracking, edits, retirement, a renamed outlet, posts moving and deletes', async () => {
    const a = await history('https://a.example/1', 'Gazette', ['One', 'One, edited', 'One, edited.'], 0, 60, [2]);
    await history('https://b.example/2', 'Ledger', ['Two', 'Two, edited']);
    await store.articles.track('https://c.example/3', at(5), 'test'); // no version yet: no outlet
    await expectKeptRight();
    await store.articles.retire(a.id, 'unchanged for 40 days');
    await store.articles.untrack('https://b.example/2');
    await store.articles.track('https://b.example/2', at(300), 'test'); // watched again
    // Read again under another name: the article moves to that outlet with its edits.
    await history('https://b.example/2', 'The Ledger', ['Two, edited', 'Two, edited again'], 400);
    const post = {
      id: 'p1',
      network: 'mastodon',
      text: 'x',
      articleUrl: 'u',
      images: [],
      inReplyTo: null,
      media: null,
    };
    const { article: d } = await store.articles.track('https://d.example/4', at(0), 'test');
    const v = await store.versions.save({
      articleId: d.id,
      check: check(at(0)),
      next: { nextCheckAt: at(0) },
      article: page('https://d.example/4', 'Gazette', 'Four'),
      html: '<h1>Four</h1>',
      finalUrl: 'https://d.example/4',
      etag: null,
      lastModified: null,
    });
    const four = page('https://d.example/4', 'Gazette', 'Four');
    const edited = { ...four, headline: 'Four, edited' };
    await store.versions.save({
      articleId: d.id,
      check: check(at(60), 'new-version'),
      next: { nextCheckAt: at(60) },
      article: edited,
      html: '<h1>Four, edited</h1>',
      finalUrl: 'https://d.example/4',
      etag: null,
      lastModified: null,
      change: { fromVersionId: v.versionId, diff: diffArticles(four, edited), posts: [post] },
    });
    const [queued] = await store.outbox.inState('pending');
    await store.outbox.claim(queued!, at(61));
    await store.outbox.transition('p1', 'post', at(61), { remoteId: '1', remoteUrl: 'https://m.example/1' });
    expect(await store.outbox.countByState()).toEqual({ pending: 0, sending: 0, posted: 1, failed: 0 });
    await expectKeptRight();
    // By hand: rows deleted (an article with its changes, which go with it).
    await store.db.deleteFrom('posts').execute();
    await store.db.deleteFrom('changes').where('article_id', '=', d.id).execute();
    await store.db.deleteFrom('versions').where('article_id', '=', d.id).execute();
    await store.db.deleteFrom('checks').where('article_id', '=', d.id).execute();
    await store.db.deleteFrom('articles').where('id', '=', d.id).execute();
    await expectKeptRight();
    expect(await store.articles.queueStats(at(1000), at(990))).toMatchObject({ active: 2, retired: 1 });
    expect(await store.archive.outlets()).toEqual([
      { outlet: 'Gazette', articles: 1, changes: 1 },
      { outlet: 'The Ledger', articles: 1, changes: 2 },
    ]);
  });
});

describe('counts kept by triggers, on SQLite', () => {
  it('are filled in from the rows already there when a state made by an older editwatch is opened', async () => {
    const file = join(dir.path, 'old.sqlite');
    // A state as 0012 left it, with articles, versions, changes (one minor) and posts.
    const sqlite = new SQLite(file);
    const old = new Kysely<unknown>({ dialect: new StoreDialect(sqlite) });
    const all = await migrationProvider('sqlite').getMigrations();
    const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0013'));
    const { error } = await new Migrator({
      db: old,
      provider: { getMigrations: () => Promise.resolve(before) },
    }).migrateToLatest();
    expect(error).toBeUndefined();
    sqlite.exec(`
      insert into articles (id, url, outlet, headline, source, added_at, next_check_at, active) values
        (1, 'https://a.example/zurich', 'Gazette', 'Bridge closes in Zürich', 'test', '${at(0)}', '${at(0)}', 1),
        (2, 'https://b.example/2', 'Gazette', 'Second story', 'test', '${at(1)}', '${at(1)}', 0),
        (3, 'https://c.example/3', null, null, 'test', '${at(2)}', '${at(2)}', 1);
      insert into versions (id, article_id, seq, fetched_at, content_hash, content, final_url) values
        (1, 1, 1, '${at(0)}', 'h1', '{"headline":"a"}', 'u'), (2, 1, 2, '${at(60)}', 'h2', '{"headline":"b"}', 'u'),
        (3, 1, 3, '${at(120)}', 'h3', '{"headline":"c"}', 'u');
      insert into changes (article_id, from_version_id, to_version_id, detected_at, diff, minor) values
        (1, 1, 2, '${at(60)}', '{"summary":{}}', 0), (1, 2, 3, '${at(120)}', '{"summary":{}}', 1);
      insert into posts (id, change_id, article_id, network, state, text, article_url, images, created_at, updated_at)
        values ('p1', 1, 1, 'mastodon', 'posted', 'x', 'u', '[]', '${at(60)}', '${at(60)}'),
               ('p2', 1, 1, 'bluesky', 'failed', 'x', 'u', '[]', '${at(60)}', '${at(60)}');
    `);
    await old.destroy();
    store = await Store.open(file);
    await expectKeptRight();
    expect(await store.outbox.countByState()).toEqual({ pending: 0, sending: 0, posted: 1, failed: 1 });
    expect(await store.archive.outlets()).toEqual([{ outlet: 'Gazette', articles: 2, changes: 1 }]);
    expect((await store.archive.changes({ q: 'zurich', limit: 10 })).changes.map((c) => c.articleId)).toEqual([1]);
  });
});

onEachStore('the archive a page at a time', () => {
  it('walks every change once, newest first, by keyset, in the store, the pages and the JSON API', async () => {
    // Changes found at the same minute on different articles, and a minor one that is never listed.
    for (let n = 0; n < 7; n++)
      await history(`https://n${n % 2}.example/${n}`, `Outlet ${n % 2}`, ['v1', 'v2', 'v3', 'v4'], n % 3, 60, [2]);
    const everything = await store.db
      .selectFrom('changes')
      .select('id')
      .where('minor', '=', 0)
      .orderBy('detected_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(everything).toHaveLength(14);
    const walked: number[] = [];
    let after: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const found = await store.archive.changes({ limit: 4, ...(after ? { after } : {}) });
      expect(found.total).toBe(14);
      walked.push(...found.changes.map((c) => c.changeId));
      if (found.next === null) break;
      after = found.next;
    }
    expect(walked).toEqual(everything.map((r) => r.id));

    const archive = archiveApp(store, dir.path);
    // The pages: 50 a page, so one page; the API follows its `next` the same way.
    const home = await (await archive.request('/')).text();
    expect(home).toContain('14 changes found so far.');
    expect(home).not.toContain('rel="next"');
    const api = (await (await archive.request('/api/changes')).json()) as { total: number; next: string | null };
    expect(api).toMatchObject({ total: 14, capped: false, next: null });
    // A long outlet: its articles page by keyset too, and the page after the last is a 404.
    for (let n = 0; n < 55; n++) await store.articles.track(`https://n0.example/more-${n}`, at(500), 'test');
    await store.db.updateTable('articles').set({ outlet: 'Outlet 0' }).where('outlet', 'is', null).execute();
    const first = await (await archive.request('/outlets/Outlet%200')).text();
    expect(first).toContain('59 articles watched.');
    const next = /href="(\/outlets\/Outlet%200\?after=\d+)" rel="next"/.exec(first)![1]!;
    const second = await (await archive.request(next)).text();
    expect(second.match(/<a href="\/articles\/\d+">/g)).toHaveLength(9);
    expect(second).toContain('rel="first"');
    expect(second).not.toContain('rel="next"');
    const list = (await (await archive.request('/api/articles')).json()) as { total: number; next: string };
    expect(list).toMatchObject({ total: 62, next: expect.stringMatching(/^\/api\/articles\?after=\d+$/) as unknown });
    const rest = (await (await archive.request(list.next)).json()) as { articles: unknown[]; next: null };
    expect(rest.articles).toHaveLength(12);
    expect(rest.next).toBeNull();
    expect((await archive.request('/api/articles?after=1')).status).toBe(404);
    expect((await archive.request('/?page=2')).status).toBe(400);
  });
});

onEachStore('the archive search', () => {
  it('finds words of headlines, addresses and outlets, accents folded, longer words by their start', async () => {
    await history('https://news.example/bridge-story', 'Riverside Ledger', [
      'Bridge closes in Zürich',
      'Bridge reopens in Zürich',
    ]);
    await history('https://other.example/cafe', 'Gazette', ['Café owners protest', 'Café owners protest rent']);
    const found = async (q: string) => (await store.archive.changes({ q, limit: 10 })).changes.map((c) => c.url);
    expect(await found('zurich')).toEqual(['https://news.example/bridge-story']);
    expect(await found('Zür')).toEqual(['https://news.example/bridge-story']);
    expect(await found('cafe protest')).toEqual(['https://other.example/cafe']);
    expect(await found('riverside')).toEqual(['https://news.example/bridge-story']); // the outlet
    expect(await found('bridge-story')).toEqual(['https://news.example/bridge-story']); // the address
    expect(await found('bridge cafe')).toEqual([]); // every word must be there
    expect(await found('zu')).toEqual([]); // a short word is found whole only
    // Whatever is typed is words, never the index's syntax.
    for (const q of ['100%', '"', 'NEAR(', 'bridge OR', '*', '-', "o'brien", '^café'])
      await expect(store.archive.changes({ q, limit: 10 }), q).resolves.toBeDefined();
  });

  it(`lists and counts the changes of the newest ${SEARCH_ARTICLES} matching articles, and says more match`, async () => {
    const oldest = await history('https://a.example/marathon-0', 'Gazette', [
      'Marathon route',
      'Marathon route changed',
    ]);
    const rows = Array.from({ length: SEARCH_ARTICLES }, (_, n) => ({
      url: `https://a.example/marathon-${n + 1}`,
      outlet: 'Gazette',
      headline: `Marathon day ${n + 1}`,
      source: 'test',
      added_at: at(10),
      next_check_at: at(10),
    }));
    await store.db.insertInto('articles').values(rows).execute();
    const newest = await history('https://a.example/marathon-new', 'Gazette', ['Marathon ends', 'Marathon ends early']);
    const result = await store.archive.changes({ q: 'marathon', limit: 10 });
    expect(result).toMatchObject({ total: 1, capped: true, next: null });
    expect(result.changes.map((c) => c.changeId)).toEqual(newest.changes);
    expect(oldest.changes).toHaveLength(1);
    // A narrower search reaches it.
    expect((await store.archive.changes({ q: 'marathon route', limit: 10 })).changes.map((c) => c.changeId)).toEqual(
      oldest.changes,
    );
  });
});

onEachStore('the checks table', () => {
  it('keeps 45 days: each check recorded prunes a few older ones, oldest first', async () => {
    const { article: row } = await store.articles.track('https://a.example/1', at(0), 'test');
    const day = 24 * 60;
    const old = Array.from({ length: 20 }, (_, n) => at(-60 * day + n * 60));
    const recent = Array.from({ length: 5 }, (_, n) => at(-44 * day + n * 60));
    await store.db
      .insertInto('checks')
      .values([...old, ...recent].map((when) => ({ article_id: row.id, ...checkRow(when) })))
      .execute();
    await store.checks.record(row.id, check(at(0), 'unchanged'), { nextCheckAt: at(60) });
    const left = async () => (await store.checks.of(row.id)).map((c) => c.at);
    expect(await left()).toEqual([...old.slice(8), ...recent, at(0)]);
    expect(await store.checks.prune(at(0), 100)).toBe(12);
    expect(await left()).toEqual([...recent, at(0)]);
    expect(await store.checks.prune(at(0), 100)).toBe(0);
    expect((await store.checks.last(row.id))!.at).toBe(at(0));
    expect((await store.articles.queueStats(at(0), at(0))).lastCheckAt).toBe(at(0));
  });
});

describe('editwatch list', () => {
  it('shows a page (50, or --limit), newest first, and how to see the next with --after', async () => {
    store = await Store.open(join(dir.path, 'editwatch.sqlite'));
    for (let n = 1; n <= 120; n++) await store.articles.track(`https://news.example/${n}`, at(n), 'test');
    const bin = resolve(import.meta.dirname, '../bin/editwatch.js');
    const list = async (...args: string[]) => {
      const env = { PATH: process.env.PATH, NO_COLOR: '1', EDITWATCH_STATE_DIR: dir.path, LOG_LEVEL: 'silent' };
      const { stdout } = await promisify(execFile)(process.execPath, [bin, 'list', ...args], { env, cwd: dir.path });
      const ids = stdout
        .split('\n')
        .map((l) => /^(\d+)\s+\d+\s/.exec(l)?.[1]) // id, then versions
        .filter((id) => id !== undefined)
        .map(Number);
      return { ids, last: stdout.trim().split('\n').pop() };
    };
    const first = await list();
    expect(first.ids).toEqual(Array.from({ length: 50 }, (_, i) => 120 - i));
    expect(first.last).toBe('50 of 120 articles, newest first; next page: editwatch list --after 71');
    const second = await list('--after', '71', '--limit', '30');
    expect(second.ids).toEqual(Array.from({ length: 30 }, (_, i) => 70 - i));
    expect(second.last).toBe('30 of 120 articles, newest first; next page: editwatch list --after 41 --limit 30');
    const end = await list('--after', '20');
    expect(end.ids).toEqual(Array.from({ length: 19 }, (_, i) => 19 - i));
    expect(end.last).toBe('19 of 120 articles, newest first; the last page');
    const bad = await promisify(execFile)(process.execPath, [bin, 'list', '--limit', '0'], {
      env: { PATH: process.env.PATH, EDITWATCH_STATE_DIR: dir.path },
      cwd: dir.path,
    }).catch((e: { code: number }) => e);
    expect(bad).toMatchObject({ code: 2 });
  });
});

/** A check row as the store writes it. */
function checkRow(when: string) {
  return {
    at: when,
    outcome: 'unchanged' as const,
    http_status: 200,
    error_code: null,
    error_message: null,
    duration_ms: 5,
  };
}
