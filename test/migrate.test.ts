import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { articlePage, DEMO_VERSIONS, type DemoArticle } from '../src/demo/article-page.ts';
import { Store } from '../src/store/index.ts';
import { killLeftovers, startCli } from './helpers/cli-process.ts';
import { DATABASES } from './helpers/databases.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { saveVersion } from './helpers/plain-article.ts';
import { tempDir } from './helpers/temp-dir.ts';
import { testApp } from './helpers/test-app.ts';

// `editwatch migrate --from`: a SQLite state made by the real pipeline (pages fetched from a server on
// loopback, versions, changes, cards' posts sent to the dry-run outbox), copied into a real PostgreSQL
// database by the CLI, and read back row for row.

vi.setConfig({ testTimeout: 120_000 });

const postgres = DATABASES.find((d) => d.name === 'PostgreSQL')!;
const missing = postgres.missing();
const [V1, , V3] = DEMO_VERSIONS as [DemoArticle, DemoArticle, DemoArticle];

let server: TestServer;
let state: ReturnType<typeof tempDir>;
beforeEach(async () => {
  state = tempDir();
  server = await startServer();
});
afterEach(async () => {
  killLeftovers();
  await server.close();
  state.remove();
});

/** Every row of every table of the state, in key order: what a copy must reproduce. */
async function everything(store: Store) {
  const db = store.db;
  return {
    articles: await db.selectFrom('articles').selectAll().orderBy('id').execute(),
    html_bases: await db.selectFrom('html_bases').selectAll().orderBy('id').execute(),
    versions: await db.selectFrom('versions').selectAll().orderBy('id').execute(),
    changes: await db.selectFrom('changes').selectAll().orderBy('id').execute(),
    checks: await db.selectFrom('checks').selectAll().orderBy('id').execute(),
    posts: await db.selectFrom('posts').selectAll().orderBy('queue_seq').execute(),
    requests: await db.selectFrom('requests').selectAll().orderBy('id').execute(),
    feeds: await db.selectFrom('feeds').selectAll().orderBy('id').execute(),
    cursors: await db.selectFrom('cursors').selectAll().orderBy('name').execute(),
    pauses: await db.selectFrom('pauses').selectAll().orderBy('scope').execute(),
    tallies: await db.selectFrom('tallies').selectAll().orderBy('name').execute(),
    outlets: await db.selectFrom('outlets').selectAll().orderBy('name').execute(),
  };
}

