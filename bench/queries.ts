// `npx tsx bench/queries.ts [articles]`: what `editwatch status`, `list` and the archive cost at 100,000
// articles (issue "100,000 articles on one small machine": ≤300 ms for list and status), each query the
// median of several runs on one state, beside the shapes they replaced (every article loaded, LIKE, GROUP BY
// over every article, OFFSET) timed on the same state.
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { cardMediaOf } from '../src/publish/card-folder.ts';
import { createArchiveApp } from '../src/archive/server.ts';
import { createLogger } from '../src/log.ts';
import { DEFAULT_POLICY } from '../src/schedule/policy.ts';
import { Store } from '../src/store/index.ts';
import { BENCH_NOW, fillState } from './queries-state.ts';
import { ms, summarise } from './stats.ts';

const RUNS = 7;
const iso = (t: number) => new Date(t).toISOString();

/** The first run (nothing cached by this connection) and the median of the next RUNS. */
async function timed(run: () => Promise<unknown>): Promise<{ first: number; median: number }> {
  const once = async () => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  const first = await once();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once());
  return { first, median: summarise(runs).median };
}

/** What `editwatch status` reads (with the lines the sources add: feeds, requests). */
async function statusQueries(store: Store): Promise<void> {
  await store.articles.queueStats(iso(BENCH_NOW), iso(BENCH_NOW - 600_000));
  await store.outbox.countByState();
  await store.pauses.running(iso(BENCH_NOW));
  await store.articles.withErrors(10);
  await store.requests.counts();
  await store.feeds.list();
}

export async function benchQueries(articles = 100_000): Promise<void> {
  const dir = join(tmpdir(), `editwatch-bench-queries-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const file = join(dir, 'editwatch.sqlite');
  await (await Store.open(file)).close(); // the schema, with its triggers
  const building = performance.now();
  const state = fillState(file, articles);
  console.log(
    `\nQueries of status, list and the archive: ${state.articles} articles on 500 hosts, ${state.versions} versions, ${state.changes} changes, ${state.posts} posts, ${state.checks} checks over 40 days (${(statSync(file).size / 1e6).toFixed(0)} MB, built in ${((performance.now() - building) / 1000).toFixed(0)} s); first run, then the median of ${RUNS}`,
  );
  const store = await Store.open(file);
  const archive = createArchiveApp({
    store,
    media: cardMediaOf(store, dir),
    botName: 'editwatch',
    policy: DEFAULT_POLICY,
    publicUrl: null,
    log: createLogger({ level: 'silent', format: 'json' }),
  });
  const get = async (path: string) => {
    const res = await archive.request(path);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    await res.text();
  };
  const { next } = await store.archive.changes({ limit: 50 });
  const firstPage = await store.articles.page({ limit: 51 });
  const outlet = encodeURIComponent(state.bigOutlet);
  const edited = (await store.archive.changes({ limit: 1 })).changes[0]!.articleId;
  const old = (text: string) => () => sql.raw(text).execute(store.db);
  const cases: [string, () => Promise<unknown>][] = [
    ['status: every query, this connection', () => statusQueries(store)],
    [
      'status: opening the state and every query (as the CLI)',
      async () => {
        const fresh = await Store.open(file);
        await statusQueries(fresh);
        await fresh.close();
      },
    ],
    ['  queue (tallies, due and failing ranges)', () => store.articles.queueStats(iso(BENCH_NOW), iso(BENCH_NOW))],
    ['  failing, latest 10', () => store.articles.withErrors(10)],
    ['  posts by state', () => store.outbox.countByState()],
    [
      'list: first page (51 rows) and total',
      () => Promise.all([store.articles.page({ limit: 51 }), store.articles.total()]),
    ],
    ['list: next page', () => store.articles.page({ limit: 51, after: firstPage[50]!.id })],
    ['archive GET /', () => get('/')],
    ['archive GET /?after= (next page)', () => get(`/?after=${next}`)],
    [`archive GET /?q= (common word)`, () => get(`/?q=${state.commonWord}`)],
    [`archive GET /?q= (rare word)`, () => get(`/?q=${state.rareWord}`)],
    ['archive GET /outlets', () => get('/outlets')],
    ['archive GET /outlets/<largest>', () => get(`/outlets/${outlet}`)],
    ['archive GET /outlets/<largest>/feed.atom', () => get(`/outlets/${outlet}/feed.atom`)],
    ['archive GET /feed.atom', () => get('/feed.atom')],
    ['archive GET /articles/<id>', () => get(`/articles/${edited}`)],
    ['archive GET /status', () => get('/status')],
    ['archive GET /api/articles', () => get('/api/articles')],
    [`archive GET /api/changes?q= (common word)`, () => get(`/api/changes?q=${state.commonWord}`)],
    // The shapes replaced, on the same state.
    ['before: list, every article with its versions', () => store.articles.list()],
    [
      'before: queue, one pass over every article',
      old(`select count(*) filter (where active = 1), count(*) filter (where active = 1 and next_check_at <= '${iso(BENCH_NOW)}'),
        count(*) filter (where active = 1 and last_error is not null), count(*) filter (where active = 0) from articles`),
    ],
    ['before: last check, over every check', old('select max(+at) from checks')],
    [
      'before: every change counted',
      old('select count(*) from changes join articles on articles.id = changes.article_id where minor = 0'),
    ],
    [
      'before: page 100 by OFFSET',
      old(
        `select changes.id from changes join articles on articles.id = changes.article_id where minor = 0 order by detected_at desc, changes.id desc limit 50 offset 4950`,
      ),
    ],
    [
      'before: search by LIKE, counted (rare word)',
      old(
        `select count(*) from changes join articles on articles.id = changes.article_id where minor = 0 and (headline like '%${state.rareWord}%' or url like '%${state.rareWord}%' or outlet like '%${state.rareWord}%')`,
      ),
    ],
    [
      'before: outlets by GROUP BY',
      old(
        'select outlet, count(*), sum((select count(*) from changes where changes.article_id = articles.id and minor = 0)) from articles where outlet is not null group by outlet order by outlet',
      ),
    ],
    [
      'before: failing, by the active flag',
      old(
        `select * from articles where +last_error is not null and active = 1 order by +last_checked_at desc limit 10`,
      ),
    ],
  ];
  const width = Math.max(...cases.map(([name]) => name.length));
  for (const [name, run] of cases) {
    const t = await timed(run);
    console.log(`  ${name.padEnd(width)}  ${ms(t.first).padStart(11)}  ${ms(t.median).padStart(11)}`);
  }
  // Pruning, six days on: the oldest day of checks is past the 45 kept; a batch as each check recorded deletes.
  const prune = await timed(() => store.checks.prune(iso(BENCH_NOW + 6 * 86_400_000)));
  console.log(
    `  ${'checks: prune a batch of 8 old checks'.padEnd(width)}  ${ms(prune.first).padStart(11)}  ${ms(prune.median).padStart(11)}`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchQueries(Number(process.argv[2] ?? 100_000));
