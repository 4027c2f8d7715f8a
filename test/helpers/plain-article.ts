import type { Article } from '../../src/extract/index.ts';
import type { Store } from '../../src/store/index.ts';

/** An article at `url` with one short paragraph: for storage tests, where only the page's HTML matters. */
export const plainArticle = (url: string): Article => ({
  url,
  canonicalUrl: null,
  outlet: 'Outlet',
  headline: 'Headline',
  standfirst: null,
  byline: null,
  publishedAt: null,
  modifiedAt: null,
  paragraphs: ['A paragraph.'],
});

/** Stores `html` as a new version of the article, as a check that found it would: returns the version's id. */
export async function saveVersion(store: Store, articleId: number, url: string, html: string, at: string) {
  const { versionId } = await store.versions.save({
    articleId,
    check: { at, outcome: 'first-version', httpStatus: 200, errorCode: null, errorMessage: null, durationMs: 5 },
    next: { nextCheckAt: at },
    article: plainArticle(url),
    html,
    finalUrl: url,
    etag: null,
    lastModified: null,
  });
  return versionId;
}
