/**
 * A check's result arrived after its article left the worker's hand (the lease ran out, and another
 * worker may have checked it since): nothing of it is written, so no version is stored twice.
 */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(readonly articleId: number) {
    super(`article ${articleId} is no longer in this worker's hand (its lease ran out); its check is not recorded`);
  }
}

/** Throws LeaseLostError when a fenced write of an article's check changed no row. */
export function fenced(articleId: number, owner: string | null, updated: bigint | number): void {
  if (owner !== null && Number(updated) === 0) throw new LeaseLostError(articleId);
}
