import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, describePolicy, intervalFor, nextCheck, type ArticleTimes } from './policy.ts';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const t0 = Date.parse('2026-11-01T00:00:00Z');
const fresh: ArticleTimes = { firstSeenAt: t0, lastChangedAt: null, goneBefore: 0 };
/** Times of an article whose checks have seen every day of its quiet period up to a day before `at`. */
const watched = (times: ArticleTimes, at: number): ArticleTimes => ({
  ...times,
  lastCheckedAt: at - D,
  observedQuietMs: at - D - (times.lastChangedAt ?? times.firstSeenAt),
});

describe('the check schedule', () => {
  it('checks young articles often and settled ones rarely', () => {
    expect(
      [0, 2 * H, 3 * H - 1, 3 * H, 23 * H, D, 2 * D, 3 * D, 13 * D, 14 * D, 39 * D].map(
        (age) => intervalFor(age) / MIN,
      ),
    ).toEqual([5, 5, 5, 15, 15, 60, 60, 360, 360, 1440, 1440]);
  });

  it('schedules the next check from the age since first seen', () => {
    expect(nextCheck(fresh, { kind: 'unchanged' }, t0 + H)).toEqual({
      retire: false,
      at: t0 + H + 5 * MIN,
      gone: 0,
      observed: 0,
    });
    expect(nextCheck(fresh, { kind: 'unchanged' }, t0 + 2 * D)).toEqual({
      retire: false,
      at: t0 + 2 * D + H,
      gone: 0,
      observed: 0,
    });
  });

  it('pulls an edited article back to the frequent rate, and counts its quiet time from the edit', () => {
    const edited = nextCheck(fresh, { kind: 'changed' }, t0 + 10 * D);
    expect(edited).toEqual({ retire: false, at: t0 + 10 * D + 5 * MIN, gone: 0, observed: 0 });
    const after = { ...fresh, lastChangedAt: t0 + 10 * D };
    expect(nextCheck(after, { kind: 'unchanged' }, t0 + 10 * D + 4 * H)).toMatchObject({
      at: t0 + 10 * D + 4 * H + 15 * MIN,
    });
    // Retired 40 days after the edit, not after first seen.
    expect(nextCheck(watched(after, t0 + 45 * D), { kind: 'unchanged' }, t0 + 45 * D)).toMatchObject({ retire: false });
    expect(nextCheck(watched(after, t0 + 50 * D), { kind: 'unchanged' }, t0 + 50 * D)).toEqual({
      retire: true,
      reason: 'unchanged for 40 days',
      gone: 0,
    });
  });

  it('retires an article unchanged for 40 days', () => {
    expect(nextCheck(watched(fresh, t0 + 40 * D - 1), { kind: 'unchanged' }, t0 + 40 * D - 1)).toMatchObject({
      retire: false,
    });
    expect(nextCheck(watched(fresh, t0 + 40 * D), { kind: 'unchanged' }, t0 + 40 * D)).toEqual({
      retire: true,
      reason: 'unchanged for 40 days',
      gone: 0,
    });
    expect(
      nextCheck(watched(fresh, t0 + 40 * D), { kind: 'unchanged' }, t0 + 40 * D, {
        ...DEFAULT_POLICY,
        retireAfterMs: 60 * D,
      }),
    ).toMatchObject({ retire: false, at: t0 + 41 * D });
  });

  it('retires only when checks have seen the quiet period through: a clock jumping ahead retires nothing', () => {
    // Checked for two hours, then the clock jumps 41 days ahead.
    let times = { ...fresh, lastCheckedAt: t0 + 2 * H, observedQuietMs: 2 * H };
    let now = t0 + 41 * D;
    const jumped = nextCheck(times, { kind: 'unchanged' }, now);
    expect(jumped).toEqual({ retire: false, at: now + D, gone: 0, observed: 2 * H + 10 * MIN });
    // From then on it is checked daily, as the schedule says, and retired once checks have seen ~40 days.
    let checks = 0;
    for (let next = jumped; !next.retire; checks++) {
      times = { ...times, lastCheckedAt: now, observedQuietMs: next.observed };
      now = next.at;
      next = nextCheck(times, { kind: 'unchanged' }, now);
    }
    expect(checks).toBeGreaterThanOrEqual(19);
    expect(checks).toBeLessThanOrEqual(40);
  });

  it('counts quiet time only between unchanged checks, each gap at most twice the interval', () => {
    const base = { ...fresh, lastCheckedAt: t0 + 10 * D, observedQuietMs: 10 * D };
    expect(nextCheck(base, { kind: 'unchanged' }, t0 + 10 * D + 6 * H)).toMatchObject({ observed: 10 * D + 6 * H });
    // The bot was off for a week: only twice the 6 h interval of that age counts.
    expect(nextCheck(base, { kind: 'unchanged' }, t0 + 17 * D)).toMatchObject({ observed: 10 * D + 12 * H });
    expect(nextCheck(base, { kind: 'error', retryAfterMs: null }, t0 + 11 * D)).toMatchObject({ observed: 10 * D });
    // A clock set back adds nothing.
    expect(nextCheck(base, { kind: 'unchanged' }, t0 + 9 * D)).toMatchObject({ observed: 10 * D });
  });

  it('retires an article after repeated 404/410, and forgets one that came back', () => {
    const once = nextCheck(fresh, { kind: 'gone', status: 404 }, t0 + H);
    expect(once).toEqual({ retire: false, at: t0 + H + 5 * MIN, gone: 1, observed: 0 });
    expect(nextCheck({ ...fresh, goneBefore: 1 }, { kind: 'gone', status: 410 }, t0 + 2 * H)).toMatchObject({
      retire: false,
      gone: 2,
    });
    expect(nextCheck({ ...fresh, goneBefore: 2 }, { kind: 'gone', status: 410 }, t0 + 2 * H)).toEqual({
      retire: true,
      reason: 'gone: HTTP 410 3 times in a row',
      gone: 3,
    });
    expect(nextCheck({ ...fresh, goneBefore: 2 }, { kind: 'unchanged' }, t0 + 2 * H)).toMatchObject({
      retire: false,
      gone: 0,
    });
  });

  it('waits at least as long as a failing server asks, and never retires on errors alone', () => {
    expect(nextCheck(fresh, { kind: 'error', retryAfterMs: 2 * H }, t0 + H)).toEqual({
      retire: false,
      at: t0 + 3 * H,
      gone: 0,
      observed: 0,
    });
    expect(nextCheck(fresh, { kind: 'error', retryAfterMs: null }, t0 + 50 * D)).toMatchObject({
      retire: false,
      at: t0 + 51 * D,
    });
  });

  it('says itself in words', () => {
    expect(describePolicy()).toBe(
      'every 5 min to 3 h, every 15 min to 1 d, every 1 h to 3 d, every 6 h to 14 d, every 1 d; retired after 40 d unchanged or 3 answers of 404/410 in a row',
    );
  });
});
