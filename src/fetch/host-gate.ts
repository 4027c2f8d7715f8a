import { setTimeout as delay } from 'node:timers/promises';

/**
 * One request at a time per host, with a pause between them: the politeness a news site can expect.
 * Requests to different hosts do not wait for each other.
 */
export class HostGate {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastDone = new Map<string, number>();

  constructor(private readonly delayMs: number) {}

  /** `signal` cuts the pause short (a shutdown); the task then sees it aborted. */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(host, tail);
    await previous;
    try {
      const wait = (this.lastDone.get(host) ?? 0) + this.delayMs - Date.now();
      if (wait > 0) await delay(wait, undefined, signal ? { signal } : {});
      return await task();
    } finally {
      this.lastDone.set(host, Date.now());
      release();
      if (this.tails.get(host) === tail) this.tails.delete(host);
    }
  }
}
