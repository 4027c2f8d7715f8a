import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffArticles } from '../src/diff/index.ts';
import type { Article } from '../src/extract/article.ts';
import { migrationProvider } from '../src/store/migrations/index.ts';
import { Store } from '../src/store/index.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { checkRecord } from './helpers/check-record.ts';

const article: Article = {
  url: 'https://news.example/a',
  canonicalUrl: null,
  outlet: 'Example News',
  headline: 'First',
  standfirst: null,
  byline: null,
  publishedAt: null,
  modifiedAt: null,
  paragraphs: ['One paragraph.'],
};
const check = (at: string) => checkRecord(at, 'new-version');
const TID = /^[2-7a-z]{13}$/;
const MASTODON_KEY = /^editwatch-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

/** A post of each network for a change. */
async function queued(store: Store) {
  const t1 = '2026-11-25T08:00:00.000Z';
  const { article: row } = await store.articles.track(article.url, t1, 'cli');
  const v1 = await store.versions.save({
    articleId: row.id,
    check: check(t1),
    next: { nextCheckAt: t1 },
    article,
    html: '<p>1</p>',
    finalUrl: article.url,
    etag: null,
    lastModified: null,
  });
  const edited = { ...article, headline: 'Second' };
  const post = (network: string) => ({
    id: `p-${network}`,
    network,
    text: 'x',
    articleUrl: article.url,
    images: [],
    inReplyTo: null,
    media: null,
  });
  await store.versions.save({
    articleId: row.id,
    check: check(t1),
    next: { nextCheckAt: t1 },
    article: edited,
    html: '<p>2</p>',
    finalUrl: article.url,
    etag: null,
    lastModified: null,
    change: {
      fromVersionId: v1.versionId,
      diff: diffArticles(article, edited),
      posts: [post('mastodon'), post('bluesky')],
    },
  });
  return (await store.outbox.list()).sort((a, b) => a.id.localeCompare(b.id));
}

describe('each post has its key from the moment it is queued', () => {
  it('edits and answers to requests alike: a TID on Bluesky, a random Idempotency-Key on Mastodon', async () => {
    const store = await Store.open(join(dir.path, 'db.sqlite'));
    const [bluesky, mastodon] = await queued(store);
    expect(bluesky!.remote_key).toMatch(TID);
    expect(mastodon!.remote_key).toMatch(MASTODON_KEY);
    const at = '2026-11-25T09:00:00.000Z';
    const request = {
      network: 'mastodon',
      remote_id: 'm1',
      remote_cid: null,
      root_id: null,
      root_cid: null,
      author_id: 'a1',
      author_handle: 'a1',
      received_at: at,
      action: 'track' as const,
      url: null,
      article_id: null,
      outcome: 'refused' as const,
      reason: 'no',
      visibility: null,
    };
    await store.requests.save(request, (id) => ({
      id: `reply-${id}`,
      kind: 'refusal',
      network: 'mastodon',
      articleId: null,
      thread: `request:${id}`,
      text: 'no',
      articleUrl: '',
      inReplyTo: null,
      replyTo: { root: { id: 'm1', cid: null }, parent: { id: 'm1', cid: null } },
      mention: null,
      visibility: null,
    }));
    const reply = (await store.outbox.list()).find((p) => p.id.startsWith('reply-'))!;
    expect(reply.remote_key).toMatch(MASTODON_KEY);
    expect(reply.remote_key).not.toBe(mastodon!.remote_key);
    await store.close();
  });

  it('of two processes that read the same post, one claims it; the claim keeps the key', async () => {
    const first = await Store.open(join(dir.path, 'db.sqlite'));
    const second = await Store.open(join(dir.path, 'db.sqlite'));
    const [seen] = await queued(first);
    const now = '2026-11-25T09:00:00.000Z';
    const claims = await Promise.all([first.outbox.claim(seen!, now), second.outbox.claim(seen!, now)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)).toMatchObject({ state: 'sending', attempts: 1, remote_key: seen!.remote_key });
    await first.close();
    await second.close();
  });

  it('a database from before keys were stored gets one for each post not yet sent, and keeps the ones it has', async () => {
    const file = join(dir.path, 'db.sqlite');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
    await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateTo('0009_request_caps');
    await db.destroy();
    const raw = new SQLite(file);
    const insert = raw.prepare(
      "insert into posts (id, network, state, text, article_url, images, created_at, updated_at, attempts, remote_key) values (?, ?, ?, 'x', '', '[]', '2026-11-25T08:00:00.000Z', '2026-11-25T08:00:00.000Z', ?, ?)",
    );
    insert.run('pending-bluesky', 'bluesky', 'pending', 0, null);
    insert.run('pending-mastodon', 'mastodon', 'pending', 0, null);
    insert.run('tried-mastodon', 'mastodon', 'sending', 1, 'editwatch-tried-mastodon');
    insert.run('posted-bluesky', 'bluesky', 'posted', 1, null);
    raw.close();
    const store = await Store.open(file);
    const keys = Object.fromEntries((await store.outbox.list()).map((p) => [p.id, p.remote_key]));
    await store.close();
    expect(keys['pending-bluesky']).toMatch(TID);
    expect(keys['pending-mastodon']).toMatch(MASTODON_KEY);
    expect(keys['tried-mastodon']).toBe('editwatch-tried-mastodon');
    expect(keys['posted-bluesky']).toBeNull();
  });
});
