import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePage, DEMO_VERSIONS, type DemoArticle } from '../src/demo/article-page.ts';
import { Store } from '../src/store/index.ts';
import { LocalBluesky, type BlueskyAccount } from './helpers/bluesky-network.ts';
import { killLeftovers, startCli } from './helpers/cli-process.ts';
import { startServer, type TestServer } from './helpers/http-server.ts';
import { startMastodonServer, type MastodonServer } from './helpers/mastodon-server.ts';
import { seededRandom } from './helpers/seeded-random.ts';
import { tempDir } from './helpers/temp-dir.ts';

// The fault suite's kill -9 part: `editwatch check` processes killed at random moments (a fixed seed, so
// a failure can be replayed), with edits between runs, against a real Mastodon API server and a real
// Bluesky PDS, sometimes with a second instance started at once on the same state. Afterwards nothing may be lost and nothing doubled: every version served is stored once,
// every change posted once on each network, in its thread, in order.
// EDITWATCH_FAULT_RUNS / EDITWATCH_FAULT_SEED make longer runs for the README's figures.
const RUNS = Number(process.env.EDITWATCH_FAULT_RUNS ?? 10);
const SEED = Number(process.env.EDITWATCH_FAULT_SEED ?? 20261126);
const ARTICLES = ['/world/a', '/world/b', '/politics/c'];

let server: TestServer;
let mastodon: MastodonServer;
let bluesky: LocalBluesky;
let bot: BlueskyAccount;
let state: ReturnType<typeof tempDir>;
/** Edits made to each article: the page serves edit number `served[path]`. */
const served = new Map(ARTICLES.map((p) => [p, 0]));

function version(path: string): DemoArticle {
  const base = DEMO_VERSIONS[0]!;
  const n = served.get(path)!;
  const [first = '', ...rest] = base.paragraphs;
  return {
    ...base,
    headline: `${base.headline} (${path})${n ? ` update ${n}` : ''}`,
    paragraphs: n
      ? [`${first} Correction ${n}: the figure given earlier for ${path} was wrong.`, ...rest]
      : base.paragraphs,
  };
}

beforeAll(async () => {
  state = tempDir();
  server = await startServer();
  for (const path of ARTICLES)
    server.route(
      path,
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(articlePage(version(path), 1, `${server.origin}${path}`)),
    );
  mastodon = await startMastodonServer();
  bluesky = await LocalBluesky.pdsOnly();
  bot = await bluesky.createAccount('editwatch');
  const store = await Store.open(join(state.path, 'editwatch.sqlite'));
  for (const path of ARTICLES) await store.articles.track(`${server.origin}${path}`, new Date().toISOString(), 'test');
  await store.close();
});
afterAll(async () => {
  killLeftovers();
  await bluesky?.close();
  await mastodon?.close();
  await server?.close();
  state?.remove();
});

const env = () => ({
  EDITWATCH_STATE_DIR: state.path,
  MASTODON_URL: mastodon.url,
  MASTODON_TOKEN: mastodon.token,
  BSKY_SERVICE: bluesky.pdsUrl,
  BSKY_HANDLE: bot.handle,
  BSKY_APP_PASSWORD: bot.appPassword,
  EDITWATCH_PUBLISH_BACKOFF_MS: '20',
  // A PDS alone has no AppView to read mentions from.
  EDITWATCH_MENTIONS: 'false',
  LOG_LEVEL: 'debug',
  LOG_FORMAT: 'json',
});

/** What the last log line before the kill was about: where in the cycle the process died. */
function phase(stderr: string): string {
  const line = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
  if (line.startsWith('editwatch: waiting')) return 'waiting for the state lock';
  const last = line.startsWith('{') ? (JSON.parse(line) as { msg?: string; step?: string }) : {};
  if (!last.msg) return 'starting';
  if (last.msg === 'send step') return `publishing (${last.step})`;
  if (/posted|already on the network/.test(last.msg)) return 'publishing (between posts)';
  if (/cycle started|checked|changed|check failed/.test(last.msg)) return 'checking (fetch, extract, store, cards)';
  return last.msg;
}

