import * as chrono from 'chrono-node';
import { normaliseText } from './normalise-text.ts';
import { stampPatterns, type StampPatterns } from './stamp-patterns.ts';
import type { StampLang } from './stamp-words.ts';

/** What maskStamps puts where a ticking stamp was. */
export const STAMP_PLACEHOLDER = '⟨stamp⟩';

// A paragraph longer than this is never only stamps (the longest real ones are datelines of ~60).
const MAX_STAMP_LENGTH = 160;
// An outlet or desk before a dateline's time: "NOS Nieuws", "WAILUKU, Hawaii (AP)".
const MAX_NAME_WORDS = 5;
const MAX_NAME_LENGTH = 40;
const MAX_CJK_NAME = 8;
// chrono resolves "yesterday" against a reference; a fixed one keeps these functions pure.
const REFERENCE = new Date(Date.UTC(2024, 0, 15, 12));

const CHRONO: Record<StampLang, chrono.Chrono> = {
  en: chrono.en.casual,
  nl: chrono.nl.casual,
  de: chrono.de.casual,
  fr: chrono.fr.casual,
  es: chrono.es.casual,
  it: chrono.it.casual,
  pt: chrono.pt.casual,
  ru: chrono.ru.casual,
  ja: chrono.ja.casual,
  zh: chrono.zh.casual,
};

const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const KANA = /[\p{sc=Hiragana}\p{sc=Katakana}]/u;
const SEPARATORS = /^[\s,;:|·•/–—()-]*$/u;
const TRAILING_SEPARATORS = /[\s,;:|·•/–—-]+$/u;

const cache = new Map<string, boolean>();
const CACHE_SIZE = 20_000;

/**
 * True when a paragraph-sized text is nothing but stamps: dates, times, relative times, "Updated …"
 * labels, reading times, counters, glued or separated, after at most a short outlet name
 * ("NOS Nieuwsvandaag, 15:02Aangepast vandaag, 17:05"). Sentences that mention dates are not stamps.
 */
export function isStampText(text: string): boolean {
  const t = normaliseText(text);
  if (t.length === 0 || t.length > MAX_STAMP_LENGTH) return false;
  let result = cache.get(t);
  if (result === undefined) {
    result = analyse(t, stampPatterns());
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(t, result);
  }
  return result;
}

/**
 * The text with its ticking stamps replaced by STAMP_PLACEHOLDER: relative times of up to a week
 * ("3 hours ago", "vor 3 Stunden") and whole labelled stamps ("Updated 10:32 BST"); a text that is only
 * stamps becomes the placeholder. Absolute dates, weekdays and other numbers in sentences stay.
 */
export function maskStamps(text: string): string {
  if (isStampText(text)) return STAMP_PLACEHOLDER;
  const p = stampPatterns();
  return maskLabelled(text, p).replace(p.ticking, STAMP_PLACEHOLDER);
}

function lowerWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}]+/gu) ?? [];
}

