import { STAMP_LANGS, STAMP_WORDS, ZONES, type StampLang, type StampWords } from './stamp-words.ts';

/**
 * Stamp patterns compiled once from CLDR (through Intl) and the small word table: relative times in
 * every style ("3 hours ago", "vor 3 Std.", "3時間前"), relative days ("gisteren"), labels, reading
 * times and counters; plus the vocabulary used to pick chrono locales and to reject sentences early.
 */
export interface StampPatterns {
  /** Past relative times in any unit: "3 hours ago", "een uur geleden", "2 года назад". */
  relative: RegExp;
  /** The same for units that tick while an article is live (second to week). */
  ticking: RegExp;
  /** "yesterday", "vandaag", "avant-hier", "昨日". */
  relativeDay: RegExp;
  /** A label and the little word after it: "Updated on", "Update:", "Publié le", "更新于". */
  label: RegExp;
  reading: RegExp;
  counter: RegExp;
  /** Where a lower-case relative day is glued to the word before it: "NOS Nieuws|vandaag, 15:02". */
  gluedDay: RegExp;
  /** Which languages a lower-cased word belongs to (month, weekday, relative-time and table words). */
  vocab: Map<string, Set<StampLang>>;
  /** Words that may sit between stamps in any language: joins and time zones. */
  joins: Set<string>;
  /** Month and weekday names, lower-cased: their presence means a date for chrono to read. */
  dateWords: Set<string>;
  /** CJK characters that occur in stamps; others in a CJK text mean a sentence. */
  cjkChars: Set<string>;
}

// One number per plural category of these languages (one, few, many, other).
const PAST = [-1, -2, -5, -1.5];
const TICKING_UNITS = ['second', 'minute', 'hour', 'day', 'week'] as const;
const UNITS = [...TICKING_UNITS, 'month', 'year'] as const;
const STYLES = ['long', 'short', 'narrow'] as const;
// Not letters or digits of an alphabetic script, so "3 hours ago" is not found inside "x3 hours agox";
// CJK needs no boundary ("約3時間前").
const B_L = '(?<![\\p{sc=Latin}\\p{sc=Cyrillic}\\p{N}])';
const B_R = '(?![\\p{sc=Latin}\\p{sc=Cyrillic}])';
// Labels may follow a time directly: "13:21Update", "10:32配信".
const B_WORD = '(?<![\\p{sc=Latin}\\p{sc=Cyrillic}])';
const DIGITS = '\\d+(?:[.,]\\d+)?';
const COUNT = '(?:\\d{1,3}(?:[.,\\s]\\d{3})+|\\d+(?:[.,]\\d+)?)';
const NUMBER_PARTS = new Set(['integer', 'group', 'decimal', 'fraction', 'minusSign', 'plusSign']);

let compiled: StampPatterns | undefined;

export function stampPatterns(): StampPatterns {
  compiled ??= compile();
  return compiled;
}

/** A literal as a regex: any run of spaces may be absent or several, either apostrophe matches. */
function lit(text: string): string {
  return text
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s*')
    .replace(/['’]/g, "['’]");
}

function alt(items: Iterable<string>): string {
  // Longest first, so "min." wins over "m" and "Last updated" over "updated".
  const unique = [...new Set(items)].filter(Boolean).sort((a, b) => b.length - a.length);
  return `(?:${unique.join('|')})`;
}

/** A formatted number split around its digits: "vor 3 Stunden" -> ["vor ", " Stunden"]. */
function around(parts: Array<{ type: string; value: string }>): [string, string] | null {
  const isNumber = (p: { type: string }) => NUMBER_PARTS.has(p.type);
  const first = parts.findIndex(isNumber);
  if (first < 0) return null;
  const text = (from: number, to?: number) =>
    parts
      .slice(from, to)
      .map((p) => p.value)
      .join('');
  return [text(0, first), text(parts.findLastIndex(isNumber) + 1)];
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}]+/gu) ?? [];
}

