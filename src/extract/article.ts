/** What the extract stage produces from one page: the article as a reader sees it, without chrome. */
export interface Article {
  /** The URL the page was fetched from (after redirects). */
  url: string;
  /** The page's own canonical link, when it declares one. */
  canonicalUrl: string | null;
  /** The publication's name ("BBC News"), or the host when the page does not say. */
  outlet: string;
  headline: string;
  /** The summary under the headline (dek); null when the page has none. */
  standfirst: string | null;
  byline: string | null;
  /** ISO 8601 instants, or null when absent or unparseable. */
  publishedAt: string | null;
  modifiedAt: string | null;
  /** Body text, one normalised string per paragraph (subheadings and list items count as paragraphs). */
  paragraphs: string[];
}

/** The part of an article whose change makes a new version; times and URLs are not content. */
export interface ArticleContent {
  headline: string;
  standfirst: string | null;
  byline: string | null;
  paragraphs: string[];
}
