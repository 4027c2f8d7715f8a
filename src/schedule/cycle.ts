import { publishOutbox, type OutboxPost, type Publisher, type PublishReport } from '../publish/index.ts';
import { checkArticle, type CheckDeps, type CheckOutcome } from './check-article.ts';

export interface CycleDeps extends CheckDeps {
  publishers: Publisher[];
  onPublishStep?: (post: OutboxPost, step: string) => void;
}

export interface CycleReport {
  checked: number;
  results: { url: string; result: CheckOutcome }[];
  publish: PublishReport;
}

/** One cycle: check every due article (all with `force`), then publish the outbox. */
export async function runCycle(deps: CycleDeps, options: { force?: boolean; url?: string } = {}): Promise<CycleReport> {
  const due = await deps.store.dueArticles(deps.now().toISOString(), options);
  deps.log.info({ due: due.length, force: options.force ?? false }, 'check cycle started');
  const results: CycleReport['results'] = [];
  for (const [i, row] of due.entries()) {
    const result = await checkArticle(deps, row);
    results.push({ url: row.url, result });
    const progress = `${i + 1}/${due.length}`;
    if (result.outcome === 'error') deps.log.warn({ url: row.url, progress, code: result.code, err: result.message }, 'check failed');
    else if (result.outcome === 'new-version') deps.log.info({ url: row.url, progress, version: result.seq, changes: result.diff.changes.length }, 'article changed');
    else deps.log.info({ url: row.url, progress, outcome: result.outcome }, 'checked');
  }
  const publish = await publishOutbox(deps.store, deps.publishers, deps.mediaDir, { now: () => deps.now().toISOString(), log: deps.log, ...(deps.onPublishStep ? { onStep: deps.onPublishStep } : {}) });
  deps.log.info({ checked: due.length, ...publish }, 'check cycle finished');
  return { checked: due.length, results, publish };
}