/** Relative-time forms: "vor {n} Stunden" (a prefix and a unit) or "{n} hours ago" (a suffix). */
class RelativeForms {
  prefixes = new Set<string>();
  units = new Set<string>();
  suffixes = new Set<string>();
  /** Russian singulars written without the number: "час назад". */
  bare = new Set<string>();

  add(pre: string, post: string, bare: boolean): void {
    if (pre.trim()) {
      this.prefixes.add(lit(pre));
      this.units.add(lit(post));
    } else {
      this.suffixes.add(lit(post));
      if (bare) this.bare.add(lit(post));
    }
  }

  regex(num: string): RegExp {
    const forms = [`${alt(this.prefixes)}\\s*${num}\\s*${alt(this.units)}`, `${num}\\s*${alt(this.suffixes)}`];
    if (this.bare.size > 0) forms.push(alt(this.bare));
    return new RegExp(`${B_L}(?:${forms.join('|')})${B_R}`, 'giu');
  }
}

class Builder {
  vocab = new Map<string, Set<StampLang>>();
  dateWords = new Set<string>();
  joins = new Set(ZONES.map((z) => z.toLowerCase()));
  cjkChars = new Set('0123456789:：.,/-– ');
  all = new RelativeForms();
  ticking = new RelativeForms();
  days: string[] = [];
  minutes = { before: new Set<string>(), after: new Set<string>() };
  compact = new Set<string>();

  addWords(lang: StampLang, text: string): void {
    for (const w of words(text)) {
      const langs = this.vocab.get(w) ?? new Set();
      this.vocab.set(w, langs.add(lang));
    }
  }

  relativeTimes(lang: StampLang, table: StampWords): void {
    for (const style of STYLES) {
      const format = new Intl.RelativeTimeFormat(lang, { style, numeric: 'always' });
      for (const unit of UNITS) {
        for (const n of PAST) {
          const split = around(format.formatToParts(n, unit));
          // "-3 h" (fr, ru narrow) has a minus sign, not a stamp word.
          if (!split || /^\s*[-−]/.test(split[0])) continue;
          const bare = table.bareUnit === true && n === -1;
          this.all.add(...split, bare);
          if ((TICKING_UNITS as readonly string[]).includes(unit)) this.ticking.add(...split, bare);
          this.addWords(lang, split.join(' '));
        }
      }
    }
    // "gisteren", "avant-hier", "昨日"; "2 days ago" is a relative time already.
    const auto = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
    for (const day of [-2, -1, 0].map((n) => auto.format(n, 'day')).filter((d) => !/\d/.test(d))) {
      this.days.push(lit(day));
      this.addWords(lang, day);
    }
  }

  /** "3 minutes", "3 Min.", "3 分钟" for reading times; "1,2 K", "1,2 тыс." for counters. */
  numberUnits(lang: StampLang): void {
    for (const unitDisplay of STYLES) {
      const format = new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay });
      for (const n of [1, 3, 5]) {
        const split = around(format.formatToParts(n));
        if (!split) continue;
        if (split[0].trim()) this.minutes.before.add(lit(split[0]));
        if (split[1].trim()) this.minutes.after.add(lit(split[1]));
        this.addWords(lang, split.join(' '));
      }
    }
    const compact = new Intl.NumberFormat(lang, { notation: 'compact' });
    for (const n of [1234, 1234567]) {
      const unit = compact.formatToParts(n).find((p) => p.type === 'compact');
      if (unit) this.compact.add(lit(unit.value));
    }
  }

  /** Month and weekday names, long and short, in a date and alone (Russian "июня" and "июнь"). */
  calendarNames(lang: StampLang): void {
    const add = (name: string) => {
      for (const w of words(name)) this.dateWords.add(w);
      this.addWords(lang, name);
    };
    for (const month of ['long', 'short'] as const) {
      const inDate = new Intl.DateTimeFormat(lang, { month, day: 'numeric', timeZone: 'UTC' });
      const alone = new Intl.DateTimeFormat(lang, { month, timeZone: 'UTC' });
      const weekday = new Intl.DateTimeFormat(lang, { weekday: month, timeZone: 'UTC' });
      for (let i = 0; i < 12; i++) {
        const at = Date.UTC(2023, i, 12);
        add(inDate.formatToParts(at).find((p) => p.type === 'month')?.value ?? '');
        add(alone.format(at));
      }
      for (let i = 0; i < 7; i++) add(weekday.format(Date.UTC(2023, 5, 12 + i)));
    }
  }

  /** The characters of CJK dates, times and stamp words: 年, 月, 日, 時, 分, 午前, 星期, 前, 更新 … */
  cjk(lang: StampLang, table: StampWords): void {
    const addAll = (text: string) => {
      for (const c of text) this.cjkChars.add(c);
    };
    for (const hour12 of [true, false]) {
      const format = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'medium', timeZone: 'UTC', hour12 });
      for (const hour of [3, 15]) addAll(format.format(Date.UTC(2023, 5, 12, hour, 32)));
    }
    const auto = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
    for (const n of [-2, -1, 0]) addAll(auto.format(n, 'day'));
    for (const unit of TICKING_UNITS) addAll(auto.format(-3, unit));
    const { labels, readBefore, readAfter, countAfter, countBefore, numbers, joins } = table;
    for (const w of [labels, readBefore, readAfter, countAfter, countBefore, numbers, joins].flat()) addAll(w);
  }
}

