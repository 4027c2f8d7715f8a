import type { Document } from 'domhandler';
import { attr, isText, textOf, walk, type Element } from './dom.ts';
import { DEFAULT_LIMITS, PageTooComplexError, type ExtractLimits } from './limits.ts';
import { normaliseText } from './normalise-text.ts';

/** What a page declares about itself, before any choice between sources is made. */
export interface PageMetadata {
  jsonLd: JsonLdArticle | null;
  /** meta name/property/itemprop -> content (first one wins). */
  meta: Map<string, string>;
  title: string;
  canonical: string | null;
  h1s: Element[];
  /** Elements that say they hold the article body (itemprop=articleBody). */
  bodyHints: Element[];
  timeElements: Element[];
}

export interface JsonLdArticle {
  headline: string | null;
  description: string | null;
  authors: string[];
  datePublished: string | null;
  dateModified: string | null;
  publisher: string | null;
  url: string | null;
  /** The body as the page's data declares it, line breaks kept: script-rendered pages have only this. */
  articleBody: string | null;
}

const ARTICLE_TYPES =
  /^(?:News|Reportage|Analysis|Opinion|Review|Report|Satirical|Scholarly|Tech|Background)?Article$|^(?:BlogPosting|LiveBlogPosting|Report|WebPage)$/;

/** One walk over the document to collect every metadata source. */
export function readMetadata(doc: Document, limits: ExtractLimits = DEFAULT_LIMITS): PageMetadata {
  const meta = new Map<string, string>();
  const h1s: Element[] = [];
  const bodyHints: Element[] = [];
  const timeElements: Element[] = [];
  const jsonLdTexts: string[] = [];
  let title = '';
  let canonical: string | null = null;
  walk(doc, (el) => {
    switch (el.name) {
      case 'meta': {
        const key = (el.attribs.property ?? el.attribs.name ?? el.attribs.itemprop ?? '').toLowerCase();
        const content = el.attribs.content;
        if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
        return false;
      }
      case 'link':
        if (!canonical && /(?:^|\s)canonical(?:\s|$)/i.test(attr(el, 'rel')) && el.attribs.href)
          canonical = el.attribs.href;
        return false;
      case 'title':
        if (!title) title = textOf(el);
        return false;
      case 'script':
        if (attr(el, 'type').toLowerCase() === 'application/ld+json') jsonLdTexts.push(textOfScript(el));
        return false;
      case 'style':
        return false;
      case 'h1':
        h1s.push(el);
        return false;
      case 'time':
        timeElements.push(el);
        return false;
    }
    if (el.attribs.itemprop === 'articleBody') bodyHints.push(el);
    return true;
  });
  checkJsonShape(jsonLdTexts, limits);
  return {
    jsonLd: pickJsonLdArticle(jsonLdTexts),
    meta,
    title: normaliseText(title),
    canonical,
    h1s,
    bodyHints,
    timeElements,
  };
}

/**
 * JSON.parse takes about a microsecond for each object or array, and more when they nest: a page's JSON-LD
 * gets the caps of its HTML, counted in one scan before it is parsed.
 */
function checkJsonShape(texts: string[], limits: ExtractLimits): void {
  let containers = 0;
  for (const text of texts) {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 0x5c)
          i++; // a backslash escapes the next character
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (++depth > limits.maxDepth) throw new PageTooComplexError('depth', limits.maxDepth, 'in its JSON-LD');
        if (++containers > limits.maxNodes) throw new PageTooComplexError('nodes', limits.maxNodes, 'in its JSON-LD');
      } else if (c === 0x7d || c === 0x5d) depth--;
    }
  }
}

function textOfScript(el: Element): string {
  return el.children.map((c) => (isText(c) ? c.data : '')).join('');
}

function pickJsonLdArticle(texts: string[]): JsonLdArticle | null {
  for (const text of texts) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue; // broken JSON-LD is common; the other sources still apply
    }
    const found = findArticleNode(data, 0);
    if (found) return toJsonLdArticle(found);
  }
  return null;
}

type JsonObject = Record<string, unknown>;

function findArticleNode(data: unknown, depth: number): JsonObject | null {
  if (depth > 4 || data === null || typeof data !== 'object') return null;
  if (Array.isArray(data)) {
    for (const item of data) {
      const found = findArticleNode(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const obj = data as JsonObject;
  const types = ([] as unknown[]).concat(obj['@type'] ?? []);
  if (
    types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t) && t !== 'WebPage') &&
    (obj.headline || obj.name)
  )
    return obj;
  const graph = obj['@graph'];
  if (graph) return findArticleNode(graph, depth + 1);
  if (obj.mainEntity) return findArticleNode(obj.mainEntity, depth + 1);
  return null;
}

function str(value: unknown): string | null {
  // The first item of a list (of a list …): a loop, as JSON can nest deeper than the call stack.
  while (Array.isArray(value)) value = value[0];
  if (typeof value === 'string') {
    const s = normaliseText(decodeEntities(value));
    return s || null;
  }
  return null;
}

function names(value: unknown): string[] {
  const list = ([] as unknown[]).concat(value ?? []);
  const out: string[] = [];
  for (const item of list) {
    const name =
      typeof item === 'string' ? str(item) : item && typeof item === 'object' ? str((item as JsonObject).name) : null;
    if (name && !/^https?:\/\//.test(name)) out.push(name);
  }
  return out;
}

function toJsonLdArticle(obj: JsonObject): JsonLdArticle {
  const publisher =
    obj.publisher && typeof obj.publisher === 'object' ? str((obj.publisher as JsonObject).name) : str(obj.publisher);
  return {
    headline: str(obj.headline) ?? str(obj.name),
    description: str(obj.description),
    authors: names(obj.author ?? obj.creator),
    datePublished: str(obj.datePublished) ?? str(obj.dateCreated),
    dateModified: str(obj.dateModified),
    publisher,
    url: str(obj.url),
    articleBody: typeof obj.articleBody === 'string' ? decodeEntities(obj.articleBody) : null,
  };
}

// JSON-LD written by CMSes often carries HTML entities inside the JSON strings.
const ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|(amp|quot|apos|lt|gt|nbsp));/gi;
const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' };
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return NAMED[name!.toLowerCase()] ?? '';
  });
}

export function metaValue(md: PageMetadata, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = md.meta.get(key);
    if (v) {
      const s = normaliseText(decodeEntities(v));
      if (s) return s;
    }
  }
  return null;
}
