import { setTimeout as delay } from 'node:timers/promises';
import type { Network } from '../domain.ts';
import type { Logger } from '../log.ts';

/** What a failed network call means for the outbox. */
export type Verdict =
  /** Worth another try: a dropped connection, a timeout, 5xx, 429. `waitMs`: what the server asked for. */
  | { kind: 'transient'; waitMs: number | null; reason: string }
  /** The network refuses us (bad token, suspended account, a request it rejects): stop it this cycle. */
  | { kind: 'halt'; why: 'auth' | 'rejected'; reason: string }
  /** Not a network problem (a missing image file, say): the post itself fails. */
  | { kind: 'post'; reason: string };

/**
 * The network cannot take posts now; the posts stay pending and are tried again next cycle, in order.
 * `why`: auth (credentials refused), rejected (another 4xx), rate-limited (the wait asked for is longer
 * than a cycle should block; `waitMs` says how long, at most MAX_SERVER_WAIT_MS), unavailable (retries
 * used up).
 */
export class NetworkHaltError extends Error {
  override name = 'NetworkHaltError';
  constructor(
    readonly network: Network,
    readonly why: 'auth' | 'rejected' | 'rate-limited' | 'unavailable',
    message: string,
    readonly waitMs: number | null = null,
  ) {
    super(message);
  }
}

/** The longest wait a server is granted: a reset years ahead (a broken or hostile server) must not silence the bot for good. */
export const MAX_SERVER_WAIT_MS = 24 * 3600_000;

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First back-off; doubled each try, with full jitter. */
  baseMs: number;
  /** Longest back-off of our own. */
  maxMs: number;
  /** Longest wait a server may ask for (Retry-After, rate-limit reset) before we give up for this cycle. */
  maxWaitMs: number;
  /** Rejects when `signal` is aborted, so a shutdown does not wait out a back-off. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseMs: 1_000,
  maxMs: 60_000,
  maxWaitMs: 5 * 60_000,
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
  random: Math.random,
  now: Date.now,
};

/** The pause before try number `attempt + 1`: exponential with full jitter, never shorter than the server asked. */
function backoffMs(
  attempt: number,
  serverWaitMs: number | null,
  policy: Pick<RetryPolicy, 'baseMs' | 'maxMs' | 'random'>,
): number {
  const ours = Math.round(policy.random() * Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1)));
  return serverWaitMs === null ? ours : Math.max(serverWaitMs, ours);
}

/**
 * Runs one network call, trying again on transient failures. Throws NetworkHaltError when the network
 * refuses or stays unavailable, and the original error when the post itself is at fault. Once `signal`
 * is aborted (a shutdown) it throws the signal's reason: no more tries, no back-off waited out.
 */
export async function withRetry<T>(
  network: Network,
  what: string,
  call: () => Promise<T>,
  classify: (err: unknown) => Verdict,
  policy: RetryPolicy,
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await call();
    } catch (err) {
      // A call cut short by the abort is not the network's failure.
      signal?.throwIfAborted();
      const verdict = classify(err);
      if (verdict.kind === 'post') throw err;
      if (verdict.kind === 'halt') throw new NetworkHaltError(network, verdict.why, `${what}: ${verdict.reason}`);
      if (verdict.waitMs !== null && verdict.waitMs > policy.maxWaitMs) {
        const waitMs = Math.min(verdict.waitMs, MAX_SERVER_WAIT_MS);
        throw new NetworkHaltError(
          network,
          'rate-limited',
          `${what}: ${verdict.reason}; the server asks to wait ${Math.round(verdict.waitMs / 1000)} s`,
          waitMs,
        );
      }
      if (attempt >= policy.attempts)
        throw new NetworkHaltError(
          network,
          'unavailable',
          `${what}: ${verdict.reason} (gave up after ${attempt} tries)`,
        );
      const waitMs = backoffMs(attempt, verdict.waitMs, policy);
      onRetry?.({ attempt, waitMs, reason: verdict.reason });
      await policy.sleep(waitMs, signal);
    }
  }
}

/** One call to a network: `what` names it in logs and errors; `signal` (a shutdown) ends the retries. */
export type NetworkCall = <T>(what: string, fn: () => Promise<T>, signal?: AbortSignal) => Promise<T>;

/** A network's calls, each with the retries of `policy` and the network's own reading of its errors; retries are logged. */
export function networkCaller(
  network: Network,
  classify: (err: unknown, now: number) => Verdict,
  policy: RetryPolicy,
  log: Logger,
): NetworkCall {
  return (what, fn, signal) =>
    withRetry(
      network,
      what,
      fn,
      (err) => classify(err, policy.now()),
      policy,
      (r) =>
        log.warn(
          { network, step: what, attempt: r.attempt, waitMs: r.waitMs, err: r.reason },
          `${network} call failed; retrying`,
        ),
      signal,
    );
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A rate-limit reset as an ISO date (Mastodon) or Unix seconds (Bluesky), in ms from now. */
export function resetInMs(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  const at = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Errors of the socket layer under fetch: worth another try. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'TypeError' && /fetch failed|terminated|network/i.test(err.message)) return true;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return true;
  const code = (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;
  return (
    typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_\w+)$/.test(code)
  );
}
