import cron from 'node-cron';
import type { Logger } from '../log.ts';

export interface Scheduler {
  /** Resolves when no cycle is running (at once if none is). */
  idle(): Promise<void>;
  /** Cycles started so far, and ticks skipped because one was still running. */
  readonly stats: { cycles: number; skipped: number };
  /** Asks the cycle in progress to stop taking new work, waits for it, and starts no new one. */
  stop(): Promise<void>;
}

/**
 * Runs `cycle` on the cron expression; a tick that finds the previous cycle still running is skipped
 * (and logged), so cycles never overlap. The cycle is given a signal that `stop()` aborts.
 */
export function startScheduler(expression: string, cycle: (signal: AbortSignal) => Promise<unknown>, log: Logger, options: { runAtStart?: boolean } = {}): Scheduler {
  if (!cron.validate(expression)) throw new Error(`EDITWATCH_CRON: "${expression}" is not a valid cron expression`);
  const controller = new AbortController();
  const stats = { cycles: 0, skipped: 0 };
  let running: Promise<void> | null = null;
  const tick = () => {
    if (controller.signal.aborted) return;
    if (running) {
      stats.skipped++;
      log.info('previous cycle still running, tick skipped');
      return;
    }
    stats.cycles++;
    running = cycle(controller.signal)
      .then(() => undefined)
      .catch((err: unknown) => log.error({ err: (err as Error).message }, 'cycle could not run'))
      .finally(() => {
        running = null;
      });
  };
  const task = cron.schedule(expression, tick, { noOverlap: false });
  if (options.runAtStart ?? true) tick(); // start with a cycle rather than wait for the first tick
  return {
    stats,
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      controller.abort();
      await task.stop();
      while (running) await running;
    },
  };
}
