import { createHash } from 'node:crypto';
import type { Article, ArticleContent } from '../extract/article.ts';
import { newPostKey } from './post-keys.ts';
import type { CheckRecord, NewReply, NextSchedule, ReplyTarget, StoredVersion } from './types.ts';

/** Rows from records and records from rows: what the Store writes and reads, column by column. */

/** The stable hash of what a reader sees: equal content, equal hash, no new version. */
export function contentHash(content: ArticleContent): string {
  const canonical = JSON.stringify([content.headline, content.standfirst, content.byline, content.paragraphs]);
  return createHash('sha256').update(canonical).digest('hex');
}

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

export function replyTargetValues(t: ReplyTarget | null | undefined) {
  return { reply_root_id: t?.root.id ?? null, reply_root_cid: t?.root.cid ?? null, reply_parent_id: t?.parent.id ?? null, reply_parent_cid: t?.parent.cid ?? null };
}

export function scheduleValues(next: NextSchedule) {
  const gone = next.gone ?? 0;
  if ('retiredReason' in next) return { active: 0, retired_reason: next.retiredReason, gone_count: gone };
  return { next_check_at: next.nextCheckAt, gone_count: gone, ...(next.quietObservedMs !== undefined ? { quiet_observed_ms: Math.round(next.quietObservedMs) } : {}) };
}

export function checkValues(articleId: number, c: CheckRecord) {
  return { article_id: articleId, at: c.at, outcome: c.outcome, http_status: c.httpStatus, error_code: c.errorCode, error_message: c.errorMessage, duration_ms: Math.round(c.durationMs) };
}

export function toVersion(row: { id: number; seq: number; fetched_at: string; final_url: string; content_hash: string; content: string; extractor: number | null }): StoredVersion {
  return { id: row.id, seq: row.seq, fetchedAt: row.fetched_at, finalUrl: row.final_url, contentHash: row.content_hash, article: JSON.parse(row.content) as Article, extractor: row.extractor };
}