function compile(): StampPatterns {
  const b = new Builder();
  const numberWords: string[] = [];
  const joinPhrases: string[] = [];
  const labels: string[] = [];
  const reading = { before: [] as string[], after: [] as string[] };
  const counter = { before: [] as string[], after: [] as string[] };
  for (const lang of STAMP_LANGS) {
    const table = STAMP_WORDS[lang];
    b.relativeTimes(lang, table);
    b.numberUnits(lang);
    b.calendarNames(lang);
    if (lang === 'ja' || lang === 'zh') b.cjk(lang, table);
    for (const w of [
      table.labels,
      table.readBefore,
      table.readAfter,
      table.countAfter,
      table.countBefore,
      table.numbers,
    ].flat())
      b.addWords(lang, w);
    for (const w of table.joins) for (const x of words(w)) b.joins.add(x);
    numberWords.push(...table.numbers.map(lit));
    joinPhrases.push(...table.joins.map(lit));
    labels.push(...table.labels.map(lit));
    reading.before.push(...table.readBefore.map(lit));
    reading.after.push(...table.readAfter.map(lit));
    counter.before.push(...table.countBefore.map(lit));
    counter.after.push(...table.countAfter.map(lit));
  }

  const num = `(?:${DIGITS}|${alt(numberWords)})`;
  const minute = `(?:${alt(b.minutes.before)}\\s*)?\\d+(?:\\s*[-–]\\s*\\d+)?\\s*${alt(b.minutes.after)}`;
  const count = `${COUNT}(?:\\s*${alt(b.compact)})?`;
  const gluable = STAMP_LANGS.map((lang) => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }))
    .flatMap((f) => [f.format(-1, 'day'), f.format(0, 'day')])
    .filter((d) => /^\p{Ll}+$/u.test(d));
  return {
    relative: b.all.regex(num),
    ticking: b.ticking.regex(num),
    relativeDay: new RegExp(`${B_L}${alt(b.days)}${B_R}`, 'giu'),
    label: new RegExp(`${B_WORD}${alt(labels)}(?:\\s*${alt(joinPhrases)})?${B_R}\\s*[:：]?`, 'giu'),
    reading: new RegExp(
      `${B_L}(?:${alt(reading.before)}\\s*[:：]?\\s*${minute}(?:\\s*${alt(reading.after)})?|${minute}\\s*${alt(reading.after)})${B_R}`,
      'giu',
    ),
    counter: new RegExp(
      `${B_L}(?:${count}\\s*${alt(counter.after)}|${alt(counter.before)}\\s*[:：(]?\\s*${count})${B_R}`,
      'giu',
    ),
    gluedDay: new RegExp(`(?<=\\p{Ll})(?=${alt(gluable)}[,\\s]*\\d)`, 'gu'),
    vocab: b.vocab,
    joins: b.joins,
    dateWords: b.dateWords,
    cjkChars: b.cjkChars,
  };
}
