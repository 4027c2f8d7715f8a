import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
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
  // A page that is no article, and one that is gone.
  article.server.route(
    '/',
    (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<html><head><title>Ledger</title></head><body><nav><a href="/news/story">Top story</a></nav></body></html>',
        ),
  );
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
/** The bot's replies to a status. */
const repliesTo = (id: string) => mastodon.statuses.filter((s) => s.inReplyToId === id);

describe('tracking requests by mention on Mastodon (the contract server delivers real mention notifications)', () => {
  it('tracks the article, answers in the thread, posts each edit there too, and stops on "untrack"', async () => {
    mastodon.addAccount('alice');
    const { app, advance } = await testApp(state.path, env());
    const request = mastodon.postAs('alice', `@editwatch track ${article.url}?utm_source=mastodon`);
    await app.runCycle();
    const [ack] = repliesTo(request);
    expect(ack!.text).toBe(
      `@alice Watching “Council votes to close Riverside bridge for repairs in Zürich – “café” 🚋” — I will reply here when it changes.\n${article.url}`,
    );
    expect(mastodon.statuses).toHaveLength(1);

    article.edit();
    advance(30);
    await app.runCycle({ force: true });
    // The bot's own thread for the article starts, and the requester's thread gets the edit, addressed to them.
    const [own, inThread] = mastodon.statuses.slice(1);
    expect(own!.inReplyToId).toBeNull();
    expect(own!.text).toMatch(/^The Riverside Ledger edited “/);
    expect(inThread!.inReplyToId).toBe(ack!.id);
    expect(inThread!.text).toMatch(/^@alice The Riverside Ledger edited “.*\(update 1\)”\n/);
    expect(inThread!.mediaIds.length).toBe(own!.mediaIds.length);

    // "untrack" in the thread stops the requester's replies; the bot's own thread goes on.
    const stop = mastodon.postAs('alice', '@editwatch untrack', { inReplyToId: inThread!.id });
    await app.runCycle();
    expect(repliesTo(stop).map((s) => s.text)).toEqual([
      '@alice OK, I will stop replying here about “Council votes to close Riverside bridge for repairs in Zürich – “café” 🚋 (update 1)”.',
    ]);
    const before = mastodon.statuses.length;
    article.edit();
    advance(30);
    await app.runCycle({ force: true });
    expect(mastodon.statuses.slice(before).map((s) => s.inReplyToId)).toEqual([own!.id]);
    await app.close();

    // A restart reads from the saved cursor: nothing is handled or answered twice.
    const again = await testApp(state.path, env());
    await again.app.runCycle();
    expect(mastodon.statuses).toHaveLength(before + 1);
    expect(mastodon.requests.filter((r) => r.path.startsWith('/api/v1/notifications')).at(-1)!.path).toContain(
      `min_id=`,
    );
    expect(mastodon.violations).toEqual([]);
    await again.app.close();
  });

  it('answers a private request privately, and keeps its thread private, while the article thread stays public', async () => {
    mastodon.addAccount('hana');
    const { app, advance } = await testApp(state.path, env({ MASTODON_VISIBILITY: 'unlisted' }));
    const request = mastodon.postAs('hana', `@editwatch track ${article.url}`, { visibility: 'direct' });
    await app.runCycle();
    const [ack] = repliesTo(request);
    expect(ack!.visibility).toBe('direct');
    article.edit();
    advance(30);
    await app.runCycle({ force: true });
    expect(
      mastodon.statuses
        .slice(1)
        .map((s) => [s.inReplyToId === ack!.id ? 'requester thread' : 'article thread', s.visibility]),
    ).toEqual([
      ['article thread', 'unlisted'],
      ['requester thread', 'direct'],
    ]);
    expect(mastodon.violations).toEqual([]);
    await app.close();
  });

  it('takes the link from the post a request replies to', async () => {
    mastodon.addAccount('erin');
    mastodon.addAccount('frank');
    const { app } = await testApp(state.path, env());
    const shared = mastodon.postAs('frank', `Look at this ${article.url}`);
    const request = mastodon.postAs('erin', '@editwatch watch this please', { inReplyToId: shared });
    await app.runCycle();
    expect(repliesTo(request)[0]!.text).toMatch(/^@erin Watching “Council votes/);
    expect((await app.store.articles.list()).map((a) => a.url)).toEqual([article.url]);
    // A link the text does not show whole: the server's link card has it.
    const carded = mastodon.postAs('frank', '@editwatch watch this', { card: `${article.server.origin}/news/quiet` });
    article.server.route('/news/quiet', (_req, res) => void res.writeHead(404).end());
    await app.runCycle();
    expect(repliesTo(carded)[0]!.text).toBe("@frank Sorry, I can't watch that: that page was not found (HTTP 404).");
    expect(mastodon.violations).toEqual([]);
    await app.close();
  });

  it('refuses politely: blocked accounts, no link, not an article, a missing page, too many requests; ignores bots and itself', async () => {
    for (const name of ['bob', 'spammer', 'carol', 'dave']) mastodon.addAccount(name, { bot: name === 'bob' });
    const { app } = await testApp(
      state.path,
      env({ EDITWATCH_REQUESTS_PER_DAY: '2', EDITWATCH_BLOCKED_ACCOUNTS: '@Spammer' }),
    );
    const fromBot = mastodon.postAs('bob', `@editwatch track ${article.url}`);
    const fromSelf = mastodon.postAs('editwatch', `@editwatch track ${article.url}`);
    const blocked = mastodon.postAs('spammer', `@editwatch track ${article.url}`);
    const noLink = mastodon.postAs('dave', '@editwatch watch please');
    const notArticle = mastodon.postAs('carol', `@editwatch track ${article.server.origin}/`);
    const missing = mastodon.postAs('carol', `@editwatch track ${article.server.origin}/gone`);
    const tooMany = mastodon.postAs('carol', `@editwatch track ${article.url}`);
    const tooManyAgain = mastodon.postAs('carol', `@editwatch track ${article.url}`);
    const chatter = mastodon.postAs('dave', '@editwatch thanks for your work!');
    await app.runCycle();
    const answer = (id: string) => repliesTo(id).map((s) => s.text);
    expect(answer(fromBot)).toEqual([]);
    expect(answer(fromSelf)).toEqual([]);
    expect(answer(chatter)).toEqual([]);
    expect(answer(blocked)).toEqual(["@spammer Sorry, I can't watch that: I do not take requests from this account."]);
    expect(answer(noLink)).toEqual([
      "@dave Sorry, I can't watch that: I found no link to an article in your post or in the post it replies to.",
    ]);
    expect(answer(notArticle)).toEqual([
      "@carol Sorry, I can't watch that: that page does not look like a news article.",
    ]);
    expect(answer(missing)).toEqual(["@carol Sorry, I can't watch that: that page was not found (HTTP 404)."]);
    expect(answer(tooMany)).toEqual([
      "@carol Sorry, I can't watch that: you have asked me to watch 2 articles in the last 24 hours, which is as many as I take from one account. Please try again tomorrow.",
    ]);
    expect(answer(tooManyAgain)).toEqual([]); // told once a day, not again
    // Pages that could not be watched are not checked again.
    expect((await app.store.articles.list()).filter((a) => a.active).map((a) => a.url)).toEqual([]);
    expect(mastodon.violations).toEqual([]);
    await app.close();
  });

  it('refuses links outside the allowed domains and private addresses without fetching them', async () => {
    mastodon.addAccount('gina');
    const allowlist = await testApp(state.path, env({ EDITWATCH_ALLOWED_DOMAINS: 'ledger.example' }));
    const outside = mastodon.postAs('gina', '@editwatch track https://elsewhere.example/news/1');
    await allowlist.app.runCycle();
    expect(repliesTo(outside)[0]!.text).toBe(
      "@gina Sorry, I can't watch that: I only watch articles from ledger.example.",
    );
    await allowlist.app.close();

    // Requests held to their own list while tracking by feeds and the command line is not.
    const requestsOnly = await testApp(state.path, env({ EDITWATCH_REQUEST_DOMAINS: 'ledger.example' }));
    expect(requestsOnly.app.config.tracking.allowedDomains).toEqual([]);
    const elsewhere = mastodon.postAs('gina', '@editwatch track https://elsewhere.example/news/2');
    await requestsOnly.app.runCycle();
    expect(repliesTo(elsewhere)[0]!.text).toBe(
      "@gina Sorry, I can't watch that: I only watch articles from ledger.example.",
    );
    await requestsOnly.app.close();

    const guarded = await testApp(state.path, env({ EDITWATCH_ALLOW_PRIVATE_HOSTS: 'false' }));
    const asked = ['http://10.1.2.3/news/1', 'http://localhost:8080/news/2', `${article.url}?x=1`].map((url) =>
      mastodon.postAs('gina', `@editwatch track ${url}`),
    );
    await guarded.app.runCycle();
    for (const id of asked)
      expect(repliesTo(id)[0]!.text).toBe(
        "@gina Sorry, I can't watch that: that address is not on the public internet.",
      );
    expect(article.server.requests).toEqual([]);
    await guarded.app.close();
  });

  it('caps the requests accepted in 24 hours from all accounts together, telling each account once', async () => {
    for (const name of ['ann', 'ben', 'cat', 'dan']) mastodon.addAccount(name);
    const { app, advance } = await testApp(state.path, env({ EDITWATCH_REQUESTS_GLOBAL_PER_DAY: '2' }));
    const first = mastodon.postAs('ann', `@editwatch track ${article.url}`);
    const second = mastodon.postAs('ben', `@editwatch watch ${article.url}`);
    const over = mastodon.postAs('cat', `@editwatch track ${article.url}`);
    const overAgain = mastodon.postAs('cat', `@editwatch track ${article.url}`);
    const another = mastodon.postAs('dan', `@editwatch track ${article.url}`);
    await app.runCycle();
    const answer = (id: string) => repliesTo(id).map((s) => s.text);
    expect(answer(first)).toEqual([expect.stringMatching(/^@ann Watching “/)]);
    expect(answer(second)).toEqual([expect.stringMatching(/^@ben Watching “/)]);
    const full = (who: string) =>
      `@${who} Sorry, I can't watch that: I have taken as many requests as I can in the last 24 hours (2 from everyone). Please try again tomorrow.`;
    expect(answer(over)).toEqual([full('cat')]);
    expect(answer(overAgain)).toEqual([]); // told once a day, not again
    expect(answer(another)).toEqual([full('dan')]);
    expect(await app.store.requests.counts()).toEqual({ tracking: 2, refused: 2, ignored: 1 });

    // A day later the first two no longer count.
    advance(24 * 60 + 1);
    const nextDay = mastodon.postAs('cat', `@editwatch track ${article.url}`);
    await app.runCycle();
    expect(answer(nextDay)).toEqual([expect.stringMatching(/^@cat Watching “/)]);
    expect(mastodon.violations).toEqual([]);
    await app.close();
  });

  it('caps the articles tracked because of requests: a request for one tracked already still goes through', async () => {
    for (const name of ['eve', 'fay']) mastodon.addAccount(name);
    article.server.route(
      '/news/other',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(articlePage(DEMO_VERSIONS[1]!, 1, `${article.server.origin}/news/other`)),
    );
    const { app } = await testApp(state.path, env({ EDITWATCH_REQUESTED_ARTICLES_MAX: '1' }));
    const first = mastodon.postAs('eve', `@editwatch track ${article.url}`);
    const other = mastodon.postAs('fay', `@editwatch track ${article.server.origin}/news/other`);
    const same = mastodon.postAs('fay', `@editwatch track ${article.url}`);
    await app.runCycle();
    expect(repliesTo(first).map((s) => s.text)).toEqual([expect.stringMatching(/^@eve Watching “/)]);
    expect(repliesTo(other).map((s) => s.text)).toEqual([
      "@fay Sorry, I can't watch that: I am already watching as many articles for people as I can (1). Please try again later.",
    ]);
    expect(repliesTo(same).map((s) => s.text)).toEqual([expect.stringMatching(/^@fay Watching “/)]);
    expect(article.server.requests.filter((r) => r.path === '/news/other')).toEqual([]);
    expect(mastodon.violations).toEqual([]);
    await app.close();
  });

  it('takes a link alone or with a verb in several languages as a request, a link among other words as none, and stops on "hör auf" and "arrête"', async () => {
    for (const name of ['gus', 'hal', 'ivy']) mastodon.addAccount(name);
    const { app } = await testApp(state.path, env());
    const chatter = mastodon.postAs('ivy', `@editwatch great bot! my blog: ${article.server.origin}/blog`);
    const german = mastodon.postAs('gus', `@editwatch bitte verfolge ${article.url}`);
    const bare = mastodon.postAs('hal', `@editwatch ${article.url}`);
    await app.runCycle();
    expect(repliesTo(chatter)).toEqual([]);
    expect(article.server.requests.filter((r) => r.path === '/blog')).toEqual([]);
    expect((await app.store.requests.where({ outcome: 'ignored' })).map((r) => r.reason)).toEqual([
      'not a request: a link without a verb',
    ]);
    const [ackGus] = repliesTo(german);
    const [ackHal] = repliesTo(bare);
    expect([ackGus!.text, ackHal!.text]).toEqual([
      expect.stringMatching(/^@gus Watching “/),
      expect.stringMatching(/^@hal Watching “/),
    ]);

    const stopGus = mastodon.postAs('gus', '@editwatch Hör auf!', { inReplyToId: ackGus!.id });
    const stopHal = mastodon.postAs('hal', '@editwatch arrête, merci', { inReplyToId: ackHal!.id });
    await app.runCycle();
    const stopped = (who: string) => [
      `@${who} OK, I will stop replying here about “Council votes to close Riverside bridge for repairs in Zürich – “café” 🚋”.`,
    ];
    expect(repliesTo(stopGus).map((s) => s.text)).toEqual(stopped('gus'));
    expect(repliesTo(stopHal).map((s) => s.text)).toEqual(stopped('hal'));
    expect(await app.store.requests.where({ active: true })).toEqual([]);
    // With nothing left to stop, that is said once a day.
    const again = ['@editwatch Stopp', '@editwatch stop'].map((t) => mastodon.postAs('gus', t));
    await app.runCycle();
    expect(again.map((id) => repliesTo(id).map((s) => s.text))).toEqual([
      ['@gus I am not watching anything for you in this thread, so there is nothing to stop.'],
      [],
    ]);
    expect(mastodon.violations).toEqual([]);
    await app.close();
  });

  it('ignores accounts of blocked instances and refuses articles on blocked domains, without fetching anything', async () => {
    mastodon.addAccount('mallory', { domain: 'mx.spam.example' });
    mastodon.addAccount('nina', { domain: 'good.example' });
    const { app } = await testApp(
      state.path,
      env({ EDITWATCH_BLOCKED_INSTANCES: 'spam.example', EDITWATCH_BLOCKED_DOMAINS: 'junk-news.example' }),
    );
    const fromSpam = mastodon.postAs('mallory', `@editwatch track ${article.url}`);
    const junk = mastodon.postAs('nina', '@editwatch track https://www.junk-news.example/2026/11/story');
    await app.runCycle();
    expect(repliesTo(fromSpam)).toEqual([]);
    expect(repliesTo(junk).map((s) => s.text)).toEqual([
      "@nina@good.example Sorry, I can't watch that: I do not watch articles from that site.",
    ]);
    expect((await app.store.requests.where({})).map((r) => [r.author_handle, r.outcome, r.reason])).toEqual([
      ['mallory@mx.spam.example', 'ignored', 'blocked instance'],
      ['nina@good.example', 'refused', 'blocked domain'],
    ]);
    expect(article.server.requests).toEqual([]);
    expect(mastodon.violations).toEqual([]);
    await app.close();
  });

  describe('a request for an article tracked already', () => {
    const headline = 'Council votes to close Riverside bridge for repairs in Zürich – “café” 🚋';
    const watching = (who: string) =>
      `@${who} Watching “${headline}” — I will reply here when it changes.\n${article.url}`;
    /** Another address of the article (a print or AMP edition): its page's canonical link names the article. */
    const secondAddress = (path: string) => {
      article.server.route(
        path,
        (_req, res) =>
          void res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(articlePage(DEMO_VERSIONS[0]!, 2, article.url)),
      );
      return `${article.server.origin}${path}`;
    };
    /** The app, with the article tracked and its first version stored. */
    const withTrackedArticle = async () => {
      const t = await testApp(state.path, env());
      await t.app.store.articles.track(article.url, new Date(t.clock.now).toISOString(), 'cli');
      await t.app.runCycle();
      return t;
    };
    /** The edits posted in a requester's thread (replies to the bot's answer there). */
    const expectEditIn = (ackId: string, who: string) =>
      expect(repliesTo(ackId).map((s) => s.text)).toEqual([
        expect.stringMatching(new RegExp(`^@${who} The Riverside Ledger edited “.*\\(update 1\\)”\n`)),
      ]);

    it('answers a request for the same URL at once, and posts the next edit in its thread', async () => {
      mastodon.addAccount('ines');
      const { app, advance } = await withTrackedArticle();
      const request = mastodon.postAs('ines', `@editwatch track ${article.url}?utm_source=mastodon`);
      await app.runCycle();
      const [ack] = repliesTo(request);
      expect(ack!.text).toBe(watching('ines'));

      article.edit();
      advance(30);
      await app.runCycle({ force: true });
      expectEditIn(ack!.id, 'ines');
      expect(mastodon.violations).toEqual([]);
      await app.close();
    });

    it('answers a request for a second URL whose page names the tracked one as canonical, and posts its edits in the thread', async () => {
      const jo = mastodon.addAccount('jo');
      mastodon.addAccount('kim');
      const print = secondAddress('/print/story');
      const { app, advance } = await withTrackedArticle();
      const request = mastodon.postAs('jo', `@editwatch track ${print}`);
      await app.runCycle();
      const [ack] = repliesTo(request);
      expect(ack!.text).toBe(watching('jo'));
      const tracked = (await app.store.articles.get(article.url))!;
      expect(await app.store.articles.get(print)).toMatchObject({
        active: 0,
        retired_reason: `duplicate of ${article.url}`,
        duplicate_of: tracked.id,
      });
      expect((await app.store.requests.where({ network: 'mastodon', authorId: jo }))[0]).toMatchObject({
        outcome: 'tracking',
        active: 1,
        article_id: tracked.id,
      });

      // Asked again for the retired second URL: it names the tracked article, answered at once, nothing fetched.
      const printFetches = () => article.server.requests.filter((r) => r.path === '/print/story').length;
      const before = printFetches();
      const again = mastodon.postAs('kim', `@editwatch watch ${print}`);
      await app.runCycle();
      const [ackAgain] = repliesTo(again);
      expect(ackAgain!.text).toBe(watching('kim'));
      expect(printFetches()).toBe(before);
      expect(await app.store.articles.get(print)).toMatchObject({ active: 0 });

      article.edit();
      advance(30);
      await app.runCycle({ force: true });
      expectEditIn(ack!.id, 'jo');
      expectEditIn(ackAgain!.id, 'kim');
      expect(mastodon.violations).toEqual([]);
      await app.close();
    });

    it('watches a retired article again when a request names it through a second address', async () => {
      mastodon.addAccount('lou');
      const amp = secondAddress('/amp/story');
      const { app, advance } = await withTrackedArticle();
      await app.store.articles.untrack(article.url);
      const request = mastodon.postAs('lou', `@editwatch track ${amp}`);
      await app.runCycle();
      const [ack] = repliesTo(request);
      expect(ack!.text).toBe(watching('lou'));
      expect(await app.store.articles.get(article.url)).toMatchObject({ active: 1, retired_reason: null });

      article.edit();
      advance(30);
      await app.runCycle();
      expectEditIn(ack!.id, 'lou');
      // "untrack" with the article's own address stops the thread begun with the second one.
      const stop = mastodon.postAs('lou', `@editwatch untrack ${article.url}`);
      await app.runCycle();
      expect(repliesTo(stop).map((s) => s.text)).toEqual([
        expect.stringMatching(/^@lou OK, I will stop replying here about /),
      ]);
      expect(mastodon.violations).toEqual([]);
      await app.close();
    });
  });
});