function analyse(t: string, p: StampPatterns): boolean {
  const tokens = lowerWords(t);
  const cjk = CJK.test(t);
  // Cheap rejections first: most short paragraphs have no digit and no stamp word, or too many other words.
  if (!/\d/.test(t) && !tokens.some((w) => p.vocab.has(w)) && !cjk) return false;
  const unknown = tokens.filter((w) => !CJK.test(w) && !p.vocab.has(w) && !p.joins.has(w)).length;
  if (unknown > MAX_NAME_WORDS) return false;
  if (cjk && [...t].filter((c) => CJK.test(c) && !p.cjkChars.has(c)).length > MAX_CJK_NAME) return false;

  const s = unglue(t, p);
  const covered = new Uint8Array(s.length);
  let timed = false;
  const mark = (start: number, end: number, time: boolean) => {
    covered.fill(1, start, end);
    timed ||= time;
  };
  for (const re of [p.relative, p.relativeDay, p.reading, p.counter])
    for (const m of s.matchAll(re)) mark(m.index, m.index + m[0].length, true);
  for (const m of s.matchAll(p.label)) mark(m.index, m.index + m[0].length, false);
  if (!cjk && wordAfterStamp(s, covered, p)) return false;

  // Dates and times are chrono's; ask it only when something date-like is left (it costs ~0.5 ms a call).
  const rest = uncovered(s, covered)
    .map((r) => r.text)
    .join(' ');
  if (/\d/.test(rest) || lowerWords(rest).some((w) => w.length >= 4 && p.dateWords.has(w))) {
    for (const lang of chronoLangs(s, p)) {
      for (const r of CHRONO[lang].parse(s, REFERENCE))
        if (isDateSpan(r.text, p)) mark(r.index, r.index + r.text.length, true);
    }
  }
  if (!timed) return false;

  const firstCovered = covered.indexOf(1);
  let stampHasDigit = false;
  for (let i = 0; i < s.length; i++) stampHasDigit ||= covered[i] === 1 && /\d/.test(s.charAt(i));
  for (const run of uncovered(s, covered)) {
    if (SEPARATORS.test(run.text) || isJoins(run.text, p)) continue;
    if (run.start < firstCovered && isName(run.text, stampHasDigit)) continue;
    return false;
  }
  return true;
}

/** A word that is no stamp word after the first stamp: "14 Photos", "Tuesday night". Only a name may precede. */
function wordAfterStamp(s: string, covered: Uint8Array, p: StampPatterns): boolean {
  let seen = false;
  for (const m of s.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    const w = m[0].toLowerCase();
    if (covered[m.index] === 1 || /^\d/.test(w) || p.dateWords.has(w) || p.vocab.has(w)) seen = true;
    else if (seen && !p.joins.has(w)) return true;
  }
  return false;
}

/**
 * chrono also reads "Fr" or "mar" as a date and "A13" as 13:00 ("à 13"): a span counts when it has two
 * numbers ("10:32", "12.06."), one number and a date word ("12 juni", "13 Uhr"), or a whole word ("Tuesday").
 */
function isDateSpan(text: string, p: StampPatterns): boolean {
  if (CJK.test(text)) return true;
  const numbers = text.match(/\d+/g)?.length ?? 0;
  if (numbers >= 2) return true;
  if (numbers === 1)
    return lowerWords(text).some((w) => w.length >= 3 && (p.dateWords.has(w) || p.joins.has(w) || p.vocab.has(w)));
  return text.replace(/[^\p{L}]/gu, '').length >= 4;
}

/** Separates what scraped text glues: "15:02Aangepast", "Nieuwsvandaag, 15:02", "NieuwsVandaag". */
function unglue(t: string, p: StampPatterns): string {
  return t
    .replace(/(?<=\d)(?=\p{Lu})/gu, ' ')
    .replace(/(?<=\p{Ll})(?=\p{Lu})/gu, ' ')
    .replace(p.gluedDay, ' ');
}

interface Run {
  start: number;
  text: string;
}

function uncovered(s: string, covered: Uint8Array): Run[] {
  const runs: Run[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const open = i < s.length && covered[i] === 0;
    if (open && start < 0) start = i;
    if (!open && start >= 0) {
      runs.push({ start, text: s.slice(start, i) });
      start = -1;
    }
  }
  return runs;
}

/** Only little words between stamps: "om", "à", "a las", "BST". */
function isJoins(text: string, p: StampPatterns): boolean {
  const ws = lowerWords(text);
  return !/\d/.test(text) && ws.length > 0 && ws.every((w) => p.joins.has(w));
}

