// A child process of `npm run bench -- hostile`: one extractor (today's, or the one before the caps),
// one page at a time, with the CPU and the peak heap the page took. A process of its own, so that the
// other extractor's garbage collection, running on in the background, is not counted against this one.
import { GCProfiler, getHeapStatistics } from 'node:v8';

type Extract = (html: string, url: string) => { paragraphs: string[] };

const { extractArticle } = (await import(process.env.EXTRACTOR_MODULE!)) as { extractArticle: Extract };
const gc = globalThis.gc!;

export interface TaskResult {
  outcome: string;
  cpuMs: number;
  /** The most heap in use while the page was read, the process's own start included. */
  heapMb: number;
}

/** `fresh`: collect garbage first, so the heap the page takes is measured from a clean start. */
function run(html: string, fresh: boolean): TaskResult {
  if (fresh) gc();
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
run(
  `<html><head><title>Warm-up</title></head><body><h1>Warm-up</h1><article><p>${'Some words of article text, with commas. '.repeat(20)}</p></article></body></html>`,
  true,
);
process.on('message', (task: { html: string; fresh: boolean }) => process.send!(run(task.html, task.fresh)));
process.send!('ready');
