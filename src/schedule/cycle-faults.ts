import type { Logger } from '../log.ts';
import { stateFault } from '../store/state-fault.ts';

/** What went wrong in a cycle beyond a page that failed (which its check records against the article). */
export interface CycleFaults {
  /** The first fault of the state met this cycle (disk full, read-only, damaged database), as one line. */
  stateFault: string | null;
  /** Articles whose check stopped on an error it could not record; they stay due and are checked again. */
  articleErrors: number;
}

/**
 * Collects a cycle's faults so that each costs only its own article (or its own stage), and a fault of
 * the state is said once per cycle rather than once for each article it stopped.
 */
export class FaultTally {
  private first: { message: string; path?: string; code?: string } | null = null;
  private articles = 0;
  private notStored = 0;

  constructor(private readonly log: Logger) {}

  /** An article whose check threw: logged, counted, and the cycle goes on to the next. */
  article(err: unknown, url: string, progress: string): void {
    this.articles++;
    const fault = this.state(err);
    if (fault) {
      this.notStored++;
      this.log.debug({ url, progress, code: fault.code }, 'check not stored: the state cannot be written');
      return;
    }
    const e = err as Error & { code?: unknown };
    this.log.error(
      { url, progress, code: typeof e.code === 'string' ? e.code : e.name, err: e.message },
      'check could not finish; the article stays due',
    );
  }

  /** A stage of the cycle (answering requests, the outbox) that could not run; the cycle goes on. */
  stage(err: unknown, stage: string): void {
    const fault = this.state(err);
    // A fault of the state is said once, by summarise().
    this.log[fault ? 'warn' : 'error'](
      { stage, code: fault?.code, err: (fault ?? (err as Error)).message },
      `${stage} could not run this cycle`,
    );
  }

  /** Keeps the first fault of the state in `err`, if any, and returns it. */
  state(err: unknown) {
    const fault = stateFault(err);
    if (fault) this.first ??= { message: fault.message, path: fault.path, code: fault.code };
    return fault;
  }

  /** A fault a stage reported as a line (the outbox stops a network on one, not the cycle). */
  stateLine(message: string | undefined): void {
    if (message) this.first ??= { message };
  }

  /** One error line for a cycle the state stopped in part: what `start` logs each cycle until it is fixed. */
  summarise(): void {
    if (this.first)
      this.log.error(
        { path: this.first.path, code: this.first.code, articlesNotStored: this.notStored },
        this.first.message,
      );
  }

  report(): CycleFaults {
    return { stateFault: this.first?.message ?? null, articleErrors: this.articles };
  }
}
