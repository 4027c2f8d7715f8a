import { publishOutbox, type OutboxPost, type Publisher, type PublishReport } from '../publish/index.ts';
import { HostPauses } from '../sources/host-pauses.ts';
import { checkArticle, type CheckDeps, type CheckOutcome } from './check-article.ts';
import { FaultTally, type CycleFaults } from './cycle-faults.ts';
import { runPerHost } from './host-pool.ts';
import type { CyclePace } from './pace.ts';
import type { CycleSource } from '../sources/types.ts';
import { LeaseLostError, type CardMedia } from '../store/index.ts';
import { soleHand, type WorkerHand } from './worker.ts';

export interface CycleDeps extends CheckDeps {
  publishers: Publisher[];
  /** Where changes' cards are kept until their posts are sent. */
  media: CardMedia;
  /** Before the checks: new articles from feeds, requests from mentions. */
  sources?: CycleSource[];
  /** After the checks, before the outbox: what follows from them (answers to requests, sent with this cycle's posts). */
  afterChecks?: CycleSource[];
  /** How many due articles a cycle takes (a fixed bound, or `auto`); the rest wait for the next, oldest due first. */
  pace: CyclePace;
  /** Checks at once (never two on one host). */
  concurrency: number;
  /** An article due this soon is checked now rather than a whole tick late. */
  dueSlackMs: number;
  onPublishStep?: (post: OutboxPost, step: string) => void;
  /** The worker running the cycle, when several share the database; alone otherwise. */
  worker?: WorkerHand;
}

export interface CycleOptions {
  force?: boolean;
  url?: string;
  /** Once aborted (a shutdown), no new article is started and those in hand are cut short, recording nothing. */
  signal?: AbortSignal;
  /** When the next cycle is due (ms since the epoch): no check starts after it, the rest waits for that cycle. */
  deadline?: number;
}

export interface CycleReport {
  checked: number;
  /** Due articles left for later cycles by the per-cycle bound. */
  backlog: number;
  results: { url: string; result: CheckOutcome }[];
  publish: PublishReport;
  faults: CycleFaults;
}

/** Card stores this process has swept of cards no post uses. */
const swept = new Set<string>();

