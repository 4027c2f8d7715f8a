import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, sql } from 'kysely';
import type { Article } from '../extract/article.ts';
import type { ArticleDiff } from '../diff/types.ts';
import { migrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';
import type { ArticleRow, CheckRecord, FeedRow, NewPost, NewReply, NewRequest, NextSchedule, PostRow, PostState, PostUpdate, RequestRow, StoredChange, StoredVersion } from './types.ts';
import { newPostKey } from './post-keys.ts';
import { StoreDialect } from './sqlite-dialect.ts';
import { stateFault } from './state-fault.ts';
import { checkValues, contentHash, replyTargetValues, replyValues, scheduleValues, toVersion } from './values.ts';

export * from './types.ts';
export { contentHash } from './values.ts';

/** A due time before any other: the article is checked first, ahead of the backlog. */
const FIRST = '1970-01-01T00:00:00.000Z';

/** A retired article watched again: due at `due`, its quiet time counted from `now`. */
const reactivation = (now: string, due: string) => ({ active: 1, retired_reason: null, next_check_at: due, gone_count: 0, watched_since: now, quiet_observed_ms: 0 });

export class Store {
  private constructor(readonly db: Kysely<Database>) {}

  /**
   * Opens (creating if needed) the SQLite file in WAL mode and brings its schema up to date. A file that
   * cannot be used (read-only, damaged, not a database, no space) is a StateFaultError naming it.
   */
  static async open(file: string): Promise<Store> {
    let sqlite: SQLite.Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      sqlite = new SQLite(file);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      const store = new Store(new Kysely<Database>({ dialect: new StoreDialect(sqlite) }));
      await store.migrate();
      return store;
    } catch (err) {
      if (sqlite?.open) sqlite.close();
      throw stateFault(err, file) ?? err;
    }
  }

  private async migrate(): Promise<void> {
    const { error, results } = await new Migrator({ db: this.db, provider: migrationProvider }).migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`, { cause: error });
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  /**
   * Tracks a URL; tracking it again re-activates it (unless `reactivate` is false: a feed listing an
   * article again does not undo its retirement) and changes nothing else. A URL known to be a second
   * address of an article tracks that article.
   */
  async trackArticle(url: string, now: string, source: string, options: { reactivate?: boolean; first?: boolean } = {}): Promise<{ article: ArticleRow; created: boolean }> {
    // `first`: someone is waiting for the answer, so the article goes before the backlog.
    const due = options.first ? FIRST : now;
    const existing = await this.articleFor(url);
    if (existing) {
      if (!existing.active && options.reactivate !== false) await this.db.updateTable('articles').set(reactivation(now, due)).where('id', '=', existing.id).execute();
      return { article: (await this.getArticleById(existing.id))!, created: false };
    }
    await this.db.insertInto('articles').values({ url, source, added_at: now, next_check_at: due, outlet: null, headline: null, retired_reason: null, last_checked_at: null, etag: null, last_modified: null, last_error: null }).execute();
    return { article: (await this.getArticle(url))!, created: true };
  }

  /** Stops checking a URL; its history stays. */
  async untrackArticle(url: string, reason = 'untracked'): Promise<boolean> {
    const result = await this.db.updateTable('articles').set({ active: 0, retired_reason: reason }).where('url', '=', url).where('active', '=', 1).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  getArticle(url: string): Promise<ArticleRow | undefined> {
    return this.db.selectFrom('articles').selectAll().where('url', '=', url).executeTakeFirst();
  }

  /** The article a URL names: its own row, or the article it was found to be a second address of. */
  async articleFor(url: string): Promise<ArticleRow | undefined> {
    let row = await this.getArticle(url);
    // Links are only ever made to an existing row, so they cannot loop; the bound is a guard all the same.
    for (let hops = 0; row?.duplicate_of != null && hops < 5; hops++) row = (await this.getArticleById(row.duplicate_of)) ?? row;
    return row;
  }

  /** Every article with its version count, newest first. */
  listArticles() {
    return this.db
      .selectFrom('articles')
      .selectAll('articles')
      .select((eb) => eb.selectFrom('versions').whereRef('versions.article_id', '=', 'articles.id').select(eb.fn.countAll<number>().as('n')).as('version_count'))
      .orderBy('articles.added_at', 'desc')
      .orderBy('articles.id', 'desc')
      .execute();
  }

  /**
   * Active articles due by `now`, most overdue first; all active ones with `force`. `except`: URL prefixes
   * left out (hosts that asked for a pause), so they take none of the cycle's places.
   */
  dueArticles(now: string, options: { force?: boolean; url?: string; limit?: number; except?: readonly string[] } = {}): Promise<ArticleRow[]> {
    let q = this.db.selectFrom('articles').selectAll().where('active', '=', 1);
    if (options.url) q = q.where('url', '=', options.url);
    if (!options.force) q = q.where('next_check_at', '<=', now);
    for (const prefix of options.except ?? []) q = q.where((eb) => eb(eb.fn('substr', ['url', eb.val(1), eb.val(prefix.length)]), '!=', prefix));
    return q.orderBy('next_check_at').orderBy('id').limit(options.limit ?? 10_000).execute();
  }

  async latestVersion(articleId: number): Promise<StoredVersion | undefined> {
    const row = await this.db.selectFrom('versions').selectAll().where('article_id', '=', articleId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row && toVersion(row);
  }

  async versions(articleId: number): Promise<StoredVersion[]> {
    const rows = await this.db.selectFrom('versions').selectAll().where('article_id', '=', articleId).orderBy('seq').execute();
    return rows.map(toVersion);
  }

  async rawHtml(versionId: number): Promise<string | null> {
    const row = await this.db.selectFrom('versions').select('raw_html').where('id', '=', versionId).executeTakeFirst();
    return row?.raw_html ? brotliDecompressSync(row.raw_html).toString('utf8') : null;
  }

  /** Records a check that made no new version (unchanged, not modified, or failed), and what follows it. */
  async recordCheck(articleId: number, check: CheckRecord, next: NextSchedule & { etag?: string | null; lastModified?: string | null }): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
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

  /** Stops checking an article, saying why (retired by the schedule, a duplicate, ...). */
  async retireArticle(articleId: number, reason: string): Promise<void> {
    await this.db.updateTable('articles').set({ active: 0, retired_reason: reason }).where('id', '=', articleId).execute();
  }

  /**
   * Retires an article found to be a second address of another, and moves its live requests (waiting
   * for an answer, or being answered) to that one, in one transaction, so none is left waiting on a row
   * that will never be checked again. The other article is watched again if it was retired and someone
   * now waits for it. Returns how many requests moved.
   */
  async retireAsDuplicate(articleId: number, of: ArticleRow, now: string): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      await tx.updateTable('articles').set({ active: 0, retired_reason: `duplicate of ${of.url}`, duplicate_of: of.id }).where('id', '=', articleId).execute();
      const moved = await tx
        .updateTable('requests')
        .set({ article_id: of.id })
        .where('article_id', '=', articleId)
        .where((eb) => eb.or([eb('outcome', '=', 'pending'), eb('active', '=', 1)]))
        .executeTakeFirst();
      const count = Number(moved.numUpdatedRows);
      if (count && !of.active) await tx.updateTable('articles').set(reactivation(now, FIRST)).where('id', '=', of.id).where('active', '=', 0).execute();
      return count;
    });
  }

  /** Moves an article to its canonical URL (before it has any version). */
  async renameArticle(articleId: number, url: string): Promise<void> {
    await this.db.updateTable('articles').set({ url }).where('id', '=', articleId).execute();
  }

  /** The queue at a glance: what `editwatch status` shows. */
  async queueStats(now: string, overdueBefore: string) {
    // One pass over the articles, each count with its own filter.
    const counts = await this.db
      .selectFrom('articles')
      .select((eb) => {
        const active = eb('active', '=', 1);
        const count = () => eb.fn.countAll<number>();
        return [
          count().filterWhere(active).as('active'),
          count().filterWhere(eb.and([active, eb('next_check_at', '<=', now)])).as('dueNow'),
          count().filterWhere(eb.and([active, eb('next_check_at', '<=', overdueBefore)])).as('overdue'),
          count().filterWhere(eb.and([active, eb('last_error', 'is not', null)])).as('withErrors'),
          count().filterWhere('active', '=', 0).as('retired'),
        ];
      })
      .executeTakeFirstOrThrow();
    const next = await this.db.selectFrom('articles').select(['next_check_at', 'url']).where('active', '=', 1).where('next_check_at', '>', now).orderBy('next_check_at').limit(1).executeTakeFirst();
    const last = await this.db.selectFrom('checks').select((eb) => eb.fn.max('at').as('at')).executeTakeFirst();
    return {
      active: Number(counts.active),
      dueNow: Number(counts.dueNow),
      overdue: Number(counts.overdue),
      withErrors: Number(counts.withErrors),
      retired: Number(counts.retired),
      nextDue: next ? { at: next.next_check_at, url: next.url } : null,
      lastCheckAt: (last?.at as string | null | undefined) ?? null,
    };
  }

  /** Active articles whose last check failed, with the error. */
  articlesWithErrors(limit = 20): Promise<ArticleRow[]> {
    return this.db.selectFrom('articles').selectAll().where('active', '=', 1).where('last_error', 'is not', null).orderBy('last_checked_at', 'desc').limit(limit).execute();
  }

  /** Active articles due by `cutoff`. */
  async countDue(cutoff: string): Promise<number> {
    const row = await this.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('active', '=', 1).where('next_check_at', '<=', cutoff).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Stores a new version, and with it the change from the previous version and its posts, in one
   * transaction: a crash leaves either all of it or none, never a version whose posts were lost.
   */
  async saveVersion(input: {
    articleId: number;
    check: CheckRecord;
    next: NextSchedule;
    article: Article;
    html: string;
    finalUrl: string;
    etag: string | null;
    lastModified: string | null;
    /** The extraction rules that read `article` (EXTRACTOR_VERSION); unknown when not given. */
    extractor?: number;
    /** `minor`: no edit, kept for the record; it does not count as the article's last change. */
    change?: { fromVersionId: number; diff: ArticleDiff; posts: NewPost[]; minor?: boolean };
  }): Promise<{ versionId: number; seq: number; changeId: number | null }> {
    return this.db.transaction().execute(async (tx) => {
      const last = await tx.selectFrom('versions').select(['seq']).where('article_id', '=', input.articleId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const seq = (last?.seq ?? 0) + 1;
      const inserted = await tx
        .insertInto('versions')
        .values({
          article_id: input.articleId,
          seq,
          fetched_at: input.check.at,
          content_hash: contentHash(input.article),
          content: JSON.stringify(input.article),
          raw_html: brotliCompressSync(input.html, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }),
          final_url: input.finalUrl,
          etag: input.etag,
          last_modified: input.lastModified,
          extractor: input.extractor ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('checks').values(checkValues(input.articleId, input.check)).execute();
      await tx
        .updateTable('articles')
        .set({
          last_checked_at: input.check.at,
          ...scheduleValues(input.next),
          last_error: null,
          etag: input.etag,
          last_modified: input.lastModified,
          outlet: input.article.outlet,
          headline: input.article.headline,
          ...(input.change && !input.change.minor ? { last_changed_at: input.check.at } : {}),
        })
        .where('id', '=', input.articleId)
        .execute();
      let changeId: number | null = null;
      if (input.change) {
        const change = await tx
          .insertInto('changes')
          .values({ article_id: input.articleId, from_version_id: input.change.fromVersionId, to_version_id: inserted.id, detected_at: input.check.at, diff: JSON.stringify(input.change.diff), minor: input.change.minor ? 1 : 0 })
          .returning('id')
          .executeTakeFirstOrThrow();
        changeId = change.id;
        for (const post of input.change.posts) {
          await tx
            .insertInto('posts')
            .values({
              id: post.id,
              change_id: change.id,
              article_id: input.articleId,
              network: post.network,
              thread: post.thread ?? 'article',
              state: 'pending',
              text: post.text,
              article_url: post.articleUrl,
              images: JSON.stringify(post.images),
              in_reply_to: post.inReplyTo,
              ...replyTargetValues(post.replyTo),
              mention: post.mention ? JSON.stringify(post.mention) : null,
              extra_links: post.extraLinks?.length ? JSON.stringify(post.extraLinks) : null,
              visibility: post.visibility ?? null,
              media: post.media,
              created_at: input.check.at,
              updated_at: input.check.at,
              attempts: 0,
              remote_key: newPostKey(post.network),
            })
            .execute();
        }
      }
      return { versionId: inserted.id, seq, changeId };
    });
  }

  async changes(articleId: number): Promise<StoredChange[]> {
    const rows = await this.db.selectFrom('changes').selectAll().where('article_id', '=', articleId).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, articleId: r.article_id, fromVersionId: r.from_version_id, toVersionId: r.to_version_id, detectedAt: r.detected_at, diff: JSON.parse(r.diff) as ArticleDiff, minor: r.minor === 1 }));
  }

  /**
   * The newest post about an article on a network: a new post replies to it, so each article is one thread.
   * Newest by insertion order, not by its time: a clock set back must not reorder a thread.
   */
  latestPost(articleId: number, network: string): Promise<PostRow | undefined> {
    return this.db.selectFrom('posts').selectAll().where('article_id', '=', articleId).where('network', '=', network).where('thread', '=', 'article').orderBy(sql`rowid`, 'desc').limit(1).executeTakeFirst();
  }

  postsInState(...states: PostState[]): Promise<PostRow[]> {
    // Queue order, not the clock's: a clock set back must not send a later edit before an earlier one.
    return this.db.selectFrom('posts').selectAll().where('state', 'in', states).orderBy(sql`rowid`).execute();
  }

  async setPostState(id: string, state: PostState, now: string, extra: PostUpdate = {}): Promise<void> {
    await this.db
      .updateTable('posts')
      .set((eb) => ({
        state,
        updated_at: now,
        attempts: state === 'sending' ? eb('attempts', '+', 1) : eb.ref('attempts'),
        ...(extra.error !== undefined ? { last_error: extra.error } : {}),
        ...(extra.remoteId !== undefined ? { remote_id: extra.remoteId } : {}),
        ...(extra.remoteUrl !== undefined ? { remote_url: extra.remoteUrl } : {}),
        ...(extra.remoteCid !== undefined ? { remote_cid: extra.remoteCid } : {}),
      }))
      .where('id', '=', id)
      .execute();
  }

  /**
   * Marks a post `sending` (one more attempt) only if it is still as `seen` left it, and returns it as
   * it now is: of two processes that read the same row, one gets it. A post queued before keys were
   * chosen at queueing gets its key here, once.
   */
  async claimPost(seen: PostRow, now: string): Promise<(PostRow & { remote_key: string }) | undefined> {
    const row = await this.db
      .updateTable('posts')
      .set((eb) => ({ state: 'sending', updated_at: now, attempts: eb('attempts', '+', 1), remote_key: eb.fn.coalesce('remote_key', eb.val(newPostKey(seen.network))) }))
      .where('id', '=', seen.id)
      .where('state', '=', seen.state)
      .where('attempts', '=', seen.attempts)
      .returningAll()
      .executeTakeFirst();
    return row && { ...row, remote_key: row.remote_key ?? '' };
  }

  /** Adds to a post's uploads (Mastodon media ids), before the post itself is made. */
  async recordUploads(id: string, ids: string[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('posts').select('remote_media').where('id', '=', id).executeTakeFirst();
      const known = row?.remote_media ? (JSON.parse(row.remote_media) as string[]) : [];
      await tx.updateTable('posts').set({ remote_media: JSON.stringify([...new Set([...known, ...ids])]) }).where('id', '=', id).execute();
    });
  }

  /** Records why a post could not go out this time; it stays pending and is tried again next cycle. */
  async notePostError(id: string, now: string, error: string): Promise<void> {
    await this.db.updateTable('posts').set({ state: 'pending', updated_at: now, last_error: error }).where('id', '=', id).execute();
  }

  /** Puts a failed post back in the queue with a fresh count of attempts. */
  async requeuePost(id: string, now: string): Promise<void> {
    await this.db.updateTable('posts').set({ state: 'pending', updated_at: now, attempts: 0, last_error: null }).where('id', '=', id).execute();
  }

  postById(id: string): Promise<PostRow | undefined> {
    return this.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every post, newest first, optionally of some states: what `editwatch outbox` lists. */
  listPosts(states: PostState[] = [], limit = 200): Promise<PostRow[]> {
    let q = this.db.selectFrom('posts').selectAll();
    if (states.length) q = q.where('state', 'in', states);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  async countPostsByState(): Promise<Record<PostState, number>> {
    const rows = await this.db.selectFrom('posts').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    const counts: Record<PostState, number> = { pending: 0, sending: 0, posted: 0, failed: 0 };
    for (const r of rows) counts[r.state] = Number(r.n);
    return counts;
  }

  /**
   * The posted posts of an article's thread on a network that come before a post: the first (the thread's
   * root) and the latest (the one to reply to). Failed posts are skipped, so the thread stays whole.
   */
  async threadBefore(post: PostRow): Promise<{ root: PostRow; parent: PostRow } | null> {
    let posted = this.db
      .selectFrom('posts')
      .selectAll()
      .where('network', '=', post.network)
      .where('thread', '=', post.thread)
      .where('state', '=', 'posted')
      // Queued before it (queue order: a clock set back between two edits must not break the thread).
      .where(sql`rowid`, '<', sql<number>`(select rowid from posts where id = ${post.id})`);
    // The article's own thread is per article; a requester's thread is named by its request.
    if (post.thread === 'article') posted = posted.where('article_id', '=', post.article_id);
    const root = await posted.orderBy(sql`rowid`).limit(1).executeTakeFirst();
    const parent = await posted.orderBy(sql`rowid`, 'desc').limit(1).executeTakeFirst();
    return root && parent ? { root, parent } : null;
  }

  /** Makes the feeds table hold exactly the configured feeds (new ones are due at once). */
  async syncFeeds(urls: readonly string[], now: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const known = new Set((await tx.selectFrom('feeds').select('url').execute()).map((r) => r.url));
      for (const url of urls) if (!known.has(url)) await tx.insertInto('feeds').values({ url, added_at: now, next_check_at: now }).execute();
      const gone = [...known].filter((u) => !urls.includes(u));
      if (gone.length) await tx.deleteFrom('feeds').where('url', 'in', gone).execute();
    });
  }

  dueFeeds(now: string): Promise<FeedRow[]> {
    return this.db.selectFrom('feeds').selectAll().where('next_check_at', '<=', now).orderBy('next_check_at').execute();
  }

  listFeeds(): Promise<FeedRow[]> {
    return this.db.selectFrom('feeds').selectAll().orderBy('url').execute();
  }

  async recordFeedCheck(id: number, update: { at: string; nextCheckAt: string; error: string | null; added: number; etag?: string | null; lastModified?: string | null }): Promise<void> {
    await this.db
      .updateTable('feeds')
      .set((eb) => ({
        last_checked_at: update.at,
        next_check_at: update.nextCheckAt,
        last_error: update.error,
        articles_added: eb('articles_added', '+', update.added),
        ...(update.etag !== undefined ? { etag: update.etag } : {}),
        ...(update.lastModified !== undefined ? { last_modified: update.lastModified } : {}),
      }))
      .where('id', '=', id)
      .execute();
  }

  async getCursor(name: string): Promise<string | null> {
    return (await this.db.selectFrom('cursors').select('value').where('name', '=', name).executeTakeFirst())?.value ?? null;
  }

  async setCursor(name: string, value: string | null): Promise<void> {
    if (value === null) return;
    await this.db.insertInto('cursors').values({ name, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
  }

  async hasRequest(network: string, remoteId: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('requests').select('id').where('network', '=', network).where('remote_id', '=', remoteId).executeTakeFirst());
  }

  /** Records a request (a mention) with what was decided, and the reply to it if any, in one transaction. */
  async saveRequest(request: NewRequest, reply?: (id: number) => NewReply): Promise<RequestRow> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('requests').values(request).returningAll().executeTakeFirstOrThrow();
      if (reply) await tx.insertInto('posts').values(replyValues(reply(row.id), request.received_at)).execute();
      return row;
    });
  }

  /** Settles a request and queues its reply, in one transaction. */
  async settleRequest(id: number, update: Partial<Pick<RequestRow, 'outcome' | 'reason' | 'active' | 'article_id'>>, reply?: NewReply, now = new Date().toISOString()): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('requests').set(update).where('id', '=', id).execute();
      if (reply) await tx.insertInto('posts').values(replyValues(reply, now)).execute();
    });
  }

  requestsWhere(filter: { outcome?: RequestRow['outcome']; articleId?: number; active?: boolean; authorId?: string; network?: string; since?: string }): Promise<RequestRow[]> {
    let q = this.db.selectFrom('requests').selectAll();
    if (filter.outcome) q = q.where('outcome', '=', filter.outcome);
    if (filter.articleId !== undefined) q = q.where('article_id', '=', filter.articleId);
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    if (filter.authorId) q = q.where('author_id', '=', filter.authorId);
    if (filter.network) q = q.where('network', '=', filter.network);
    if (filter.since) q = q.where('received_at', '>=', filter.since);
    return q.orderBy('id').execute();
  }

  /** The request whose thread holds this post of ours (or which is this post). */
  async requestOfThreadPost(network: string, remoteId: string): Promise<RequestRow | undefined> {
    const direct = await this.db.selectFrom('requests').selectAll().where('network', '=', network).where('remote_id', '=', remoteId).executeTakeFirst();
    if (direct) return direct;
    const post = await this.db.selectFrom('posts').select('thread').where('network', '=', network).where('remote_id', '=', remoteId).executeTakeFirst();
    const id = /^request:(\d+)$/.exec(post?.thread ?? '')?.[1];
    return id ? this.db.selectFrom('requests').selectAll().where('id', '=', Number(id)).executeTakeFirst() : undefined;
  }

  /**
   * What the caps on requests count: track requests accepted (they named an article) since `since`,
   * from every account, and active articles first tracked by a request. Both read an index only.
   */
  async requestCapCounts(since: string): Promise<{ accepted: number; requestedArticles: number }> {
    const [accepted, articles] = await Promise.all(Object.values(this.requestCapQueries(since)).map((q) => q.executeTakeFirstOrThrow()));
    return { accepted: Number(accepted!.n), requestedArticles: Number(articles!.n) };
  }

  /** The queries of requestCapCounts (the store test reads their plans). */
  requestCapQueries(since: string) {
    return {
      accepted: this.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'track').where('received_at', '>=', since).where('article_id', 'is not', null),
      // source is "request:<network>:<handle>"; a range, not LIKE, so the index serves it.
      requestedArticles: this.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('active', '=', 1).where('source', '>=', 'request:').where('source', '<', 'request;'),
    };
  }

  async requestCounts(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('requests').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('outcome').execute();
    return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
  }

  getArticleById(id: number): Promise<ArticleRow | undefined> {
    return this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  lastCheck(articleId: number) {
    return this.db.selectFrom('checks').selectAll().where('article_id', '=', articleId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /** The latest post of a thread on a network (the one a new post in it answers). */
  latestThreadPost(network: string, thread: string): Promise<PostRow | undefined> {
    return this.db.selectFrom('posts').selectAll().where('network', '=', network).where('thread', '=', thread).orderBy(sql`rowid`, 'desc').limit(1).executeTakeFirst();
  }

  checksFor(articleId: number) {
    return this.db.selectFrom('checks').selectAll().where('article_id', '=', articleId).orderBy('id').execute();
  }
}
