import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/index.ts';
import { LocalBluesky, type BlueskyAccount } from './helpers/bluesky-network.ts';
import { cycleInChild } from './helpers/child-cycle.ts';
import { startEditedArticle } from './helpers/edited-article.ts';
import { startMastodonServer, type MastodonServer } from './helpers/mastodon-server.ts';
import { tempDir } from './helpers/temp-dir.ts';

let bluesky: LocalBluesky;
let bot: BlueskyAccount;
let mastodon: MastodonServer;
let article: Awaited<ReturnType<typeof startEditedArticle>>;
let state: ReturnType<typeof tempDir>;

beforeAll(async () => {
  state = tempDir();
  bluesky = await LocalBluesky.pdsOnly();
  bot = await bluesky.createAccount('editwatch');
  mastodon = await startMastodonServer();
  article = await startEditedArticle();
});
afterAll(async () => {
  await article.close();
  await mastodon.close();
  await bluesky.close();
  state.remove();
});

/** Runs one cycle in a child process (at debug level: everything is logged, and still no secret may appear). */
async function cycle(crashAt = '') {
  const run = await cycleInChild(
    state.path,
    {
      MASTODON_URL: mastodon.url,
      MASTODON_TOKEN: mastodon.token,
      BSKY_SERVICE: bluesky.pdsUrl,
      BSKY_HANDLE: bot.handle,
      BSKY_APP_PASSWORD: bot.appPassword,
      LOG_LEVEL: 'debug',
    },
    crashAt,
  );
  logs += run.stderr;
  return run;
}
let logs = '';

async function postStates(): Promise<Record<string, string>> {
  const store = await Store.open(join(state.path, 'editwatch.sqlite'));
  try {
    return Object.fromEntries((await store.outbox.list()).map((p) => [p.id, p.state]));
  } finally {
    await store.close();
  }
}

const CRASH_POINTS = [
  'mastodon:marked-sending',
  'mastodon:media-uploaded-1',
  'mastodon:status-created',
  'bluesky:marked-sending',
  'bluesky:media-uploaded-1',
  'bluesky:record-created',
];

describe('killed (SIGKILL) at each step of sending, then restarted', () => {
  it('posts every edit exactly once, in order, in its article thread, on both networks', async () => {
    await bluesky.createAccount('alice'); // someone else on the PDS, so the bot is not alone
    const store = await Store.open(join(state.path, 'editwatch.sqlite'));
    await store.articles.track(article.url, new Date().toISOString(), 'test');
    await store.close();
    const first = await cycle();
    expect(first.code, first.stderr).toBe(0);

    for (const [i, point] of CRASH_POINTS.entries()) {
      article.edit();
      const statusesBefore = mastodon.statuses.length;
      const crashed = await cycle(point);
      expect(crashed.signal, `${point}: ${crashed.code} ${crashed.stdout} ${crashed.stderr}`).toBe('SIGKILL');
      const states = Object.values(await postStates());
      // The post being sent when the process died was left in `sending`.
      expect(states.filter((s) => s === 'sending').length, point).toBeGreaterThanOrEqual(1);
      if (point === 'mastodon:status-created') expect(mastodon.statuses.length).toBe(statusesBefore + 1);
      // The restart also meets a flaky server at first.
      if (i % 2 === 1) mastodon.fail({ kind: 'status', status: 503, times: 2 });
      const restarted = await cycle();
      expect(restarted.code, `${point}: ${restarted.stderr}`).toBe(0);
      expect(
        Object.values(await postStates()).every((s) => s === 'posted'),
        point,
      ).toBe(true);
    }

    const reopened = await Store.open(join(state.path, 'editwatch.sqlite'));
    const posts = (await reopened.outbox.list()).reverse();
    await reopened.close();
    const edits = CRASH_POINTS.length;

    // Mastodon: one status per edit, in order, each answering the one before.
    const mastodonPosts = posts.filter((p) => p.network === 'mastodon');
    expect(mastodonPosts).toHaveLength(edits);
    expect(mastodon.statuses.map((s) => s.id)).toEqual(mastodonPosts.map((p) => p.remote_id));
    expect(mastodon.statuses.map((s) => s.inReplyToId)).toEqual([
      null,
      ...mastodon.statuses.slice(0, -1).map((s) => s.id),
    ]);
    expect(mastodon.statuses.map((s) => s.text.match(/update (\d+)/)?.[1])).toEqual(
      Array.from({ length: edits }, (_, i) => String(i + 1)),
    );
    expect(mastodon.violations).toEqual([]);

    // Bluesky: one record per edit, in order, each replying to the one before, all under the first.
    const res = await bot.agent.com.atproto.repo.listRecords({
      repo: bot.did,
      collection: 'app.bsky.feed.post',
      limit: 100,
    });
    const recs = res.data.records.reverse();
    const blueskyPosts = posts.filter((p) => p.network === 'bluesky');
    expect(recs.map((r) => r.uri)).toEqual(blueskyPosts.map((p) => p.remote_id));
    const replies = recs.map(
      (r) => (r.value as { reply?: { root: { uri: string }; parent: { uri: string } } }).reply ?? null,
    );
    expect(replies).toEqual([
      null,
      ...recs
        .slice(0, -1)
        .map((r) => ({ root: { uri: recs[0]!.uri, cid: recs[0]!.cid }, parent: { uri: r.uri, cid: r.cid } })),
    ]);

    // The logs of every run, at debug level, name no credential.
    expect(logs).toContain('"step":"marked-sending"');
    for (const secret of [mastodon.token, bot.appPassword]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/accessJwt|refreshJwt/);
  }, 180_000);
});
