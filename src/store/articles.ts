import type { SelectQueryBuilder } from 'kysely';
import { inTransaction, type Db } from './db.ts';
import type { Dialect } from './dialect.ts';
import type { Database } from './schema.ts';
import { tallies } from './tallies.ts';
import type { ArticleRow } from './types.ts';

/** A due time before any other: the article is checked first, ahead of the backlog. */
const FIRST = '1970-01-01T00:00:00.000Z';

/** A retired article watched again: due at `due`, its quiet time counted from `now`. */
const reactivation = (now: string, due: string) => ({
  active: 1,
  retired_reason: null,
  next_check_at: due,
  gone_count: 0,
  watched_since: now,
  quiet_observed_ms: 0,
});

/** The articles watched: tracking, the queue of checks, retirement. */
export class Articles {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Tracks a URL; tracking it again re-activates it (unless `reactivate` is false: a feed listing an
   * article again does not undo its retirement) and changes nothing else. A URL known to be a second
   * address of an article tracks that article.
   */
  async track(
    url: string,
    now: string,
    source: string,
    options: { reactivate?: boolean; first?: boolean } = {},
  ): Promise<{ article: ArticleRow; created: boolean }> {
    // `first`: someone is waiting for the answer, so the article goes before the backlog.
    const due = options.first ? FIRST : now;
    const existing = await this.for(url);
    if (existing) {
      if (!existing.active && options.reactivate !== false)
        await this.db.updateTable('articles').set(reactivation(now, due)).where('id', '=', existing.id).execute();
      return { article: (await this.byId(existing.id))!, created: false };
    }
    await this.db
      .insertInto('articles')
      .values({
        url,
        source,
        added_at: now,
        next_check_at: due,
        outlet: null,
        headline: null,
        retired_reason: null,
        last_checked_at: null,
        etag: null,
        last_modified: null,
        last_error: null,
      })
      .execute();
    return { article: (await this.get(url))!, created: true };
  }

