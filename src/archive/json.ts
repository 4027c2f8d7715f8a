import type { ArticleRow, Store, StoredChange, StoredVersion } from '../store/index.ts';
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
  // A minor change is no edit (typography, spacing, a split with no word changed): `minorChanges` says what differed.
  return {
    id: c.id,
    detectedAt: c.detectedAt,
    fromVersion: seqOf(c.fromVersionId),
    toVersion: seqOf(c.toVersionId),
    minor: c.minor,
    summary: c.diff.summary,
    changes: c.diff.changes,
    minorChanges: c.diff.minor ?? [],
  };
}

export function changeListingJson(c: ChangeListing) {
  return {
    id: c.changeId,
    detectedAt: c.detectedAt,
    article: { id: c.articleId, url: c.url, outlet: c.outlet, headline: c.headline },
    fromVersion: c.fromSeq,
    toVersion: c.toSeq,
    summary: c.summary,
  };
}

/** One article with all its versions and changes: a line of the export. */
export async function articleHistoryJson(store: Store, id: number) {
  const article = await store.articles.byId(id);
  if (!article) return null;
  const versions = await store.versions.all(id);
  const seq = new Map(versions.map((v) => [v.id, v.seq]));
  const changes = await store.versions.changes(id);
  return {
    ...articleJson(article, { versionCount: versions.length, changeCount: changes.filter((c) => !c.minor).length }),
    versions: versions.map(versionJson),
    changes: changes.map((c) => changeJson(c, (v) => seq.get(v) ?? 0)),
  };
}
