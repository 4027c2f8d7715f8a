import { existsSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { diffArticles } from '../src/diff/index.ts';
import type { Article } from '../src/extract/article.ts';
import { BadRowError, contentHash, POST_MOVES, PostMoveError, Store } from '../src/store/index.ts';
import { onEachDatabase } from './helpers/databases.ts';
import { DatabaseMedia } from '../src/store/media.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { checkRecord } from './helpers/check-record.ts';

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
const check = checkRecord;

onEachDatabase('the store', (database) => {
  const open = async () => Store.open(await database.create());

  describe(`Store on a real ${database.name} database`, () => {
    it.runIf(database.name === 'SQLite')('creates the file in WAL mode, and reopens it', async () => {
      const dir = tempDir();
      onTestFinished(() => dir.remove());
      const file = join(dir.path, 'nested', 'editwatch.sqlite');
      const store = await Store.open(file);
      await store.close();
      expect(existsSync(file)).toBe(true);
      const raw = new SQLite(file);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
      const again = await Store.open(file); // migrations are not applied twice
      await again.close();
    });

    it('applies the numbered migrations once, and reopens', async () => {
      const location = await database.create();
      const store = await Store.open(location);
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
      await store.close();
      expect(applied.rows).toEqual([
        { name: '0001_initial' },
        { name: '0002_post_media' },
        { name: '0003_post_remote_refs' },
        { name: '0004_schedule_feeds_requests' },
        { name: '0005_post_extra_links' },
        { name: '0006_article_duplicate_of' },
        { name: '0007_minor_changes' },
        { name: '0008_version_extractor' },
        { name: '0009_request_caps' },
        { name: '0010_outbox_keys' },
        { name: '0011_quiet_observed' },
        { name: '0012_pauses' },
        { name: '0013_bounded_queries' },
        { name: '0014_html_bases' },
        { name: '0015_posts_queue_order' },
        { name: '0016_card_media' },
        { name: '0017_worker_leases' },
      ]);
      const again = await Store.open(location); // migrations are not applied twice
      await again.close();
    });

    it('refuses a state a newer editwatch has migrated further, naming the migration it does not know', async () => {
      const location = await database.create();
      const store = await Store.open(location);
      await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`.execute(
        store.db,
      );
      await store.close();
      await expect(Store.open(location)).rejects.toThrow(/9999_from_the_future/);
    });

    it('tracks, lists and untracks articles, keeping their history', async () => {
      const store = await open();
      const t = '2026-11-25T08:00:00.000Z';
      expect(await store.articles.any()).toBe(false);
      expect((await store.articles.track(article.url, t, 'cli')).created).toBe(true);
      expect(await store.articles.any()).toBe(true);
      expect((await store.articles.track(article.url, t, 'cli')).created).toBe(false);
      const { article: row } = await store.articles.track(article.url, t, 'cli');
      await store.versions.save({
        articleId: row.id,
        check: check(t),
        next: { nextCheckAt: t },
        article,
        html: '<html>v1</html>',
        finalUrl: article.url,
        etag: '"e1"',
        lastModified: null,
      });
      expect(await store.articles.untrack(article.url)).toBe(true);
      expect(await store.articles.untrack(article.url)).toBe(false);
      const [listed] = await store.articles.list();
      expect(listed).toMatchObject({
        url: article.url,
        active: 0,
        retired_reason: 'untracked',
        version_count: 1,
        headline: 'First headline',
        etag: '"e1"',
      });
      expect(await store.articles.claimDue('test', { now: t, until: t }, t, { force: true })).toEqual([]);
      await store.close();
    });

    it('serves due articles most overdue first', async () => {
      const store = await open();
      await store.articles.track('https://a.example/1', '2026-11-25T08:10:00.000Z', 'cli');
      await store.articles.track('https://a.example/2', '2026-11-25T08:00:00.000Z', 'cli');
      await store.articles.track('https://a.example/3', '2026-11-25T09:00:00.000Z', 'cli');
      const t = '2026-11-25T08:30:00.000Z';
      const due = await store.articles.claimDue('test', { now: t, until: t }, t);
      expect(due.map((d) => d.url)).toEqual(['https://a.example/2', 'https://a.example/1']);
      await store.close();
    });

    it.runIf(database.name === 'SQLite')('counts what the caps on requests need from indexes alone', async () => {
      const file = await database.create();
      const store = await Store.open(file);
      const at = (h: number) => `2026-11-25T${String(h).padStart(2, '0')}:00:00.000Z`;
      const request = (n: number, h: number, articleId: number | null) => ({
        network: 'mastodon',
        remote_id: `m${n}`,
        remote_cid: null,
        root_id: null,
        root_cid: null,
        author_id: `a${n}`,
        author_handle: `a${n}`,
        received_at: at(h),
        action: 'track' as const,
        url: null,
        article_id: articleId,
        outcome: articleId ? ('pending' as const) : ('refused' as const),
        reason: null,
        visibility: null,
      });
      const asked = (await store.articles.track('https://a.example/1', at(8), 'request:mastodon:a1')).article;
      await store.articles.track('https://a.example/2', at(8), 'request:bluesky:b.example');
      await store.articles.track('https://a.example/3', at(8), 'feed:https://a.example/rss');
      await store.articles.track('https://a.example/4', at(8), 'request:mastodon:a4');
      await store.articles.untrack('https://a.example/4');
      await store.requests.save(request(1, 6, asked.id)); // before the day counted
      await store.requests.save(request(2, 9, asked.id));
      await store.requests.save(request(3, 10, asked.id));
      await store.requests.save(request(4, 10, null)); // refused before naming an article
      expect(await store.requests.capCounts(at(8))).toEqual({ accepted: 2, requestedArticles: 2 });
      const plans = Object.values(store.requests.capQueries(at(8))).map((q) => q.compile());
      await store.close();
      const raw = new SQLite(file);
      const plan = (q: (typeof plans)[number]) =>
        (raw.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[])
          .map((r) => r.detail)
          .join('; ');
      expect(plans.map(plan)).toEqual([
        expect.stringContaining('USING COVERING INDEX requests_accepted'),
        expect.stringContaining('USING COVERING INDEX articles_source'),
      ]);
      raw.close();
    });

    it('stores a version, its change and its posts in one transaction: all or nothing', async () => {
      const store = await open();
      const t1 = '2026-11-25T08:00:00.000Z';
      const t2 = '2026-11-25T09:00:00.000Z';
      const { article: row } = await store.articles.track(article.url, t1, 'cli');
      const v1 = await store.versions.save({
        articleId: row.id,
        check: check(t1),
        next: { nextCheckAt: t1 },
        article,
        html: '<html>v1</html>',
        finalUrl: article.url,
        etag: null,
        lastModified: null,
      });
      const edited = { ...article, headline: 'Second headline' };
      const diff = diffArticles(article, edited);
      const post = {
        id: 'p1',
        network: 'mastodon',
        text: 'x',
        articleUrl: article.url,
        images: [],
        inReplyTo: null,
        media: null,
      };
      // The same post id twice violates the primary key half-way through: nothing of this version may remain.
      await expect(
        store.versions.save({
          articleId: row.id,
          check: { ...check(t2), outcome: 'new-version' },
          next: { nextCheckAt: t2 },
          article: edited,
          html: '<html>v2</html>',
          finalUrl: article.url,
          etag: null,
          lastModified: null,
          change: { fromVersionId: v1.versionId, diff, posts: [post, post] },
        }),
      ).rejects.toThrow(/UNIQUE constraint failed|duplicate key value violates unique constraint/);
      expect(await store.versions.all(row.id)).toHaveLength(1);
      expect(await store.versions.changes(row.id)).toHaveLength(0);
      expect(await store.checks.of(row.id)).toHaveLength(1);

      const v2 = await store.versions.save({
        articleId: row.id,
        check: { ...check(t2), outcome: 'new-version' },
        next: { nextCheckAt: t2 },
        article: edited,
        html: '<html>v2</html>',
        finalUrl: article.url,
        etag: null,
        lastModified: null,
        change: { fromVersionId: v1.versionId, diff, posts: [post] },
      });
      expect(v2.seq).toBe(2);
      const [change] = await store.versions.changes(row.id);
      expect(change!.diff.summary.headline).toBe(true);
      expect((await store.versions.latest(row.id))!.article.headline).toBe('Second headline');
      expect(await store.outbox.byId('p1')).toMatchObject({
        article_id: row.id,
        network: 'mastodon',
        state: 'pending',
      });
      expect(await store.versions.rawHtml(v2.versionId)).toBe('<html>v2</html>');
      expect((await store.versions.latest(row.id))!.contentHash).toBe(contentHash(edited));
      await store.close();
    });

    it('hashes content only: times and URLs do not make a new version', () => {
      const touched: Article = { ...article, modifiedAt: '2026-01-01T00:00:00.000Z', url: 'https://other.example/' };
      expect(contentHash(touched)).toBe(contentHash(article));
      expect(contentHash({ ...article, paragraphs: [...article.paragraphs, 'More.'] })).not.toBe(contentHash(article));
    });
  });

  describe('the outbox: each post moves only as POST_MOVES allows', () => {
    const t = '2026-11-25T08:00:00.000Z';
    /** A store holding one queued post (p1 on Mastodon) about a change. */
    async function queuedPost(extra: Record<string, unknown> = {}) {
      const store = await open();
      const { article: row } = await store.articles.track(article.url, t, 'cli');
      const v1 = await store.versions.save({
        articleId: row.id,
        check: check(t),
        next: { nextCheckAt: t },
        article,
        html: '<html>v1</html>',
        finalUrl: article.url,
        etag: null,
        lastModified: null,
      });
      const edited = { ...article, headline: 'Second headline' };
      const post = {
        id: 'p1',
        network: 'mastodon',
        text: 'x',
        articleUrl: article.url,
        images: [{ file: 'a.png', alt: 'alt', width: 10, height: 20 }],
        inReplyTo: null,
        media: 'm1',
        extraLinks: ['https://archive.example/articles/1'],
        mention: { handle: 'someone', id: '42' },
        ...extra,
      };
      await store.versions.save({
        articleId: row.id,
        check: { ...check(t), outcome: 'new-version' },
        next: { nextCheckAt: t },
        article: edited,
        html: '<html>v2</html>',
        finalUrl: article.url,
        etag: null,
        lastModified: null,
        change: { fromVersionId: v1.versionId, diff: diffArticles(article, edited), posts: [post] },
      });
      return store;
    }

    it('keeps cards by folder in the database: whole, replaced, removed, and swept only when old and unused', async () => {
      const store = await queuedPost({ media: 'f3' }); // f3's cards are shown by a post; f1's by none
      let now = Date.parse(t);
      const media = new DatabaseMedia(store.db, 'test', () => new Date(now));
      const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, n]);
      await media.put('f1', [
        { name: 'card-1.png', bytes: png(1) },
        { name: 'card-2.png', bytes: png(2) },
      ]);
      await media.put('f1', [{ name: 'card-1.png', bytes: png(3) }]); // a second try replaces the first
      expect(await media.read('f1', 'card-1.png')).toEqual(Buffer.from(png(3)));
      expect(await media.read('f1', 'card-2.png')).toBeNull();
      await media.put('f2', [{ name: 'card-1.png', bytes: png(4) }]);
      await media.remove('f2');
      expect(await media.read('f2', 'card-1.png')).toBeNull();
      await media.put('f3', [{ name: 'card-1.png', bytes: png(5) }]);
      // Neither is swept while another worker may be storing its change.
      expect(await media.sweepUnused()).toBe(0);
      now += 61 * 60_000;
      expect(await media.sweepUnused()).toBe(1);
      expect(await media.read('f1', 'card-1.png')).toBeNull();
      expect(await media.read('f3', 'card-1.png')).toEqual(Buffer.from(png(5)));
      await store.close();
    });

    it('says which moves there are, from which states, to which', () => {
      expect(POST_MOVES).toEqual({
        claim: { from: ['pending', 'sending'], to: 'sending' },
        post: { from: ['sending'], to: 'posted' },
        fail: { from: ['sending'], to: 'failed' },
        release: { from: ['sending'], to: 'pending' },
        requeue: { from: ['failed', 'pending'], to: 'pending' },
        setAside: { from: ['pending', 'sending'], to: 'failed' },
      });
    });

    it('claims, releases, fails, requeues and posts, counting attempts and keeping what each records', async () => {
      const store = await queuedPost();
      const [queued] = await store.outbox.inState('pending');
      // Decoded at the store's edge: the network checked, the JSON columns parsed.
      expect(queued).toMatchObject({
        network: 'mastodon',
        images: [{ file: 'a.png', alt: 'alt', width: 10, height: 20 }],
        mention: { handle: 'someone', id: '42' },
        extra_links: ['https://archive.example/articles/1'],
        remote_media: [],
      });
      const claimed = await store.outbox.claim(queued!, t);
      expect(claimed).toMatchObject({ state: 'sending', attempts: 1, remote_key: queued!.remote_key });
      // Of two claims from the same reading, the second finds the post moved on.
      expect(await store.outbox.claim(queued!, t)).toBeUndefined();
      await store.outbox.addUploads('p1', ['m-1']);
      await store.outbox.addUploads('p1', ['m-1', 'm-2']);
      expect(await store.outbox.transition('p1', 'release', t, { error: 'rate limited' })).toMatchObject({
        state: 'pending',
        attempts: 1,
        last_error: 'rate limited',
        remote_media: ['m-1', 'm-2'],
      });
      const again = await store.outbox.claim((await store.outbox.byId('p1'))!, t);
      expect(again).toMatchObject({ state: 'sending', attempts: 2 });
      expect(await store.outbox.transition('p1', 'fail', t, { error: 'rejected' })).toMatchObject({
        state: 'failed',
        attempts: 2,
        last_error: 'rejected',
      });
      expect(await store.outbox.transition('p1', 'requeue', t)).toMatchObject({
        state: 'pending',
        attempts: 0,
        last_error: null,
      });
      await store.outbox.claim((await store.outbox.byId('p1'))!, t);
      expect(
        await store.outbox.transition('p1', 'post', t, {
          remoteId: '9',
          remoteUrl: 'https://m.example/9',
          remoteCid: null,
          error: null,
        }),
      ).toMatchObject({ state: 'posted', attempts: 1, remote_id: '9', remote_url: 'https://m.example/9' });
      expect(await store.outbox.countByState()).toEqual({ pending: 0, sending: 0, posted: 1, failed: 0 });
      await store.close();
    });

    it('refuses a move the table does not allow, saying why, and changes nothing', async () => {
      const store = await queuedPost();
      await expect(store.outbox.transition('p1', 'post', t)).rejects.toThrow(
        new PostMoveError('p1', 'post', 'pending'),
      );
      await expect(store.outbox.transition('p1', 'fail', t)).rejects.toThrow(
        'post p1 is pending: "fail" moves a post from sending to failed, not from pending',
      );
      await store.outbox.claim((await store.outbox.byId('p1'))!, t);
      await store.outbox.transition('p1', 'post', t, { remoteId: '9' });
      for (const move of ['claim', 'post', 'fail', 'release', 'requeue'] as const)
        await expect(store.outbox.transition('p1', move, t)).rejects.toBeInstanceOf(PostMoveError);
      // A claim from a reading the table refuses is refused before any write.
      const posted = (await store.outbox.byId('p1'))!;
      await expect(store.outbox.claim(posted, t)).rejects.toThrow(
        'post p1 is posted: "claim" moves a post from pending or sending to sending, not from posted',
      );
      expect(await store.outbox.byId('p1')).toMatchObject({ state: 'posted', attempts: 1, remote_id: '9' });
      await expect(store.outbox.transition('nope', 'requeue', t)).rejects.toThrow('no post "nope" in the outbox');
      await store.close();
    });

    it('refuses a row that does not hold what its table promises, naming it', async () => {
      const store = await queuedPost({ network: 'myspace' });
      await expect(store.outbox.inState('pending')).rejects.toThrow(
        new BadRowError('posts', 'p1', 'network', '"myspace" is none editwatch knows (mastodon, bluesky)'),
      );
      await store.db.updateTable('posts').set({ network: 'mastodon', images: '[{"file": "a.p' }).execute();
      await expect(store.outbox.byId('p1')).rejects.toThrow(/^the posts row "p1" has a bad images: not JSON/);
      await store.db.updateTable('posts').set({ images: '{}' }).execute();
      await expect(store.outbox.list()).rejects.toBeInstanceOf(BadRowError);
      await store.close();
    });

    it('sends past a post it cannot read: that one is set aside as failed, saying why, and the others go out', async () => {
      const store = await queuedPost();
      const bad = {
        id: 'p0',
        network: 'mastodon',
        text: 'y',
        articleUrl: article.url,
        images: [],
        inReplyTo: null,
        media: null,
      };
      const { article: other } = await store.articles.track('https://news.example/b', t, 'cli');
      const v1 = await store.versions.save({
        articleId: other.id,
        check: check(t),
        next: { nextCheckAt: t },
        article,
        html: '<html>b1</html>',
        finalUrl: 'https://news.example/b',
        etag: null,
        lastModified: null,
      });
      const edited = { ...article, headline: 'Third headline' };
      await store.versions.save({
        articleId: other.id,
        check: { ...check(t), outcome: 'new-version' },
        next: { nextCheckAt: t },
        article: edited,
        html: '<html>b2</html>',
        finalUrl: 'https://news.example/b',
        etag: null,
        lastModified: null,
        change: { fromVersionId: v1.versionId, diff: diffArticles(article, edited), posts: [bad] },
      });
      await store.db.updateTable('posts').set({ images: '[{"file": "a.p' }).where('id', '=', 'p0').execute();
      const { posts, setAside } = await store.outbox.toSend(t);
      expect(posts.map((p) => p.id)).toEqual(['p1']);
      expect(setAside).toEqual([
        {
          id: 'p0',
          network: 'mastodon',
          error: expect.stringMatching(/^the posts row "p0" has a bad images: not JSON/) as string,
        },
      ]);
      const row = await store.db
        .selectFrom('posts')
        .select(['state', 'last_error'])
        .where('id', '=', 'p0')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ state: 'failed', last_error: setAside[0]!.error });
      // Set aside once: the next reading of the outbox no longer meets it.
      expect((await store.outbox.toSend(t)).setAside).toEqual([]);
      await store.close();
    });
  });
});
