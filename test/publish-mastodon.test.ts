import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEditedArticle } from './helpers/edited-article.ts';
import { startMastodonServer, type MastodonServer } from './helpers/mastodon-server.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';

let mastodon: MastodonServer;
let article: Awaited<ReturnType<typeof startEditedArticle>>;
let state: ReturnType<typeof tempDir>;

beforeEach(async () => {
  state = tempDir();
  mastodon = await startMastodonServer();
  article = await startEditedArticle();
});
afterEach(async () => {
  await mastodon.close();
  await article.close();
  state.remove();
});

const env = (extra: Record<string, string> = {}) => ({
  MASTODON_URL: mastodon.url,
  MASTODON_TOKEN: mastodon.token,
  EDITWATCH_PUBLISH_BACKOFF_MS: '20',
  ...extra,
});

/** Tracks the article and checks it once: the first version, nothing to post. */
async function tracked(extra: Record<string, string> = {}) {
  const t = await testApp(state.path, env(extra));
  await t.app.store.articles.track(article.url, new Date().toISOString(), 'test');
  const first = await t.app.runCycle({ force: true });
  expect(first.results[0]!.result.outcome).toBe('first-version');
  return t;
}

describe('publishing to Mastodon (the real masto client, a contract-checked server)', () => {
  it('posts each edit once, with its cards and alt text, as one thread per article', async () => {
    const { app, advance } = await tracked({ MASTODON_VISIBILITY: 'unlisted', EDITWATCH_POST_LANGUAGE: 'en' });
    mastodon.setMediaProcessingPolls(1); // the first upload answers 202 and is polled until processed
    for (let i = 0; i < 3; i++) {
      article.edit();
      advance(30);
      const report = await app.runCycle({ force: true });
      expect(report.publish).toEqual({ posted: 1, failed: 0, pending: 0, halted: [] });
      mastodon.setMediaProcessingPolls(0);
    }
    expect(mastodon.violations).toEqual([]);
    const posts = (await app.store.outbox.list()).reverse();
    expect(posts.map((p) => p.state)).toEqual(['posted', 'posted', 'posted']);
    expect(mastodon.statuses.map((s) => s.id)).toEqual(posts.map((p) => p.remote_id));
    // One thread: the first post starts it, each later one answers the one before.
    expect(mastodon.statuses.map((s) => s.inReplyToId)).toEqual([
      null,
      mastodon.statuses[0]!.id,
      mastodon.statuses[1]!.id,
    ]);
    for (const [i, status] of mastodon.statuses.entries()) {
      const post = posts[i]!;
      // The key stored with the post when it was queued, unique to it.
      expect(status).toMatchObject({
        text: post.text,
        visibility: 'unlisted',
        language: 'en',
        idempotencyKey: post.remote_key,
      });
      expect(post.remote_key).toMatch(/^editwatch-[0-9a-f-]{36}$/);
      const images = post.images;
      expect(images.length).toBeGreaterThan(0);
      // Multipart form encoding sends line breaks as CRLF, so the server stores them so.
      expect(
        status.mediaIds
          .map((id) => mastodon.media.get(id))
          .map((m) => ({ alt: m!.description?.replace(/\r\n/g, '\n'), width: m!.width, height: m!.height })),
      ).toEqual(images.map((im) => ({ alt: im.alt, width: im.width, height: im.height })));
      expect(status.text).toContain(article.url);
      expect(post.remote_url).toBe(`${mastodon.url}/@${mastodon.username}/${status.id}`);
    }
    // The upload that was still processing was polled until ready.
    expect(mastodon.requests.find((r) => r.method === 'POST' && r.path === '/api/v2/media')?.status).toBe(202);
    expect(
      mastodon.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/media/')).map((r) => r.status),
    ).toEqual(expect.arrayContaining([206, 200]));
    await app.close();
  });

  it('fits the text to the limit the instance states', async () => {
    mastodon.setMaxCharacters(140);
    const { app, advance } = await tracked();
    article.edit();
    advance(30);
    expect((await app.runCycle({ force: true })).publish.posted).toBe(1);
    const [status] = mastodon.statuses;
    expect([...status!.text.replace(article.url, 'x'.repeat(23))].length).toBeLessThanOrEqual(140);
    expect(status!.text).toMatch(/…”\n/);
    expect(status!.text.endsWith(article.url)).toBe(true);
    expect(mastodon.violations).toEqual([]);
    await app.close();
  });

  it('retries 5xx, 429 (waiting as told), dropped connections and slow answers, and still posts once', async () => {
    const { app, advance } = await tracked({ EDITWATCH_PUBLISH_TIMEOUT_MS: '400' });
    mastodon.fail({ kind: 'status', status: 503, times: 2, path: /^\/api\/v2\/media$/ });
    mastodon.fail({ kind: 'rate-limit', times: 1, retryAfterSeconds: 1, path: /^\/api\/v1\/statuses$/ });
    mastodon.fail({ kind: 'drop-after', times: 1, path: /^\/api\/v1\/statuses$/ });
    mastodon.fail({ kind: 'slow', times: 1, delayMs: 900, path: /^\/api\/v1\/statuses$/ });
    article.edit();
    advance(30);
    const started = Date.now();
    const report = await app.runCycle({ force: true });
    expect(report.publish).toEqual({ posted: 1, failed: 0, pending: 0, halted: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1 was honoured
    const statusCalls = () => mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');
    // The slow request is answered after the client gave up on it.
    await vi.waitFor(() => expect(statusCalls()).toHaveLength(4), { timeout: 3000 });
    // 429; the answer lost (0); the slow one (answered after the client gave up) and its retry.
    expect(statusCalls().map((r) => r.status)).toEqual([429, 0, 200, 200]);
    expect(new Set(statusCalls().map((r) => r.idempotencyKey)).size).toBe(1);
    // The status whose answer was lost, and the slow one, were made once: the same key returns it.
    expect(mastodon.statuses).toHaveLength(1);
    expect(mastodon.violations).toEqual([]);
    await app.close();
  });

  it('stops on a refused token with a clear error, keeps the posts queued, and sends them in order later', async () => {
    const first = await tracked({ MASTODON_TOKEN: 'wrong-token' });
    for (let i = 0; i < 2; i++) {
      article.edit();
      first.advance(30);
      const report = await first.app.runCycle({ force: true });
      expect(report.publish.posted).toBe(0);
      expect(report.publish.halted.map((h) => h.network)).toEqual(['mastodon']);
      expect(report.publish.halted[0]!.reason).toMatch(/HTTP 401: The access token is invalid; check MASTODON_TOKEN/);
    }
    const queued = (await first.app.store.outbox.list()).reverse();
    expect(queued.map((p) => p.state)).toEqual(['pending', 'pending']);
    expect(queued[0]!.last_error).toMatch(/401/);
    expect(mastodon.statuses).toEqual([]);
    await first.app.close();

    const fixed = await testApp(state.path, env());
    const report = await fixed.app.runCycle({ force: true });
    expect(report.publish).toMatchObject({ posted: 2, halted: [] });
    expect(mastodon.statuses.map((s) => s.inReplyToId)).toEqual([null, mastodon.statuses[0]!.id]);
    // Each post's own key, stored when it was queued, on its first try and when sent at last.
    expect(mastodon.statuses.map((s) => s.idempotencyKey)).toEqual(queued.map((p) => p.remote_key));
    expect(new Set(queued.map((p) => p.remote_key)).size).toBe(2);
    expect(mastodon.violations).toEqual([]);
    await fixed.app.close();
  });
});
