import { parseDocument } from 'htmlparser2';
import type { Article } from './article.ts';
import { findBodyRoots } from './body.ts';
import { textOf } from './dom.ts';
import { bodyParagraphs } from './article-frame.ts';
import { chooseByline, chooseDates, chooseOutlet, chooseStandfirst, findDek } from './fields.ts';
import { chooseHeadline } from './headline.ts';
import { metaValue, readMetadata } from './metadata.ts';
import { normaliseText } from './normalise-text.ts';
import { collectParagraphs } from './paragraphs.ts';
import { readabilityParagraphs } from './readability-fallback.ts';

export type { Article, ArticleContent } from './article.ts';
export { contentOf } from './article.ts';
export { normaliseText } from './normalise-text.ts';

/** The page holds no article that can be told apart from its chrome. */
export class ExtractError extends Error {
  override name = 'ExtractError';
  constructor(
    readonly url: string,
    readonly reason: 'no-headline' | 'no-body' | 'not-html',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The extraction rules' number: raise it whenever a change to extract/ can read the same page
 * differently. A stored version read by older rules is read again from its HTML before it is compared,
 * so new rules never show up as edits.
 */
export const EXTRACTOR_VERSION = 2;

// Below this the fast path probably found a teaser or the wrong block: ask Readability.
const MIN_BODY_CHARS = 280;

/** HTML -> Article. Pure: no I/O, the same input always gives the same output. */
export function extractArticle(html: string, url: string): Article {
  if (!/<[a-z!?/]/i.test(html.slice(0, 4096))) {
    throw new ExtractError(url, 'not-html', `${url}: the response is not HTML (no markup in the first 4 KB)`);
  }
  const doc = parseDocument(html);
  const md = readMetadata(doc);
  const host = safeHost(url);
  const outlet = chooseOutlet(md, host);
  const headline = chooseHeadline({
    jsonLd: md.jsonLd?.headline ?? null,
    ogTitle: metaValue(md, 'og:title', 'twitter:title'),
    title: md.title,
    h1s: md.h1s,
    outlet,
    host,
  });
  if (!headline) throw new ExtractError(url, 'no-headline', `${url}: no headline found (no <h1>, <title>, og:title or JSON-LD headline)`);
  const headlineEl = md.h1s.find((h) => normaliseText(textOf(h)) === headline) ?? md.h1s[0] ?? null;
  const roots = findBodyRoots(doc, md.bodyHints);
  const byline = chooseByline(md, roots, headlineEl, doc);
  const dek = findDek(headline, headlineEl, roots);
  const frame = { headline, dek, byline, timeTexts: md.timeElements.map((t) => normaliseText(textOf(t))).filter(Boolean) };
  // Lengths are compared on the body as a reader counts it: a header read as text must not win.
  let paragraphs = bodyParagraphs(collectParagraphs(roots), frame);
  if (totalLength(paragraphs) < MIN_BODY_CHARS) {
    const fallback = bodyParagraphs(readabilityParagraphs(html, url), frame);
    // A short article stays itself: the fallback must find clearly more, not the same text with chrome.
    if (totalLength(fallback) > totalLength(paragraphs) * 1.5 + 40) paragraphs = fallback;
  }
  if (totalLength(paragraphs) < MIN_BODY_CHARS && md.jsonLd?.articleBody) {
    const declared = bodyParagraphs(md.jsonLd.articleBody.split(/\n+/).map(normaliseText).filter(Boolean), frame);
    if (totalLength(declared) > totalLength(paragraphs)) paragraphs = declared;
  }
  if (paragraphs.length === 0) throw new ExtractError(url, 'no-body', `${url}: no article text found on the page`);
  return {
    url,
    canonicalUrl: absolute(md.canonical, url),
    outlet,
    headline,
    standfirst: chooseStandfirst(md, headline, dek, paragraphs),
    byline,
    ...chooseDates(md),
    paragraphs,
  };
}

function totalLength(paragraphs: string[]): number {
  return paragraphs.reduce((n, p) => n + p.length, 0);
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function absolute(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
