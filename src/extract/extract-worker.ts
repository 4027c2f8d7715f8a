// Runs in a worker thread (see extractor.ts): one page at a time. The outcome goes back as data, as an
// error crossing threads would lose its class and fields.
import type { MessagePort } from 'node:worker_threads';
import { ExtractError, extractArticle, type Article, type ExtractErrorReason, type ExtractLimits } from './index.ts';

export interface ExtractTask {
  html: string;
  url: string;
  limits: ExtractLimits;
  /** Told when the page is taken up, so the time limit counts extraction, not waiting for a worker. */
  started: MessagePort;
}

export type ExtractOutcome =
  | { ok: true; article: Article }
  | { ok: false; reason: ExtractErrorReason; message: string }
  | { ok: false; reason: null; name: string; message: string; stack: string | undefined };

// Built on first use (stamp patterns from CLDR, chrono's parsers, compiled code): read one small page
// while the worker starts, so a page's time limit is not spent on the worker's own start.
const WARM_UP = `<html><head><title>Warm-up</title></head><body><h1>Warm-up</h1><article>
<p>Updated 10:32, 22 April 2023</p><p>${'A paragraph of article text, long enough to be counted as the body of the page. '.repeat(4)}</p></article></body></html>`;
try {
  extractArticle(WARM_UP, 'https://warm-up.invalid/');
} catch {
  // nothing to learn from it: it only runs the code once
}

export default function extract(task: ExtractTask): ExtractOutcome {
  task.started.postMessage('started');
  task.started.close();
  try {
    return { ok: true, article: extractArticle(task.html, task.url, task.limits) };
  } catch (err) {
    if (err instanceof ExtractError) return { ok: false, reason: err.reason, message: err.message };
    const e = err as Error;
    return { ok: false, reason: null, name: e.name, message: e.message, stack: e.stack };
  }
}
