import { existsSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffArticles } from '../src/diff/index.ts';
import type { Article } from '../src/extract/article.ts';
import { contentHash, Store, type CheckRecord } from '../src/store/index.ts';
import { tempDir } from './helpers/temp-dir.ts';

const article: Article = {
  url: 'https://news.example/a',
  canonicalUrl: null,
  outlet: 'Example News',
  headline: 'First headline',
  standfirst: null,
  byline: 'A. Writer',
  publishedAt: null,
  modifiedAt: null,
  paragraphs: ['One paragraph of text.', 'Another paragraph of text.'],
};
const check = (at: string): CheckRecord => ({ at, outcome: 'first-version', httpStatus: 200, errorCode: null, errorMessage: null, durationMs: 12 });

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('Store on a real SQLite file', () => {
  it('creates the file in WAL mode with the numbered migrations applied, and reopens it', async () => {
    const file = join(dir.path, 'nested', 'editwatch.sqlite');
    const store = await Store.open(file);
    await store.close();
    expect(existsSync(file)).toBe(true);
    const raw = new SQLite(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('select name from kysely_migration order by name').all()).toEqual([{ name: '0001_initial' }, { name: '0002_post_media' }, { name: '0003_post_remote_refs' }, { name: '0004_schedule_feeds_requests' }, { name: '0005_post_extra_links' }, { name: '0006_article_duplicate_of' }, { name: '0007_minor_changes' }, { name: '0008_version_extractor' }, { name: '0009_request_caps' }, { name: '0010_outbox_keys' }, { name: '0011_quiet_observed' }, { name: '0012_pauses' }]);
    raw.close();
    const again = await Store.open(file); // migrations are not applied twice
    await again.close();
  });

  it('tracks, lists and untracks articles, keeping their history', async () => {
    const store = await Store.open(join(dir.path, 'db.sqlite'));
    const t = '2026-11-25T08:00:00.000Z';
    expect((await store.trackArticle(article.url, t, 'cli')).created).toBe(true);
    expect((await store.trackArticle(article.url, t, 'cli')).created).toBe(false);
    const { article: row } = await store.trackArticle(article.url, t, 'cli');
    await store.saveVersion({ articleId: row.id, check: check(t), next: { nextCheckAt: t }, article, html: '<html>v1</html>', finalUrl: article.url, etag: '"e1"', lastModified: null });
    expect(await store.untrackArticle(article.url)).toBe(true);
    expect(await store.untrackArticle(article.url)).toBe(false);
    const [listed] = await store.listArticles();
    expect(listed).toMatchObject({ url: article.url, active: 0, retired_reason: 'untracked', version_count: 1, headline: 'First headline', etag: '"e1"' });
    expect(await store.dueArticles(t, { force: true })).toEqual([]);
    await store.close();
  });

  it('serves due articles most overdue first', async () => {
    const store = await Store.open(join(dir.path, 'db.sqlite'));
    await store.trackArticle('https://a.example/1', '2026-11-25T08:10:00.000Z', 'cli');
    await store.trackArticle('https://a.example/2', '2026-11-25T08:00:00.000Z', 'cli');
    await store.trackArticle('https://a.example/3', '2026-11-25T09:00:00.000Z', 'cli');
    const due = await store.dueArticles('2026-11-25T08:30:00.000Z');
    expect(due.map((d) => d.url)).toEqual(['https://a.example/2', 'https://a.example/1']);
    await store.close();
  });

  it('counts what the caps on requests need from indexes alone', async () => {
    const file = join(dir.path, 'db.sqlite');
    const store = await Store.open(file);
    const at = (h: number) => `2026-11-25T${String(h).padStart(2, '0')}:00:00.000Z`;
    const request = (n: number, h: number, articleId: number | null) => ({ network: 'mastodon', remote_id: `m${n}`, remote_cid: null, root_id: null, root_cid: null, author_id: `a${n}`, author_handle: `a${n}`, received_at: at(h), action: 'track' as const, url: null, article_id: articleId, outcome: articleId ? ('pending' as const) : ('refused' as const), reason: null, visibility: null });
    const asked = (await store.trackArticle('https://a.example/1', at(8), 'request:mastodon:a1')).article;
    await store.trackArticle('https://a.example/2', at(8), 'request:bluesky:b.example');
    await store.trackArticle('https://a.example/3', at(8), 'feed:https://a.example/rss');
    await store.trackArticle('https://a.example/4', at(8), 'request:mastodon:a4');
    await store.untrackArticle('https://a.example/4');
    await store.saveRequest(request(1, 6, asked.id)); // before the day counted
    await store.saveRequest(request(2, 9, asked.id));
    await store.saveRequest(request(3, 10, asked.id));
    await store.saveRequest(request(4, 10, null)); // refused before naming an article
    expect(await store.requestCapCounts(at(8))).toEqual({ accepted: 2, requestedArticles: 2 });
    const plans = Object.values(store.requestCapQueries(at(8))).map((q) => q.compile());
    await store.close();
    const raw = new SQLite(file);
    const plan = (q: (typeof plans)[number]) => (raw.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plans.map(plan)).toEqual([expect.stringContaining('USING COVERING INDEX requests_accepted'), expect.stringContaining('USING COVERING INDEX articles_source')]);
    raw.close();
  });

  it('stores a version, its change and its posts in one transaction: all or nothing', async () => {
    const store = await Store.open(join(dir.path, 'db.sqlite'));
    const t1 = '2026-11-25T08:00:00.000Z';
    const t2 = '2026-11-25T09:00:00.000Z';
    const { article: row } = await store.trackArticle(article.url, t1, 'cli');
    const v1 = await store.saveVersion({ articleId: row.id, check: check(t1), next: { nextCheckAt: t1 }, article, html: '<html>v1</html>', finalUrl: article.url, etag: null, lastModified: null });
    const edited = { ...article, headline: 'Second headline' };
    const diff = diffArticles(article, edited);
    const post = { id: 'p1', network: 'mastodon', text: 'x', articleUrl: article.url, images: [], inReplyTo: null, media: null };
    // The same post id twice violates the primary key half-way through: nothing of this version may remain.
    await expect(
      store.saveVersion({ articleId: row.id, check: { ...check(t2), outcome: 'new-version' }, next: { nextCheckAt: t2 }, article: edited, html: '<html>v2</html>', finalUrl: article.url, etag: null, lastModified: null, change: { fromVersionId: v1.versionId, diff, posts: [post, post] } }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await store.versions(row.id)).toHaveLength(1);
    expect(await store.changes(row.id)).toHaveLength(0);
    expect(await store.checksFor(row.id)).toHaveLength(1);

    const v2 = await store.saveVersion({ articleId: row.id, check: { ...check(t2), outcome: 'new-version' }, next: { nextCheckAt: t2 }, article: edited, html: '<html>v2</html>', finalUrl: article.url, etag: null, lastModified: null, change: { fromVersionId: v1.versionId, diff, posts: [post] } });
    expect(v2.seq).toBe(2);
    const [change] = await store.changes(row.id);
    expect(change!.diff.summary.headline).toBe(true);
    expect((await store.latestVersion(row.id))!.article.headline).toBe('Second headline');
    expect((await store.latestPost(row.id, 'mastodon'))!.id).toBe('p1');
    expect(await store.rawHtml(v2.versionId)).toBe('<html>v2</html>');
    expect((await store.latestVersion(row.id))!.contentHash).toBe(contentHash(edited));
    await store.close();
  });

  it('hashes content only: times and URLs do not make a new version', () => {
    const touched: Article = { ...article, modifiedAt: '2026-01-01T00:00:00.000Z', url: 'https://other.example/' };
    expect(contentHash(touched)).toBe(contentHash(article));
    expect(contentHash({ ...article, paragraphs: [...article.paragraphs, 'More.'] })).not.toBe(contentHash(article));
  });
});
