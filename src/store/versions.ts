import type { ArticleDiff } from '../diff/types.ts';
import type { Article } from '../extract/article.ts';
import { inTransaction, type Db } from './db.ts';
import { updateHeldArticle } from './lease-lost.ts';
import { encodeRawHtml, rawHtmlColumns, readRawHtml } from './raw-html.ts';
import type { CheckRecord, NewPost, NextSchedule, StoredChange, StoredVersion } from './types.ts';
import { checkValues, contentHash, postValues, scheduleValues, toChange, toVersion } from './values.ts';

/** What a new version is stored with. */
export interface NewVersion {
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
  /** The worker that claimed the article: the version is stored only while it still holds it. */
  leaseOwner?: string | null;
}

/** What a stored version is read as: not its raw HTML (tens of KB each), read only when a page is read again. */
const VERSION_COLUMNS = ['id', 'seq', 'fetched_at', 'final_url', 'content_hash', 'content', 'extractor'] as const;

/** The versions of each article (with the raw HTML they were read from, see raw-html.ts) and the changes between them. */
export class Versions {
  constructor(private readonly db: Db) {}

  async latest(articleId: number): Promise<StoredVersion | undefined> {
    const row = await this.db
      .selectFrom('versions')
      .select(VERSION_COLUMNS)
      .where('article_id', '=', articleId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  /** An article's versions, oldest first. */
  async all(articleId: number): Promise<StoredVersion[]> {
    const rows = await this.db
      .selectFrom('versions')
      .select(VERSION_COLUMNS)
      .where('article_id', '=', articleId)
      .orderBy('seq')
      .execute();
    return rows.map(toVersion);
  }

  /** The page a version was read from, byte for byte; a RawHtmlError naming the version if it cannot be decoded. */
  rawHtml(versionId: number): Promise<string | null> {
    return readRawHtml(this.db, versionId);
  }

  /**
   * Stores a new version, and with it the check, the change from the previous version and its posts, in
   * one transaction: a crash leaves either all of it or none, never a version whose posts were lost.
   */
  async save(input: NewVersion): Promise<{ versionId: number; seq: number; changeId: number | null }> {
    // Compressed before the transaction: it takes milliseconds, and what it is stored after never changes.
    const html = await encodeRawHtml(this.db, input.articleId, input.finalUrl, input.html);
    return inTransaction(this.db, async (tx) => {
      // First, so that the article's row is locked (PostgreSQL) before its next number is read: of two
      // workers with the same article, the one that lost its lease stores nothing.
      await updateHeldArticle(tx, input.articleId, input.leaseOwner ?? null, {
        last_checked_at: input.check.at,
        ...scheduleValues(input.next),
        last_error: null,
        etag: input.etag,
        last_modified: input.lastModified,
        outlet: input.article.outlet,
        headline: input.article.headline,
        ...(input.change && !input.change.minor ? { last_changed_at: input.check.at } : {}),
      });
      const last = await tx
        .selectFrom('versions')
        .select(['seq'])
        .where('article_id', '=', input.articleId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const seq = (last?.seq ?? 0) + 1;
      const inserted = await tx
        .insertInto('versions')
        .values({
          article_id: input.articleId,
          seq,
          fetched_at: input.check.at,
          content_hash: contentHash(input.article),
          content: JSON.stringify(input.article),
          ...(await rawHtmlColumns(tx, html, input.check.at)),
          final_url: input.finalUrl,
          etag: input.etag,
          last_modified: input.lastModified,
          extractor: input.extractor ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('checks').values(checkValues(input.articleId, input.check)).execute();
      let changeId: number | null = null;
      if (input.change) {
        const change = await tx
          .insertInto('changes')
          .values({
            article_id: input.articleId,
            from_version_id: input.change.fromVersionId,
            to_version_id: inserted.id,
            detected_at: input.check.at,
            diff: JSON.stringify(input.change.diff),
            minor: input.change.minor ? 1 : 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        changeId = change.id;
        for (const post of input.change.posts)
          await tx
            .insertInto('posts')
            .values(postValues(post, change.id, input.articleId, input.check.at))
            .execute();
      }
      return { versionId: inserted.id, seq, changeId };
    });
  }

  /** An article's changes (minor ones too), oldest first. */
  async changes(articleId: number): Promise<StoredChange[]> {
    const rows = await this.db
      .selectFrom('changes')
      .selectAll()
      .where('article_id', '=', articleId)
      .orderBy('id')
      .execute();
    return rows.map(toChange);
  }
}
