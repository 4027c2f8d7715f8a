// `npm run bench -- load`: editwatch with many tracked articles (100,000 by default) on one machine, as
// issue 14 asks: a loopback site of many hosts serving real corpus pages, `editwatch start` from the
// compiled build on its defaults, and the figures beside their aims. LOAD_ARTICLES, LOAD_MINUTES (30) and
// LOAD_HOSTS (500) change its size; LOAD_KEEP=1 keeps the state folder; LOAD_TRACE=<file> writes the
// per-second samples and the cycles' log lines there. EDITWATCH_* settings and glibc's MALLOC_* variables in
// the bench's environment are passed on to `editwatch start`, to measure other settings, and
// LOAD_NODE_OPTIONS as NODE_OPTIONS to editwatch's processes (`list` and `status` too).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { loadTemplates, seedState } from './load-seed.ts';
import type { SiteSpec } from './load-site.ts';
import { summarise } from './stats.ts';
import { procSample, startSite } from './load-parts.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/editwatch.js');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** Prints the child's peak RSS (kB) on stderr as it exits. */
const PEAK_RSS = `--import=data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kb='+process.resourceUsage().maxRSS+'\\n'))`;

interface Timed {
  ms: number;
  peakMb: number;
}

function timeCommand(args: string[], extraEnv: Record<string, string> = {}): Timed {
  const started = performance.now();
  const run = spawnSync(process.execPath, [PEAK_RSS, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...extraEnv },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const kb = Number(/peak-rss-kb=(\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { ms, peakMb: kb / 1024 };
}

/** Interleaved runs of each side (A, B, A, B …), medians of time and peak memory. */
function compare(sides: Record<string, () => Timed>, runs: number): Record<string, { ms: number; peakMb: number }> {
  const seen: Record<string, Timed[]> = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [name, run] of Object.entries(sides)) seen[name]!.push(run());
  return Object.fromEntries(
    Object.entries(seen).map(([name, t]) => [
      name,
      { ms: summarise(t.map((x) => x.ms)).median, peakMb: summarise(t.map((x) => x.peakMb)).median },
    ]),
  );
}

const row = (what: string, value: string, aim: string) =>
  console.log(`  ${what.padEnd(44)} ${value.padEnd(26)} ${aim}`);
const f = (n: number, digits = 0) => n.toFixed(digits);

export async function benchLoad(): Promise<void> {
  const articles = env('LOAD_ARTICLES', 100_000);
  const minutes = env('LOAD_MINUTES', 30);
  const hosts = env('LOAD_HOSTS', 500);
  const dir = mkdtempSync(join(tmpdir(), 'editwatch-load-'));
  const stateDir = join(dir, 'state');
  const dbFile = join(stateDir, 'editwatch.sqlite');
  console.log(`\nload: ${articles} articles on ${hosts} loopback hosts, ${minutes} min of editwatch start (in ${dir})`);

  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const help = compare(
    {
      'compiled (bin/editwatch.js)': () => timeCommand([BIN, '--help']),
      'TypeScript through tsx (before)': () => timeCommand(['--import', 'tsx', join(ROOT, 'src/cli.ts'), '--help']),
    },
    7,
  );

  const templates = loadTemplates();
  const runMs = minutes * 60_000;
  const spec: SiteSpec = {
    hosts,
    templates: templates.map(({ html, edited }) => ({ html, edited })),
    editEvery: 20, // 5% of the pages change during the run
    start: Date.now() + 60_000,
    runMs,
  };
  const site = await startSite(spec, dir);
  try {
    const seedStarted = performance.now();
    const seeded = await seedState(dbFile, articles, hosts, site.port, templates, Date.now());
    console.log(
      `  seeded in ${f((performance.now() - seedStarted) / 1000, 1)} s from ${templates.length} real pages; the schedule asks ${f(seeded.demandPerSecond, 2)} checks/s`,
    );
    const passed = Object.entries(process.env).filter(
      ([name]) => name.startsWith('EDITWATCH_') || name.startsWith('MALLOC_'),
    ) as [string, string][];
    if (passed.length) console.log(`  with ${passed.map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const runEnv = {
      // As `npm start` sets it: two malloc arenas, not eight per core (see the README).
      MALLOC_ARENA_MAX: '2',
      ...Object.fromEntries(passed),
      // Node's options for editwatch's processes (LOAD_NODE_OPTIONS), not for this benchmark's own.
      ...(process.env.LOAD_NODE_OPTIONS ? { NODE_OPTIONS: process.env.LOAD_NODE_OPTIONS } : {}),
      EDITWATCH_STATE_DIR: stateDir,
      EDITWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      EDITWATCH_DRY_RUN: 'true',
      EDITWATCH_MENTIONS: 'false',
      LOG_LEVEL: 'warn',
    };
    // Interleaved, five of each: one slow start on a loaded machine is not the figure.
    const { list, status } = compare(
      { list: () => timeCommand([BIN, 'list'], runEnv), status: () => timeCommand([BIN, 'status'], runEnv) },
      5,
    ) as Record<'list' | 'status', Timed>;

    const startedAt = Date.now();
    const child = spawn(process.execPath, [BIN, 'start'], {
      cwd: dir,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...runEnv, LOG_LEVEL: 'info' },
      // Its logs are on stderr.
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const seen: { firstCycleMs: number | null } = { firstCycleMs: null };
    const cycles: { at: number; checked: number; backlog: number; heapMb: number; entry: unknown }[] = [];
    let skipped = 0;
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (!line.startsWith('{')) return console.error(line);
      const entry = JSON.parse(line) as {
        msg: string;
        checked?: number;
        backlog?: number;
        memory?: { heapMb: number };
      };
      if (entry.msg === 'check cycle started') seen.firstCycleMs ??= Date.now() - startedAt;
      if (entry.msg === 'check cycle finished')
        cycles.push({
          at: Date.now(),
          checked: entry.checked ?? 0,
          backlog: entry.backlog ?? 0,
          heapMb: entry.memory?.heapMb ?? 0,
          entry,
        });
      if (entry.msg.includes('tick skipped')) skipped++;
    });
    const samples: { at: number; rssMb: number; cpuS: number }[] = [];
    const sampler = setInterval(() => {
      const s = procSample(child.pid!);
      if (s) samples.push({ at: Date.now(), ...s });
      const minute = Math.floor((Date.now() - startedAt) / 60_000);
      if (samples.length % 60 === 0)
        console.log(
          `  … minute ${minute}: ${cycles.reduce((n, c) => n + c.checked, 0)} checks, backlog ${cycles.at(-1)?.backlog ?? 0}, RSS ${f(s?.rssMb ?? 0)} MB`,
        );
    }, 1_000);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    await Promise.race([new Promise((r) => setTimeout(r, runMs)), exited]);
    clearInterval(sampler);
    child.kill('SIGTERM');
    await exited;
    const ranS = (Date.now() - startedAt) / 1000;

    const db = new SQLite(dbFile, { readonly: true });
    const since = new Date(startedAt).toISOString();
    const outcomes = db.prepare('select outcome, count(*) n from checks where at >= ? group by outcome').all(since) as {
      outcome: string;
      n: number;
    }[];
    const made = outcomes.reduce((n, o) => n + o.n, 0);
    const newVersions = db
      .prepare(
        `select count(*) n, coalesce(sum(length(raw_html)), 0) bytes,
           coalesce(sum(case when (article_id % ${spec.editEvery}) != 3 then 1 else 0 end), 0) unasked
         from versions where fetched_at >= ? and seq > 1`,
      )
      .get(since) as { n: number; bytes: number; unasked: number };
    const bases = db.prepare('select count(*) n, coalesce(sum(length(html)), 0) bytes from html_bases').get() as {
      n: number;
      bytes: number;
    };
    const overdue = db
      .prepare('select count(*) n from articles where active = 1 and next_check_at < ?')
      .get(new Date(Date.now() - 10 * 60_000).toISOString()) as { n: number };
    const posts = db.prepare('select count(*) n from posts where created_at >= ?').get(since) as { n: number };
    db.close();
    const dbBytes = statSync(dbFile).size + (statSync(`${dbFile}-wal`, { throwIfNoEntry: false })?.size ?? 0);

    const steady = samples.filter((s) => s.at - startedAt > 60_000);
    const rss = summarise((steady.length ? steady : samples).map((s) => s.rssMb));
    const peak = samples.reduce((top, s) => (s.rssMb > top.rssMb ? s : top), samples[0] ?? { at: startedAt, rssMb: 0 });
    const peakRss = peak.rssMb;
    if (process.env.LOAD_TRACE)
      writeFileSync(process.env.LOAD_TRACE, JSON.stringify({ startedAt, samples, cycles: cycles.map((c) => c.entry) }));
    const cpu =
      samples.length > 1
        ? (samples.at(-1)!.cpuS - samples[0]!.cpuS) / ((samples.at(-1)!.at - samples[0]!.at) / 1000)
        : 0;

    console.log(`\n  ${'figure'.padEnd(44)} ${'measured'.padEnd(26)} aim`);
    for (const [name, t] of Object.entries(help))
      row(`--help, ${name}`, `${f(t.ms)} ms, ${f(t.peakMb)} MB`, name.startsWith('compiled') ? '≤150 ms, ≤60 MB' : '');
    const [a, b] = Object.values(help) as [Timed, Timed];
    row('--help: tsx / compiled', `${f(b.ms / a.ms, 1)}x time, ${f(b.peakMb / a.peakMb, 1)}x memory`, '');
    row(`list (first page) at ${articles}`, `${f(list.ms)} ms, ${f(list.peakMb)} MB`, '≤300 ms');
    row(`status at ${articles}`, `${f(status.ms)} ms, ${f(status.peakMb)} MB`, '≤300 ms');
    row('start to its first cycle', seen.firstCycleMs === null ? 'never' : `${seen.firstCycleMs} ms`, '≤1 s');
    row('checks a second: made / asked', `${f(made / ranS, 2)} / ${f(seeded.demandPerSecond, 2)}`, 'keeps up');
    row('overdue >10 min at the end', `${overdue.n} of ${articles}`, 'no growing backlog');
    row('cycles, ticks skipped', `${cycles.length}, ${skipped}`, 'none skipped');
    row('last backlog reported', `${cycles.at(-1)?.backlog ?? 0}`, '');
    row('CPU, cores used (mean)', f(cpu, 2), 'both cores usable');
    row('RSS median / p95 (after minute 1)', `${f(rss.median)} / ${f(rss.p95)} MB`, '≤300 MB');
    row('RSS peak, and when', `${f(peakRss)} MB at ${f((peak.at - startedAt) / 1000)} s`, '≤300 MB');
    row(
      'main thread heap, median of cycles',
      cycles.length ? `${f(summarise(cycles.map((c) => c.heapMb)).median)} MB` : 'no cycle',
      '',
    );
    row('checks by outcome', outcomes.map((o) => `${o.outcome} ${o.n}`).join(', '), '');
    row('edits found, posts queued', `${newVersions.n}, ${posts.n}`, '');
    row('edits where the page did not change', `${newVersions.unasked}`, '0');
    row(
      'raw HTML per new version',
      newVersions.n ? `${f(newVersions.bytes / newVersions.n / 1024, 1)} KB` : 'none',
      '≤15 KB',
    );
    row('outlet base pages', `${bases.n}, ${f(bases.bytes / 1024 / 1024, 1)} MB`, '');
    row('database per article', `${f(dbBytes / articles / 1024, 1)} KB`, '');
  } finally {
    site.child.kill('SIGTERM');
    if (process.env.LOAD_KEEP) console.log(`  state kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
