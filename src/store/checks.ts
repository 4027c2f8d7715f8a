import { inTransaction, type Db } from './db.ts';
import type { CheckRecord, NextSchedule } from './types.ts';
import { checkValues, scheduleValues } from './values.ts';

/** The checks made of each article, and what the schedule decided after each. */
export class Checks {
  constructor(private readonly db: Db) {}

  /** Records a check that made no new version (unchanged, not modified, or failed), and what follows it. */
  async record(
    articleId: number,
    check: CheckRecord,
    next: NextSchedule & { etag?: string | null; lastModified?: string | null },
  ): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await tx.insertInto('checks').values(checkValues(articleId, check)).execute();
      await tx
        .updateTable('articles')
        .set({
          last_checked_at: check.at,
          last_error: check.outcome === 'error' ? check.errorMessage : null,
          ...scheduleValues(next),
          ...(next.etag !== undefined ? { etag: next.etag } : {}),
          ...(next.lastModified !== undefined ? { last_modified: next.lastModified } : {}),
        })
        .where('id', '=', articleId)
        .execute();
    });
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
