import type { Updateable } from 'kysely';
import type { Db } from './db.ts';
import type { ArticlesTable } from './schema.ts';

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

/**
 * Writes what a check learnt into its article's row and gives the article back, as the first statement of
 * the check's transaction (so the row is locked before anything else of it is written). With `leaseOwner`
 * (the worker that claimed it), only while that worker still holds it: else a LeaseLostError, which rolls
 * the transaction back.
 */
export async function updateHeldArticle(
  tx: Db,
  articleId: number,
  leaseOwner: string | null,
  values: Updateable<ArticlesTable>,
): Promise<void> {
  let update = tx
    .updateTable('articles')
    .set({ ...values, lease_owner: null, lease_until: null })
    .where('id', '=', articleId);
  if (leaseOwner !== null) update = update.where('lease_owner', '=', leaseOwner);
  const { numUpdatedRows } = await update.executeTakeFirst();
  if (leaseOwner !== null && Number(numUpdatedRows) === 0) throw new LeaseLostError(articleId);
}
