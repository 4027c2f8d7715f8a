// Runs in a worker thread of `npm run bench -- hostile`: one extractor (today's or the one before the caps),
// one page at a time, with the CPU and the peak heap the page took.
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';

type Extract = (html: string, url: string) => { paragraphs: string[] };

const { extractArticle } = (await import((workerData as { module: string }).module)) as { extractArticle: Extract };
// A worker cannot be started with --expose-gc; a context made after the flag is set has gc().
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface TaskResult {
  outcome: string;
  cpuMs: number;
  /** The most heap in use while the page was read, the worker's own start included. */
  heapMb: number;
}

function run(html: string): TaskResult {
  gc();
  const profiler = new GCProfiler();
  profiler.start();
  const before = process.cpuUsage();
  let outcome: string;
  try {
    outcome = `extracted (${extractArticle(html, 'https://hostile.example/page').paragraphs.length} ¶)`;
  } catch (err) {
    const e = err as Error & { reason?: string };
    outcome = e.reason ? `refused: ${e.reason}` : `crashed: ${e.name}: ${e.message.slice(0, 40)}`;
  }
  const cpu = process.cpuUsage(before);
  const gcs = profiler.stop()?.statistics ?? [];
  const peak = Math.max(getHeapStatistics().used_heap_size, ...gcs.map((s) => s.beforeGC.heapStatistics.usedHeapSize));
  return { outcome, cpuMs: (cpu.user + cpu.system) / 1000, heapMb: peak / 1024 / 1024 };
}

// The first page read compiles the code: read one before the measured ones.
run(`<html><head><title>Warm-up</title></head><body><h1>Warm-up</h1><article><p>${'Some words of article text, with commas. '.repeat(20)}</p></article></body></html>`);
parentPort!.on('message', (html: string) => parentPort!.postMessage(run(html)));
parentPort!.postMessage('ready');
