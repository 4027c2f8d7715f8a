// `npm run bench -- hostile`: pages built to make extraction slow or large (test/helpers/hostile-pages.ts),
// each read by today's extractor (caps; the time and memory limits of the bot's worker) and by the
// extractor before the caps (commit BEFORE), each in a process of its own, interleaved: A, B, A, B, A, B.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EXTRACTOR_MEMORY_MB } from '../src/extract/extractor.ts';
import { loadCorpus } from '../test/helpers/corpus.ts';
import { buildPage, HOSTILE_PAGES } from '../test/helpers/hostile-pages.ts';
import type { TaskResult } from './hostile-task.ts';

/** The last commit with the extractor before the caps, the worker and the linear walks. */
const BEFORE = 'd153c08';
const ROUNDS = 3;
/** Today's time limit (EDITWATCH_EXTRACT_TIMEOUT_MS's default) and memory; the old code gets room to show its cost. */
const LIMITS = {
  now: { timeoutMs: 2_000, memoryMb: DEFAULT_EXTRACTOR_MEMORY_MB },
  before: { timeoutMs: 60_000, memoryMb: 4_096 },
};
/** A run of the old code longer than this is not repeated. */
const LONG_MS = 10_000;
/** Pages the old code reads for minutes; not run. */
const SKIP_BEFORE = new Map<string, string>([
  ['nested-2000', 'takes minutes (570 s of CPU when measured for the issue)'],
]);

/** A process that reads pages with one extractor; replaced when a page stops it. */
class PageReader {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly module: string,
    private readonly limits: { timeoutMs: number; memoryMb: number },
  ) {}

  private start(): Promise<void> {
    const child = fork(fileURLToPath(new URL('./hostile-task.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx', '--expose-gc', `--max-old-space-size=${this.limits.memoryMb}`],
      env: { ...process.env, EXTRACTOR_MODULE: this.module },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) =>
        reject(new Error(`the extractor's process exited with ${code} before it was ready`)),
      );
    });
  }

  /** `fresh`: after a full garbage collection, for the heap figure; real pages come one after another without. */
  async read(html: string, fresh = true): Promise<TaskResult & { wallMs: number }> {
    this.ready ??= this.start();
    await this.ready;
    const child = this.child!;
    child.removeAllListeners('exit');
    const started = performance.now();
    child.send({ html, fresh });
    const result = await new Promise<TaskResult>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ outcome: `stopped after ${this.limits.timeoutMs / 1000} s`, cpuMs: NaN, heapMb: NaN });
      }, this.limits.timeoutMs);
      child.once('message', (r: TaskResult) => {
        clearTimeout(timer);
        resolve(r);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        // V8 aborts the process when its heap is full.
        const outOfMemory = signal === 'SIGABRT' || code === 134;
        resolve({
          outcome: outOfMemory ? `out of memory (${this.limits.memoryMb} MB)` : `died (${signal ?? code})`,
          cpuMs: NaN,
          heapMb: NaN,
        });
      });
    });
    const wallMs = performance.now() - started;
    child.removeAllListeners('message');
    if (!/^(?:extracted|refused|crashed)/.test(result.outcome)) {
      // Stopped or dead: the next page gets a new process.
      child.kill('SIGKILL');
      this.ready = null;
    }
    return { ...result, wallMs };
  }

  close(): void {
    this.child?.kill('SIGKILL');
  }
}

