import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppBskyFeedPost } from '@atproto/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalBluesky, type BlueskyAccount } from './helpers/bluesky-network.ts';
import { startEditedArticle } from './helpers/edited-article.ts';
import { startFaultyProxy, type FaultyProxy } from './helpers/faulty-proxy.ts';
import { startMastodonServer } from './helpers/mastodon-server.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';

let bluesky: LocalBluesky;
let article: Awaited<ReturnType<typeof startEditedArticle>>;
let state: ReturnType<typeof tempDir>;
let proxy: FaultyProxy;
let bot: BlueskyAccount;
let accounts = 0;

beforeAll(async () => {
  bluesky = await LocalBluesky.pdsOnly();
});
afterAll(() => bluesky.close());

beforeEach(async () => {
  state = tempDir();
  article = await startEditedArticle();
  // A fresh bot account per test, reached through a proxy that can be told to fail.
  bot = await bluesky.createAccount(`editwatch${++accounts}`);
  proxy = await startFaultyProxy(bluesky.pdsUrl);
  await bluesky.setPdsEndpoint(bot.did, proxy.url);
});
afterEach(async () => {
  await proxy.close();
  await article.close();
  state.remove();
});

const env = (extra: Record<string, string> = {}) => ({
  BSKY_SERVICE: proxy.url,
  BSKY_HANDLE: bot.handle,
  BSKY_APP_PASSWORD: bot.appPassword,
  EDITWATCH_PUBLISH_BACKOFF_MS: '20',
  ...extra,
});

async function tracked(extra: Record<string, string> = {}) {
  const t = await testApp(state.path, env(extra));
  await t.app.store.articles.track(article.url, new Date().toISOString(), 'test');
  expect((await t.app.runCycle({ force: true })).results[0]!.result.outcome).toBe('first-version');
  return t;
}