/** One cycle: sources, then the due articles (all with `force`), then the outbox. */
export async function runCycle(deps: CycleDeps, options: CycleOptions = {}): Promise<CycleReport> {
  const signal = options.signal ?? new AbortController().signal;
  const faults = new FaultTally(deps.log);
  // Card folders a killed process was writing are never used: nothing else would remove them.
  const stale = await deps.media.sweepUnfinished();
  if (stale) deps.log.info({ removed: stale }, 'removed unfinished card folders left by an earlier run');
  if (!swept.has(deps.media.where)) {
    // Once a process: cards whose change a killed process did not get to store.
    swept.add(deps.media.where);
    const unused = await deps.media.sweepUnused();
    if (unused) deps.log.info({ removed: unused }, 'removed cards of changes an earlier run did not store');
  }
  const worker = deps.worker ?? soleHand(deps.now);
  await runSources(deps.sources ?? [], signal, deps.log, faults, worker);
  const cutoff = new Date(deps.now().getTime() + deps.dueSlackMs).toISOString();
  const limit = options.force ? undefined : deps.pace.limit();
  // Hosts that asked for a pause (Retry-After) are left out: their articles stay due and take no place.
  const hostPauses = new HostPauses(deps);
  // Taken into this worker's hand: no other worker checks them meanwhile.
  const due = await deps.store.articles.claimDue(
    worker.id,
    { now: deps.now().toISOString(), until: worker.leaseUntil() },
    cutoff,
    { force: options.force, url: options.url, limit, except: await hostPauses.prefixes() },
  );
  // Only a cycle that took as many as it may can have left some behind.
  const backlog =
    limit !== undefined && due.length === limit ? (await deps.store.articles.countDue(cutoff)) - due.length : 0;
  deps.log.info({ due: due.length, backlog, force: options.force ?? false }, 'check cycle started');
  const results: CycleReport['results'] = [];
  let finished = 0;
  let started = 0;
  const timeUp = () => options.deadline !== undefined && Date.now() >= options.deadline;
  await runPerHost(
    due,
    (row) => new URL(row.url).host,
    deps.concurrency,
    async (row) => {
      started++;
      let result: CheckOutcome;
      try {
        // A host that asked for a pause during this cycle: its other articles wait.
        if (hostPauses.holds(row.url)) return;
        result = await checkArticle({ ...deps, hostPauses }, row, signal);
      } catch (err) {
        if (err instanceof LeaseLostError)
          return void deps.log.warn({ url: row.url, err: err.message }, 'check outlasted its lease; not recorded');
        // What a check could not record (a full disk, a damaged row) stops this article only; it stays due.
        faults.article(err, row.url, `${++finished}/${due.length}`);
        return;
      }
      results.push({ url: row.url, result });
      if (result.outcome === 'aborted')
        return void deps.log.info({ url: row.url }, 'check stopped by the shutdown; the article stays due');
      const progress = `${++finished}/${due.length}`;
      const retired = result.retired ? { retired: result.retired } : {};
      if (result.outcome === 'error')
        deps.log.warn({ url: row.url, progress, code: result.code, err: result.message, ...retired }, 'check failed');
      else if (result.outcome === 'new-version')
        deps.log.info(
          { url: row.url, progress, version: result.seq, changes: result.diff.changes.length },
          'article changed',
        );
      else
        deps.log.info(
          { url: row.url, progress, outcome: result.outcome, ...retired },
          result.retired ? 'checked and retired' : 'checked',
        );
    },
    () => signal.aborted || timeUp(),
  );
  const unstarted = due.length - started;
  if (unstarted > 0 && !signal.aborted)
    deps.log.info(
      { checked: finished, left: unstarted },
      "the next cycle is due: this one's remaining articles wait for it",
    );
  if (limit !== undefined) deps.pace.record(due.length, finished, unstarted > 0 && !signal.aborted);
  // What was not checked (the deadline came, a shutdown, a fault) is due again for any worker now.
  await deps.store.articles.release(worker.id).catch((err: unknown) => faults.state(err));
  await runSources(deps.afterChecks ?? [], signal, deps.log, faults, worker);
  if (signal.aborted && finished < due.length)
    deps.log.info(
      { checked: finished, left: due.length - finished },
      'stopping: the remaining articles wait for the next run',
    );
  const publish = await publishOutbox(deps.store, deps.publishers, deps.media, {
    now: () => deps.now().toISOString(),
    log: deps.log,
    signal,
    exclusive: (name, work) => worker.exclusive(name, work),
    ...(deps.onPublishStep ? { onStep: deps.onPublishStep } : {}),
  }).catch((err: unknown): PublishReport => {
    faults.stage(err, 'the outbox');
    return { posted: 0, failed: 0, pending: 0, halted: [] };
  });
  faults.stateLine(publish.stateFault);
  faults.summarise();
  deps.log.info(
    { checked: finished, backlog: backlog + unstarted, ...publish, memory: memoryNow() },
    'check cycle finished',
  );
  return { checked: finished, backlog: backlog + unstarted, results, publish, faults: faults.report() };
}

/** The process's memory, in MB: all of it (rss), and this thread's JavaScript heap. */
function memoryNow(): { rssMb: number; heapMb: number } {
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: mb(rss), heapMb: mb(heapUsed) };
}

/** Each source in turn: one that fails (a feed host down, a network refusing) must not stop the others or the checks. */
async function runSources(
  sources: CycleSource[],
  signal: AbortSignal,
  log: CycleDeps['log'],
  faults: FaultTally,
  worker: WorkerHand,
): Promise<void> {
  for (const source of sources) {
    if (signal.aborted) break;
    try {
      // One worker at a time reads a source; the others leave it to that one this cycle.
      if (!(await worker.exclusive(`source:${source.name}`, () => source.run(signal))))
        log.debug({ source: source.name }, 'another worker runs this source now');
    } catch (err) {
      log.error({ source: source.name, err: (err as Error).message }, 'source failed this cycle');
      faults.state(err);
    }
  }
}
