import { setTimeout as delay } from 'node:timers/promises';

const MAX_ASKED_MS = 60_000;

/** Reserves a host's next turn among several workers; resolves to when it starts (ms since the epoch). */
export type SharedTurns = (host: string, pauseMs: number) => Promise<number>;

/**
 * One request at a time per host, with a pause between them: the politeness a news site can expect.
 * Requests to different hosts do not wait for each other. With `shared`, the pause holds across every
 * worker on the database too: each request waits for a turn that all of them take in order.
 */
export class HostGate {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastDone = new Map<string, number>();
  /** Hosts whose robots.txt asks for a longer pause than ours (Crawl-delay). */
  private readonly asked = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly shared?: SharedTurns,
  ) {}

  /** The pause a host asked for, honoured when longer than ours, up to a minute (a day would stop the article). */
  askedFor(host: string, ms: number): void {
    if (ms > this.delayMs) this.asked.set(host, Math.min(ms, MAX_ASKED_MS));
    else this.asked.delete(host);
  }

  /**
   * `signal` cuts the pause short (a shutdown); the task then sees it aborted. An unpaced task (a
   * robots.txt read before the page) still waits its turn but neither waits for the pause nor starts one:
   * the page it clears goes next without a second pause.
   */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal, paced = true): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(host, tail);
    await previous;
    try {
      const pause = this.asked.get(host) ?? this.delayMs;
      let wait = paced ? (this.lastDone.get(host) ?? 0) + pause - Date.now() : 0;
      if (paced && this.shared) wait = Math.max(wait, (await this.shared(host, pause)) - Date.now());
      if (wait > 0) await delay(wait, undefined, signal ? { signal } : {});
      return await task();
    } finally {
      if (paced) this.lastDone.set(host, Date.now());
      release();
      if (this.tails.get(host) === tail) this.tails.delete(host);
    }
  }
}
