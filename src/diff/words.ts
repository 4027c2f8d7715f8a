import { diffArrays } from 'diff';
import type { WordPart } from './types.ts';

/**
 * Word-level diff of two texts. Changed words separated only by spaces or punctuation become one removed
 * run and one added run ("[-Council votes-]{+Riverside bridge+}"), which reads far better than
 * alternating single words.
 */
export function diffWords(before: string, after: string): WordPart[] {
  const raw: WordPart[] = diffArrays(tokens(before), tokens(after)).map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value.join('') }));
  const out: WordPart[] = [];
  let i = 0;
  while (i < raw.length) {
    if (raw[i]!.op === 'same') {
      out.push({ ...raw[i]! });
      i++;
      continue;
    }
    // A change region: changes, plus same parts without letters or digits that sit between changes.
    let removed = '';
    let added = '';
    let j = i;
    for (; j < raw.length; j++) {
      const part = raw[j]!;
      if (part.op === 'removed') removed += part.text;
      else if (part.op === 'added') added += part.text;
      else if (!/[\p{L}\p{N}]/u.test(part.text) && j + 1 < raw.length && raw[j + 1]!.op !== 'same') {
        removed += part.text;
        added += part.text;
      } else break;
    }
    if (removed) out.push({ op: 'removed', text: removed });
    if (added) out.push({ op: 'added', text: added });
    i = j;
  }
  return mergeRuns(out);
}

const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Words, spaces and punctuation, by Unicode word boundaries: a boundary never falls inside a grapheme
 * (an emoji sequence, a letter with its accents), and Chinese and Japanese split into dictionary words.
 */
function tokens(text: string): string[] {
  return Array.from(WORDS.segment(text), (s) => s.segment);
}

function mergeRuns(parts: WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.op === p.op) last.text += p.text;
    else out.push(p);
  }
  return out;
}

export function wordCount(text: string): number {
  const segments = text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu);
  if (!segments) return 0;
  // Scripts written without spaces count per character so a CJK edit weighs like a Latin one.
  return segments.reduce((n, s) => n + (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(s) ? Math.ceil(s.length / 2) : 1), 0);
}

/** Words added plus words removed: how big a change is. */
export function changedWords(parts: WordPart[]): number {
  return parts.reduce((n, p) => n + (p.op === 'same' ? 0 : wordCount(p.text)), 0);
}

/**
 * A function giving the 0..1 overlap of two texts' word bags (Dice coefficient), for pairing edited
 * paragraphs. Each text's bag is built once: aligning a rewritten 300-paragraph live page compares tens
 * of thousands of pairs.
 */
export function similarityWithCache(): (a: string, b: string) => number {
  const bags = new Map<string, Map<string, number>>();
  const bagOf = (t: string) => {
    let b = bags.get(t);
    if (!b) bags.set(t, (b = bag(t)));
    return b;
  };
  return (a, b) => bagSimilarity(bagOf(a), bagOf(b), a === b);
}

function bagSimilarity(wa: Map<string, number>, wb: Map<string, number>, identical: boolean): number {
  let total = 0;
  let shared = 0;
  for (const [w, n] of wa) {
    total += n;
    shared += Math.min(n, wb.get(w) ?? 0);
  }
  for (const n of wb.values()) total += n;
  return total === 0 ? (identical ? 1 : 0) : (2 * shared) / total;
}

function bag(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    // CJK text has no spaces: count character bigrams instead of "words".
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(w) && w.length > 2) {
      for (let i = 0; i < w.length - 1; i++) m.set(w.slice(i, i + 2), (m.get(w.slice(i, i + 2)) ?? 0) + 1);
    } else m.set(w, (m.get(w) ?? 0) + 1);
  }
  return m;
}
