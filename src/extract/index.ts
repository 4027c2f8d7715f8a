import { parseDocument } from 'htmlparser2';
import type { Article } from './article.ts';
import { findBodyRoots } from './body.ts';
import { textOf } from './dom.ts';
import { chooseByline, chooseDates, chooseOutlet, chooseStandfirst } from './fields.ts';
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
  const roots = findBodyRoots(doc, md.bodyHints);
  let paragraphs = collectParagraphs(roots);
  if (totalLength(paragraphs) < MIN_BODY_CHARS) {
    const fallback = readabilityParagraphs(html, url);
    if (totalLength(fallback) > totalLength(paragraphs)) paragraphs = fallback;
  }
  if (totalLength(paragraphs) < MIN_BODY_CHARS && md.jsonLd?.articleBody) {
    const declared = md.jsonLd.articleBody.split(/\n+/).map(normaliseText).filter(Boolean);
    if (totalLength(declared) > totalLength(paragraphs)) paragraphs = declared;
  }
  const headline = chooseHeadline({
    jsonLd: md.jsonLd?.headline ?? null,
    ogTitle: metaValue(md, 'og:title', 'twitter:title'),
    title: md.title,
    h1s: md.h1s,
    outlet,
    host,
  });
  if (!headline) throw new ExtractError(url, 'no-headline', `${url}: no headline found (no <h1>, <title>, og:title or JSON-LD headline)`);
  // The headline's text can open the body (a template repeating it); it is reported once, as the headline.
  if (paragraphs[0] === headline) paragraphs = paragraphs.slice(1);
  if (paragraphs.length === 0) throw new ExtractError(url, 'no-body', `${url}: no article text found on the page`);
  const headlineEl = md.h1s.find((h) => normaliseText(textOf(h)) === headline) ?? md.h1s[0] ?? null;
  return {
    url,
    canonicalUrl: absolute(md.canonical, url),
    outlet,
    headline,
    standfirst: chooseStandfirst(md, headline, headlineEl, paragraphs),
    byline: chooseByline(md, roots, headlineEl, doc),
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
