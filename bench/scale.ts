// `npm run bench -- scale`: editwatch on PostgreSQL with several workers, as issue 15 asks. A loopback site
// of many hosts serving real corpus pages; 100,000 tracked articles, all due (a backlog, so the figures are
// what the workers can do, not what the schedule asks); `editwatch start` from the compiled build as 1, 2
// and 4 worker processes on a private PostgreSQL cluster (Debian's, with its default durability), and
// beside them one process on SQLite. The sides run in turn, round after round (SCALE_ROUNDS, 1), each
// SCALE_MINUTES (3). Then the kill run: 4 workers posting to a real local Bluesky PDS and a Mastodon server
// checked against the API description, one killed with SIGKILL at random moments and replaced, until every
// edit is posted; it counts the posts on the servers. SCALE_ARTICLES, SCALE_HOSTS and SCALE_KILL_ARTICLES
// (400) change the sizes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { AtpAgent } from '@atproto/api';
import { TestNetworkNoAppView } from '@atproto/dev-env';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Store } from '../src/store/index.ts';
import { startMastodonServer } from '../test/helpers/mastodon-server.ts';
import { startPostgresCluster, type PostgresCluster } from '../test/helpers/postgres-cluster.ts';
import { seededRandom } from '../test/helpers/seeded-random.ts';
import { procSample, startSite } from './load-parts.ts';
import { loadTemplates, seedState, type Template } from './load-seed.ts';
import { summarise } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/editwatch.js');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const f = (n: number, digits = 0) => n.toFixed(digits);
const row = (what: string, ...values: string[]) =>
  console.log(`  ${what.padEnd(34)} ${values.map((v) => v.padEnd(17)).join(' ')}`);

interface Side {
  name: string;
  workers: number;
  database: 'sqlite' | 'postgres';
}
const SIDES: Side[] = [
  { name: 'SQLite, 1 process', workers: 1, database: 'sqlite' },
  { name: 'PostgreSQL, 1 worker', workers: 1, database: 'postgres' },
  { name: 'PostgreSQL, 2 workers', workers: 2, database: 'postgres' },
  { name: 'PostgreSQL, 4 workers', workers: 4, database: 'postgres' },
];

interface RunFigures {
  checksPerS: number;
  workerCpuMsPerCheck: number;
  postgresCpuMsPerCheck: number;
  coresUsed: number;
  rssMedianMb: number;
  rssPeakMb: number;
  faultsLogged: number;
}

/** Every process of the cluster: the postmaster and its children (backends, writers). */
function clusterPids(postmaster: number): number[] {
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function cpuOf(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (procSample(pid)?.cpuS ?? 0), 0);
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const databaseUrl = (cluster: PostgresCluster, name: string) => cluster.url.replace(/\/postgres$/, `/${name}`);

/** `editwatch start` as a worker; resolves its exit. */
function startWorker(runEnv: Record<string, string>, stateDir: string) {
  mkdirSync(stateDir, { recursive: true });
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: stateDir,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...runEnv, EDITWATCH_STATE_DIR: stateDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (!line.startsWith('{')) return void console.error(`  [worker ${child.pid}] ${line}`);
    lines.push(line);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, exited, lines };
}

async function stopAll(workers: { child: ChildProcess; exited: Promise<void> }[]): Promise<void> {
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}

