import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log.ts';
import { startScheduler } from './scheduler.ts';

const log = createLogger({ level: 'silent', format: 'json' });

beforeEach(() => void vi.useFakeTimers({ now: Date.parse('2026-11-25T08:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] }));
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
    const scheduler = startScheduler('* * * * *', (s) => {
      signal = s;
      return new Promise<void>((resolve) => (release = resolve));
    }, log);
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
    expect(() => startScheduler('every minute', () => Promise.resolve(), log)).toThrow('EDITWATCH_CRON: "every minute" is not a valid cron expression');
  });
});