describe.skipIf(missing)(`editwatch migrate --from, into PostgreSQL${missing ? ` (${missing})` : ''}`, () => {
  it('copies a SQLite state intact: every row, the HTML byte for byte, the outbox in order, and goes on numbering', async () => {
    // The SQLite state, made by the pipeline: a page checked, edited, checked; its posts sent (dry run).
    let current = V1;
    server.route('/news/story', (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(articlePage(current, 1, `${server.origin}/news/story`));
    });
    const { app, advance } = await testApp(state.path);
    await app.store.articles.track(`${server.origin}/news/story`, '2026-11-25T08:00:00.000Z', 'cli');
    await app.runCycle({ force: true });
    advance(60);
    current = V3;
    await app.runCycle({ force: true });
    // And what other sources leave: a second address retired as a duplicate of a later article, a
    // request, feeds, a cursor, a pause, a post still queued.
    const { article: first } = await app.store.articles.track(
      'https://news.example/a?ref=x',
      '2026-11-25T09:00:00.000Z',
      'cli',
    );
    const { article: later } = await app.store.articles.track(
      'https://news.example/a',
      '2026-11-25T09:01:00.000Z',
      'cli',
    );
    await saveVersion(
      app.store,
      later.id,
      later.url,
      '<html><body><h1>Later</h1><p>Text.</p></body></html>',
      '2026-11-25T09:02:00.000Z',
    );
    await app.store.articles.retireAsDuplicate(first.id, later, '2026-11-25T09:03:00.000Z');
    await app.store.requests.save({
      network: 'mastodon',
      remote_id: 'm1',
      remote_cid: null,
      root_id: null,
      root_cid: null,
      author_id: 'a1',
      author_handle: 'reader@m.example',
      received_at: '2026-11-25T09:04:00.000Z',
      action: 'track',
      url: later.url,
      article_id: later.id,
      outcome: 'tracking',
      reason: null,
      active: 1,
    });
    await app.store.feeds.sync(['https://news.example/feed.xml'], '2026-11-25T09:05:00.000Z');
    await app.store.cursors.set('mastodon:notifications', '109');
    await app.store.pauses.set({
      scope: 'host:news.example',
      resumeAt: '2026-11-26T09:00:00.000Z',
      reason: 'Retry-After',
      setAt: '2026-11-25T09:06:00.000Z',
    });
    const before = await everything(app.store);
    expect(before.posts.length).toBeGreaterThanOrEqual(2);
    expect(before.versions.some((v) => v.html_key_id !== null)).toBe(true);
    const html = await Promise.all(before.versions.map((v) => app.store.versions.rawHtml(v.id)));
    await app.close();

    const exported = async (env: Record<string, string>) => {
      const run = await startCli(['export', '--format', 'jsonl'], { EDITWATCH_STATE_DIR: state.path, ...env }).exited;
      expect(run).toMatchObject({ code: 0, stderr: '' });
      return run.stdout;
    };
    const researchers = await exported({});
    expect(researchers.split('\n').filter(Boolean)).toHaveLength(before.articles.length);

    const url = await postgres.create();
    const env = { EDITWATCH_STATE_DIR: state.path, EDITWATCH_DATABASE_URL: url };
    const run = await startCli(['migrate', '--from', join(state.path, 'editwatch.sqlite')], env).exited;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Copied ${join(state.path, 'editwatch.sqlite')} into `);
    expect(run.stdout).toMatch(new RegExp(`versions\\s+${before.versions.length}\\n`));
    expect(run.stdout).toMatch(/cards\s+[1-9]\d*\n$/);

    // The export researchers read is the same from either database.
    expect(await exported({ EDITWATCH_DATABASE_URL: url })).toBe(researchers);

    const copy = await Store.open(url);
    try {
      expect(await everything(copy)).toEqual(before);
      // The HTML reads back byte for byte, through its chains; the archive's search finds the copy.
      for (const [i, v] of before.versions.entries()) expect(await copy.versions.rawHtml(v.id)).toBe(html[i]);
      const found = await copy.archive.changes({ q: 'riverside', limit: 10 });
      expect(found.changes.map((c) => c.articleId)).toEqual([before.articles[0]!.id]);
      // Every card a post shows came across, into the database's card store.
      const shown = before.posts.flatMap((p) =>
        p.media ? (JSON.parse(p.images) as { file: string }[]).map((i) => [p.media!, i.file] as const) : [],
      );
      expect(shown.length).toBeGreaterThan(0);
      for (const [folder, file] of shown)
        expect(await copy.media.read(folder, file)).toEqual(readFileSync(join(state.path, 'media', folder, file)));
      // New rows are numbered after the copied ones, and queue after them.
      const { article: next } = await copy.articles.track(
        'https://news.example/next',
        '2026-11-25T10:00:00.000Z',
        'cli',
      );
      expect(next.id).toBe(Math.max(...before.articles.map((a) => a.id)) + 1);
    } finally {
      await copy.close();
    }

    // The state is that database now, named without a password.
    const status = await startCli(['status'], env).exited;
    expect(status.stdout).toMatch(/^database: PostgreSQL, postgresql:\/\/editwatch@127\.0\.0\.1:\d+\/editwatch_\w+$/m);

    // The archive on another machine (a state folder with nothing in it) serves the copy, cards included.
    const elsewhere = tempDir();
    const serve = startCli(['serve', '--port', '0'], {
      EDITWATCH_STATE_DIR: elsewhere.path,
      EDITWATCH_DATABASE_URL: url,
    });
    try {
      await serve.until((o) => /archive: http:\/\/\S+\//.test(o.stdout));
      const base = /archive: (http:\/\/\S+)\//.exec(serve.stdout())![1]!;
      const page = await fetch(`${base}/articles/${before.articles[0]!.id}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Riverside');
      const post = before.posts.find((p) => p.media)!;
      const [card] = JSON.parse(post.images) as { file: string }[];
      const image = await fetch(`${base}/media/${post.media}/${card!.file}`);
      expect(image.status).toBe(200);
      expect(Buffer.from(await image.arrayBuffer())).toEqual(
        readFileSync(join(state.path, 'media', post.media!, card!.file)),
      );
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
      elsewhere.remove();
    }

    // Once is enough: a database that holds a state is never copied into.
    const again = await startCli(['migrate', '--from', join(state.path, 'editwatch.sqlite')], env).exited;
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^editwatch: the database to copy into is not empty \(\d+ articles, .*\); copy into a new, empty database\n$/,
    );
  });

  it('copies what SQLite let in and PostgreSQL would refuse: a fraction in an integer column, a post whose images cannot be read', async () => {
    const file = join(state.path, 'editwatch.sqlite');
    const store = await Store.open(file);
    const { article } = await store.articles.track('https://news.example/a', '2026-11-25T08:00:00.000Z', 'cli');
    await store.close();
    const raw = new SQLite(file);
    raw.prepare('update articles set quiet_observed_ms = ? where id = ?').run(2208477312.0000005, article.id);
    raw
      .prepare(
        `insert into posts (id, kind, article_id, network, thread, state, text, article_url, images, media,
           created_at, updated_at, attempts) values ('p1', 'edit', ?, 'mastodon', 'article', 'pending', 'An edit',
           ?, 'not json', 'cards-1', '2026-11-25T08:01:00.000Z', '2026-11-25T08:01:00.000Z', 0)`,
      )
      .run(article.id, article.url);
    raw.close();
    const url = await postgres.create();
    const run = await startCli(['migrate', '--from', file], {
      EDITWATCH_STATE_DIR: state.path,
      EDITWATCH_DATABASE_URL: url,
    }).exited;
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /1 posts whose images cannot be read were copied without their cards .*: p1 \(Unexpected token/,
    );
    expect(run.stdout).toContain(
      "fractions in integer columns, rounded (PostgreSQL's integers hold none): articles.quiet_observed_ms 1",
    );
    const copy = await Store.open(url);
    try {
      expect((await copy.articles.for(article.url))!.quiet_observed_ms).toBe(2208477312);
      expect(await copy.outbox.byId('p1').catch((err: unknown) => (err as Error).name)).toBe('BadRowError');
    } finally {
      await copy.close();
    }
  });

  it('needs EDITWATCH_DATABASE_URL and a SQLite file that is there', async () => {
    const cli = (args: string[], env: Record<string, string>) =>
      startCli(['migrate', ...args], { EDITWATCH_STATE_DIR: state.path, ...env }).exited;
    const noTarget = await cli(['--from', join(state.path, 'editwatch.sqlite')], {});
    expect(noTarget).toMatchObject({ code: 2 });
    expect(noTarget.stderr).toContain(
      'migrate --from copies a SQLite state into PostgreSQL: set EDITWATCH_DATABASE_URL',
    );
    const noSource = await cli(['--from', join(state.path, 'nope.sqlite')], {
      EDITWATCH_DATABASE_URL: await postgres.create(),
    });
    expect(noSource).toMatchObject({ code: 2 });
    expect(noSource.stderr).toBe(`editwatch: no SQLite state at ${join(state.path, 'nope.sqlite')}\n`);
  });
});