/** A dateline's outlet or desk: a few capitalised words ("NOS Nieuws", "WAILUKU, Hawaii (AP) —"). */
function isName(run: string, stampHasDigit: boolean): boolean {
  const name = run.trim().replace(TRAILING_SEPARATORS, '');
  const separator = run.trim().slice(name.length);
  if (name.length > MAX_NAME_LENGTH || /[!?]|\.\s/.test(name)) return false;
  if (CJK.test(name)) return stampHasDigit && [...name].length <= MAX_CJK_NAME;
  const words = name.split(/[\s,]+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0 || words.length > MAX_NAME_WORDS) return false;
  if (!words.every((w) => /^[(["'“‘]?[\p{Lu}\p{N}]/u.test(w))) return false;
  // Without a time, "Nee, gisteren" must not pass: ask for an outlet of two words and a separator.
  return stampHasDigit || (words.length >= 2 && /[,|·•–—-]/.test(separator));
}

/** chrono locales worth asking: those whose stamp words occur, by script, else English for numeric dates. */
function chronoLangs(s: string, p: StampPatterns): StampLang[] {
  const langs = new Set<StampLang>();
  for (const w of lowerWords(s)) for (const lang of p.vocab.get(w) ?? []) langs.add(lang);
  if (/\p{sc=Cyrillic}/u.test(s)) langs.add('ru');
  if (KANA.test(s)) langs.add('ja');
  else if (CJK.test(s)) langs.add('zh').add('ja');
  if (langs.size === 0) langs.add('en');
  return [...langs];
}

/** Masks "Updated 3 hours ago", "Aangepast vandaag, 17:05", "Publié le 12 juin 2023 à 10h32": label and stamp. */
function maskLabelled(text: string, p: StampPatterns): string {
  let out = '';
  let done = 0;
  for (const m of text.matchAll(p.label)) {
    // A label opens a segment ("… | Updated 10:32"); "a post published Thursday" is a sentence.
    if (m.index < done || !/^[\p{Lu}\p{Lo}]/u.test(m[0]) || !LABEL_BEFORE.test(text.slice(0, m.index).trimEnd()))
      continue;
    const end = stampRunEnd(text, m.index + m[0].length, m[0], p);
    if (end < 0) continue;
    out += text.slice(done, m.index) + STAMP_PLACEHOLDER;
    done = end;
  }
  return done === 0 ? text : out + text.slice(done);
}

const LABEL_BEFORE = /(?:^|[\d|·•—–\-:;.!?)\]])$/u;
const GAP = /[\s,;:|·•–—-]*/uy;
const LABEL_WINDOW = 80;

/** Where the stamps that start at `from` (after a label) end, or -1 when none starts there. */
function stampRunEnd(text: string, from: number, label: string, p: StampPatterns): number {
  const window = text.slice(from, from + LABEL_WINDOW);
  GAP.lastIndex = 0;
  const head = window.slice(GAP.exec(window)?.[0].length ?? 0);
  const first = lowerWords(head.slice(0, 20))[0] ?? '';
  if (!/^\d/.test(head) && !p.vocab.has(first) && !(CJK.test(head[0] ?? '') && p.cjkChars.has(head[0] ?? '')))
    return -1;
  const spans: Array<[number, number]> = [];
  for (const re of [p.relative, p.relativeDay])
    for (const m of window.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  if (/\d/.test(window) || p.dateWords.has(first)) {
    for (const lang of chronoLangs(label + ' ' + head.slice(0, 30), p)) {
      for (const r of CHRONO[lang].parse(window, REFERENCE))
        if (isDateSpan(r.text, p)) spans.push([r.index, r.index + r.text.length]);
    }
  }
  let pos = 0;
  let end = -1;
  for (;;) {
    GAP.lastIndex = pos;
    const start = pos + (GAP.exec(window)?.[0].length ?? 0);
    // A span counts when it starts in the gap (chrono may include a leading space) or overlaps the last one.
    const next = Math.max(-1, ...spans.filter(([a, b]) => a <= start && b > start).map(([, b]) => b));
    if (next <= start) break;
    end = pos = next;
  }
  return end < 0 ? -1 : from + end;
}
