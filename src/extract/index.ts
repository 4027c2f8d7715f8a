import type { Document } from 'domhandler';
import type { Article } from './article.ts';
import { findBodyRoots } from './body.ts';
import { textOf, walk } from './dom.ts';
import { bodyParagraphs } from './article-frame.ts';
import { chooseByline, chooseDates, chooseOutlet, chooseStandfirst, findDek } from './fields.ts';
import { chooseHeadline } from './headline.ts';
import { metaValue, readMetadata } from './metadata.ts';
import { normaliseText } from './normalise-text.ts';
import {
  checkParagraphCount,
  DEFAULT_LIMITS,
  FRAME_CHARS_PER_UNIT,
  PageTooComplexError,
  WorkBudget,
  type ExtractLimits,
} from './limits.ts';
import { collectParagraphs } from './paragraphs.ts';
import { parsePage, type PageShape } from './parse.ts';
import { readabilityParagraphs } from './readability-fallback.ts';
import { indexTree } from './node-facts.ts';
import { ExtractError } from './extract-error.ts';

export type { Article, ArticleContent } from './article.ts';
export { normaliseText } from './normalise-text.ts';
export { DEFAULT_LIMITS, type ExtractLimits } from './limits.ts';

export { ExtractError, EXTRACTOR_VERSION, type ExtractErrorReason } from './extract-error.ts';

// Below this the fast path probably found a teaser or the wrong block: ask Readability.
const MIN_BODY_CHARS = 280;

/**
 * HTML -> Article. Pure: no I/O, the same input always gives the same output. Its time and memory are
 * bounded by `limits`: a page past one is refused with ExtractError 'too-complex'.
 */
export function extractArticle(html: string, url: string, limits: ExtractLimits = DEFAULT_LIMITS): Article {
  if (!/<[a-z!?/]/i.test(html.slice(0, 4096))) {
    throw new ExtractError(url, 'not-html', `${url}: the response is not HTML (no markup in the first 4 KB)`);
  }
  try {
    return readArticle(html, url, limits);
  } catch (err) {
    if (err instanceof PageTooComplexError)
      throw new ExtractError(url, 'too-complex', `${url}: the page is too complex to read: ${err.message}`);
    throw err;
  }
}

function readArticle(html: string, url: string, limits: ExtractLimits): Article {
  const { doc, shape } = parsePage(html, limits);
  const work = new WorkBudget(limits.maxWork);
  indexTree(doc, work);
  const md = readMetadata(doc, limits);
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
  if (!headline)
    throw new ExtractError(
      url,
      'no-headline',
      `${url}: no headline found (no <h1>, <title>, og:title or JSON-LD headline)`,
    );
  const headlineEl = md.h1s.find((h) => normaliseText(textOf(h)) === headline) ?? md.h1s[0] ?? null;
  const roots = findBodyRoots(doc, md.bodyHints);
  const byline = chooseByline(md, roots, headlineEl, doc);
  const dek = findDek(headline, headlineEl, roots);
  const frame = {
    headline,
    dek,
    byline,
    timeTexts: md.timeElements.map((t) => normaliseText(textOf(t))).filter(Boolean),
  };
  // Each paragraph is searched for each time text and the byline: that work is charged up front.
  const inBody = (list: string[]) => {
    checkParagraphCount(list, limits);
    work.charge(Math.ceil(((frame.timeTexts.length + 1) * totalLength(list)) / FRAME_CHARS_PER_UNIT));
    return bodyParagraphs(list, frame);
  };
  // Lengths are compared on the body as a reader counts it: a header read as text must not win.
  let paragraphs = inBody(collectParagraphs(roots, limits));
  if (totalLength(paragraphs) < MIN_BODY_CHARS && fallbackMayRun(doc, shape, limits)) {
    const fallback = inBody(readabilityParagraphs(html, url, limits, work));
    // A short article stays itself: the fallback must find clearly more, not the same text with chrome.
    if (totalLength(fallback) > totalLength(paragraphs) * 1.5 + 40) paragraphs = fallback;
  }
  if (totalLength(paragraphs) < MIN_BODY_CHARS && md.jsonLd?.articleBody) {
    const lines = md.jsonLd.articleBody.split(/\n+/);
    checkParagraphCount(lines, limits);
    const declared = inBody(lines.map(normaliseText).filter(Boolean));
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

/** Readability on linkedom is slow on big or deep trees, and fails on huge attributes: only small pages get it. */
function fallbackMayRun(doc: Document, shape: PageShape, limits: ExtractLimits): boolean {
  const cap = limits.fallback;
  if (shape.nodes > cap.maxNodes || shape.depth > cap.maxDepth) return false;
  let fits = true;
  walk(doc, (el) => {
    if (!fits) return false;
    for (const name in el.attribs) if (el.attribs[name]!.length > cap.maxAttributeLength) fits = false;
    return fits;
  });
  return fits;
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
