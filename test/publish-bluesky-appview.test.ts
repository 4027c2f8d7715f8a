import { join } from 'node:path';
import { AppBskyEmbedImages, AppBskyFeedDefs, AppBskyFeedPost, AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayUrl } from '../src/publish/post-text.ts';
import { Store } from '../src/store/index.ts';
import { LocalBluesky, type BlueskyAccount } from './helpers/bluesky-network.ts';
import { cycleInChild } from './helpers/child-cycle.ts';
import { startEditedArticle } from './helpers/edited-article.ts';
import { tempDir } from './helpers/temp-dir.ts';

const missing = LocalBluesky.appViewMissing();

let bluesky: LocalBluesky;
let bot: BlueskyAccount;
let reader: BlueskyAccount;
let article: Awaited<ReturnType<typeof startEditedArticle>>;
let state: ReturnType<typeof tempDir>;

beforeAll(async () => {
  if (missing) return;
  state = tempDir();
  bluesky = await LocalBluesky.withAppView('publish_thread');
  bot = await bluesky.createAccount('editwatch');
  reader = await bluesky.createAccount('alice');
  article = await startEditedArticle();
}, 120_000);
afterAll(async () => {
  await article?.close();
  await bluesky?.close();
  state?.remove();
});

/** One check cycle in a child process, killed (SIGKILL) at `crashAt` if given. */
const cycle = (crashAt = '') =>
  cycleInChild(
    state.path,
    {
      EDITWATCH_POST_LANGUAGE: 'en',
      BSKY_SERVICE: bluesky.pdsUrl,
      BSKY_HANDLE: bot.handle,
      BSKY_APP_PASSWORD: bot.appPassword,
    },
    crashAt,
  );

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe.skipIf(missing)('Bluesky posts as a follower sees them (a real local PDS and AppView)', () => {
  it('shows one thread per article, with alt text, aspect ratios and the link facet, and no duplicate after a crash', async () => {
    const store = await Store.open(join(state.path, 'editwatch.sqlite'));
    await store.articles.track(article.url, new Date().toISOString(), 'test');
    await store.close();
    expect((await cycle()).code).toBe(0); // the first version: nothing to post

    // Three edits; the second is sent by a process killed right after the PDS made the record and
    // before the outbox could record it: the restart must find that record, not post again.
    for (const crashAt of ['', 'bluesky:record-created', '']) {
      article.edit();
      if (crashAt) expect((await cycle(crashAt)).signal).toBe('SIGKILL');
      const run = await cycle();
      expect(run.code, run.stderr).toBe(0);
    }
    await bluesky.processAll();

    const reopened = await Store.open(join(state.path, 'editwatch.sqlite'));
    const posts = (await reopened.outbox.list()).reverse();
    await reopened.close();
    expect(posts.map((p) => p.state)).toEqual(['posted', 'posted', 'posted']);

    // What any reader's app shows: the thread from the AppView, read as another account.
    const appView = new AtpAgent({ service: bluesky.appViewUrl });
    const res = await appView.app.bsky.feed.getPostThread(
      { uri: posts[0]!.remote_id!, depth: 10 },
      { headers: await bluesky.appViewHeaders(reader.did, 'app.bsky.feed.getPostThread') },
    );
    const chain: AppBskyFeedDefs.PostView[] = [];
    type Node = AppBskyFeedDefs.ThreadViewPost | undefined;
    let node = res.data.thread as Node;
    while (node && AppBskyFeedDefs.isThreadViewPost(node)) {
      chain.push(node.post);
      expect(node.replies ?? [], 'each post has exactly one reply: the next edit').toHaveLength(
        chain.length < posts.length ? 1 : 0,
      );
      node = node.replies?.[0] as Node;
    }
    expect(chain.map((p) => p.uri)).toEqual(posts.map((p) => p.remote_id));
    expect(chain.every((p) => p.author.did === bot.did)).toBe(true);

    for (const [i, view] of chain.entries()) {
      const post = posts[i]!;
      const record = view.record as AppBskyFeedPost.Record;
      expect(AppBskyFeedPost.isRecord(record)).toBe(true);
      expect(record.text).toBe(post.text);
      expect(record.langs).toEqual(['en']);
      expect(record.text).toContain('update'); // the current headline, which says which edit it is
      expect(record.text).toContain(`(update ${i + 1})`);
      // Replies name the thread's first post as root and the previous one as parent.
      if (i === 0) expect(record.reply).toBeUndefined();
      else
        expect(record.reply).toEqual({
          root: { uri: chain[0]!.uri, cid: chain[0]!.cid },
          parent: { uri: chain[i - 1]!.uri, cid: chain[i - 1]!.cid },
        });

      // The link: byte offsets (the headline before it has é, “”, –, and an emoji) over the short form.
      const facet = record.facets?.[0];
      expect(facet?.features).toEqual([{ $type: 'app.bsky.richtext.facet#link', uri: article.url }]);
      const text = utf8(record.text);
      expect(text.subarray(facet!.index.byteStart, facet!.index.byteEnd).toString('utf8')).toBe(
        displayUrl(article.url),
      );
      expect(facet!.index.byteStart).toBeGreaterThan(record.text.indexOf(displayUrl(article.url)));

      // The images as the AppView serves them: the alt text and the aspect ratio of each card.
      expect(AppBskyEmbedImages.isView(view.embed)).toBe(true);
      const shown = (view.embed as AppBskyEmbedImages.View).images;
      const sent = post.images;
      expect(sent.length).toBeGreaterThan(0);
      expect(shown.map((im) => ({ alt: im.alt, aspectRatio: im.aspectRatio }))).toEqual(
        sent.map((im) => ({ alt: im.alt, aspectRatio: { width: im.width, height: im.height } })),
      );
      for (const im of shown) expect(im.thumb).toMatch(/^https?:\/\//);
    }

    // And the repository holds exactly one record per edit.
    const recs = await bot.agent.com.atproto.repo.listRecords({
      repo: bot.did,
      collection: 'app.bsky.feed.post',
      limit: 100,
    });
    expect(recs.data.records).toHaveLength(3);
  }, 180_000);
});