/** One side's run: its workers on a fresh copy of the seeded state, for `minutes`; the figures after a warm-up. */
async function runSide(
  side: Side,
  seededFile: string,
  cluster: PostgresCluster,
  dir: string,
  runIndex: number,
  minutes: number,
): Promise<RunFigures> {
  const runDir = join(dir, `run-${runIndex}`);
  mkdirSync(runDir, { recursive: true });
  let location: string;
  if (side.database === 'sqlite') {
    location = join(runDir, 'editwatch.sqlite');
    copyFileSync(seededFile, location);
  } else {
    await sql(cluster.url, `create database run_${runIndex} template scale_seed`);
    location = databaseUrl(cluster, `run_${runIndex}`);
  }
  const runEnv: Record<string, string> = {
    MALLOC_ARENA_MAX: '2',
    EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
    EDITWATCH_DRY_RUN: 'true',
    EDITWATCH_MENTIONS: 'false',
    // A backlog far larger than a cycle can take: each cycle works until its deadline.
    EDITWATCH_MAX_CHECKS_PER_CYCLE: '3000',
    LOG_LEVEL: 'info',
    ...(side.database === 'postgres' ? { EDITWATCH_DATABASE_URL: location } : {}),
  };
  const stateDirs = Array.from({ length: side.workers }, (_, i) =>
    side.database === 'sqlite' ? runDir : join(runDir, `worker-${i}`),
  );
  const workers = stateDirs.map((d) => startWorker(runEnv, d));
  const warmUpMs = 30_000;
  await new Promise((r) => setTimeout(r, warmUpMs));
  const countChecks = async (since: string): Promise<number> => {
    if (side.database === 'postgres')
      return Number(
        (await sql<{ n: string }>(location, 'select count(*) n from checks where at >= $1', [since]))[0]!.n,
      );
    const db = new SQLite(location, { readonly: true });
    try {
      return (db.prepare('select count(*) n from checks where at >= ?').get(since) as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const windowStart = new Date().toISOString();
  const startedAt = Date.now();
  const pgPids = clusterPids(cluster.postmasterPid());
  const workerCpu0 = cpuOf(workers.map((w) => w.child.pid!));
  const pgCpu0 = cpuOf(clusterPids(cluster.postmasterPid()));
  const rss: number[] = [];
  const sampler = setInterval(() => {
    for (const w of workers) {
      const s = procSample(w.child.pid!);
      if (s) rss.push(s.rssMb);
    }
  }, 1_000);
  await new Promise((r) => setTimeout(r, minutes * 60_000 - warmUpMs));
  clearInterval(sampler);
  const seconds = (Date.now() - startedAt) / 1000;
  const workerCpu = cpuOf(workers.map((w) => w.child.pid!)) - workerCpu0;
  const pgCpu = cpuOf([...new Set([...pgPids, ...clusterPids(cluster.postmasterPid())])]) - pgCpu0;
  const checks = await countChecks(windowStart);
  await stopAll(workers);
  const lost = workers
    .flatMap((w) => w.lines)
    .filter((l) => l.includes('outlasted its lease') || l.includes('"level":50')).length;
  if (side.database === 'postgres') await sql(cluster.url, `drop database run_${runIndex} with (force)`);
  rmSync(runDir, { recursive: true, force: true });
  const r = summarise(rss);
  return {
    checksPerS: checks / seconds,
    workerCpuMsPerCheck: (workerCpu * 1000) / Math.max(1, checks),
    postgresCpuMsPerCheck: side.database === 'postgres' ? (pgCpu * 1000) / Math.max(1, checks) : 0,
    coresUsed: (workerCpu + (side.database === 'postgres' ? pgCpu : 0)) / seconds,
    rssMedianMb: r.median,
    rssPeakMb: Math.max(...rss),
    faultsLogged: lost,
  };
}

/** The claim of due articles, as a cycle runs it, timed, with PostgreSQL's plan for it (run, then undone). */
async function claimPlan(cluster: PostgresCluster): Promise<{ medianMs: number; plan: string[] }> {
  await sql(cluster.url, 'create database claim_plan template scale_seed');
  const url = databaseUrl(cluster, 'claim_plan');
  let claim: { sql: string; parameters: readonly unknown[] } | null = null;
  const store = await Store.open(url, {
    trace: (text, parameters) => {
      if (/^update "articles" set "lease_owner"/.test(text)) claim ??= { sql: text, parameters: parameters ?? [] };
    },
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < 15; i++) {
      const now = new Date().toISOString();
      const started = performance.now();
      const rows = await store.articles.claimDue(
        'bench',
        { now, until: new Date(Date.now() + 120_000).toISOString() },
        now,
        { limit: 60 },
      );
      times.push(performance.now() - started);
      if (rows.length !== 60) throw new Error(`the claim took ${rows.length} articles, not 60`);
      await store.articles.release('bench');
    }
  } finally {
    await store.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    const { sql: text, parameters } = claim!;
    const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, [...parameters]);
    await client.query('rollback');
    return { medianMs: summarise(times).median, plan: plan.rows.map((r) => r['QUERY PLAN']) };
  } finally {
    await client.end();
    await sql(cluster.url, 'drop database claim_plan with (force)');
  }
}

/**
 * Four workers with real networks, one killed with SIGKILL at random moments (and replaced), until every
 * edit is posted; then what the database and the two servers hold.
 */
async function killRun(cluster: PostgresCluster, templates: Template[], dir: string): Promise<void> {
  const articles = env('SCALE_KILL_ARTICLES', 400);
  const hosts = 40;
  const editEvery = 4; // every 4th article's page is edited (load-site.ts)
  const siteDir = join(dir, 'kill-site');
  mkdirSync(siteDir, { recursive: true });
  // Every edit already made when the run starts: each edited article's first check finds it.
  const site = await startSite(
    { hosts, templates: templates.map(({ html, edited }) => ({ html, edited })), editEvery, start: 0, runMs: 1 },
    siteDir,
  );
  const bluesky = await TestNetworkNoAppView.create({});
  const mastodon = await startMastodonServer();
  try {
    const agent = new AtpAgent({ service: bluesky.pds.url });
    await agent.createAccount({ handle: 'editwatch.test', email: 'editwatch@example.test', password: 'editwatch-pw' });
    const appPassword = (await agent.com.atproto.server.createAppPassword({ name: 'editwatch' })).data.password;
    const file = join(dir, 'kill-seed.sqlite');
    await seedState(file, articles, hosts, site.port, templates, Date.now());
    const seed = new SQLite(file);
    seed.prepare('update articles set next_check_at = ?').run(new Date().toISOString());
    seed.close();
    await sql(cluster.url, 'create database kill_run');
    const url = databaseUrl(cluster, 'kill_run');
    const migrated = spawnSync(process.execPath, [BIN, 'migrate', '--from', file], {
      env: {
        PATH: process.env.PATH,
        EDITWATCH_DATABASE_URL: url,
        EDITWATCH_STATE_DIR: join(dir, 'kill-migrate'),
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    });
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
    const leaseS = 5;
    const runEnv: Record<string, string> = {
      MALLOC_ARENA_MAX: '2',
      EDITWATCH_DATABASE_URL: url,
      EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      EDITWATCH_MENTIONS: 'false',
      EDITWATCH_CRON: '*/10 * * * * *',
      EDITWATCH_MAX_CHECKS_PER_CYCLE: '40',
      EDITWATCH_LEASE_SECONDS: String(leaseS),
      MASTODON_URL: mastodon.url,
      MASTODON_TOKEN: mastodon.token,
      BSKY_SERVICE: bluesky.pds.url,
      BSKY_HANDLE: 'editwatch.test',
      BSKY_APP_PASSWORD: appPassword,
      LOG_LEVEL: 'info',
    };
    let made = 0;
    const stateOf = () => join(dir, `kill-worker-${made++}`);
    const workers = Array.from({ length: 4 }, () => startWorker(runEnv, stateOf()));
    const random = seededRandom(20261126);
    const kills: { at: number; inHand: number[] }[] = [];
    const edits = Math.floor((articles + 1) / editEvery);
    const progress = async () =>
      (
        await sql<{ versions: string; unposted: string; posts: string }>(
          url,
          `select (select count(*) from versions where seq = 2) versions,
             (select count(*) from posts where state in ('pending', 'sending')) unposted,
             (select count(*) from posts) posts`,
        )
      )[0]!;
    const started = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 2_000 + random() * 6_000));
      const p = await progress();
      if (Number(p.versions) >= edits && Number(p.unposted) === 0 && Number(p.posts) >= edits * 2) break;
      if (Date.now() - started > 15 * 60_000) throw new Error(`the kill run did not finish: ${JSON.stringify(p)}`);
      const i = Math.floor(random() * workers.length);
      const victim = workers[i]!;
      const id = (await sql<{ id: string }>(url, 'select id from workers where pid = $1', [victim.child.pid]))[0]?.id;
      victim.child.kill('SIGKILL');
      await victim.exited;
      const inHand = id
        ? (await sql<{ id: string }>(url, 'select id from articles where lease_owner = $1', [id])).map((r) =>
            Number(r.id),
          )
        : [];
      kills.push({ at: Date.now(), inHand });
      workers[i] = startWorker(runEnv, stateOf());
      console.log(
        `  … kill ${kills.length}: ${inHand.length} articles in its hand; ${p.versions}/${edits} edits found, ${p.unposted} posts to send`,
      );
    }
    await stopAll(workers);
    // Every article a victim had in hand was checked again, and how long after the kill.
    const takenAfter: number[] = [];
    let neverChecked = 0;
    for (const kill of kills) {
      if (!kill.inHand.length) continue;
      const rows = await sql<{ id: string; last: string | null }>(
        url,
        'select id, last_checked_at last from articles where id = any($1::bigint[])',
        [kill.inHand],
      );
      for (const r of rows) {
        if (!r.last || Date.parse(r.last) < kill.at - leaseS * 1000) neverChecked++;
        else takenAfter.push(Math.max(0, Date.parse(r.last) - kill.at) / 1000);
      }
    }
    const counts = (
      await sql<Record<string, string>>(
        url,
        `select (select count(*) from versions) versions,
           (select count(*) from (select article_id, seq from versions group by 1, 2 having count(*) > 1) d) doubled,
           (select count(*) from articles where active = 1 and last_checked_at < $1) unchecked,
           (select count(*) from posts where network = 'mastodon' and state = 'posted') mastodon,
           (select count(*) from posts where network = 'bluesky' and state = 'posted') bluesky,
           (select count(*) from posts where state <> 'posted') unposted`,
        [new Date(started).toISOString()],
      )
    )[0]!;
    let records = 0;
    let cursor: string | undefined;
    do {
      const page = await agent.com.atproto.repo.listRecords({
        repo: agent.session!.did,
        collection: 'app.bsky.feed.post',
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      records += page.data.records.length;
      cursor = page.data.cursor;
    } while (cursor);
    const texts = mastodon.statuses.map((s) => s.text);
    console.log(
      `\n  kill -9 run: ${articles} articles (${edits} edited), 4 workers, lease ${leaseS} s, ${kills.length} kills in ${f((Date.now() - started) / 1000)} s`,
    );
    row('versions stored / expected', `${counts.versions} / ${articles + edits}`);
    row('versions stored twice', counts.doubled!);
    row('articles never checked in the run', counts.unchecked!);
    row('victims’ articles checked again', `${takenAfter.length}, ${neverChecked} not`);
    row(
      '… seconds after the kill, median / max',
      takenAfter.length ? `${f(summarise(takenAfter).median, 1)} / ${f(Math.max(...takenAfter), 1)}` : 'none',
    );
    row(
      'Mastodon: statuses / posts posted',
      `${mastodon.statuses.length} / ${counts.mastodon}`,
      `${new Set(texts).size} distinct`,
    );
    row('Bluesky: records / posts posted', `${records} / ${counts.bluesky}`);
    row('posts not posted', counts.unposted!);
    row('Mastodon contract violations', String(mastodon.violations.length));
  } finally {
    await mastodon.close();
    await bluesky.close();
    site.child.kill('SIGTERM');
  }
}

export async function benchScale(): Promise<void> {
  const articles = env('SCALE_ARTICLES', 100_000);
  const minutes = env('SCALE_MINUTES', 3);
  const hosts = env('SCALE_HOSTS', 500);
  const rounds = env('SCALE_ROUNDS', 1);
  const dir = mkdtempSync(join(tmpdir(), 'editwatch-scale-'));
  console.log(
    `\nscale: ${articles} articles, all due, on ${hosts} loopback hosts; ${SIDES.map((s) => s.name).join(', ')}; ${rounds} round(s) of ${minutes} min each (in ${dir})`,
  );
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const cluster = await startPostgresCluster({ durable: true, maxConnections: 300 });
  const templates = loadTemplates();
  const site = await startSite(
    {
      hosts,
      templates: templates.map(({ html, edited }) => ({ html, edited })),
      editEvery: 20,
      start: Date.now(),
      runMs: (rounds * SIDES.length * minutes + 10) * 60_000,
    },
    dir,
  );
  try {
    const seededFile = join(dir, 'seed.sqlite');
    let t = performance.now();
    await seedState(seededFile, articles, hosts, site.port, templates, Date.now());
    const seed = new SQLite(seededFile);
    // All due: a backlog, most overdue first, as after an outage.
    seed.prepare(`update articles set next_check_at = ?`).run(new Date(Date.now() - 3_600_000).toISOString());
    seed.close();
    console.log(`  seeded SQLite in ${f((performance.now() - t) / 1000, 1)} s`);
    t = performance.now();
    await sql(cluster.url, 'create database scale_seed');
    const migrated = spawnSync(process.execPath, [BIN, 'migrate', '--from', seededFile], {
      env: {
        PATH: process.env.PATH,
        EDITWATCH_DATABASE_URL: databaseUrl(cluster, 'scale_seed'),
        EDITWATCH_STATE_DIR: join(dir, 'migrate'),
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    });
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`);
    await sql(databaseUrl(cluster, 'scale_seed'), 'vacuum analyze');
    console.log(`  copied into PostgreSQL with editwatch migrate in ${f((performance.now() - t) / 1000, 1)} s`);

    const claim = await claimPlan(cluster);
    console.log(`\n  the due claim (60 of ${articles} due), median of 15: ${f(claim.medianMs, 1)} ms; its plan:`);
    for (const line of claim.plan) console.log(`    ${line}`);

    const seen: Record<string, RunFigures[]> = Object.fromEntries(SIDES.map((s) => [s.name, []]));
    let runIndex = 0;
    for (let round = 0; round < rounds; round++)
      for (const side of SIDES) {
        console.log(`  … round ${round + 1}: ${side.name}`);
        seen[side.name]!.push(await runSide(side, seededFile, cluster, dir, runIndex++, minutes));
      }
    const median = (name: string, pick: (r: RunFigures) => number) => summarise(seen[name]!.map(pick)).median;
    console.log(`\n  ${'medians of the rounds'.padEnd(34)} ${SIDES.map((s) => s.name.padEnd(17)).join(' ')}`);
    const line = (what: string, pick: (r: RunFigures) => number, digits = 0) =>
      row(what, ...SIDES.map((s) => f(median(s.name, pick), digits)));
    line('checks a second', (r) => r.checksPerS, 1);
    line('worker CPU per check (ms)', (r) => r.workerCpuMsPerCheck, 1);
    line('PostgreSQL CPU per check (ms)', (r) => r.postgresCpuMsPerCheck, 1);
    line('cores used (of 2)', (r) => r.coresUsed, 2);
    line('RSS per worker, median (MB)', (r) => r.rssMedianMb);
    line('RSS per worker, peak (MB)', (r) => r.rssPeakMb);
    line('lost leases and errors logged', (r) => r.faultsLogged);
    const one = median('PostgreSQL, 1 worker', (r) => r.checksPerS);
    row(
      'PostgreSQL: N workers / 1 worker',
      ...SIDES.map((s) => (s.database === 'postgres' ? `${f(median(s.name, (r) => r.checksPerS) / one, 2)}x` : '')),
    );

    if (env('SCALE_KILL', 1)) await killRun(cluster, templates, dir);
  } finally {
    site.child.kill('SIGTERM');
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
