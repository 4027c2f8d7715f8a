import { AppBskyFeedDefs, AtpAgent, RichText, type AppBskyFeedPost } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { LocalBluesky, type BlueskyAccount } from './helpers/bluesky-network.ts';
import { startEditedArticle } from './helpers/edited-article.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';

const missing = LocalBluesky.appViewMissing();

let bluesky: LocalBluesky;
let bot: BlueskyAccount;
let article: Awaited<ReturnType<typeof startEditedArticle>>;
let state: ReturnType<typeof tempDir>;
let app: App;
let advance: (minutes: number) => void;

beforeAll(async () => {
  if (missing) return;
  state = tempDir();
  bluesky = await LocalBluesky.withAppView('requests');
  bot = await bluesky.createAccount('editwatch');
  article = await startEditedArticle();
  ({ app, advance } = await testApp(state.path, {
    BSKY_SERVICE: bluesky.pdsUrl,
    BSKY_HANDLE: bot.handle,
    BSKY_APP_PASSWORD: bot.appPassword,
    EDITWATCH_PUBLISH_BACKOFF_MS: '20',
  }));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await article?.close();
  await bluesky?.close();
  state?.remove();
});

/** Posts as a person would in an app: mentions and links become facets. */
async function post(
  who: BlueskyAccount,
  text: string,
  replyTo?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } },
) {
  const rt = new RichText({ text });
  await rt.detectFacets(who.agent);
  const res = await who.agent.post({ text: rt.text, facets: rt.facets, ...(replyTo ? { reply: replyTo } : {}) });
  return { uri: res.uri, cid: res.cid };
}

/** Lets the AppView index everything, runs one cycle of the bot, and lets the AppView index its posts. */
async function cycle(force = false) {
  await bluesky.processAll();
  await app.runCycle({ force });
  await bluesky.processAll();
}

/** The replies to a post, as any reader's app shows them (the AppView's thread view). */
async function repliesTo(uri: string, as: BlueskyAccount): Promise<AppBskyFeedDefs.PostView[]> {
  const appView = new AtpAgent({ service: bluesky.appViewUrl });
  const res = await appView.app.bsky.feed.getPostThread(
    { uri, depth: 1 },
    { headers: await bluesky.appViewHeaders(as.did, 'app.bsky.feed.getPostThread') },
  );
  const thread = res.data.thread as AppBskyFeedDefs.ThreadViewPost;
  const replies = (thread.replies ?? []) as AppBskyFeedDefs.ThreadViewPost[];
  return replies.filter((r) => AppBskyFeedDefs.isThreadViewPost(r)).map((r) => r.post);
}

const recordOf = (p: AppBskyFeedDefs.PostView) => p.record as AppBskyFeedPost.Record;

describe.skipIf(missing)('tracking requests by mention on Bluesky (a real local PDS and AppView)', () => {
  it('answers a mention in its thread, posts each edit into that thread, and stops on "untrack"', async () => {
    const alice = await bluesky.createAccount('alice');
    const request = await post(alice, `@${bot.handle} track ${article.url}`);
    await cycle();

    const [ack] = await repliesTo(request.uri, alice);
    expect(ack!.author.did).toBe(bot.did);
    const ackRecord = recordOf(ack!);
    expect(ackRecord.text).toMatch(
      /^@alice\.test Watching “Council votes to close Riverside bridge for repairs in Zürich – “café” 🚋” — I will reply here when it changes\.\n127\.0\.0\.1:\d+\/news\/story$/,
    );
    expect(ackRecord.reply).toEqual({ root: request, parent: request });
    // The requester is addressed with a real mention, and the article linked in full.
    expect(ackRecord.facets?.map((f) => f.features[0])).toEqual([
      { $type: 'app.bsky.richtext.facet#mention', did: alice.did },
      { $type: 'app.bsky.richtext.facet#link', uri: article.url },
    ]);

    article.edit();
    advance(30);
    await cycle(true);
    const [edit] = await repliesTo(ack!.uri, alice);
    const editRecord = recordOf(edit!);
    expect(editRecord.text).toMatch(/^@alice\.test The Riverside Ledger edited “.*\(update 1\)”\n/);
    expect(editRecord.reply).toEqual({ root: request, parent: { uri: ack!.uri, cid: ack!.cid } });
    expect((edit!.embed as { images?: unknown[] }).images?.length).toBeGreaterThan(0);

    // "untrack", replying in the thread: an answer, and no more edits there.
    const stop = await post(alice, `@${bot.handle} untrack`, {
      root: request,
      parent: { uri: edit!.uri, cid: edit!.cid },
    });
    await cycle();
    expect((await repliesTo(stop.uri, alice)).map((p) => recordOf(p).text)).toEqual([
      '@alice.test OK, I will stop replying here about “Council votes to close Riverside bridge for repairs in Zürich – “café” 🚋 (update 1)”.',
    ]);
    article.edit();
    advance(30);
    await cycle(true);
    expect((await repliesTo(edit!.uri, alice)).filter((p) => p.author.did === bot.did)).toEqual([]); // alice's "untrack" is the only reply
    expect((await app.store.outbox.list()).filter((p) => p.state !== 'posted')).toEqual([]);
  });

  it('refuses a request without a link, and ignores its own posts and accounts labelled as bots', async () => {
    const carol = await bluesky.createAccount('carol');
    const robot = await bluesky.createAccount('robot');
    await robot.agent.com.atproto.repo.putRecord({
      repo: robot.did,
      collection: 'app.bsky.actor.profile',
      rkey: 'self',
      record: {
        $type: 'app.bsky.actor.profile',
        displayName: 'Robot',
        labels: { $type: 'com.atproto.label.defs#selfLabels', values: [{ val: 'bot' }] },
      },
    });
    const noLink = await post(carol, `@${bot.handle} please watch`);
    const fromRobot = await post(robot, `@${bot.handle} track ${article.url}`);
    const fromSelf = await post(bot, `@${bot.handle} track ${article.url}`);
    await cycle();
    expect((await repliesTo(noLink.uri, carol)).map((p) => recordOf(p).text)).toEqual([
      "@carol.test Sorry, I can't watch that: I found no link to an article in your post or in the post it replies to.",
    ]);
    expect(await repliesTo(fromRobot.uri, carol)).toEqual([]);
    expect(await repliesTo(fromSelf.uri, carol)).toEqual([]);
    const requests = await app.store.requests.where({});
    expect(requests.find((r) => r.remote_id === fromRobot.uri)).toMatchObject({
      outcome: 'ignored',
      reason: 'an automated account',
    });
  });
});
