import type { CheckRecord } from '../../src/store/index.ts';

/** A successful check at `at` (200, 5 ms), as the store records it. */
export const checkRecord = (at: string, outcome: CheckRecord['outcome'] = 'first-version'): CheckRecord => ({
  at,
  outcome,
  httpStatus: 200,
  errorCode: null,
  errorMessage: null,
  durationMs: 5,
});