/** The bot's post records, oldest first, read back from the PDS. */
async function records(): Promise<{ uri: string; cid: string; value: AppBskyFeedPost.Record }[]> {
  const res = await bot.agent.com.atproto.repo.listRecords({
    repo: bot.did,
    collection: 'app.bsky.feed.post',
    limit: 100,
  });
  return res.data.records.map((r) => ({ uri: r.uri, cid: r.cid, value: r.value as AppBskyFeedPost.Record })).reverse();
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('publishing to Bluesky (the real @atproto/api client, a real local PDS)', () => {
  it('posts each edit once with its cards, alt text, aspect ratios and a link facet, threaded by root and parent', async () => {
    const { app, advance } = await tracked({ EDITWATCH_POST_LANGUAGE: 'en' });
    for (let i = 0; i < 3; i++) {
      article.edit();
      advance(30);
      expect((await app.runCycle({ force: true })).publish).toEqual({ posted: 1, failed: 0, pending: 0, halted: [] });
    }
    const posts = (await app.store.outbox.list()).reverse();
    const recs = await records();
    expect(recs.map((r) => r.uri)).toEqual(posts.map((p) => p.remote_id));
    expect(recs.map((r) => r.cid)).toEqual(posts.map((p) => p.remote_cid));
    // The record keys are the ones chosen before sending.
    expect(recs.map((r) => r.uri.split('/').pop())).toEqual(posts.map((p) => p.remote_key));
    const ref = (r: (typeof recs)[number]) => ({ uri: r.uri, cid: r.cid });
    expect(recs.map((r) => r.value.reply ?? null)).toEqual([
      null,
      { root: ref(recs[0]!), parent: ref(recs[0]!) },
      { root: ref(recs[0]!), parent: ref(recs[1]!) },
    ]);
    for (const [i, rec] of recs.entries()) {
      const post = posts[i]!;
      expect(rec.value.text).toBe(post.text);
      expect(rec.value.langs).toEqual(['en']);
      expect([...new Intl.Segmenter().segment(rec.value.text)].length).toBeLessThanOrEqual(300);
      // The link: shown short, linked in full, its byte range (not character range) over the short form.
      const [facet] = rec.value.facets ?? [];
      expect(facet!.features).toEqual([{ $type: 'app.bsky.richtext.facet#link', uri: article.url }]);
      const shown = utf8(rec.value.text).subarray(facet!.index.byteStart, facet!.index.byteEnd).toString('utf8');
      expect(shown).toBe(article.url.replace(/^http:\/\//, ''));
      expect(rec.value.text.slice(0, rec.value.text.indexOf(shown))).toMatch(/\P{ASCII}/u); // non-ASCII before it
      expect(facet!.index.byteStart).toBeGreaterThan(rec.value.text.indexOf(shown));
      const images = post.images;
      const embed = rec.value.embed as {
        $type: string;
        images: { alt: string; aspectRatio: { width: number; height: number }; image: { mimeType: string } }[];
      };
      expect(embed.$type).toBe('app.bsky.embed.images');
      expect(
        embed.images.map((im) => ({
          alt: im.alt,
          width: im.aspectRatio.width,
          height: im.aspectRatio.height,
          type: im.image.mimeType,
        })),
      ).toEqual(images.map((im) => ({ alt: im.alt, width: im.width, height: im.height, type: 'image/png' })));
    }
    await app.close();
  });

  it('keeps the session in state/ (not the app password) and resumes it after a restart instead of logging in', async () => {
    const first = await tracked();
    article.edit();
    first.advance(30);
    await first.app.runCycle({ force: true });
    await first.app.close();
    const file = join(state.path, 'bluesky-session.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = readFileSync(file, 'utf8');
    expect(saved).toContain('refreshJwt');
    expect(saved).not.toContain(bot.appPassword);
    const logins = () =>
      proxy.requests.filter((r) => r.path.startsWith('/xrpc/com.atproto.server.createSession')).length;
    expect(logins()).toBe(1);

    const second = await testApp(state.path, env());
    article.edit();
    second.advance(60);
    expect((await second.app.runCycle({ force: true })).publish.posted).toBe(1);
    expect(logins()).toBe(1);
    expect(await records()).toHaveLength(2);
    await second.app.close();
  });

  it('retries 5xx, 429 (waiting for the rate-limit reset) and a lost answer, and still posts once', async () => {
    const { app, advance } = await tracked();
    proxy.fail({ kind: 'status', status: 503, times: 2, path: /uploadBlob$/ });
    proxy.fail({ kind: 'rate-limit', times: 1, resetInSeconds: 1, path: /createRecord$/ });
    proxy.fail({ kind: 'drop-after', times: 1, path: /createRecord$/ });
    article.edit();
    advance(30);
    const started = Date.now();
    expect((await app.runCycle({ force: true })).publish).toEqual({ posted: 1, failed: 0, pending: 0, halted: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const creates = proxy.requests.filter((r) => r.path.endsWith('createRecord'));
    expect(creates.map((r) => r.status)).toEqual([429, 0]);
    expect(
      proxy.requests
        .filter((r) => r.path.endsWith('uploadBlob'))
        .map((r) => r.status)
        .slice(0, 3),
    ).toEqual([503, 503, 200]);
    // The record made by the try whose answer was lost is the post; it was found, not made again.
    expect(await records()).toHaveLength(1);
    await app.close();
  });

  it('stops Bluesky on a refused app password, keeps its posts queued, and Mastodon still posts', async () => {
    const mastodon = await startMastodonServer();
    try {
      const { app, advance } = await tracked({
        BSKY_APP_PASSWORD: 'xxxx-xxxx-xxxx-xxxx',
        MASTODON_URL: mastodon.url,
        MASTODON_TOKEN: mastodon.token,
      });
      article.edit();
      advance(30);
      const report = await app.runCycle({ force: true });
      expect(report.publish).toMatchObject({ posted: 1, failed: 0, pending: 1 });
      expect(report.publish.halted.map((h) => h.network)).toEqual(['bluesky']);
      expect(report.publish.halted[0]!.reason).toMatch(
        /HTTP 401 AuthenticationRequired: Invalid identifier or password; check BSKY_HANDLE and BSKY_APP_PASSWORD/,
      );
      expect(mastodon.statuses).toHaveLength(1);
      const bskyPost = (await app.store.outbox.list()).find((p) => p.network === 'bluesky')!;
      expect(bskyPost).toMatchObject({
        state: 'pending',
        last_error: expect.stringMatching(/Invalid identifier or password/) as unknown,
      });
      expect(await records()).toEqual([]);
      await app.close();
    } finally {
      await mastodon.close();
    }
  });
});
