// `npm run bench -- scale`: editwatch on PostgreSQL with several workers, as issue 15 asks. A loopback site
// of many hosts serving real corpus pages; 100,000 tracked articles, all due (a backlog, so the figures are
// what the workers can do, not what the schedule asks); `editwatch start` from the compiled build as 1, 2
// and 4 worker processes on a private PostgreSQL cluster (Debian's, with its default durability), and
// beside them one process on SQLite. The sides run in turn, round after round (SCALE_ROUNDS, 1), each
// SCALE_MINUTES (3). Then the kill run: 4 workers posting to a real local Bluesky PDS and a Mastodon server
// checked against the API description, one killed with SIGKILL at random moments and replaced, until every
// edit is posted; it counts the posts on the servers. SCALE_ARTICLES, SCALE_HOSTS and SCALE_KILL_ARTICLES
// (400) change the sizes.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Store } from '../src/store/index.ts';
import { startPostgresCluster, type PostgresCluster } from '../test/helpers/postgres-cluster.ts';
import { procSample, startSite } from './load-parts.ts';
import { loadTemplates, seedState } from './load-seed.ts';
import { killRun } from './scale-kill.ts';
import { BIN, databaseUrl, env, f, ROOT, row, sql, startWorker, stopAll } from './scale-parts.ts';
import { summarise } from './stats.ts';

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
