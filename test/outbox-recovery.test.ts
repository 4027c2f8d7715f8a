import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { Store, type PostRow } from '../src/store/index.ts';
import { LocalBluesky, type BlueskyAccount } from './helpers/bluesky-network.ts';
import { cycleInChild } from './helpers/child-cycle.ts';
import { startEditedArticle } from './helpers/edited-article.ts';
import { startMastodonServer, type MastodonServer } from './helpers/mastodon-server.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';

// A post tried before (a crash, a lost answer) is found on its network only by what identifies it alone:
// Bluesky by its record key, Mastodon by the images uploaded for it; never by a look-alike.

let article: Awaited<ReturnType<typeof startEditedArticle>>;
let states: ReturnType<typeof tempDir>[] = [];
const newState = () => {
  const s = tempDir();
  states.push(s);
  return s.path;
};
beforeEach(async () => {
  article = await startEditedArticle();
});
afterEach(async () => {
  await article.close();
  for (const s of states) s.remove();
  states = [];
});

async function posts(stateDir: string): Promise<PostRow[]> {
  const store = await Store.open(join(stateDir, 'editwatch.sqlite'));
  try {
    return (await store.outbox.list()).reverse();
  } finally {
    await store.close();
  }
}

async function track(stateDir: string): Promise<void> {
  const store = await Store.open(join(stateDir, 'editwatch.sqlite'));
  await store.articles.track(article.url, new Date().toISOString(), 'test');
  await store.close();
}

describe('Mastodon: a status from another state on the same account is never taken for ours', () => {
  let mastodon: MastodonServer;
  beforeEach(async () => {
    mastodon = await startMastodonServer();
  });
  afterEach(() => mastodon.close());
  const env = (extra: Record<string, string> = {}) => ({
    MASTODON_URL: mastodon.url,
    MASTODON_TOKEN: mastodon.token,
    EDITWATCH_PUBLISH_BACKOFF_MS: '20',
    ...extra,
  });

  it('a post tried before with nothing of its own on the server is sent again under its key, beside a look-alike', async () => {
    // Two state directories, one account, the same article, the same clock: the same post text.
    const [a, b] = [newState(), newState()];
    const refused = await testApp(a, env({ MASTODON_TOKEN: 'revoked' }));
    const other = await testApp(b, env());
    for (const t of [refused, other]) {
      await t.app.store.articles.track(article.url, new Date().toISOString(), 'test');
      expect((await t.app.runCycle({ force: true })).results[0]!.result.outcome).toBe('first-version');
    }
    article.edit();
    refused.advance(30);
    other.advance(30);
    expect((await refused.app.runCycle({ force: true })).publish.halted).toHaveLength(1);
    await refused.app.close();
    expect((await other.app.runCycle({ force: true })).publish.posted).toBe(1);
    await other.app.close();
    const [lookAlike] = mastodon.statuses;
    const [ours] = await posts(a);
    expect(ours).toMatchObject({ state: 'pending', attempts: 1, remote_media: [] }); // no upload recorded
    expect(lookAlike!.text).toBe(ours!.text); // the same link, the same place (a new thread), the same words

    const fixed = await testApp(a, env());
    expect((await fixed.app.runCycle({ force: true })).publish).toMatchObject({ posted: 1, failed: 0 });
    await fixed.app.close();
    const [sent] = await posts(a);
    const own = mastodon.statuses.find((s) => s.idempotencyKey === sent!.remote_key)!;
    expect(mastodon.statuses).toHaveLength(2);
    expect(sent!.remote_id).toBe(own.id);
    expect(sent!.remote_id).not.toBe(lookAlike!.id);
    expect(mastodon.violations).toEqual([]);
  });

  it('after a crash once its status was made, a post is found by its own images, not by a newer look-alike', async () => {
    const [a, b] = [newState(), newState()];
    const childEnv = { MASTODON_URL: mastodon.url, MASTODON_TOKEN: mastodon.token };
    for (const s of [a, b]) {
      await track(s);
      expect((await cycleInChild(s, childEnv)).code).toBe(0);
    }
    article.edit();
    const crashed = await cycleInChild(a, childEnv, 'mastodon:status-created');
    expect(crashed.signal).toBe('SIGKILL');
    const [lost] = await posts(a);
    expect(lost).toMatchObject({ state: 'sending', remote_id: null });
    const own = mastodon.statuses.find((s) => s.idempotencyKey === lost!.remote_key)!;
    expect(lost!.remote_media).toEqual(own.mediaIds);
    // Another state on the same account posts the same edit: newer, same link, also a thread's start.
    expect((await cycleInChild(b, childEnv)).code).toBe(0);
    const lookAlike = mastodon.statuses.at(-1)!;
    expect(lookAlike).toMatchObject({ inReplyToId: null });
    expect(lookAlike.id).not.toBe(own.id);

    const restarted = await cycleInChild(a, childEnv);
    expect(restarted.code, restarted.stderr).toBe(0);
    const [found] = await posts(a);
    expect(found).toMatchObject({ state: 'posted', remote_id: own.id });
    expect(mastodon.statuses).toHaveLength(2);
    expect(mastodon.violations).toEqual([]);
  }, 360_000);
});

