import { ConfigError } from '../config.ts';
import { ExtractError } from '../extract/extract-error.ts';
import { FetchError } from '../fetch/errors.ts';
import { ArticleUrlError } from '../sources/article-url.ts';
import { stateFault } from '../store/state-fault.ts';
import { UsageError } from './usage-error.ts';

// Exit codes: 0 done, 1 some inputs refused, 2 bad usage or configuration, 3 could not run.

/** Says on stderr why a command failed, in the operator's terms, and returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof ConfigError || err instanceof UsageError || err instanceof ArticleUrlError) {
    console.error(`editwatch: ${err.message}`);
    return 2;
  }
  if (err instanceof FetchError || err instanceof ExtractError) {
    console.error(`editwatch: ${err.message}`);
    return 1;
  }
  const fault = stateFault(err);
  if (fault) {
    // Disk full, read-only, a damaged database: the file and what to do, no stack.
    console.error(`editwatch: ${fault.message}`);
    return 3;
  }
  console.error(`editwatch: could not run: ${(err as Error).stack ?? String(err)}`);
  return 3;
}
