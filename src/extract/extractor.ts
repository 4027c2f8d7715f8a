import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ExtractOutcome, ExtractTask } from './extract-worker.ts';
import type { Article } from './article.ts';
import { ExtractError } from './extract-error.ts';
import { DEFAULT_LIMITS, type ExtractLimits } from './limits.ts';

/** Turns a page into its article; where (this thread or a worker) is the extractor's business. */
export interface Extractor {
  /** Rejects with ExtractError when the page gives no article or is refused, or (reason 'aborted') when `signal` aborts. */
  extract(html: string, url: string, signal?: AbortSignal): Promise<Article>;
  /** Starts a worker now, so the first page does not wait for one to load (for the commands that check). */
  warm(): void;
  close(): Promise<void>;
}

export interface ExtractorOptions {
  /** Wall time a page may take once a worker has taken it up; past it the worker is stopped. */
  timeoutMs: number;
  /** Heap (old generation) of a worker, in MB: a page that needs more stops the worker. */
  maxMemoryMb?: number;
  /** Workers at once. */
  threads?: number;
  limits?: ExtractLimits;
  /** A worker that failed between pages (it is replaced); pages it was reading are refused instead. */
  onWorkerError?: (err: Error) => void;
  /** The folder of the worker module (extract-worker.mjs): beside this code by default. */
  workerDir?: URL;
}

export const DEFAULT_EXTRACTOR_MEMORY_MB = 256;

/** Extracts on the calling thread, with the caps but no time or memory limit: for tests and one-off tools. */
export function inlineExtractor(limits: ExtractLimits = DEFAULT_LIMITS): Extractor {
  return {
    // A refusal thrown here becomes the promise's rejection, as from a worker. The rules are loaded on
    // first use: a process that extracts in workers never loads them itself.
    extract: async (html, url) => (await import('./index.ts')).extractArticle(html, url, limits),
    warm: () => undefined,
    close: () => Promise.resolve(),
  };
}

/**
 * Extracts in a worker thread with a time and a memory limit, so no page, however built, can hold up
 * checking, posting or shutdown: a page over a limit is refused with ExtractError 'timeout' or
 * 'out-of-memory', and its worker replaced. Workers start on first use and stop at close.
 */
export function createExtractor(options: ExtractorOptions): Extractor {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const memoryMb = options.maxMemoryMb ?? DEFAULT_EXTRACTOR_MEMORY_MB;
  let pool: Piscina | null = null;
  let closing = false;
  const poolNow = () => {
    if (pool) return pool;
    pool = new Piscina({
      filename: new URL('extract-worker.mjs', options.workerDir ?? import.meta.url).href,
      // Pages come every cycle: workers stay up between them rather than load tsx and the rules again
      // (and an idle timer is not left to decide it: under a simulated clock it would fire every cycle).
      minThreads: options.threads ?? 1,
      maxThreads: options.threads ?? 1,
      idleTimeout: Number.POSITIVE_INFINITY,
      // A young generation of 8 MB, not V8's default: 30-40 MB less held over the corpus, at the same speed.
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 8 },
      // The worker's event loop runs between pages (Piscina's default blocks it in Atomics.wait), so V8's
      // own tasks there, which shrink the heap after a burst of pages, get to run.
      atomics: 'async',
    });
    // Without a listener an error event would end the process.
    pool.on('error', (err: Error) => options.onWorkerError?.(err));
    return pool;
  };
  const extractor: Extractor = {
    warm() {
      // A tiny page through the pool: a worker loads the rules while the first fetch is under way.
      extractor
        .extract(
          '<html><head><title>warm</title></head><body><h1>warm</h1><p>warm</p></body></html>',
          'http://warm.invalid/',
        )
        .catch(() => undefined);
    },
    async extract(html, url, signal) {
      if (closing) throw new ExtractError(url, 'worker-failed', `${url}: not extracted: the extractor is closing`);
      const started = new MessageChannel();
      const abort = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      started.port1.once('message', () => {
        timer = setTimeout(() => {
          timedOut = true;
          abort.abort();
        }, options.timeoutMs);
      });
      let outcome: ExtractOutcome;
      try {
        const task: ExtractTask = { html, url, limits, started: started.port2 };
        // The caller's signal (a shutdown) stops the worker as the time limit does.
        const stop = signal ? AbortSignal.any([abort.signal, signal]) : abort.signal;
        outcome = (await poolNow().run(task, { signal: stop, transferList: [started.port2] })) as ExtractOutcome;
      } catch (err) {
        if (signal?.aborted && !timedOut)
          throw new ExtractError(url, 'aborted', `${url}: not extracted, stopped by a shutdown`);
        // The rules' own failures come back as outcomes: what is thrown here is about the worker.
        throw refusal(err as Error & { code?: string }, url, timedOut, closing, options.timeoutMs, memoryMb);
      } finally {
        clearTimeout(timer);
        started.port1.close();
      }
      return unpack(outcome, url);
    },
    async close() {
      closing = true;
      await pool?.destroy();
      pool = null;
    },
  };
  return extractor;
}

function unpack(outcome: ExtractOutcome, url: string): Article {
  if (outcome.ok) return outcome.article;
  if (outcome.reason !== null) throw new ExtractError(url, outcome.reason, outcome.message);
  // A bug in the rules, not a refusal: it stays the error it was, as it would be on this thread.
  throw Object.assign(new Error(outcome.message), { name: outcome.name, stack: outcome.stack });
}

function refusal(
  err: Error & { code?: string },
  url: string,
  timedOut: boolean,
  closing: boolean,
  timeoutMs: number,
  memoryMb: number,
): ExtractError {
  if (timedOut)
    return new ExtractError(url, 'timeout', `${url}: refused: extracting the page took more than ${timeoutMs} ms`);
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new ExtractError(
      url,
      'out-of-memory',
      `${url}: refused: extracting the page needed more than ${memoryMb} MB`,
    );
  if (closing) return new ExtractError(url, 'worker-failed', `${url}: not extracted: the extractor was closed`);
  return new ExtractError(url, 'worker-failed', `${url}: the extraction worker failed: ${err.message}`);
}
