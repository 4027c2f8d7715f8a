import type { Logger } from '../log.ts';

/** 128 + the signal's number: what a shell reports for a process the signal ended. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** How long the work in hand may take to stop before the process exits regardless. */
const STOP_GRACE_MS = 4_000;

export interface StopSignals {
  /** Aborted at the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Resolves at the first SIGINT or SIGTERM. */
  readonly stopped: Promise<void>;
  /** 130 after SIGINT, 143 after SIGTERM; null while neither came. */
  exitCode(): number | null;
}

/**
 * SIGINT and SIGTERM for `start` and `check`: the first aborts the work in hand (fetches, extraction,
 * posts, back-off waits), so the command ends within seconds; a second, or the work still running
 * STOP_GRACE_MS later, exits at once. Exiting mid-write is safe: SQLite (WAL) rolls an unfinished
 * transaction back, and a post left `sending` is looked up on its network before it is sent again
 * (test/crash.test.ts and test/publish-crash.test.ts kill -9 at such moments).
 */
export function onStopSignals(log: Logger): StopSignals {
  const controller = new AbortController();
  let code: number | null = null;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const handle = (name: keyof typeof EXIT_CODES) => {
    if (code !== null) {
      log.warn({ signal: name }, 'second signal: exiting now');
      process.exit(code);
    }
    const exitCode = EXIT_CODES[name];
    code = exitCode;
    log.info(
      { signal: name },
      'stopping: the work in hand is cut short and nothing new is started (a second signal stops at once)',
    );
    // Unref'd: a process that finishes sooner is not kept waiting for it.
    setTimeout(() => {
      log.warn(
        { signal: name, graceMs: STOP_GRACE_MS },
        `still busy ${STOP_GRACE_MS / 1000} s after the signal; exiting now`,
      );
      process.exit(exitCode);
    }, STOP_GRACE_MS).unref();
    controller.abort();
    stop();
  };
  process.on('SIGINT', () => handle('SIGINT'));
  process.on('SIGTERM', () => handle('SIGTERM'));
  return { signal: controller.signal, stopped, exitCode: () => code };
}
