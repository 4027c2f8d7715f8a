import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articlePage, DEMO_VERSIONS, type DemoArticle } from '../src/demo/article-page.ts';
import type { DryRunPostFile } from '../src/publish/index.ts';
import { EXTRACTOR_VERSION } from '../src/extract/index.ts';
import { displayUrl } from '../src/publish/post-text.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { cardMediaOf } from '../src/publish/card-folder.ts';
import { onEachDatabase } from './helpers/databases.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';
import { BUILT_WORKERS } from './helpers/build-child.ts';

const [V1, V1_NEW_CHROME, V3] = DEMO_VERSIONS as [DemoArticle, DemoArticle, DemoArticle];

let server: TestServer;
let state: ReturnType<typeof tempDir>;
let current = { article: V1, seed: 1 };

beforeEach(async () => {
  state = tempDir();
  server = await startServer();
  current = { article: V1, seed: 1 };
  server.route('/news/story', (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(articlePage(current.article, current.seed, `${server.origin}/news/story`));
  });
});
afterEach(async () => {
  await server.close();
  state.remove();
});

function readOutbox(dir: string): (DryRunPostFile & { id: string })[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => !d.startsWith('.'))
    .sort()
    .map((id) => ({ id, ...(JSON.parse(readFileSync(join(dir, id, 'post.json'), 'utf8')) as DryRunPostFile) }));
}

