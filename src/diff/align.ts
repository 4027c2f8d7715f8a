import { diffArrays } from 'diff';
import type { AlignedRow } from './types.ts';
import { similarityWithCache } from './words.ts';

type Similarity = (a: string, b: string) => number;

/** How alike two paragraphs must be to count as one edited paragraph rather than a delete and an insert. */
const EDIT_SIMILARITY = 0.5;
/** A paragraph moved elsewhere and edited must be more alike than one edited in place. */
const MOVE_SIMILARITY = 0.6;
/** A split or merge must explain the text clearly better than pairing one paragraph alone. */
const JOIN_SIMILARITY = 0.7;
/** A paragraph replaced in place counts as rewritten (one edited row) when at least this alike. */
const REWRITE_SIMILARITY = 0.25;
const JOIN_MARGIN = 0.1;

/**
 * Aligns two lists of paragraphs: exact matches first (longest common subsequence), then, between
 * them, edited pairs, splits and merges by word overlap, then moves across the article; what is left
 * was inserted or deleted. Rows come in the new article's order, deletions where they stood.
 */
export function alignParagraphs(before: string[], after: string[]): AlignedRow[] {
  const similarity = similarityWithCache();
  // Exact matches are rows; what lies between two of them is a gap, paired below.
  type Gap = { removed: number[]; added: number[] };
  const slots: (AlignedRow | Gap)[] = [];
  let oi = 0;
  let ni = 0;
  let gap: Gap = { removed: [], added: [] };
  const closeGap = () => {
    if (gap.removed.length || gap.added.length) slots.push(gap);
    gap = { removed: [], added: [] };
  };
  for (const part of diffArrays(before, after)) {
    const n = part.count ?? part.value.length;
    if (part.added) for (let k = 0; k < n; k++) gap.added.push(ni++);
    else if (part.removed) for (let k = 0; k < n; k++) gap.removed.push(oi++);
    else {
      closeGap();
      for (let k = 0; k < n; k++) slots.push({ before: [oi++], after: [ni++], kind: 'same' });
    }
  }
  closeGap();

  const paired = new Map<Gap, AlignedRow[]>();
  const looseRemoved = new Set<number>();
  const looseAdded = new Set<number>();
  for (const slot of slots) {
    if ('kind' in slot) continue;
    const rows = pairWithinGap(before, after, slot.removed, slot.added, similarity);
    paired.set(slot, rows);
    for (const r of rows) {
      if (r.kind === 'deleted') looseRemoved.add(r.before[0]!);
      if (r.kind === 'inserted') looseAdded.add(r.after[0]!);
    }
  }
  // A paragraph no gap could pair may have moved: shown once, where it moved to.
  const moves = findMoves(before, after, looseRemoved, looseAdded, similarity);
  const out: AlignedRow[] = [];
  for (const slot of slots) {
    if ('kind' in slot) {
      out.push(slot);
      continue;
    }
    const rows = paired.get(slot)!;
    // One paragraph replaced by one other in the same place, neither moved, with some words in common: it
    // was rewritten, and reads best as old and new together. Unrelated text stays removed and added.
    const [x, y] = rows;
    if (
      rows.length === 2 &&
      x!.kind !== y!.kind &&
      (x!.kind === 'deleted' || x!.kind === 'inserted') &&
      (y!.kind === 'deleted' || y!.kind === 'inserted')
    ) {
      const del = x!.kind === 'deleted' ? x! : y!;
      const ins = x!.kind === 'inserted' ? x! : y!;
      if (
        !moves.byBefore.has(del.before[0]!) &&
        !moves.byAfter.has(ins.after[0]!) &&
        similarity(before[del.before[0]!]!, after[ins.after[0]!]!) >= REWRITE_SIMILARITY
      ) {
        out.push({ before: del.before, after: ins.after, kind: 'edited' });
        continue;
      }
    }
    for (const r of rows) {
      if (r.kind === 'deleted' && moves.byBefore.has(r.before[0]!)) continue;
      out.push(r.kind === 'inserted' ? (moves.byAfter.get(r.after[0]!) ?? r) : r);
    }
  }
  return out;
}

