import { diffArrays } from 'diff';
import { typographic } from './noise.ts';
import { pairSentences, sentences } from './sentences.ts';
import { changed, joinChanges, joinTouching, whole } from './runs.ts';
import { isWord, spaced, tokens, wordCount, type Spaced } from './tokens.ts';
import type { WordPart } from './types.ts';

export { wordCount } from './tokens.ts';

/**
 * Word-level diff of two texts, as a reader would mark it up by hand. Sentences are compared first:
 * unchanged ones stay whole, deleted and inserted ones are shown whole, and old and new versions of one
 * sentence are diffed word by word, words being whole ("Twenty-three", "£20m", a URL; see tokens.ts).
 * Changed words separated only by spaces or punctuation become one removed run and one added run
 * ("The [-council votes-]{+mayor decides+} to close"), which reads far better than alternating single
 * words (see runs.ts); and a sentence that was mostly rewritten is shown as the old sentence and the new
 * one (see `rewritten`).
 */
export function diffWords(before: string, after: string): WordPart[] {
  const similarity = similarityWithCache();
  const parts = diffSpaced(sentences(before), sentences(after), (gone, come) =>
    pairSentences(gone, come, similarity).flatMap((g) => diffSentence(join(g.before), join(g.after))),
  );
  // Changes are not joined across kept text between sentences: a rewritten sentence must not swallow a
  // one-word edit next to it. Changes that touch (a sentence deleted where others were inserted) are one.
  return joinTouching(parts);
}

/** The old and new text of one sentence (or two, split or joined; or one alone, deleted or inserted). */
function diffSentence(before: string, after: string): WordPart[] {
  if (!before || !after) return changed(before, after);
  const parts = joinChanges(
    diffSpaced(spaced(tokens(before)), spaced(tokens(after)), (gone, come) => changed(join(gone), join(come))),
  );
  return rewritten(parts, before, after) ? whole(before, after) : parts;
}

/**
 * Diffs two lists by their cores, whitespace aside; `edit` turns each stretch of removed and added items
 * into parts. Both texts can be read back from the parts: kept, then removed or added.
 */
function diffSpaced(b: Spaced[], a: Spaced[], edit: (gone: Spaced[], come: Spaced[]) => WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  let bi = 0;
  let ai = 0;
  const chunks = diffArrays(b, a, { comparator: (x, y) => x.core === y.core });
  for (let c = 0; c < chunks.length;) {
    if (!chunks[c]!.added && !chunks[c]!.removed) {
      for (let k = 0; k < chunks[c]!.count; k++, bi++, ai++)
        out.push(...changed(b[bi]!.core, a[ai]!.core), ...changed(b[bi]!.space, a[ai]!.space));
      c++;
      continue;
    }
    const gone: Spaced[] = [];
    const come: Spaced[] = [];
    for (; c < chunks.length && (chunks[c]!.added || chunks[c]!.removed); c++) {
      if (chunks[c]!.removed) gone.push(...b.slice(bi, (bi += chunks[c]!.count)));
      else come.push(...a.slice(ai, (ai += chunks[c]!.count)));
    }
    out.push(...edit(gone, come));
  }
  return out;
}

/** A sentence is shown whole, old then new, when fewer than this share of its words are kept... */
const REWRITE_KEPT = 0.5;
/** ...and its changes fall in this many places or more. */
const REWRITE_PLACES = 2;

/**
 * True when a sentence was mostly rewritten: fewer than half the words of the shorter version are kept
 * (in order, ignoring case and typography, so that a headline recased is no rewrite), and the changes
 * fall in two or more places. Then the kept words are mostly chance matches ("the", "to", "for") that
 * would chop both versions into alternating scraps. Counting against the shorter version keeps a
 * sentence that was only lengthened or cut ("The bridge closed." -> "The old bridge closed on Monday, the
 * council said.") a word diff; and one change in one place stays a word diff however big, since it
 * already reads as one removed and one added run. A sentence of which no word is shown kept is shown
 * whole too, its punctuation inside the marks like any other rewritten sentence.
 */
function rewritten(parts: WordPart[], before: string, after: string): boolean {
  const places = parts.filter((p, i) => p.op !== 'same' && (i === 0 || parts[i - 1]!.op === 'same')).length;
  if (places === 0) return false;
  if (parts.every((p) => p.op !== 'same' || !isWord(p.text))) return true;
  if (places < REWRITE_PLACES) return false;
  const folded = (text: string) => tokens(typographic(text).toLowerCase()).filter(isWord);
  const [b, a] = [folded(before), folded(after)];
  const kept = diffArrays(b, a).reduce((n, c) => n + (c.added || c.removed ? 0 : c.count), 0);
  return kept < REWRITE_KEPT * Math.min(b.length, a.length);
}

function join(list: Spaced[]): string {
  return list.map((s) => s.core + s.space).join('');
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
