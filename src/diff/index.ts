import type { ArticleContent } from '../extract/article.ts';
import { alignParagraphs } from './align.ts';
import { isVolatile, typographic } from './noise.ts';
import type { ArticleDiff, Change, ChangeSummary, FieldName } from './types.ts';
import { changedWords, diffWords, wordCount } from './words.ts';

export type * from './types.ts';
export { alignParagraphs } from './align.ts';
export { diffWords } from './words.ts';

/** What changed between two versions of an article. Pure. Noise (counters, typography) is left out. */
export function diffArticles(before: ArticleContent, after: ArticleContent): ArticleDiff {
  const changes: Change[] = [];
  for (const field of ['headline', 'standfirst', 'byline'] as const satisfies readonly FieldName[]) {
    const b = before[field];
    const a = after[field];
    if (same(b, a)) continue;
    const words = diffWords(b ?? '', a ?? '');
    changes.push({ kind: 'field', field, before: b, after: a, words, size: Math.max(1, changedWords(words)) });
  }
  const oldParas = before.paragraphs.filter((p) => !isVolatile(p));
  const newParas = after.paragraphs.filter((p) => !isVolatile(p));
  const rows = alignParagraphs(oldParas, newParas);
  for (const row of rows) {
    const b = row.before.map((i) => oldParas[i]!);
    const a = row.after.map((i) => newParas[i]!);
    switch (row.kind) {
      case 'same':
        break;
      case 'inserted':
        changes.push({ kind: 'inserted', afterIndex: row.after[0]!, after: a[0]!, size: wordCount(a[0]!) });
        break;
      case 'deleted':
        changes.push({ kind: 'deleted', beforeIndex: row.before[0]!, before: b[0]!, size: wordCount(b[0]!) });
        break;
      case 'edited':
        if (same(b[0]!, a[0]!)) break;
        changes.push(withWords({ kind: 'edited' as const, beforeIndex: row.before[0]!, afterIndex: row.after[0]!, before: b[0]!, after: a[0]! }));
        break;
      case 'moved':
        changes.push(withWords({ kind: 'moved' as const, beforeIndex: row.before[0]!, afterIndex: row.after[0]!, before: b[0]!, after: a[0]! }));
        break;
      case 'split': {
        const words = diffWords(b[0]!, a.join(' '));
        changes.push({ kind: 'split', beforeIndex: row.before[0]!, afterIndexes: row.after, before: b[0]!, after: a, words, size: changedWords(words) });
        break;
      }
      case 'merged': {
        const words = diffWords(b.join(' '), a[0]!);
        changes.push({ kind: 'merged', beforeIndexes: row.before, afterIndex: row.after[0]!, before: b, after: a[0]!, words, size: changedWords(words) });
        break;
      }
    }
  }
  return { changes, rows, summary: summarise(changes) };
}

function same(a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return typographic(a) === typographic(b);
}

function withWords<T extends { before: string; after: string }>(c: T): T & { words: ReturnType<typeof diffWords>; size: number } {
  const words = diffWords(c.before, c.after);
  return { ...c, words, size: changedWords(words) };
}

function summarise(changes: Change[]): ChangeSummary {
  const s: ChangeSummary = { headline: false, standfirst: false, byline: false, edited: 0, inserted: 0, deleted: 0, moved: 0, split: 0, merged: 0, wordsChanged: 0 };
  for (const c of changes) {
    s.wordsChanged += c.size;
    if (c.kind === 'field') s[c.field] = true;
    else s[c.kind] += 1;
  }
  return s;
}
