import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { isNetwork, NETWORKS, type Network } from '../domain.ts';
import type { ArticleDiff } from '../diff/types.ts';
import type { Article, ArticleContent } from '../extract/article.ts';
import { newPostKey } from './post-keys.ts';
import type { ChangesTable, PostsTable, RequestsTable } from './schema.ts';
import type {
  CheckRecord,
  Mention,
  NewPost,
  NewReply,
  NextSchedule,
  PostImage,
  PostRow,
  ReplyTarget,
  RequestRow,
  StoredChange,
  StoredVersion,
} from './types.ts';

/**
 * Rows from records and records from rows: what the Store writes and reads, column by column. Rows are
 * decoded here, at the store's edge: a network is one editwatch knows, JSON columns are parsed, and a row
 * that is neither is an error naming it, not a value cast into shape.
 */

/** A stored row that does not hold what its table promises (a hand edit, a damaged file). */
export class BadRowError extends Error {
  constructor(table: string, id: string | number, column: string, problem: string) {
    super(`the ${table} row ${JSON.stringify(id)} has a bad ${column}: ${problem}`);
    this.name = 'BadRowError';
  }
}

/** The stable hash of what a reader sees: equal content, equal hash, no new version. */
export function contentHash(content: ArticleContent): string {
  const canonical = JSON.stringify([content.headline, content.standfirst, content.byline, content.paragraphs]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** A post about a change, as queued (in the transaction that stores the change). */
export function postValues(post: NewPost, changeId: number, articleId: number, at: string) {
  return {
    id: post.id,
    change_id: changeId,
    article_id: articleId,
    network: post.network,
    thread: post.thread ?? 'article',
    state: 'pending' as const,
    text: post.text,
    article_url: post.articleUrl,
    images: JSON.stringify(post.images),
    in_reply_to: post.inReplyTo,
    ...replyTargetValues(post.replyTo),
    mention: post.mention ? JSON.stringify(post.mention) : null,
    extra_links: post.extraLinks?.length ? JSON.stringify(post.extraLinks) : null,
    visibility: post.visibility ?? null,
    media: post.media,
    created_at: at,
    updated_at: at,
    attempts: 0,
    remote_key: newPostKey(post.network),
  };
}

/** The answer to a request, as queued (in the transaction that records or settles the request). */
export function replyValues(r: NewReply, now: string) {
  return {
    id: r.id,
    kind: r.kind,
    change_id: null,
    article_id: r.articleId,
    network: r.network,
    thread: r.thread,
    state: 'pending' as const,
    text: r.text,
    article_url: r.articleUrl,
    images: '[]',
    in_reply_to: r.inReplyTo,
    ...replyTargetValues(r.replyTo),
    mention: r.mention ? JSON.stringify(r.mention) : null,
    visibility: r.visibility,
    media: null,
    created_at: now,
    updated_at: now,
    attempts: 0,
    remote_key: newPostKey(r.network),
  };
}

function replyTargetValues(t: ReplyTarget | null | undefined) {
  return {
    reply_root_id: t?.root.id ?? null,
    reply_root_cid: t?.root.cid ?? null,
    reply_parent_id: t?.parent.id ?? null,
    reply_parent_cid: t?.parent.cid ?? null,
  };
}

export function scheduleValues(next: NextSchedule) {
  const gone = next.gone ?? 0;
  if ('retiredReason' in next) return { active: 0, retired_reason: next.retiredReason, gone_count: gone };
  return {
    next_check_at: next.nextCheckAt,
    gone_count: gone,
    ...(next.quietObservedMs !== undefined ? { quiet_observed_ms: Math.round(next.quietObservedMs) } : {}),
  };
}

export function checkValues(articleId: number, c: CheckRecord) {
  return {
    article_id: articleId,
    at: c.at,
    outcome: c.outcome,
    http_status: c.httpStatus,
    error_code: c.errorCode,
    error_message: c.errorMessage,
    duration_ms: Math.round(c.durationMs),
  };
}

export function toVersion(row: {
  id: number;
  seq: number;
  fetched_at: string;
  final_url: string;
  content_hash: string;
  content: string;
  extractor: number | null;
}): StoredVersion {
  return {
    id: row.id,
    seq: row.seq,
    fetchedAt: row.fetched_at,
    finalUrl: row.final_url,
    contentHash: row.content_hash,
    article: JSON.parse(row.content) as Article,
    extractor: row.extractor,
  };
}

export function toChange(row: Selectable<ChangesTable>): StoredChange {
  return {
    id: row.id,
    articleId: row.article_id,
    fromVersionId: row.from_version_id,
    toVersionId: row.to_version_id,
    detectedAt: row.detected_at,
    diff: JSON.parse(row.diff) as ArticleDiff,
    minor: row.minor === 1,
  };
}

export function toPost(row: Selectable<PostsTable>): PostRow {
  const json = <T>(
    column: 'images' | 'mention' | 'extra_links' | 'remote_media',
    text: string,
    check: (v: unknown) => boolean,
    what: string,
  ): T => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new BadRowError('posts', row.id, column, `not JSON (${(err as Error).message})`);
    }
    if (!check(value)) throw new BadRowError('posts', row.id, column, `not ${what}`);
    return value as T;
  };
  const isArray = (v: unknown) => Array.isArray(v);
  const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const isMention = (v: unknown) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Mention).handle === 'string' &&
    typeof (v as Mention).id === 'string';
  return {
    ...row,
    network: networkOf('posts', row.id, row.network),
    images: json<PostImage[]>('images', row.images, isArray, 'a list'),
    mention: row.mention ? json<Mention>('mention', row.mention, isMention, 'a {handle, id}') : null,
    extra_links: row.extra_links ? json<string[]>('extra_links', row.extra_links, isStrings, 'a list of URLs') : [],
    remote_media: row.remote_media ? json<string[]>('remote_media', row.remote_media, isStrings, 'a list of ids') : [],
  };
}

export function toRequest(row: Selectable<RequestsTable>): RequestRow {
  return { ...row, network: networkOf('requests', row.id, row.network) };
}

function networkOf(table: string, id: string | number, value: string): Network {
  if (isNetwork(value)) return value;
  throw new BadRowError(table, id, 'network', `"${value}" is none editwatch knows (${NETWORKS.join(', ')})`);
}
