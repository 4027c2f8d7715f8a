// Sentences of a text, and how the sentences of an edited stretch pair up, so that the word diff runs
// inside each pair of old and new sentences rather than across a whole paragraph.

import type { Spaced } from './tokens.ts';

const SENTENCES = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** A sentence and the whitespace after it. */
export type Sentence = Spaced;

/** The sentences of a text; `core + space` of each, joined, gives the text back. */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  for (const { segment } of SENTENCES.segment(text)) {
    const core = segment.trimEnd();
    const space = segment.slice(core.length);
    // A line break can come out as a "sentence" of its own: it belongs to the space after the last one.
    if (!core && out.length > 0) out[out.length - 1]!.space += space;
    else out.push({ core, space });
  }
  return out;
}

/** One step of a pairing: old and new sentences shown against each other (either side may be empty). */
export interface SentenceGroup {
  before: Sentence[];
  after: Sentence[];
}

/** Below this word overlap (Dice, 0..1) two sentences are not treated as versions of one another. */
const MIN_PAIR = 0.2;
/** Past this many comparisons, an edited stretch is compared as one group (a rewritten live page). */
const MAX_CELLS = 2500;

/**
 * Pairs the old and new sentences of one edited stretch, in order, so that the pairs' word overlap is
 * greatest: one to one, or one to two where a sentence was split or two were joined. What finds no
 * partner stands alone: a sentence deleted or inserted.
 */
export function pairSentences(
  before: Sentence[],
  after: Sentence[],
  similarity: (a: string, b: string) => number,
): SentenceGroup[] {
  const m = before.length;
  const n = after.length;
  if (m === 0 || n === 0 || m * n > MAX_CELLS) return [{ before, after }];
  const text = (list: Sentence[]) => list.map((s) => s.core).join(' ');
  const score = (i: number, j: number, di: number, dj: number) => {
    const sim = similarity(text(before.slice(i - di, i)), text(after.slice(j - dj, j)));
    return sim >= MIN_PAIR ? sim : -1;
  };
  // best[i][j]: the best total over before[0..i) and after[0..j); step[i][j]: the last step to get there.
  const best = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  const step = Array.from({ length: m + 1 }, () => new Array<[number, number]>(n + 1).fill([0, 0]));
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      if (i === 0 && j === 0) continue;
      // In order of preference on a tie. Read backwards, a lone added sentence is taken as the last step,
      // so that a lone removed one before it comes first, as removed text does everywhere.
      const moves: [number, number][] = [
        [1, 1],
        [2, 1],
        [1, 2],
        [0, 1],
        [1, 0],
      ];
      let top = -Infinity;
      for (const [di, dj] of moves) {
        if (di > i || dj > j) continue;
        const gain = di && dj ? score(i, j, di, dj) : 0;
        if (gain < 0) continue;
        const total = best[i - di]![j - dj]! + gain;
        if (total > top) {
          top = total;
          step[i]![j] = [di, dj];
        }
      }
      best[i]![j] = top;
    }
  }
  const groups: SentenceGroup[] = [];
  for (let i = m, j = n; i > 0 || j > 0;) {
    const [di, dj] = step[i]![j]!;
    groups.push({ before: before.slice(i - di, i), after: after.slice(j - dj, j) });
    i -= di;
    j -= dj;
  }
  return groups.reverse();
}
