import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, MAX_SERVER_WAIT_MS, NetworkHaltError, withRetry, type Verdict } from './retry.ts';

const failing = () => Promise.reject(new Error('busy'));

describe('withRetry', () => {
  it('gives up a back-off wait at once when its signal is aborted (a shutdown)', async () => {
    const controller = new AbortController();
    let calls = 0;
    const transient = (): Verdict => ({ kind: 'transient', waitMs: 60_000, reason: 'HTTP 503' });
    const started = Date.now();
    const result = withRetry(
      'mastodon',
      'post status',
      () => {
        calls++;
        return failing();
      },
      transient,
      { ...DEFAULT_RETRY, maxWaitMs: 120_000 },
      // The server asked for a minute: the abort comes while it is being waited out.
      () => controller.abort(),
      controller.signal,
    );
    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('tries nothing once its signal is aborted', async () => {
    let calls = 0;
    const call = () => {
      calls++;
      return Promise.resolve('done');
    };
    await expect(
      withRetry(
        'bluesky',
        'create post record',
        call,
        () => ({ kind: 'post', reason: '' }),
        DEFAULT_RETRY,
        undefined,
        AbortSignal.abort(),
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(0);
  });

  it('halts the network for the wait the server asks, cut to a day', async () => {
    const tenYears = 10 * 365 * 24 * 3600_000;
    const error = await withRetry(
      'mastodon',
      'post status',
      failing,
      () => ({ kind: 'transient', waitMs: tenYears, reason: 'HTTP 429' }),
      DEFAULT_RETRY,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkHaltError);
    expect(error).toMatchObject({ why: 'rate-limited', waitMs: MAX_SERVER_WAIT_MS });
    const hours = await withRetry(
      'mastodon',
      'post status',
      failing,
      () => ({ kind: 'transient', waitMs: 2 * 3600_000, reason: 'HTTP 429' }),
      DEFAULT_RETRY,
    ).catch((e: unknown) => e);
    expect(hours).toMatchObject({
      why: 'rate-limited',
      waitMs: 2 * 3600_000,
      message: 'post status: HTTP 429; the server asks to wait 7200 s',
    });
  });
});
