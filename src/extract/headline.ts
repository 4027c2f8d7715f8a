import { textOf, type Element } from './dom.ts';
import { normaliseText } from './normalise-text.ts';

const SEPARATORS = /\s+(?:[|\-–—·•:»«/\\]|::)\s+|\s*[_|｜]\s*/;

/**
 * The article's own headline. Page titles carry the site's name ("… | The Guardian", "…_腾讯网"), so an
 * on-page <h1> that a title confirms wins, then JSON-LD, then titles with the site part removed.
 */
export function chooseHeadline(input: {
  jsonLd: string | null;
  ogTitle: string | null;
  title: string;
  h1s: Element[];
  outlet: string;
  host: string;
}): string {
  const titles = [input.jsonLd, input.ogTitle, input.title].filter((t): t is string => !!t);
  const h1Texts = input.h1s.map((h) => normaliseText(textOf(h))).filter((t) => t.length > 0);
  for (const h1 of h1Texts) {
    if (titles.some((t) => sameText(t, h1) || (loose(t).includes(loose(h1)) && h1.length >= 15))) return h1;
  }
  if (input.jsonLd) return input.jsonLd;
  for (const t of [input.ogTitle, input.title]) {
    if (t) return stripSiteName(t, input.outlet, input.host);
  }
  return h1Texts[0] ?? '';
}

function loose(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s"'‘’“”«»]+/g, ' ')
    .trim();
}

function sameText(a: string, b: string): boolean {
  return loose(a) === loose(b);
}

/** Drops leading/trailing segments that name the site, and generic section suffixes after them. */
function stripSiteName(title: string, outlet: string, host: string): string {
  const parts = title
    .split(SEPARATORS)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return title;
  const site = siteWords(outlet, host);
  const isSite = (p: string) => {
    const l = p.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    return l.length > 0 && site.some((s) => l.includes(s) || s.includes(l));
  };
  // Keep the longest run of parts that are not the site's name: the headline is the substantive part.
  let best = '';
  let start = 0;
  for (let i = 0; i <= parts.length; i++) {
    if (i === parts.length || isSite(parts[i]!)) {
      const run = joinBack(title, parts.slice(start, i));
      if (run.length > best.length) best = run;
      start = i + 1;
    }
  }
  return best || title;
}

function joinBack(title: string, parts: string[]): string {
  if (parts.length === 0) return '';
  const first = title.indexOf(parts[0]!);
  const last = parts[parts.length - 1]!;
  const end = title.indexOf(last, first) + last.length;
  return first >= 0 && end > first ? title.slice(first, end) : parts.join(' ');
}

function siteWords(outlet: string, host: string): string[] {
  const words = [outlet, host.replace(/^www\./, ''), host.replace(/^www\./, '').split('.')[0] ?? '']
    .map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''))
    .filter((w) => w.length >= 3);
  return [...new Set(words)];
}
