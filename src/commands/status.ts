import type { App } from '../app.ts';
import { formatGap } from '../format-gap.ts';
import { describePolicy } from '../schedule/policy.ts';

/** A check due this long ago and not yet made is overdue: the backlog is not draining. */
const OVERDUE_MS = 10 * 60_000;

/** `editwatch status`: the queue (due now, overdue, retired, errors), the outbox, feeds and requests. */
export async function status(app: App): Promise<number> {
  const now = Date.now();
  const q = await app.store.articles.queueStats(new Date(now).toISOString(), new Date(now - OVERDUE_MS).toISOString());
  const posts = await app.store.outbox.countByState();
  const ago = (iso: string | null) =>
    iso ? `${formatGap(Math.abs(now - Date.parse(iso)))} ${Date.parse(iso) > now ? 'from now' : 'ago'}` : 'never';
  const lines = [
    `articles: ${q.active} watched, ${q.dueNow} due now (${q.overdue} overdue by more than ${formatGap(OVERDUE_MS)}), ${q.withErrors} failing, ${q.retired} retired`,
    `last check: ${ago(q.lastCheckAt)}; next due: ${q.nextDue ? `${ago(q.nextDue.at)} (${q.nextDue.url})` : 'nothing scheduled'}`,
    `schedule: ${describePolicy(app.config.schedule.policy)}; at most ${app.config.schedule.maxChecksPerCycle} checks a cycle, ${app.config.schedule.concurrency} at once, cron "${app.config.schedule.cron}"`,
    `posts: ${posts.pending} pending, ${posts.sending} sending, ${posts.failed} failed, ${posts.posted} posted (${app.config.publish.dryRun ? 'dry run' : app.config.publish.networks.join(' and ')})`,
  ];
  for (const [label, extra] of await app.extraStatus()) lines.push(`${label}: ${extra}`);
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
