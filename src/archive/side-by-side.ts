import { diffArticles, diffWords } from '../diff/index.ts';
import { isVolatile } from '../diff/noise.ts';
import type { ArticleContent } from '../extract/article.ts';
import type { AlignedRow, FieldName, WordPart } from '../diff/types.ts';

/** One row of a side-by-side diff: the old text on the left, the new on the right, word changes marked. */
export interface SideRow {
  kind: AlignedRow['kind'] | 'field';
  /** What the row is: "Headline", "¶3", "¶2 → ¶5" (moved). */
  label: string;
  /** Null where the paragraph does not exist on that side. */
  left: WordPart[] | null;
  right: WordPart[] | null;
}

const FIELDS: [FieldName, string][] = [
  ['headline', 'Headline'],
  ['standfirst', 'Standfirst'],
  ['byline', 'Byline'],
];

/**
 * Two versions aligned row by row as the diff stage aligns them (edited in place, inserted, deleted,
 * moved, split, merged), each side's words marked: removed on the left, added on the right. Pure.
 */
export function sideBySide(before: ArticleContent, after: ArticleContent): SideRow[] {
  const rows: SideRow[] = [];
  for (const [field, label] of FIELDS) {
    const b = before[field];
    const a = after[field];
    if (b === null && a === null) continue;
    const words = b === a ? [{ op: 'same' as const, text: a ?? '' }] : diffWords(b ?? '', a ?? '');
    rows.push({
      kind: b === a ? 'same' : 'field',
      label,
      left: b === null ? null : sideOf(words, 'removed'),
      right: a === null ? null : sideOf(words, 'added'),
    });
  }
  const oldParas = before.paragraphs.filter((p) => !isVolatile(p));
  const newParas = after.paragraphs.filter((p) => !isVolatile(p));
  const n = (indexes: number[]) => indexes.map((i) => `¶${i + 1}`).join('+');
  for (const row of diffArticles(before, after).rows) {
    const b = row.before.map((i) => oldParas[i]!).join(' ');
    const a = row.after.map((i) => newParas[i]!).join(' ');
    const label =
      row.kind === 'inserted'
        ? n(row.after)
        : row.kind === 'deleted' || row.after.join() === row.before.join()
          ? n(row.before)
          : `${n(row.before)} → ${n(row.after)}`;
    if (row.kind === 'inserted') rows.push({ kind: row.kind, label, left: null, right: [{ op: 'added', text: a }] });
    else if (row.kind === 'deleted')
      rows.push({ kind: row.kind, label, left: [{ op: 'removed', text: b }], right: null });
    else if (row.kind === 'same' || b === a)
      rows.push({ kind: row.kind, label, left: [{ op: 'same', text: b }], right: [{ op: 'same', text: a }] });
    else {
      const words = diffWords(b, a);
      rows.push({ kind: row.kind, label, left: sideOf(words, 'removed'), right: sideOf(words, 'added') });
    }
  }
  return rows;
}

/** The parts of a word diff one side shows: the kept words and that side's own changes. */
function sideOf(words: WordPart[], own: 'removed' | 'added'): WordPart[] {
  return words.filter((w) => w.op === 'same' || w.op === own);
}
