import { diffWordsWithSpace } from 'diff';
import type { WordPart } from './types.ts';

/** Word-level diff of two texts; runs of the same kind are merged. */
export function diffWords(before: string, after: string): WordPart[] {
  const parts: WordPart[] = [];
  for (const c of diffWordsWithSpace(before, after)) {
    const op: WordPart['op'] = c.added ? 'added' : c.removed ? 'removed' : 'same';
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += c.value;
    else parts.push({ op, text: c.value });
  }
  return parts;
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

/** 0..1 overlap of the two texts' word bags (Dice coefficient), for pairing edited paragraphs. */
export function similarity(a: string, b: string): number {
  const wa = bag(a);
  const wb = bag(b);
  let total = 0;
  let shared = 0;
  for (const [w, n] of wa) {
    total += n;
    shared += Math.min(n, wb.get(w) ?? 0);
  }
  for (const n of wb.values()) total += n;
  return total === 0 ? (a === b ? 1 : 0) : (2 * shared) / total;
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
