/**
 * How often an article is checked: often while it is young or has just changed, rarely once it has
 * settled, and not at all once it has been quiet for long (retired, as NewsSniffer did). One pure
 * function of the article's times and the outcome of the check just made.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Up to `until` (age since first seen or since the last change), check every `every`. */
export interface Tier {
  until: number;
  every: number;
}

export interface SchedulePolicy {
  /** Ascending by `until`; past the last, its `every` holds. */
  tiers: Tier[];
  /** Unchanged this long (since first seen or the last change): retired. */
  retireAfterMs: number;
  /** Answered 404 or 410 this many times in a row: retired. */
  retireAfterGone: number;
}

export const DEFAULT_TIERS: Tier[] = [
  { until: 3 * HOUR, every: 5 * MINUTE },
  { until: DAY, every: 15 * MINUTE },
  { until: 3 * DAY, every: HOUR },
  { until: 14 * DAY, every: 6 * HOUR },
  { until: Infinity, every: DAY },
];

export const DEFAULT_POLICY: SchedulePolicy = { tiers: DEFAULT_TIERS, retireAfterMs: 40 * DAY, retireAfterGone: 3 };

export interface ArticleTimes {
  /** When the article was first tracked. */
  firstSeenAt: number;
  /** When its last change was found, or null if it never changed. */
  lastChangedAt: number | null;
  /** 404/410 answers in a row before this check. */
  goneBefore: number;
  /** When it was last checked, or null before its first check. */
  lastCheckedAt?: number | null;
  /**
   * How much of its quiet time checks have witnessed: the gaps between its unchanged checks since the last
   * change, each counted at most twice the interval then due. A clock that jumps ahead adds little.
   */
  observedQuietMs?: number;
}

export type CheckResult =
  | { kind: 'changed' }
  | { kind: 'unchanged' }
  | { kind: 'gone'; status: number }
  /** Any other failure; `retryAfterMs`: what the server asked for, if anything. */
  | { kind: 'error'; retryAfterMs: number | null };

/** `observed`: the article's observedQuietMs after this check. */
export type NextCheck =
  { retire: false; at: number; gone: number; observed: number } | { retire: true; reason: string; gone: number };

/** The check interval for an article this old (since first seen or last change, whichever is later). */
export function intervalFor(quietMs: number, tiers: Tier[] = DEFAULT_TIERS): number {
  const tier = tiers.find((t) => quietMs < t.until) ?? tiers[tiers.length - 1]!;
  return tier.every;
}

/** What follows a check made at `now`: when the next one is due, or retirement and why. */
export function nextCheck(
  times: ArticleTimes,
  result: CheckResult,
  now: number,
  policy: SchedulePolicy = DEFAULT_POLICY,
): NextCheck {
  const gone = result.kind === 'gone' ? times.goneBefore + 1 : 0;
  if (result.kind === 'gone' && gone >= policy.retireAfterGone) {
    return { retire: true, reason: `gone: HTTP ${result.status} ${gone} times in a row`, gone };
  }
  // An edit pulls the article back to the frequent checks of a new one.
  const quietSince =
    result.kind === 'changed' ? now : Math.max(times.firstSeenAt, times.lastChangedAt ?? times.firstSeenAt);
  const quiet = now - quietSince;
  const interval = intervalFor(quiet, policy.tiers);
  const observed =
    result.kind === 'changed'
      ? 0
      : (times.observedQuietMs ?? 0) + (result.kind === 'unchanged' ? witnessed(times, quietSince, now, policy) : 0);
  // Retired only when checks have seen the quiet period through, not after one check behind a clock jump.
  if (result.kind === 'unchanged' && quiet >= policy.retireAfterMs && observed >= policy.retireAfterMs - interval) {
    return { retire: true, reason: `unchanged for ${Math.floor(quiet / DAY)} days`, gone };
  }
  const wait =
    result.kind === 'error' && result.retryAfterMs !== null ? Math.max(interval, result.retryAfterMs) : interval;
  return { retire: false, at: now + wait, gone, observed };
}

/** The quiet time this check adds to what checks have seen: the gap since the last one, at most twice the interval then due. */
function witnessed(times: ArticleTimes, quietSince: number, now: number, policy: SchedulePolicy): number {
  const last = times.lastCheckedAt;
  if (last === null || last === undefined || now <= last) return 0;
  const from = Math.max(last, quietSince);
  if (now <= from) return 0;
  return Math.min(now - from, 2 * intervalFor(Math.max(0, last - quietSince), policy.tiers));
}

/** The policy in words, for `editwatch status` and the logs. */
export function describePolicy(policy: SchedulePolicy = DEFAULT_POLICY): string {
  const span = (ms: number) =>
    ms % DAY === 0 ? `${ms / DAY} d` : ms % HOUR === 0 ? `${ms / HOUR} h` : `${ms / MINUTE} min`;
  const tiers = policy.tiers
    .map((t) => `every ${span(t.every)}${Number.isFinite(t.until) ? ` to ${span(t.until)}` : ''}`)
    .join(', ');
  return `${tiers}; retired after ${span(policy.retireAfterMs)} unchanged or ${policy.retireAfterGone} answers of 404/410 in a row`;
}