/** The served edit number of each article's latest stored version, read from its headline. */
function storedEdits(db: SQLite.Database): Map<string, number> {
  const rows = db
    .prepare(
      'select a.url, v.content from versions v join articles a on a.id = v.article_id where v.seq = (select max(seq) from versions w where w.article_id = v.article_id)',
    )
    .all() as { url: string; content: string }[];
  return new Map(
    rows.map((r) => [
      new URL(r.url).pathname,
      Number((JSON.parse(r.content) as { headline: string }).headline.match(/update (\d+)$/)?.[1] ?? 0),
    ]),
  );
}

describe('the fault suite: kill -9 at random moments', () => {
  it(`loses and doubles nothing over ${RUNS} killed runs (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    // Two clean runs first: the first versions, then an edit of each article. The second's length, from
    // its first log line to its exit (checks, cards and posts), sets the range of kill moments.
    const first = await startCli(['check', '--force'], env()).exited;
    expect(first.code, first.stderr).toBe(0);
    for (const path of ARTICLES) served.set(path, 1);
    const t0 = performance.now();
    const measured = startCli(['check', '--force'], env());
    await measured.until((o) => o.stderr.length > 0);
    const started = performance.now();
    const measuredRun = await measured.exited;
    expect(measuredRun.code, measuredRun.stderr).toBe(0);
    const span = Math.max(200, performance.now() - started);
    const startup = started - t0;

    const kills = new Map<string, number>();
    let edits = ARTICLES.length;
    let finishedBeforeKill = 0;
    let twoAtOnce = 0;
    for (let run = 0; run < RUNS; run++) {
      // Edit only an article whose current text is stored: then every version served must be stored.
      const db = new SQLite(join(state.path, 'editwatch.sqlite'), { readonly: true });
      const stored = storedEdits(db);
      db.close();
      for (const path of ARTICLES) {
        if (stored.get(path) === served.get(path) && random() < 0.6) {
          served.set(path, served.get(path)! + 1);
          edits++;
        }
      }
      // A random moment of the cycle, counted from its first log line; a run may also end before it (a
      // run with fewer edits than the measured one is shorter).
      const delay = random() * span * 0.9;
      const child = startCli(['check', '--force'], env());
      // Now and then a second instance on the same state at once (a cron job beside another): it must
      // wait for the first, or for its death, and then do the rest.
      const second = random() < 0.3 ? startCli(['check', '--force'], env()) : null;
      await child.until((o) => o.stderr.length > 0).catch(() => undefined);
      const timer = setTimeout(() => child.child.kill('SIGKILL'), delay);
      const ended = await child.exited;
      clearTimeout(timer);
      if (second) {
        const other = await second.exited;
        expect(other.code, other.stderr).toBe(0);
        twoAtOnce++;
      }
      if (ended.signal === 'SIGKILL') {
        const where = phase(ended.stderr);
        kills.set(where, (kills.get(where) ?? 0) + 1);
      } else {
        expect(ended.code, ended.stderr).toBe(0);
        finishedBeforeKill++;
      }
    }
    // Then runs without faults until every article's latest text is stored and the outbox is empty.
    for (let i = 0; i < 3; i++) {
      const done = await startCli(['check', '--force'], env()).exited;
      expect(done.code, done.stderr).toBe(0);
    }

    const db = new SQLite(join(state.path, 'editwatch.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const versions = db
      .prepare(
        'select a.url, count(*) as n, count(distinct v.content_hash) as distinct_n from versions v join articles a on a.id = v.article_id group by a.id',
      )
      .all() as { url: string; n: number; distinct_n: number }[];
    const changes = (db.prepare('select count(*) as n from changes where minor = 0').get() as { n: number }).n;
    const posts = db
      .prepare("select network, state, remote_id, media, id from posts where kind = 'edit' order by rowid")
      .all() as { network: string; state: string; remote_id: string | null; media: string | null; id: string }[];
    db.close();

    const storedVersions = versions.reduce((n, v) => n + v.n, 0);
    const duplicateVersions = versions.reduce((n, v) => n + v.n - v.distinct_n, 0);
    const lostVersions = ARTICLES.length + edits - versions.reduce((n, v) => n + v.distinct_n, 0);
    const statuses = mastodon.statuses;
    const records = (
      await bot.agent.com.atproto.repo.listRecords({ repo: bot.did, collection: 'app.bsky.feed.post', limit: 100 })
    ).data.records;
    // Every status and record must be one post of ours; anything else on the account is a duplicate.
    const remote = (network: string) =>
      new Set(posts.filter((p) => p.network === network && p.remote_id).map((p) => p.remote_id));
    const duplicateStatuses = statuses.filter((s) => !remote('mastodon').has(s.id)).length;
    const duplicateRecords = records.filter((r) => !remote('bluesky').has(r.uri)).length;
    const lost = (network: string, onServer: Set<string>) =>
      edits -
      posts.filter((p) => p.network === network && p.state === 'posted' && onServer.has(p.remote_id ?? '')).length;
    const lostStatuses = lost('mastodon', new Set(statuses.map((s) => s.id)));
    const lostRecords = lost('bluesky', new Set(records.map((r) => r.uri)));

    const killed = [...kills.values()].reduce((a, b) => a + b, 0);
    const table = [
      `Seed ${SEED}: ${RUNS} runs of \`editwatch check\` (${killed} killed with SIGKILL, ${finishedBeforeKill} finished first; ${twoAtOnce} with a second \`check\` started beside it on the same state), ${edits} edits; after two clean runs, the second of which took ${Math.round(startup)} ms to its first log line and ${Math.round(span)} ms more to check, draw and post an edit of each article.`,
      '',
      '| killed while | runs |',
      '| --- | --- |',
      ...[...kills.entries()].sort((a, b) => b[1] - a[1]).map(([where, n]) => `| ${where} | ${n} |`),
      '',
      '| | expected | stored or posted | duplicates | lost |',
      '| --- | --- | --- | --- | --- |',
      `| versions | ${ARTICLES.length + edits} | ${storedVersions} | ${duplicateVersions} | ${lostVersions} |`,
      `| Mastodon statuses | ${edits} | ${statuses.length} | ${duplicateStatuses} | ${lostStatuses} |`,
      `| Bluesky records | ${edits} | ${records.length} | ${duplicateRecords} | ${lostRecords} |`,
    ].join('\n');
    console.log(table);

    // Enough kills to mean something; how many land is up to the machine's speed, not the seed alone.
    expect(killed).toBeGreaterThanOrEqual(Math.ceil(RUNS * 0.4));
    expect({ duplicateVersions, lostVersions, duplicateStatuses, duplicateRecords, lostStatuses, lostRecords }).toEqual(
      {
        duplicateVersions: 0,
        lostVersions: 0,
        duplicateStatuses: 0,
        duplicateRecords: 0,
        lostStatuses: 0,
        lostRecords: 0,
      },
    );
    expect(changes).toBe(edits);
    expect(posts).toHaveLength(2 * edits);
    expect(posts.filter((p) => p.state !== 'posted')).toEqual([]);
    expect(mastodon.violations).toEqual([]);
    // Each article's statuses form one thread, in the order of its edits.
    for (const path of ARTICLES) {
      const own = statuses.filter((s) => s.text.includes(`(${path}) update`));
      expect(own.map((s) => Number(s.text.match(/update (\d+)/)?.[1]))).toEqual(own.map((_, i) => i + 1));
      expect(own.map((s) => s.inReplyToId)).toEqual([null, ...own.slice(0, -1).map((s) => s.id)]);
    }
    // Each change's cards are in its folder, and no folder is left of a try that did not store its change.
    const media = join(state.path, 'media');
    const folders = existsSync(media) ? readdirSync(media).sort() : [];
    expect(folders).toEqual([...new Set(posts.map((p) => p.media))].sort());
    expect(folders).toHaveLength(edits);
  }, 900_000);
});