function pairWithinGap(
  before: string[],
  after: string[],
  removed: number[],
  added: number[],
  similarity: Similarity,
): AlignedRow[] {
  const rows: AlignedRow[] = [];
  let a = 0;
  let r = 0;
  while (r < removed.length || a < added.length) {
    const oi = removed[r];
    const ni = added[a];
    if (oi === undefined) {
      rows.push({ before: [], after: [ni!], kind: 'inserted' });
      a++;
      continue;
    }
    if (ni === undefined) {
      rows.push({ before: [oi], after: [], kind: 'deleted' });
      r++;
      continue;
    }
    // Find the best partner for the current old paragraph among the remaining new ones.
    let bestA = -1;
    let bestSim = 0;
    for (let k = a; k < added.length; k++) {
      const s = similarity(before[oi]!, after[added[k]!]!);
      if (s > bestSim) {
        bestSim = s;
        bestA = k;
      }
    }
    // And whether the current new paragraph pairs better with a later old one (then this old one was deleted).
    let bestR = r;
    let bestSimR = bestA === a ? bestSim : similarity(before[oi]!, after[ni]!);
    for (let k = r + 1; k < removed.length; k++) {
      const s = similarity(before[removed[k]!]!, after[ni]!);
      if (s > bestSimR) {
        bestSimR = s;
        bestR = k;
      }
    }
    if (bestSim < EDIT_SIMILARITY && bestSimR < EDIT_SIMILARITY) {
      rows.push({ before: [oi], after: [], kind: 'deleted' });
      r++;
      continue;
    }
    if (bestR !== r && bestSimR > bestSim) {
      rows.push({ before: [oi], after: [], kind: 'deleted' });
      r++;
      continue;
    }
    // A split shows as two new paragraphs that together match the old one better than either alone.
    const splitAt = (k: number) =>
      added[k + 1] !== undefined ? similarity(before[oi]!, `${after[added[k]!]} ${after[added[k + 1]!]}`) : 0;
    const splitHere = splitAt(a);
    if (splitHere >= JOIN_SIMILARITY && splitHere > bestSim + JOIN_MARGIN) {
      rows.push({ before: [oi], after: [added[a]!, added[a + 1]!], kind: 'split' });
      a += 2;
      r += 1;
      continue;
    }
    for (; a < bestA; a++) rows.push({ before: [], after: [added[a]!], kind: 'inserted' });
    const nj = added[a]!;
    const next = added[a + 1];
    const nextOld = removed[r + 1];
    const splitSim = splitAt(a);
    const mergeSim = nextOld !== undefined ? similarity(`${before[oi]} ${before[nextOld]}`, after[nj]!) : 0;
    if (splitSim >= JOIN_SIMILARITY && splitSim > bestSim + JOIN_MARGIN && splitSim >= mergeSim) {
      rows.push({ before: [oi], after: [nj, next!], kind: 'split' });
      a += 2;
    } else if (mergeSim >= JOIN_SIMILARITY && mergeSim > bestSim + JOIN_MARGIN) {
      rows.push({ before: [oi, nextOld!], after: [nj], kind: 'merged' });
      a += 1;
      r += 1;
    } else {
      rows.push({ before: [oi], after: [nj], kind: 'edited' });
      a += 1;
    }
    r += 1;
  }
  return rows;
}

function findMoves(
  before: string[],
  after: string[],
  removed: Set<number>,
  added: Set<number>,
  similarity: Similarity,
) {
  const byBefore = new Map<number, AlignedRow>();
  const byAfter = new Map<number, AlignedRow>();
  for (const ni of added) {
    let best = -1;
    let bestSim = MOVE_SIMILARITY;
    for (const oi of removed) {
      if (byBefore.has(oi)) continue;
      const s = before[oi] === after[ni] ? 1 : similarity(before[oi]!, after[ni]!);
      if (s >= bestSim) {
        best = oi;
        bestSim = s;
      }
    }
    if (best >= 0) {
      const row: AlignedRow = { before: [best], after: [ni], kind: 'moved' };
      byBefore.set(best, row);
      byAfter.set(ni, row);
    }
  }
  return { byBefore, byAfter };
}