describe('Bluesky: two processes resuming the same post make one record', () => {
  let bluesky: LocalBluesky;
  let bot: BlueskyAccount;
  beforeAll(async () => {
    bluesky = await LocalBluesky.pdsOnly();
    bot = await bluesky.createAccount('editwatch');
  });
  afterAll(() => bluesky.close());

  const records = async () =>
    (await bot.agent.com.atproto.repo.listRecords({ repo: bot.did, collection: 'app.bsky.feed.post', limit: 100 })).data
      .records;

  it('a pending post and a post left in sending by a crash, each resumed by two processes at once', async () => {
    const s = newState();
    const env = { BSKY_SERVICE: bluesky.pdsUrl, BSKY_HANDLE: bot.handle, BSKY_APP_PASSWORD: bot.appPassword };
    await track(s);
    expect((await cycleInChild(s, env)).code).toBe(0);

    // A post queued and never tried: its record key was stored with it, so both processes use that one.
    article.edit();
    expect((await cycleInChild(s, env, 'bluesky:marked-sending')).signal).toBe('SIGKILL');
    const db = new SQLite(join(s, 'editwatch.sqlite'));
    db.prepare("update posts set state = 'pending', attempts = 0 where state = 'sending'").run();
    db.close();
    const [queued] = await posts(s);
    expect(queued!.remote_key).toMatch(/^[2-7a-z]{13}$/);
    const both = await Promise.all([cycleInChild(s, env), cycleInChild(s, env)]);
    expect(
      both.map((r) => r.code),
      both.map((r) => r.stderr).join('\n'),
    ).toEqual([0, 0]);
    let recs = await records();
    expect(recs.map((r) => r.uri.split('/').pop())).toEqual([queued!.remote_key]);
    expect((await posts(s))[0]).toMatchObject({ state: 'posted', remote_id: recs[0]!.uri });

    // A post whose record was made before the process died, resumed by two processes at once.
    article.edit();
    expect((await cycleInChild(s, env, 'bluesky:record-created')).signal).toBe('SIGKILL');
    const lost = (await posts(s))[1]!;
    expect(lost.state).toBe('sending');
    const again = await Promise.all([cycleInChild(s, env), cycleInChild(s, env)]);
    expect(
      again.map((r) => r.code),
      again.map((r) => r.stderr).join('\n'),
    ).toEqual([0, 0]);
    recs = await records();
    expect(recs.map((r) => r.uri.split('/').pop()).sort()).toEqual([queued!.remote_key, lost.remote_key].sort());
    expect((await posts(s)).map((p) => p.state)).toEqual(['posted', 'posted']);
  }, 480_000);
});