// The whole pipeline on each database: fetch, extract, store, diff, cards, the outbox, and a restart.
onEachDatabase('check cycle against a real page on 127.0.0.1, the state', (database) => {
  /** The state's database: the SQLite file in the state folder, or a new PostgreSQL database. */
  const databaseEnv = async (): Promise<Record<string, string>> =>
    database.name === 'PostgreSQL' ? { EDITWATCH_DATABASE_URL: await database.create() } : {};

  it('stores a version only when the article changes, not when its chrome does, and posts each change', async () => {
    const { app, advance } = await testApp(state.path, await databaseEnv());
    const url = `${server.origin}/news/story`;
    await app.store.articles.track(url, new Date().toISOString(), 'test');

    let report = await app.runCycle({ force: true });
    expect(report.results[0]!.result.outcome).toBe('first-version');

    // Chrome changes (most-read list, ad ids, "updated N minutes ago") twice: no version, no post.
    for (const seed of [2, 3]) {
      advance(20);
      current = { article: V1_NEW_CHROME, seed };
      report = await app.runCycle({ force: true });
      expect(report.results[0]!.result.outcome).toBe('unchanged');
    }
    const article = (await app.store.articles.get(url))!;
    expect(await app.store.versions.all(article.id)).toHaveLength(1);
    expect(readOutbox(app.config.state.outboxDir)).toEqual([]);

    // A real edit: a new version, a change, one post per network in the dry-run outbox.
    advance(23);
    current = { article: V3, seed: 4 };
    report = await app.runCycle({ force: true });
    const result = report.results[0]!.result;
    expect(result.outcome).toBe('new-version');
    if (result.outcome !== 'new-version') return;
    expect(result.diff.summary).toMatchObject({
      headline: true,
      standfirst: true,
      byline: true,
      edited: 2,
      inserted: 1,
      deleted: 1,
    });
    expect(report.publish).toEqual({ posted: 2, failed: 0, pending: 0, halted: [] });
    const posts = readOutbox(app.config.state.outboxDir);
    expect(posts.map((p) => p.network).sort()).toEqual(['bluesky', 'mastodon']);
    for (const post of posts) {
      expect(post).toMatchObject({ articleUrl: url, inReplyTo: null });
      // The change's cards travel with each post: files in the post's folder, sized, with alt text.
      expect(post.images.map((i) => i.file)).toEqual(['card-1.png', 'card-2.png', 'card-3.png']);
      for (const image of post.images) {
        expect(image).toMatchObject({ width: 1200, height: 675 });
        const png = readFileSync(join(app.config.state.outboxDir, post.id, image.file));
        expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        expect(png.length).toBeLessThan(1_000_000);
        expect(image.alt.length).toBeLessThanOrEqual(post.network === 'mastodon' ? 1500 : 2000);
      }
      expect(post.images[0]!.alt).toContain(
        'Headline changed from “Council votes to close Riverside bridge for repairs” to “Riverside bridge to close for 18 months as repair bill soars”.',
      );
      expect(post.text).toContain(
        'The Riverside Ledger edited “Riverside bridge to close for 18 months as repair bill soars”',
      );
      expect(post.text).toContain('Headline, standfirst and byline changed; 2 paragraphs edited, 1 added, 1 removed');
      expect(post.text).toContain('1 h 3 min after the previous version');
      // Bluesky shows a short form of the link (the full URL is its link facet); Mastodon shows it whole.
      expect(post.text).toContain(post.network === 'bluesky' ? displayUrl(url) : url);
    }
    expect(await app.store.versions.all(article.id)).toHaveLength(2);
    expect((await app.store.outbox.inState('posted')).length).toBe(2);

    // A second edit replies to the first post about the article on each network: one thread per article.
    advance(60);
    current = {
      article: { ...V3, paragraphs: [...V3.paragraphs, 'The council will publish the engineers’ report on Friday.'] },
      seed: 5,
    };
    await app.runCycle({ force: true });
    const all = readOutbox(app.config.state.outboxDir);
    expect(all).toHaveLength(4);
    for (const network of ['mastodon', 'bluesky']) {
      const [first, second] = all.filter((p) => p.network === network);
      expect(second!.inReplyTo).toBe(first!.id);
    }
    // The raw HTML is kept (compressed) so a better extractor can re-read old versions.
    const versions = await app.store.versions.all(article.id);
    expect(await app.store.versions.rawHtml(versions[0]!.id)).toContain(
      '<h1 class="headline">Council votes to close Riverside bridge for repairs</h1>',
    );
    await app.close();
  });

  it('keeps threads and times right when the clock is set back between two edits', async () => {
    const { app, advance } = await testApp(state.path, await databaseEnv());
    const url = `${server.origin}/news/story`;
    await app.store.articles.track(url, new Date().toISOString(), 'test');
    await app.runCycle({ force: true });
    advance(60);
    current = { article: V3, seed: 2 };
    await app.runCycle({ force: true });
    // The machine's clock goes back a day, and the newsroom edits twice more.
    advance(-24 * 60);
    current = {
      article: { ...V3, paragraphs: [...V3.paragraphs, 'The council will publish the engineers’ report on Friday.'] },
      seed: 3,
    };
    expect((await app.runCycle({ force: true })).results[0]!.result.outcome).toBe('new-version');
    advance(20);
    current = {
      article: { ...V3, paragraphs: [...V3.paragraphs, 'The council will publish the engineers’ report on Monday.'] },
      seed: 4,
    };
    expect((await app.runCycle({ force: true })).results[0]!.result.outcome).toBe('new-version');
    const posts = readOutbox(app.config.state.outboxDir);
    for (const network of ['mastodon', 'bluesky']) {
      const bySeq = (seq: number) => posts.find((p) => p.network === network && p.id.includes(`-v${seq}-`))!;
      // Each edit replies to the one before, though the clock says the later ones came first.
      expect(bySeq(2).inReplyTo).toBeNull();
      expect(bySeq(3).inReplyTo).toBe(bySeq(2).id);
      expect(bySeq(4).inReplyTo).toBe(bySeq(3).id);
      expect(bySeq(3).text).toContain('Found after the previous version');
      expect(bySeq(3).text).not.toMatch(/\b0 s after/);
      expect(bySeq(4).text).toContain('20 min after the previous version');
    }
    // The outbox records the same: each post's in_reply_to, written when it was sent.
    const rows = await app.store.outbox.list(['posted']);
    const rowOf = (network: string, seq: number) =>
      rows.find((p) => p.network === network && p.id.includes(`-v${seq}-`))!;
    for (const network of ['mastodon', 'bluesky'])
      expect([2, 3, 4].map((seq) => rowOf(network, seq).in_reply_to)).toEqual([
        null,
        rowOf(network, 2).id,
        rowOf(network, 3).id,
      ]);
    await app.close();
  });

  it('resumes after a crash between "sending" and "posted" without posting twice', async () => {
    const env = await databaseEnv();
    const { app, advance } = await testApp(state.path, env);
    const url = `${server.origin}/news/story`;
    await app.store.articles.track(url, new Date().toISOString(), 'test');
    await app.runCycle({ force: true });
    advance(30);
    current = { article: V3, seed: 2 };
    await app.runCycle({ force: true });
    const posts = await app.store.outbox.inState('posted');
    expect(posts).toHaveLength(2);
    // Make it look as if the process died right after writing one post's folder, before marking it posted,
    // and before even starting the other one.
    const [written, notWritten] = posts as [(typeof posts)[0], (typeof posts)[0]];
    // Set by hand: no move of the outbox takes a posted post back to sending.
    const markSending = (id: string) =>
      app.store.db
        .updateTable('posts')
        .set((eb) => ({ state: 'sending', updated_at: new Date().toISOString(), attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .execute();
    await markSending(written.id);
    await markSending(notWritten.id);
    const { rmSync } = await import('node:fs');
    rmSync(join(app.config.state.outboxDir, notWritten.id), { recursive: true });
    await app.close();

    const restarted = await testApp(state.path, env);
    const report = await restarted.app.runCycle();
    expect(report.publish.posted).toBe(2);
    expect(readOutbox(restarted.app.config.state.outboxDir)).toHaveLength(2);
    expect((await restarted.app.store.outbox.inState('posted')).map((p) => p.id).sort()).toEqual(
      [written.id, notWritten.id].sort(),
    );
    await restarted.app.close();
  });
});

describe('check cycle against a real page on 127.0.0.1', () => {
  it('keeps a change that is no edit as a minor version, marked in the archive and the export, and posts nothing', async () => {
    const { app, advance } = await testApp(state.path);
    const url = `${server.origin}/news/story`;
    await app.store.articles.track(url, new Date().toISOString(), 'test');
    current = { article: { ...V1, headline: `${V1.headline}.` }, seed: 1 };
    await app.runCycle({ force: true });
    // Straight quotes for curly ones, the headline's final full stop gone, a paragraph split in two with no
    // word changed, a non-breaking space: the same words.
    const [first, second, ...rest] = V1.paragraphs as [string, string, ...string[]];
    const cut = second.indexOf(' is expected');
    expect(cut).toBeGreaterThan(0);
    advance(20);
    current = {
      article: {
        ...V1,
        paragraphs: [
          first.replaceAll('’', "'").replace('serious corrosion', 'serious\u00a0corrosion'),
          second.slice(0, cut),
          second.slice(cut + 1),
          ...rest,
        ],
      },
      seed: 2,
    };
    const report = await app.runCycle({ force: true });
    expect(report.results[0]!.result).toMatchObject({ outcome: 'minor-version', seq: 2 });
    expect(readOutbox(app.config.state.outboxDir)).toEqual([]);
    const article = (await app.store.articles.get(url))!;
    expect(article.last_changed_at).toBeNull();
    const [change] = await app.store.versions.changes(article.id);
    expect(change).toMatchObject({ minor: true, diff: { changes: [] } });
    expect(change!.diff.minor!.map((c) => c.kind).sort()).toEqual(['edited', 'field', 'split']);
    const { articleHistoryJson } = await import('../src/archive/json.ts');
    const history = await articleHistoryJson(app.store, article.id);
    expect(history).toMatchObject({
      changeCount: 0,
      versions: [{ seq: 1 }, { seq: 2 }],
      changes: [{ minor: true, fromVersion: 1, toVersion: 2, changes: [] }],
    });
    const { createArchiveApp } = await import('../src/archive/server.ts');
    const archive = createArchiveApp({
      store: app.store,
      media: cardMediaOf(app.store, app.config.state.mediaDir),
      botName: 'editwatch',
      policy: app.config.schedule.policy,
      publicUrl: null,
      log: app.log,
    });
    const page = await (await archive.request(`/articles/${article.id}`)).text();
    expect(page).toContain('(minor: no word changed; not posted)');
    expect(page).toContain('no change found');
    // A real edit after it is posted, compared with the minor version.
    advance(20);
    current = { article: V3, seed: 3 };
    const edited = await app.runCycle({ force: true });
    expect(edited.results[0]!.result.outcome).toBe('new-version');
    expect(readOutbox(app.config.state.outboxDir)).toHaveLength(2);
    await app.close();
  });

  it('reads a version stored by older extraction rules again before comparing: new rules are not an edit', async () => {
    const { app, advance } = await testApp(state.path);
    const url = `${server.origin}/news/story`;
    await app.store.articles.track(url, new Date().toISOString(), 'test');
    await app.runCycle({ force: true });
    const article = (await app.store.articles.get(url))!;
    const [stored] = await app.store.versions.all(article.id);
    expect(stored!.extractor).toBe(EXTRACTOR_VERSION);
    // As older rules read the page: the dek as body paragraph 1, no standfirst.
    const older = { ...stored!.article, standfirst: null, paragraphs: [V1.standfirst, ...stored!.article.paragraphs] };
    const rewrite = (extractor: number | null) =>
      app.store.db
        .updateTable('versions')
        .set({ content: JSON.stringify(older), extractor })
        .where('id', '=', stored!.id)
        .execute();

    await rewrite(null);
    advance(20);
    current = { article: V1, seed: 2 };
    let report = await app.runCycle({ force: true });
    expect(report.results[0]!.result.outcome).toBe('unchanged');
    expect(readOutbox(app.config.state.outboxDir)).toEqual([]);

    // The same stored text said to be read by today's rules is compared as it is: the test above is not empty.
    await rewrite(EXTRACTOR_VERSION);
    advance(20);
    report = await app.runCycle({ force: true });
    expect(report.results[0]!.result.outcome).toBe('new-version');
    await app.close();
  });

  it('uses a conditional GET: a 304 costs no extraction and makes no version', async () => {
    const { app } = await testApp(state.path);
    server.route('/etag', (req, res) => {
      if (req.headers['if-none-match'] === '"same"') res.writeHead(304, { etag: '"same"' }).end();
      else
        res
          .writeHead(200, { 'content-type': 'text/html', etag: '"same"' })
          .end(articlePage(V1, 1, `${server.origin}/etag`));
    });
    await app.store.articles.track(`${server.origin}/etag`, new Date().toISOString(), 'test');
    await app.runCycle({ force: true });
    const report = await app.runCycle({ force: true });
    expect(report.results[0]!.result.outcome).toBe('not-modified');
    expect(server.requests.filter((r) => r.path === '/etag').at(-1)!.headers['if-none-match']).toBe('"same"');
    await app.close();
  });

  it('records each failing article with a clear reason and goes on with the others', async () => {
    const { app } = await testApp(state.path);
    server.route('/gone', (_req, res) => void res.writeHead(410, { 'content-type': 'text/html' }).end('<h1>Gone</h1>'));
    server.route('/broken', (_req, res) => void res.writeHead(500).end());
    server.route(
      '/binary',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from('%PDF-1.7\n\0\0')),
    );
    server.route(
      '/malformed',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><body><div><p>unclosed <b>tags <i>and <<<>>> nothing else'),
    );
    server.route('/slow', () => {
      // never answers: the 1.5 s fetch timeout must end it
    });
    const paths = ['/gone', '/broken', '/binary', '/malformed', '/slow', '/news/story'];
    for (const p of paths) await app.store.articles.track(`${server.origin}${p}`, new Date().toISOString(), 'test');
    const report = await app.runCycle({ force: true });
    const byPath = new Map(report.results.map((r) => [new URL(r.url).pathname, r.result]));
    expect(byPath.get('/news/story')!.outcome).toBe('first-version');
    expect(byPath.get('/gone')).toMatchObject({ outcome: 'error', code: 'http-410' });
    expect(byPath.get('/broken')).toMatchObject({ outcome: 'error', code: 'http-500' });
    expect(byPath.get('/binary')).toMatchObject({ outcome: 'error', code: 'unsupported-content' });
    expect(byPath.get('/malformed')).toMatchObject({ outcome: 'error', code: 'extract-no-headline' });
    expect(byPath.get('/slow')).toMatchObject({ outcome: 'error', code: 'timeout' });
    const gone = (await app.store.articles.get(`${server.origin}/gone`))!;
    expect(gone.last_error).toMatch(/HTTP 410 Gone/);
    const checks = await app.store.checks.of(gone.id);
    expect(checks[0]).toMatchObject({ outcome: 'error', http_status: 410, error_code: 'http-410' });
    await app.close();
  });

  it('starts no check after its deadline (the next tick): the articles left stay due and the next cycle takes them', async () => {
    const { app, clock } = await testApp(state.path, { EDITWATCH_CONCURRENCY: '1' });
    for (let i = 0; i < 6; i++) {
      server.route(`/slow-${i}`, (_req, res) => {
        setTimeout(
          () =>
            res.writeHead(200, { 'content-type': 'text/html' }).end(articlePage(V1, i, `${server.origin}/slow-${i}`)),
          300,
        );
      });
      await app.store.articles.track(`${server.origin}/slow-${i}`, new Date(clock.now).toISOString(), 'test');
    }
    const none = await app.runCycle({ deadline: Date.now() - 1 });
    expect(none).toMatchObject({ checked: 0, backlog: 6 });
    // Six checks of 300 ms each, one at a time, cannot all start within 0.5 s.
    const some = await app.runCycle({ deadline: Date.now() + 500 });
    expect(some.checked).toBeGreaterThan(0);
    expect(some.checked).toBeLessThan(6);
    expect(some.backlog).toBe(6 - some.checked);
    const rest = await app.runCycle();
    expect(rest.checked).toBe(6 - some.checked);
    await app.close();
  });
});

describe('when cards cannot be drawn', () => {
  it('stores the version and posts the change without images', async () => {
    const failing = { render: () => Promise.reject(new Error('no fonts today')), close: () => Promise.resolve() };
    const { createApp } = await import('../src/app.ts');
    const { loadConfig } = await import('../src/config.ts');
    const { createLogger } = await import('../src/log.ts');
    const config = loadConfig({
      EDITWATCH_STATE_DIR: state.path,
      EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      EDITWATCH_HOST_DELAY_MS: '0',
      LOG_LEVEL: 'silent',
    });
    const app = await createApp(config, createLogger(config.log), { renderer: failing, workerDir: BUILT_WORKERS });
    const url = `${server.origin}/news/story`;
    await app.store.articles.track(url, new Date().toISOString(), 'test');
    await app.runCycle({ force: true });
    current = { article: V3, seed: 2 };
    const report = await app.runCycle({ force: true });
    expect(report.results[0]!.result.outcome).toBe('new-version');
    const posts = readOutbox(app.config.state.outboxDir);
    expect(posts).toHaveLength(2);
    expect(posts.every((p) => p.images.length === 0)).toBe(true);
    await app.close();
  });
});

describe('canonical links', () => {
  it('tracks an article under the URL its page names as canonical, and retires a second URL of the same article', async () => {
    const { app } = await testApp(state.path);
    const canonical = `${server.origin}/news/bridge`;
    for (const path of ['/news/bridge', '/amp/bridge', '/print/bridge']) {
      server.route(
        path,
        (_req, res) =>
          void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(V1, 1, canonical)),
      );
    }
    server.route(
      '/home-canonical',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(articlePage(V1, 1, `${server.origin}/`)),
    );
    await app.store.articles.track(`${server.origin}/amp/bridge`, new Date().toISOString(), 'test');
    expect((await app.runCycle({ force: true })).results.map((r) => r.result.outcome)).toEqual(['first-version']);
    expect((await app.store.articles.list()).map((a) => a.url)).toEqual([canonical]);

    await app.store.articles.track(`${server.origin}/print/bridge`, new Date().toISOString(), 'test');
    await app.store.articles.track(`${server.origin}/home-canonical`, new Date().toISOString(), 'test');
    const second = await app.runCycle({ force: true });
    expect(second.results.find((r) => r.url.endsWith('/print/bridge'))!.result).toMatchObject({
      outcome: 'duplicate',
      of: canonical,
    });
    expect(await app.store.articles.get(`${server.origin}/print/bridge`)).toMatchObject({
      active: 0,
      retired_reason: `duplicate of ${canonical}`,
    });
    // A canonical link to the home page is a template's mistake: the article keeps its own URL.
    expect(await app.store.articles.get(`${server.origin}/home-canonical`)).toMatchObject({ active: 1 });
    await app.close();
  });
});

describe('EDITWATCH_PUBLIC_URL', () => {
  it("makes each post link the article's page in the archive as well as the article", async () => {
    const { app, advance } = await testApp(state.path, { EDITWATCH_PUBLIC_URL: 'https://edits.example/' });
    server.route(
      '/public',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(articlePage(current.article, current.seed, `${server.origin}/public`)),
    );
    current = { article: V1, seed: 1 };
    const url = `${server.origin}/public`;
    await app.store.articles.track(url, new Date().toISOString(), 'test');
    await app.runCycle({ force: true });
    current = { article: DEMO_VERSIONS[2]!, seed: 2 };
    advance(60);
    await app.runCycle({ force: true });
    const id = (await app.store.articles.get(url))!.id;
    const posts = readOutbox(app.config.state.outboxDir);
    expect(
      posts
        .find((p) => p.network === 'mastodon')!
        .text.split('\n')
        .slice(-2),
    ).toEqual([url, `All versions: https://edits.example/articles/${id}`]);
    expect(
      posts
        .find((p) => p.network === 'bluesky')!
        .text.split('\n')
        .at(-1),
    ).toBe(`All versions: edits.example/articles/${id}`);
    await app.close();
  });
});

describe('retirement', () => {
  it('retires an article once checks have seen it quiet for 40 days, not after a clock jump; tracked again, it starts the schedule afresh', async () => {
    const { app, advance, clock } = await testApp(state.path);
    const url = `${server.origin}/news/story`;
    const tracked = clock.now;
    await app.store.articles.track(url, new Date(clock.now).toISOString(), 'test');
    await app.runCycle();
    // A clock jumping 41 days ahead retires nothing: checks have not seen those days.
    advance(41 * 24 * 60);
    const jumped = await app.runCycle({ force: true });
    expect(jumped.results[0]!.result).toEqual({ outcome: 'unchanged' });
    // Checked as the schedule says from then on, it is retired once checks have seen 40 quiet days.
    let retiredAt: number | null = null;
    for (let i = 0; i < 400 && retiredAt === null; i++) {
      const row = (await app.store.articles.get(url))!;
      clock.now = Math.max(clock.now, Date.parse(row.next_check_at));
      const report = await app.runCycle();
      if (report.results[0]?.result.retired) retiredAt = clock.now;
    }
    const days = (retiredAt! - tracked) / (24 * 3600_000);
    expect(days).toBeGreaterThan(41 + 38);
    expect(days).toBeLessThan(41 + 41);
    expect((await app.runCycle({ force: true })).checked).toBe(0);

    advance(10);
    await app.store.articles.track(url, new Date(clock.now).toISOString(), 'a person');
    const again = await app.runCycle();
    expect(again.results[0]!.result).toEqual({ outcome: 'unchanged' });
    expect(await app.store.articles.get(url)).toMatchObject({
      active: 1,
      next_check_at: new Date(clock.now + 5 * 60_000).toISOString(),
    });
    await app.close();
  });
});
