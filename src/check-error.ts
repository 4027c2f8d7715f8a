// The code a failed check is stored with (checks.error_code), made here from the error the check threw
// and read back here, so no other module puts such a code together or takes one apart.
import { EXTRACT_ERROR_REASONS, ExtractError, type ExtractErrorReason } from './extract/extract-error.ts';
import { FETCH_ERROR_CODES, FetchError, type FetchErrorCode } from './fetch/errors.ts';

/** Why a check failed: the fetch's code, `extract-` and the extraction's reason, or 'internal' (a bug). */
export type CheckErrorCode = FetchErrorCode | `extract-${ExtractErrorReason}` | 'internal';

/** The code for what a check threw. The strings are stored: never change one. */
export function checkErrorCode(err: unknown): CheckErrorCode {
  if (err instanceof FetchError) return err.code;
  if (err instanceof ExtractError) return `extract-${err.reason}`;
  return 'internal';
}

/** A stored code read back, one case per kind of failure, to switch over. */
export type CheckFailure =
  | { stage: 'fetch'; code: (typeof FETCH_ERROR_CODES)[number] }
  | { stage: 'http'; status: number }
  | { stage: 'extract'; reason: ExtractErrorReason }
  | { stage: 'internal' };

/** Reads a stored code; one no version of the bot writes (or none at all) reads as 'internal'. */
export function parseCheckErrorCode(code: string | null): CheckFailure {
  if (code === null) return { stage: 'internal' };
  const fetchCode = FETCH_ERROR_CODES.find((c) => c === code);
  if (fetchCode) return { stage: 'fetch', code: fetchCode };
  const http = /^http-(\d{3})$/.exec(code);
  if (http) return { stage: 'http', status: Number(http[1]) };
  const reason = EXTRACT_ERROR_REASONS.find((r) => `extract-${r}` === code);
  if (reason) return { stage: 'extract', reason };
  return { stage: 'internal' };
}

/** For the default of an exhaustive switch: a new case left unhandled fails to compile. */
export function unhandledCase(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