/** The old extractor's sources, from git, where a process can load them (and their dependencies). */
function extractorBefore(): string | null {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const dir = `${root}node_modules/.cache/editwatch-bench/extract-${BEFORE}`;
  if (!existsSync(`${dir}/src/extract/index.ts`)) {
    try {
      mkdirSync(dir, { recursive: true });
      execFileSync('sh', ['-c', `git -C "${root}" archive ${BEFORE} src/extract | tar -x -C "${dir}"`], {
        stdio: 'pipe',
      });
    } catch {
      return null;
    }
  }
  return `${dir}/src/extract/index.ts`;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
const fmt = (n: number, digits = 0) => (Number.isNaN(n) ? '—' : n.toFixed(digits));

export async function benchHostile(): Promise<void> {
  const before = extractorBefore();
  const now = new PageReader(fileURLToPath(new URL('../src/extract/index.ts', import.meta.url)), LIMITS.now);
  const old = before ? new PageReader(before, LIMITS.before) : null;
  console.log(
    `\nHostile pages: each read ${ROUNDS + 1} times, interleaved with the extractor of ${BEFORE} (before the caps; once when a read takes over ${LONG_MS / 1000} s), each extractor in a process of its own.`,
  );
  console.log(
    `  now: caps, and the ${LIMITS.now.timeoutMs / 1000} s and ${LIMITS.now.memoryMb} MB limits of the bot's worker. before: ${LIMITS.before.timeoutMs / 1000} s and ${LIMITS.before.memoryMb} MB, to show its cost.`,
  );
  console.log(
    `  CPU: of the process while it reads the page, garbage collection included: the first read, and the median of the first ${ROUNDS}. Heap: the most in use during the last read, which follows a full collection; the process's own ~20 MB included.`,
  );
  if (!old) console.log(`  (no git history here: the extractor of ${BEFORE} is not measured)`);
  // First what the caps and the index cost on real pages: each read by both, one after the other, with the
  // same memory (the heap limit alone changes how often V8 collects garbage).
  const corpus = loadCorpus();
  const totals = { now: [] as number[], before: [] as number[] };
  const beforeLikeNow = before ? new PageReader(before, LIMITS.now) : null;
  for (let round = 0; round < ROUNDS; round++) {
    let [sumNow, sumBefore] = [0, 0];
    for (const p of corpus) {
      sumNow += (await now.read(p.html, false)).cpuMs;
      if (beforeLikeNow) sumBefore += (await beforeLikeNow.read(p.html, false)).cpuMs;
    }
    totals.now.push(sumNow);
    totals.before.push(sumBefore);
  }
  beforeLikeNow?.close();
  process.stdout.write(`  measured the ${corpus.length} real pages of test/fixtures/corpus\n`);
  const rows: string[][] = [];
  let within = 0;
  for (const page of HOSTILE_PAGES) {
    const html = buildPage(page);
    const a: (TaskResult & { wallMs: number })[] = [];
    const b: (TaskResult & { wallMs: number })[] = [];
    const skip = SKIP_BEFORE.get(page.name);
    // Read as the bot reads, one page after another, for the CPU; the last read after a full garbage
    // collection, for the heap the page takes.
    for (let round = 0; round <= ROUNDS; round++) {
      const fresh = round === ROUNDS;
      a.push(await now.read(html, fresh));
      const longBefore = b.length > 0 && (b[0]!.wallMs > LONG_MS || !/^(?:extracted|refused)/.test(b[0]!.outcome));
      if (old && !skip && !longBefore) b.push(await old.read(html, fresh || b.length === 0));
    }
    const cpuA = median(a.slice(0, ROUNDS).map((r) => r.cpuMs));
    const heapA = a[ROUNDS]!.heapMb;
    const cpuB = median((b.length > 1 ? b.slice(0, ROUNDS) : b).map((r) => r.cpuMs));
    const heapB = b.length > 1 ? b[ROUNDS]!.heapMb : (b[0]?.heapMb ?? NaN);
    if (cpuA <= 250 && heapA <= 150) within++;
    const beforeOutcome = skip
      ? `not run: ${skip}`
      : b.length
        ? `${b[0]!.outcome}${b.length === 1 ? ` (1 run${Number.isNaN(cpuB) ? `, ${fmt(b[0]!.wallMs / 1000, 1)} s` : ''})` : ''}`
        : '—';
    rows.push([
      page.name,
      fmt(html.length / 1024 / 1024, 2),
      a[0]!.outcome,
      fmt(a[0]!.cpuMs),
      fmt(cpuA),
      fmt(heapA),
      beforeOutcome,
      fmt(cpuB),
      fmt(heapB),
      Number.isNaN(cpuB) ? '—' : `${fmt(cpuB / cpuA, 1)}x`,
    ]);
    process.stdout.write(`  measured ${page.name}\n`);
  }
  now.close();
  old?.close();
  const header = [
    'page',
    'MB',
    'now: outcome',
    'CPU ms, 1st read',
    'CPU ms',
    'heap MB',
    `before (${BEFORE}): outcome`,
    'CPU ms',
    'heap MB',
    'CPU before/now',
  ];
  console.log('');
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('');
  console.log(
    `  aim: every page extracted or refused within 250 ms of CPU and 150 MB: ${within} of ${rows.length} pages`,
  );
  const [cpuNow, cpuBefore] = [median(totals.now), median(totals.before)];
  console.log(
    `  the ${corpus.length} real pages of test/fixtures/corpus, CPU for all of them: now ${fmt(cpuNow)} ms, before ${fmt(cpuBefore)} ms (${fmt(cpuNow / cpuBefore, 2)}x)`,
  );
}
