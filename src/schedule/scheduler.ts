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

/** How often the clock is compared with the time that really passed, and the step that counts as a jump. */
const CLOCK_WATCH_MS = 30_000;
const CLOCK_STEP_MS = 60_000;

/** Time kept back before the next tick for what follows the checks (answers, the outbox). */
const RESERVE_MS = 5_000;

/**
 * When a cycle should start no more checks: shortly before the next tick, so that tick is not skipped; or,
 * when that tick is too close (a start just before it), before the one after.
 */
function deadlineBefore([next, after]: Date[]): number | undefined {
  if (!next) return undefined;
  const deadline = next.getTime() - RESERVE_MS;
  if (!after || deadline - Date.now() >= (after.getTime() - next.getTime()) / 2) return deadline;
  return after.getTime() - RESERVE_MS;
}

/**
 * Runs `cycle` on the cron expression, telling it when the next tick comes; a tick that finds the previous
 * cycle still running is skipped (and logged), so cycles never overlap. The cycle is given a signal that
 * `stop()` aborts. A clock that steps (set back, or ahead after a suspend) re-arms the schedule with one
 * log line: node-cron alone would wait for the old time to come back, or report every tick it missed.
 */
export function startScheduler(
  expression: string,
  cycle: (signal: AbortSignal, deadline: number | undefined) => Promise<unknown>,
  log: Logger,
  options: { runAtStart?: boolean } = {},
): Scheduler {
  if (!cron.validate(expression)) throw new Error(`EDITWATCH_CRON: "${expression}" is not a valid cron expression`);
  const controller = new AbortController();
  const stats = { cycles: 0, skipped: 0 };
  let running: Promise<void> | null = null;
  let missed = 0;
  const tick = () => {
    if (controller.signal.aborted) return;
    if (missed > 0) {
      log.warn({ missed }, 'ticks missed while the process was busy or asleep');
      missed = 0;
    }
    if (running) {
      stats.skipped++;
      log.info('previous cycle still running, tick skipped');
      return;
    }
    stats.cycles++;
    running = cycle(controller.signal, deadlineBefore(task.getNextRuns(2)))
      .then(() => undefined)
      .catch((err: unknown) => log.error({ err: (err as Error).message }, 'cycle could not run'))
      .finally(() => {
        running = null;
      });
  };
  const arm = () => {
    const task = cron.schedule(expression, tick, { noOverlap: false });
    // Counted, and said once at the next tick, rather than a line for each.
    task.on('execution:missed', () => void missed++);
    return task;
  };
  let task = arm();
  let wall = Date.now();
  let mono = performance.now();
  const watch = setInterval(() => {
    const step = Date.now() - wall - (performance.now() - mono);
    wall = Date.now();
    mono = performance.now();
    if (Math.abs(step) < CLOCK_STEP_MS) return;
    log.warn(
      { stepMs: Math.round(step) },
      `the clock stepped ${step > 0 ? 'ahead' : 'back'} by ${Math.round(Math.abs(step) / 1000)} s; the schedule is re-armed from the new time`,
    );
    missed = 0;
    void task.stop();
    task = arm();
  }, CLOCK_WATCH_MS);
  watch.unref();
  if (options.runAtStart ?? true) tick(); // start with a cycle rather than wait for the first tick
  return {
    stats,
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      controller.abort();
      clearInterval(watch);
      await task.stop();
      while (running) await running;
    },
  };
}
