import { inTransaction, type Db } from './db.ts';
import { updateHeldArticle } from './lease-lost.ts';
import type { CheckRecord, NextSchedule } from './types.ts';
import { checkValues, scheduleValues } from './values.ts';

/**
 * How long a check is kept: longer than the 40 quiet days after which an article is retired, so the log
 * of any article still watched (or just retired) is whole; older checks are pruned, and the table holds
 * about this many days of checks however long the bot runs.
 */
const RETENTION_DAYS = 45;
/**
 * Old checks removed with each check recorded: more than one, so a log kept before pruning drains as
 * well, and few, so each check stays cheap.
 */
const PRUNE_BATCH = 8;

/** The checks made of each article, and what the schedule decided after each. */
export class Checks {
  constructor(private readonly db: Db) {}

  /**
   * Records a check that made no new version (unchanged, not modified, or failed), and what follows it,
   * and gives the article back. With `leaseOwner` (the worker that claimed it), only while that worker
   * still holds it: else a LeaseLostError, and nothing is written.
   */
  async record(
    articleId: number,
    check: CheckRecord,
    next: NextSchedule & { etag?: string | null; lastModified?: string | null },
    leaseOwner: string | null = null,
  ): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await updateHeldArticle(tx, articleId, leaseOwner, {
        last_checked_at: check.at,
        last_error: check.outcome === 'error' ? check.errorMessage : null,
        ...scheduleValues(next),
        ...(next.etag !== undefined ? { etag: next.etag } : {}),
        ...(next.lastModified !== undefined ? { last_modified: next.lastModified } : {}),
      });
      await tx.insertInto('checks').values(checkValues(articleId, check)).execute();
      await this.prune(check.at, PRUNE_BATCH, tx);
    });
  }

  /**
   * Deletes up to `limit` checks older than the retention before `now`, oldest first, found through the
   * checks_at index: a bounded step, made with every check recorded. Returns how many went.
   */
  async prune(now: string, limit = PRUNE_BATCH, db: Db = this.db): Promise<number> {
    const cutoff = new Date(Date.parse(now) - RETENTION_DAYS * 86_400_000).toISOString();
    const result = await db
      .deleteFrom('checks')
      .where('id', 'in', (eb) =>
        eb.selectFrom('checks').select('id').where('at', '<', cutoff).orderBy('at').limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** An article's latest check. */
  last(articleId: number) {
    return this.db
      .selectFrom('checks')
      .selectAll()
      .where('article_id', '=', articleId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** An article's checks, oldest first. */
  of(articleId: number) {
    return this.db.selectFrom('checks').selectAll().where('article_id', '=', articleId).orderBy('id').execute();
  }
}
