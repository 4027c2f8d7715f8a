// What the rest of the bot needs of extraction without loading its rules (and their libraries): the
// main thread extracts in a worker, so it should not pay for loading them at start.

/**
 * Why a page gives no article: none that can be told apart from its chrome ('no-headline', 'no-body'),
 * not HTML, or a page refused before it could cost the bot its time or memory: past a cap of
 * ExtractLimits ('too-complex'), over the time limit ('timeout') or the memory limit ('out-of-memory')
 * of the extraction worker, or a worker that died for another reason ('worker-failed').
 */
export const EXTRACT_ERROR_REASONS = [
  'no-headline',
  'no-body',
  'not-html',
  'too-complex',
  'timeout',
  'out-of-memory',
  'worker-failed',
  'aborted',
] as const;

export type ExtractErrorReason = (typeof EXTRACT_ERROR_REASONS)[number];

export class ExtractError extends Error {
  override name = 'ExtractError';
  constructor(
    readonly url: string,
    readonly reason: ExtractErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The extraction rules' number: raise it whenever a change to extract/ can read the same page
 * differently. A stored version read by older rules is read again from its HTML before it is compared,
 * so new rules never show up as edits.
 */
export const EXTRACTOR_VERSION = 3;
