import type { ArticleRow, StoredChange, StoredVersion } from '../store/index.ts';
import type { ChangeListing } from '../store/archive-queries.ts';

/** The public JSON forms of the archive's records: the API's and the export's (researchers rely on them). */

export function articleJson(a: ArticleRow, counts?: { versionCount: number; changeCount: number }) {
  return {
    id: a.id,
    url: a.url,
    outlet: a.outlet,
    headline: a.headline,
    firstSeenAt: a.added_at,
    lastCheckedAt: a.last_checked_at,
    lastChangedAt: a.last_changed_at,
    active: Boolean(a.active),
    retiredReason: a.retired_reason,
    ...(counts ?? {}),
  };
}

export function versionJson(v: StoredVersion) {
  const { url: _url, ...content } = v.article;
  return { seq: v.seq, fetchedAt: v.fetchedAt, finalUrl: v.finalUrl, contentHash: v.contentHash, ...content };
}

export function changeJson(c: StoredChange, seqOf: (versionId: number) => number) {
  return { id: c.id, detectedAt: c.detectedAt, fromVersion: seqOf(c.fromVersionId), toVersion: seqOf(c.toVersionId), summary: c.diff.summary, changes: c.diff.changes };
}

export function changeListingJson(c: ChangeListing) {
  return { id: c.changeId, detectedAt: c.detectedAt, article: { id: c.articleId, url: c.url, outlet: c.outlet, headline: c.headline }, fromVersion: c.fromSeq, toVersion: c.toSeq, summary: c.summary };
}
