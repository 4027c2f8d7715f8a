import { hostname } from 'node:os';
import type { StateApp } from '../open-state.ts';
import type { Store } from '../store/index.ts';
import { formatGap, formatWhen } from '../format-gap.ts';
import { describePolicy } from '../schedule/policy.ts';

/** A check due this long ago and not yet made is overdue: the backlog is not draining. */
const OVERDUE_MS = 10 * 60_000;

/** `editwatch status`: the queue (due now, overdue, retired, errors), the outbox, feeds and requests. */
export async function status(app: StateApp): Promise<number> {
  const now = Date.now();
  const q = await app.store.articles.queueStats(new Date(now).toISOString(), new Date(now - OVERDUE_MS).toISOString());
  const posts = await app.store.outbox.countByState();
  const ago = (iso: string | null) => formatWhen(iso, now);
  const lines = [
    `articles: ${q.active} watched, ${q.dueNow} due now (${q.overdue} overdue by more than ${formatGap(OVERDUE_MS)}), ${q.withErrors} failing, ${q.retired} retired`,
    `last check: ${ago(q.lastCheckAt)}; next due: ${q.nextDue ? `${ago(q.nextDue.at)} (${q.nextDue.url})` : 'nothing scheduled'}`,
    `schedule: ${describePolicy(app.config.schedule.policy)}; ${app.config.schedule.maxChecksPerCycle === 'auto' ? 'checks a cycle sized from demand' : `at most ${app.config.schedule.maxChecksPerCycle} checks a cycle`}, ${app.config.schedule.concurrency} at once, cron "${app.config.schedule.cron}"`,
    `posts: ${posts.pending} pending, ${posts.sending} sending, ${posts.failed} failed, ${posts.posted} posted (${app.config.publish.dryRun ? 'dry run' : app.config.publish.networks.join(' and ')})`,
    `database: ${app.store.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${app.store.name}`,
  ];
  lines.push(await workersLine(app, now));
  for (const [label, extra] of await sourceLines(app.store)) lines.push(`${label}: ${extra}`);
  // Waits servers asked for: a network's rate limit, a news host's Retry-After.
  const pauses = await app.store.pauses.running(new Date(now).toISOString());
  if (pauses.length)
    lines.push(
      `paused:${pauses.map((p) => `\n  ${p.scope.replace(':', ' ')} until ${p.resumeAt} (${ago(p.resumeAt)}): ${p.reason}`).join('')}`,
    );
  console.log(lines.join('\n'));
  const failing = await app.store.articles.withErrors(10);
  if (failing.length) {
    console.log('\nfailing:');
    for (const a of failing) console.log(`  ${a.url}\n    ${a.last_error ?? ''} (checked ${ago(a.last_checked_at)})`);
  }
  return 0;
}

/**
 * The processes checking this state: each seen within a lease (renewed three times a lease), with what it
 * has in hand. A worker killed drops off once its lease has run out.
 */
async function workersLine(app: StateApp, now: number): Promise<string> {
  const seenSince = new Date(now - app.config.state.leaseMs).toISOString();
  const workers = await app.store.workers.running(seenSince);
  if (!workers.length) return 'workers: none running';
  const here = hostname();
  return `workers: ${workers.length} running${workers
    .map(
      (w) =>
        `\n  ${w.command} pid ${w.pid}${w.host === here ? '' : ` on ${w.host}`}, since ${formatWhen(w.startedAt, now)}, seen ${formatWhen(w.seenAt, now)}, ${w.inHand} ${w.inHand === 1 ? 'article' : 'articles'} in hand`,
    )
    .join('')}`;
}

/** Lines from the sources: requests by state, feeds followed and failing. */
async function sourceLines(store: Store): Promise<[string, string][]> {
  const feeds = await store.feeds.list();
  const lines: [string, string][] = [];
  const requests = await store.requests.counts();
  if (Object.keys(requests).length)
    lines.push([
      'requests',
      Object.entries(requests)
        .map(([k, n]) => `${n} ${k}`)
        .join(', '),
    ]);
  if (feeds.length) {
    const failing = feeds.filter((f) => f.last_error);
    const found = feeds.reduce((n, f) => n + f.articles_added, 0);
    lines.push([
      'feeds',
      `${feeds.length} followed, ${found} ${found === 1 ? 'article' : 'articles'} found, ${failing.length} failing${failing.map((f) => `\n  ${f.url}: ${f.last_error ?? ''}`).join('')}`,
    ]);
  }
  return lines;
}
