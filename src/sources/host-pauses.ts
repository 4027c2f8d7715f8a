import { HttpStatusError } from '../fetch/errors.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { hostScope } from '../store/pauses.ts';

interface Deps {
  store: Store;
  log: Logger;
  now: () => Date;
}

/** Answers whose Retry-After asks the whole host to wait (RFC 9110 for 503, RFC 6585 for 429). */
const HOST_WAIT_STATUSES = new Set([429, 503]);

/**
 * A news host that answered 429 or 503 with Retry-After gets its wait: none of its articles is fetched
 * before it ends, in this cycle, later ones, or after a restart. The fetcher caps the wait at a day.
 */
export async function pauseHostAfter(
  deps: Deps,
  url: string,
  err: unknown,
): Promise<{ host: string; until: string; reason: string } | null> {
  if (!(err instanceof HttpStatusError) || !HOST_WAIT_STATUSES.has(err.status) || !err.retryAfterSeconds) return null;
  const now = deps.now();
  const host = new URL(url).host;
  const until = new Date(now.getTime() + err.retryAfterSeconds * 1000).toISOString();
  const reason = `HTTP ${err.status}, Retry-After ${err.retryAfterSeconds} s`;
  await deps.store.pauses.set({ scope: hostScope(host), resumeAt: until, reason, setAt: now.toISOString() });
  deps.log.warn(
    { host, until, status: err.status },
    `${host} asked us to wait until ${until}; its articles are not fetched before then`,
  );
  return { host, until, reason };
}

/**
 * The hosts paused at the start of a cycle (read once, for the due query), and those paused during it
 * (kept in memory, so a check asks no query of its host); each said once a cycle.
 */
export class HostPauses {
  private readonly told = new Set<string>();
  private readonly during = new Map<string, { until: string; reason: string }>();

  constructor(private readonly deps: Deps) {}

  /** URL prefixes of the hosts paused now, for the due query: their articles stay due and take no place. */
  async prefixes(): Promise<string[]> {
    const paused = await this.deps.store.pauses.running(this.deps.now().toISOString(), 'host:');
    for (const p of paused) this.tell(p.scope.slice('host:'.length), p.resumeAt, p.reason);
    return paused.flatMap((p) => ['http', 'https'].map((scheme) => `${scheme}://${p.scope.slice('host:'.length)}/`));
  }

  /** A failed fetch of `url`: its host's pause, when it asked for one, holds its other articles this cycle. */
  async pauseAfter(url: string, err: unknown): Promise<void> {
    const pause = await pauseHostAfter(this.deps, url, err);
    if (pause) this.during.set(pause.host, pause);
  }

  /** Whether an article must wait for a pause its host asked for during this cycle. */
  holds(url: string): boolean {
    const host = new URL(url).host;
    const pause = this.during.get(host);
    if (!pause || pause.until <= this.deps.now().toISOString()) return false;
    this.tell(host, pause.until, pause.reason);
    return true;
  }

  private tell(host: string, until: string, reason: string): void {
    if (this.told.has(host)) return;
    this.told.add(host);
    this.deps.log.info({ host, until, reason }, `${host} asked us to wait until ${until}; its due articles wait`);
  }
}
