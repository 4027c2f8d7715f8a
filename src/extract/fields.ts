import { wordsPattern } from './chrome.ts';
import {
  attr,
  findAll,
  findFirst,
  hintsOf,
  isElement,
  selfOrAncestor,
  textOf,
  walk,
  type AnyNode,
  type Element,
} from './dom.ts';
import { metaValue, type PageMetadata } from './metadata.ts';
import { normaliseText } from './normalise-text.ts';

export function chooseOutlet(md: PageMetadata, host: string): string {
  const named = [metaValue(md, 'og:site_name', 'application-name', 'al:ios:app_name'), md.jsonLd?.publisher].find(
    (n) => n && !/^(?:https?:\/\/|www\.)/i.test(n),
  );
  return named ?? host.replace(/^www\./, '');
}

export function chooseByline(
  md: PageMetadata,
  bodyRoots: Element[],
  headlineEl: Element | null,
  doc: AnyNode,
): string | null {
  const authors = md.jsonLd?.authors ?? [];
  if (authors.length > 0) return cleanByline(joinNames([...new Set(authors)]));
  const meta = metaValue(md, 'author', 'article:author', 'byl', 'dc.creator', 'parsely-author', 'sailthru.author');
  if (meta && !/^https?:\/\//.test(meta)) return cleanByline(meta);
  // Microdata: itemprop=author, with its name when it has one.
  for (const el of findAll(doc, (e) => e.attribs.itemprop === 'author' && !inChromeRegion(e))) {
    const name = findFirst(el, (e) => e.attribs.itemprop === 'name') ?? el;
    const text = normaliseText(textOf(name) || attr(name, 'content'));
    if (text.length >= 3 && text.length <= 120) return cleanByline(text);
  }
  // On-page byline: rel=author links, or an element whose class says byline/author, near the body first.
  const isByline = (el: Element) =>
    (REL_AUTHOR.test(attr(el, 'rel')) || BYLINE_HINT.test(hintsOf(el))) && !inChromeRegion(el);
  const nearBody = bodyRoots[0]?.parent ?? doc;
  for (const el of findAll(nearBody, isByline)) {
    const text = bylineText(el);
    if (text) return text;
  }
  // Elsewhere on the page only between the headline and the body, where bylines sit: above and below are
  // menus and teasers with authors of their own.
  for (const el of elementsBetween(doc, headlineEl, bodyRoots[0] ?? null, isByline)) {
    const text = bylineText(el);
    if (text) return text;
  }
  return null;
}

/** The names in a byline: its links' texts when it links its authors ("By <a>A</a>, Games Editor"), else its text. */
function bylineText(el: Element): string | null {
  const names = findAll(el, (e) => e.name === 'a')
    .map((a) => cleanByline(textOf(a)))
    .filter((t): t is string => t !== null && t.length >= 3 && t.length <= 60 && !/^https?:/.test(t));
  const text = names.length > 0 ? joinNames([...new Set(names)]) : cleanByline(textOf(el));
  return text && text.length >= 3 && text.length <= 120 ? text : null;
}

/** Elements matching `test` after `start` and before `stop` in document order; none without a start. */
function elementsBetween(
  root: AnyNode,
  start: Element | null,
  stop: Element | null,
  test: (el: Element) => boolean,
): Element[] {
  const found: Element[] = [];
  if (!start) return found;
  let started = false;
  let done = false;
  walk(root, (el) => {
    if (done || el === stop) {
      done = true;
      return false;
    }
    if (el === start) {
      started = true;
      return false;
    }
    if (started && test(el)) found.push(el);
    return true;
  });
  return found;
}

const REL_AUTHOR = /(?:^|\s)author(?:\s|$)/;
const BYLINE_HINT = /byline|\bauthor(?:-?name)?\b/;
const OTHER_PEOPLE_HINT = /comment|related|recommend|promo|teaser/;
const isOtherPeopleBox = (n: Element) =>
  n.name === 'aside' || n.name === 'footer' || n.name === 'nav' || OTHER_PEOPLE_HINT.test(hintsOf(n));

/** Comments, asides, footers and related-story boxes name other people: a commenter is not the author. */
function inChromeRegion(el: Element): boolean {
  return selfOrAncestor(el, isOtherPeopleBox, 'inChromeRegion');
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

// On-page bylines run on into the date or a handle ("Lucas Nolan22 Dec 2016", "Steven Musil January 18, 2017 @x").
const BYLINE_TAIL =
  /\s*(?:\d|@|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b(?:updated|published|posted|před|il y a|hace|vor)\b|[|•·]).*$/isu;

function cleanByline(text: string): string | null {
  const cleaned = normaliseText(
    normaliseText(text)
      .replace(/^(?:by|par|por|von|di|door)\s+/i, '')
      .replace(BYLINE_TAIL, ''),
  ).replace(/[\s,;:–—-]+$/, '');
  return cleaned.length >= 2 ? cleaned : null;
}

export function chooseDates(md: PageMetadata): { publishedAt: string | null; modifiedAt: string | null } {
  const timeAttr = (prop: string) => md.timeElements.find((t) => t.attribs.itemprop === prop)?.attribs.datetime ?? null;
  const published = firstDate(
    md.jsonLd?.datePublished,
    metaValue(
      md,
      'article:published_time',
      'datepublished',
      'date',
      'pubdate',
      'publishdate',
      'dc.date.issued',
      'dcterms.created',
      'og:published_time',
      'sailthru.date',
    ),
    timeAttr('datePublished'),
    md.timeElements[0]?.attribs.datetime,
  );
  const modified = firstDate(
    md.jsonLd?.dateModified,
    metaValue(md, 'article:modified_time', 'datemodified', 'og:updated_time', 'dcterms.modified', 'last-modified'),
    timeAttr('dateModified'),
  );
  return { publishedAt: published, modifiedAt: modified };
}

function firstDate(...values: (string | null | undefined)[]): string | null {
  for (const v of values) {
    const iso = toIsoDate(v);
    if (iso) return iso;
  }
  return null;
}

/** Parses the date formats news pages use (ISO 8601 with or without zone, "2017-11-03 03:01:00.000000"). */
function toIsoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  let s = value.trim();
  // "+0100" zone without a colon, and a space instead of "T", are common and not ISO.
  s = s.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  s = s.replace(/(\.\d{3})\d+/, '$1');
  if (!/\d{4}/.test(s)) return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  const year = new Date(t).getUTCFullYear();
  return year >= 1990 && year <= 2200 ? new Date(t).toISOString() : null;
}

// Words that name a dek, in the class names of many languages' templates (chapô, entradilla, sommario,
// Vorspann, …). Broader ones ("description", "excerpt", "teaser") name captions, lead videos and teasers
// of other stories as often as the dek, so the page's summary meta is used instead.
const STANDFIRST_HINT = wordsPattern(`
  standfirst dek deck subhead(?:line)? sub-?headline sub-?title article-?summary strapline chapo chapeau chapô
  entradilla sumario bajada sottotitolo sommario occhiello catenaccio vorspann anons
`);
// Intro and lead also name the body's first paragraph set in bold (BBC's "story-body__introduction"):
// a dek only outside the body.
const INTRO_HINT = /(?:^|[\s_-])(?:lede|lead|lead-?in|intro|introduction)(?:$|[\s_-])/;
const NOT_STANDFIRST =
  /caption|credit|media|video|photo|image|img|gallery|promo|related|teaser|list|nav|byline|author|card/;

/** The dek shown under the headline, when the page has an element for it. */
export function findDek(headline: string, headlineEl: Element | null, bodyRoots: Element[]): string | null {
  if (!headlineEl?.parent) return null;
  // Whether an element lies in the body, remembered for its ancestors on the way up: O(depth) once each.
  const roots = new Set(bodyRoots);
  const known = new Map<Element, boolean>();
  const inBody = (el: Element): boolean => {
    const chain: Element[] = [];
    let answer = false;
    for (let n: AnyNode | null = el; n && isElement(n); n = n.parent) {
      const k = known.get(n);
      if (k !== undefined || roots.has(n)) {
        answer = k ?? true;
        break;
      }
      chain.push(n);
    }
    for (const n of chain) known.set(n, answer);
    return answer;
  };
  const isDek = (el: Element) => {
    if (el === headlineEl || el.name === 'meta' || insideFigure(el)) return false;
    const hints = hintsOf(el);
    if (!hints || NOT_STANDFIRST.test(hints)) return false;
    return STANDFIRST_HINT.test(hints) || (INTRO_HINT.test(hints) && !inBody(el));
  };
  for (const el of findAll(headlineEl.parent.parent ?? headlineEl.parent, isDek)) {
    const text = normaliseText(textOf(el));
    if (text.length >= 20 && text.length <= 600 && text !== headline) return text;
  }
  return null;
}

/**
 * The standfirst: the dek on the page, else the page's summary metadata (og:description, description,
 * twitter:description, JSON-LD description). A summary that is an excerpt of the first paragraph (or the
 * paragraph itself) is not a standfirst: it would report every edit of that paragraph twice.
 */
export function chooseStandfirst(
  md: PageMetadata,
  headline: string,
  dek: string | null,
  paragraphs: string[],
): string | null {
  if (dek) return dek;
  const declared =
    [metaValue(md, 'og:description', 'description', 'twitter:description'), md.jsonLd?.description].find(
      (d) => d && normaliseText(d),
    ) ?? null;
  if (!declared) return null;
  const summary = normaliseText(declared);
  if (summary === headline) return null;
  if (paragraphs[0] && isExcerpt(summary, paragraphs[0])) return null;
  return summary;
}

/** Whether one text is the other cut short, as summaries cut from a first paragraph are (with "…"). */
function isExcerpt(summary: string, paragraph: string): boolean {
  const a = letters(summary.replace(/\s*(?:…|\.\.\.)$/, ''));
  const b = letters(paragraph);
  return a.length > 0 && (b.startsWith(a) || (b.length >= 60 && a.startsWith(b)));
}

// Letters and digits only: summaries drop or change quotes, apostrophes and spacing.
const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const isFigure = (n: Element) => n.name === 'figure' || n.name === 'figcaption';

function insideFigure(el: Element): boolean {
  return selfOrAncestor(el, isFigure, 'insideFigure');
}