  /** Stops checking a URL; its history stays. */
  async untrack(url: string, reason = 'untracked'): Promise<boolean> {
    const result = await this.db
      .updateTable('articles')
      .set({ active: 0, retired_reason: reason })
      .where('url', '=', url)
      .where('active', '=', 1)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  get(url: string): Promise<ArticleRow | undefined> {
    return this.db.selectFrom('articles').selectAll().where('url', '=', url).executeTakeFirst();
  }

  byId(id: number): Promise<ArticleRow | undefined> {
    return this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The article a URL names: its own row, or the article it was found to be a second address of. */
  async for(url: string): Promise<ArticleRow | undefined> {
    let row = await this.get(url);
    // Links are only ever made to an existing row, so they cannot loop; the bound is a guard all the same.
    for (let hops = 0; row?.duplicate_of != null && hops < 5; hops++) row = (await this.byId(row.duplicate_of)) ?? row;
    return row;
  }

  /** Whether any article is tracked (one row read, however many there are). */
  async any(): Promise<boolean> {
    return (await this.db.selectFrom('articles').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  /** How many articles there are, watched or retired (a tally: no row is counted). */
  async total(): Promise<number> {
    const t = await tallies(this.db, ['articles:active', 'articles:retired']);
    return t['articles:active'] + t['articles:retired'];
  }

  /** Articles, each with how many versions it has (counted in the versions index, one article at a time). */
  private withVersionCounts() {
    return this.db
      .selectFrom('articles')
      .selectAll('articles')
      .select((eb) =>
        eb
          .selectFrom('versions')
          .whereRef('versions.article_id', '=', 'articles.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('version_count'),
      );
  }

  /** Every article with its version count, newest first: for a state known to be small (`page` reads a page at a time). */
  list() {
    return this.withVersionCounts().orderBy('articles.added_at', 'desc').orderBy('articles.id', 'desc').execute();
  }

  /**
   * A page of articles with their version counts, newest first (in the order they were tracked): the
   * first `limit`, or those after article `after` in that order. Read through the rowid from where the
   * page starts, so a page costs the same at 100,000 articles as at 100.
   */
  page(options: { limit: number; after?: number }) {
    return (
      this.withVersionCounts()
        // The first page starts above every id: the same search as every later page.
        .where('articles.id', '<', options.after ?? Number.MAX_SAFE_INTEGER)
        .orderBy('articles.id', 'desc')
        .limit(options.limit)
        .execute()
    );
  }

  /**
   * Takes the articles due by `cutoff` (every active one with `force`) into `owner`'s hand until
   * `until`, leaving out URLs under the prefixes `except` (hosts that asked for a pause). On PostgreSQL,
   * none that another worker holds, and none another takes at the same moment (a concurrent claim's rows
   * are skipped); an article whose lease ran out (its worker died) is due again. On SQLite, whose cycles
   * run in one process at a time, every due article. Returned most overdue first, each with its lease,
   * which the writes of its check are fenced by.
   */
  async claimDue(
    owner: string,
    lease: { now: string; until: string },
    cutoff: string,
    options: { force?: boolean; url?: string; limit?: number; except?: readonly string[] } = {},
  ): Promise<ArticleRow[]> {
    let free = this.db.selectFrom('articles').select('id').where('active', '=', 1);
    // One process runs cycles on a SQLite state (the cycles lock): a lease found there is a killed one's.
    if (this.dialect === 'postgres')
      free = free.where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', lease.now)]));
    if (options.url) free = free.where('url', '=', options.url);
    if (!options.force) free = free.where('next_check_at', '<=', cutoff);
    for (const prefix of options.except ?? [])
      free = free.where((eb) => eb(eb.fn('substr', ['url', eb.val(1), eb.val(prefix.length)]), '!=', prefix));
    free = free
      .orderBy('next_check_at')
      .orderBy('id')
      .limit(options.limit ?? 10_000);
    if (this.dialect === 'postgres') free = free.forUpdate().skipLocked();
    const rows = await this.db
      .updateTable('articles')
      .set({ lease_owner: owner, lease_until: lease.until })
      .where('id', 'in', free)
      .returningAll()
      .execute();
    // An UPDATE returns its rows in no set order.
    return rows.sort((a, b) =>
      a.next_check_at < b.next_check_at ? -1 : a.next_check_at > b.next_check_at ? 1 : a.id - b.id,
    );
  }

  /** Gives back what `owner` has in hand (all of it, or these articles): due again for any worker. */
  async release(owner: string, ids?: readonly number[]): Promise<number> {
    if (ids?.length === 0) return 0;
    let q = this.db
      .updateTable('articles')
      .set({ lease_owner: null, lease_until: null })
      .where('lease_owner', '=', owner);
    if (ids) q = q.where('id', 'in', ids);
    return Number((await q.executeTakeFirst()).numUpdatedRows);
  }

  /** Active articles due by `cutoff`. */
  async countDue(cutoff: string): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('active', '=', 1)
      .where('next_check_at', '<=', cutoff)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Moves an article to its canonical URL (before it has any version). */
  async rename(articleId: number, url: string): Promise<void> {
    await this.db.updateTable('articles').set({ url }).where('id', '=', articleId).execute();
  }

  /** Stops checking an article, saying why (retired by the schedule, a duplicate, ...). */
  async retire(articleId: number, reason: string): Promise<void> {
    await this.db
      .updateTable('articles')
      .set({ active: 0, retired_reason: reason })
      .where('id', '=', articleId)
      .execute();
  }

  /**
   * Retires an article found to be a second address of another, and moves its live requests (waiting
   * for an answer, or being answered) to that one, in one transaction, so none is left waiting on a row
   * that will never be checked again. The other article is watched again if it was retired and someone
   * now waits for it. Returns how many requests moved.
   */
  async retireAsDuplicate(articleId: number, of: ArticleRow, now: string): Promise<number> {
    return inTransaction(this.db, async (tx) => {
      await tx
        .updateTable('articles')
        .set({ active: 0, retired_reason: `duplicate of ${of.url}`, duplicate_of: of.id })
        .where('id', '=', articleId)
        .execute();
      const moved = await tx
        .updateTable('requests')
        .set({ article_id: of.id })
        .where('article_id', '=', articleId)
        .where((eb) => eb.or([eb('outcome', '=', 'pending'), eb('active', '=', 1)]))
        .executeTakeFirst();
      const count = Number(moved.numUpdatedRows);
      if (count && !of.active)
        await tx
          .updateTable('articles')
          .set(reactivation(now, FIRST))
          .where('id', '=', of.id)
          .where('active', '=', 0)
          .execute();
      return count;
    });
  }

  /**
   * The queue at a glance: what `editwatch status` shows. Each figure is read from a tally or an index
   * range of what it counts (the due, the failing), never by counting every article or check.
   */
  async queueStats(now: string, overdueBefore: string) {
    const counted = (q: SelectQueryBuilder<Database, 'articles', object>) =>
      q
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const due = (before: string) =>
      counted(this.db.selectFrom('articles').where('active', '=', 1).where('next_check_at', '<=', before));
    const tally = await tallies(this.db, ['articles:active', 'articles:retired']);
    const next = await this.db
      .selectFrom('articles')
      .select(['next_check_at', 'url'])
      .where('active', '=', 1)
      .where('next_check_at', '>', now)
      .orderBy('next_check_at')
      .limit(1)
      .executeTakeFirst();
    // The latest check, from the end of the checks' time index.
    const last = await this.db
      .selectFrom('checks')
      .select((eb) => eb.fn.max('at').as('at'))
      .executeTakeFirst();
    return {
      active: tally['articles:active'],
      dueNow: await due(now),
      overdue: await due(overdueBefore),
      // The partial index articles_failing holds only articles whose last check failed.
      withErrors: await counted(
        this.db.selectFrom('articles').where('active', '=', 1).where('last_error', 'is not', null),
      ),
      retired: tally['articles:retired'],
      nextDue: next ? { at: next.next_check_at, url: next.url } : null,
      lastCheckAt: (last?.at as string | null | undefined) ?? null,
    };
  }

  /** Active articles whose last check failed, with the error, latest first (from the partial index articles_failing). */
  withErrors(limit = 20): Promise<ArticleRow[]> {
    return this.db
      .selectFrom('articles')
      .selectAll()
      .where('active', '=', 1)
      .where('last_error', 'is not', null)
      .orderBy('last_checked_at', 'desc')
      .limit(limit)
      .execute();
  }
}
