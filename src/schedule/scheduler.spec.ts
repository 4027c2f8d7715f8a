import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log.ts';
import { startScheduler } from './scheduler.ts';

const log = createLogger({ level: 'silent', format: 'json' });

beforeEach(
  () =>
    void vi.useFakeTimers({
      now: Date.parse('2026-11-25T08:00:00Z'),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    }),
);
afterEach(() => void vi.useRealTimers());

describe('the scheduler', () => {
  it('never overlaps cycles: a tick that finds one running is skipped', async () => {
    const finish: (() => void)[] = [];
    const scheduler = startScheduler('* * * * *', () => new Promise<void>((resolve) => finish.push(resolve)), log);
    expect(scheduler.stats).toEqual({ cycles: 1, skipped: 0 }); // one at start
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(scheduler.stats).toEqual({ cycles: 1, skipped: 2 });
    finish.shift()!();
    await scheduler.idle();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(scheduler.stats).toEqual({ cycles: 2, skipped: 2 });
    const stopping = scheduler.stop();
    finish.shift()!();
    await stopping;
  });

  it('tells the running cycle to stop, waits for it, and starts no other', async () => {
    let signal: AbortSignal | null = null;
    let release = () => {};
    const scheduler = startScheduler(
      '* * * * *',
      (s) => {
        signal = s;
        return new Promise<void>((resolve) => (release = resolve));
      },
      log,
    );
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(signal!.aborted).toBe(true);
    expect(stopped).toBe(false); // the cycle in hand finishes first
    release();
    await stopping;
    await vi.advanceTimersByTimeAsync(180_000);
    expect(scheduler.stats.cycles).toBe(1);
  });

  it('refuses a bad cron expression, naming the setting', () => {
    expect(() => startScheduler('every minute', () => Promise.resolve(), log)).toThrow(
      'EDITWATCH_CRON: "every minute" is not a valid cron expression',
    );
  });

  it('goes on after the clock is set back or jumps ahead, with one log line each', async () => {
    const lines: { msg: string; level: number }[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string; level: number }) },
    );
    const scheduler = startScheduler('* * * * *', () => Promise.resolve(), logger, { runAtStart: false });
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(scheduler.stats.cycles).toBe(3);
    // Set back a day: node-cron alone would wait a day for its next tick.
    vi.setSystemTime(Date.now() - 24 * 3600_000);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(scheduler.stats.cycles).toBeGreaterThanOrEqual(5);
    // A day ahead: one line, not one per missed tick, and the minute ticks go on.
    const before = scheduler.stats.cycles;
    vi.setSystemTime(Date.now() + 24 * 3600_000);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(scheduler.stats.cycles).toBeGreaterThanOrEqual(before + 2);
    const warnings = lines.filter((l) => l.level >= 40).map((l) => l.msg);
    expect(warnings.filter((m) => /clock stepped back/.test(m))).toHaveLength(1);
    expect(warnings.filter((m) => /clock stepped ahead/.test(m))).toHaveLength(1);
    expect(warnings.length).toBeLessThanOrEqual(3);
    await scheduler.stop();
  });
});
