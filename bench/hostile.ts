// `npm run bench -- hostile`: pages built to make extraction slow or large (test/helpers/hostile-pages.ts),
// each read in a worker thread by today's extractor (caps, the same time and memory limits as the bot's
// worker) and by the extractor before the caps (commit TODAY), interleaved: A, B, A, B, A, B.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_EXTRACTOR_MEMORY_MB } from '../src/extract/extractor.ts';
import { buildPage, HOSTILE_PAGES } from '../test/helpers/hostile-pages.ts';
import type { TaskResult } from './hostile-task.ts';

/** The last commit with the extractor before the caps, the worker and the linear walks. */
const BEFORE = 'd153c08';
const ROUNDS = 3;
/** Today's time limit (EDITWATCH_EXTRACT_TIMEOUT_MS's default) and memory; the old code gets room to show its cost. */
const LIMITS = { now: { timeoutMs: 2_000, memoryMb: DEFAULT_EXTRACTOR_MEMORY_MB }, before: { timeoutMs: 60_000, memoryMb: 4_096 } };
/** A run of the old code longer than this is not repeated. */
const LONG_MS = 10_000;
/** Pages the old code reads for minutes; not run. */
const SKIP_BEFORE = new Map<string, string>([['nested-2000', 'takes minutes (570 s of CPU when measured for the issue)']]);

/** A worker that reads pages with one extractor; replaced when a page stops it. */
class PageReader {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly module: string,
    private readonly limits: { timeoutMs: number; memoryMb: number },
  ) {}

  private start(): Promise<void> {
    this.worker = new Worker(new URL('./hostile-worker.mjs', import.meta.url), {
      workerData: { module: this.module },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
    });
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
  }

  async read(html: string): Promise<TaskResult & { wallMs: number }> {
    this.ready ??= this.start();
    await this.ready;
    const worker = this.worker!;
    const started = performance.now();
    worker.postMessage(html);
    const result = await new Promise<TaskResult>((resolve) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve({ outcome: `stopped after ${this.limits.timeoutMs / 1000} s`, cpuMs: NaN, heapMb: NaN });
      }, this.limits.timeoutMs);
      worker.once('message', (r: TaskResult) => {
        clearTimeout(timer);
        resolve(r);
      });
      worker.once('error', (err: Error & { code?: string }) => {
        clearTimeout(timer);
        resolve({ outcome: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `out of memory (${this.limits.memoryMb} MB)` : `worker died: ${err.message}`, cpuMs: NaN, heapMb: NaN });
      });
    });
    const wallMs = performance.now() - started;
    if (!/^(?:extracted|refused|crashed)/.test(result.outcome)) {
      // The worker was stopped or died: the next page gets a new one.
      worker.removeAllListeners();
      await worker.terminate();
      this.ready = null;
    } else worker.removeAllListeners('error');
    return { ...result, wallMs };
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

/** The old extractor's sources, from git, where the worker can load them (and their dependencies). */
function extractorBefore(): string | null {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const dir = `${root}node_modules/.cache/editwatch-bench/extract-${BEFORE}`;
  if (!existsSync(`${dir}/src/extract/index.ts`)) {
    try {
      mkdirSync(dir, { recursive: true });
      execFileSync('sh', ['-c', `git -C "${root}" archive ${BEFORE} src/extract | tar -x -C "${dir}"`], { stdio: 'pipe' });
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
  console.log(`\nHostile pages: each read in a worker thread, ${ROUNDS} times, interleaved with the extractor of ${BEFORE} (before the caps); medians.`);
  console.log(`  now: caps, ${LIMITS.now.timeoutMs / 1000} s and ${LIMITS.now.memoryMb} MB limits as in the bot. before: ${LIMITS.before.timeoutMs / 1000} s and ${LIMITS.before.memoryMb} MB, to show its cost.`);
  console.log('  CPU: the process while the worker reads the page (garbage collection and compilation included). Heap: the most in use, the worker\'s own ~20 MB included.');
  if (!old) console.log(`  (no git history here: the extractor of ${BEFORE} is not measured)`);
  const rows: string[][] = [];
  let within = 0;
  for (const page of HOSTILE_PAGES) {
    const html = buildPage(page);
    const a: (TaskResult & { wallMs: number })[] = [];
    const b: (TaskResult & { wallMs: number })[] = [];
    const skip = SKIP_BEFORE.get(page.name);
    for (let round = 0; round < ROUNDS; round++) {
      a.push(await now.read(html));
      const longBefore = b.length > 0 && (b[0]!.wallMs > LONG_MS || !/^(?:extracted|refused)/.test(b[0]!.outcome));
      if (old && !skip && !longBefore) b.push(await old.read(html));
    }
    const cpuA = median(a.map((r) => r.cpuMs));
    const heapA = median(a.map((r) => r.heapMb));
    const cpuB = median(b.map((r) => r.cpuMs));
    const heapB = median(b.map((r) => r.heapMb));
    if (cpuA <= 250 && heapA <= 150) within++;
    const beforeOutcome = skip ? `not run: ${skip}` : b.length ? `${b[0]!.outcome}${b.length < ROUNDS ? ` (1 run${Number.isNaN(cpuB) ? `, ${fmt(b[0]!.wallMs / 1000, 1)} s` : ''})` : ''}` : '—';
    rows.push([page.name, fmt(html.length / 1024 / 1024, 2), a[0]!.outcome, fmt(cpuA), fmt(heapA), beforeOutcome, fmt(cpuB), fmt(heapB), Number.isNaN(cpuB) ? '—' : `${fmt(cpuB / cpuA, 1)}x`]);
    process.stdout.write(`  measured ${page.name}\n`);
  }
  await now.close();
  await old?.close();
  const header = ['page', 'MB', 'now: outcome', 'CPU ms', 'heap MB', `before (${BEFORE}): outcome`, 'CPU ms', 'heap MB', 'CPU before/now'];
  console.log('');
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('');
  console.log(`  aim: every page extracted or refused within 250 ms of CPU and 150 MB: ${within} of ${rows.length} pages`);
}
