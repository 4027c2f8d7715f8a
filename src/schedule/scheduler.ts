import cron from 'node-cron';
import type { Logger } from '../log.ts';

export interface Scheduler {
  /** Resolves once the cycle in progress (if any) has finished and no new one will start. */
  stop(): Promise<void>;
}

/** Runs `cycle` on the cron expression; a tick that finds the previous cycle still running is skipped. */
export function startScheduler(expression: string, cycle: () => Promise<unknown>, log: Logger): Scheduler {
  if (!cron.validate(expression)) throw new Error(`EDITWATCH_CRON: "${expression}" is not a valid cron expression`);
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      log.info('previous cycle still running, tick skipped');
      return;
    }
    running = cycle()
      .then(() => undefined)
      .catch((err: unknown) => log.error({ err: (err as Error).message }, 'cycle could not run'))
      .finally(() => {
        running = null;
      });
  };
  const task = cron.schedule(expression, tick, { noOverlap: false });
  tick(); // start with a cycle rather than wait for the first tick
  return {
    async stop() {
      stopped = true;
      await task.stop();
      await running;
    },
  };
}
