import type { ArticleContent } from '../extract/article.ts';
import { alignParagraphs } from './align.ts';
import { comparable, comparableHeadline, isVolatile } from './noise.ts';
import type { ArticleDiff, Change, ChangeSummary, FieldName } from './types.ts';
import { changedWords, diffWords, wordCount } from './words.ts';

export type * from './types.ts';
export { diffWords } from './words.ts';

/**
 * What changed between two versions of an article. Pure. `changes` are edits; `minor` are differences
 * that are not (typography, spacing, a headline's final full stop, a paragraph split or merged with no
 * word changed, a ticking stamp inside a paragraph): kept for the record, never posted.
 */
export function diffArticles(before: ArticleContent, after: ArticleContent): ArticleDiff {
  const all: Change[] = [];
  for (const field of ['headline', 'standfirst', 'byline'] as const satisfies readonly FieldName[]) {
    const b = before[field];
    const a = after[field];
    if (b === a) continue;
    const words = diffWords(b ?? '', a ?? '');
    all.push({ kind: 'field', field, before: b, after: a, words, size: Math.max(1, changedWords(words)) });
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
        all.push({ kind: 'inserted', afterIndex: row.after[0]!, after: a[0]!, size: wordCount(a[0]!) });
        break;
      case 'deleted':
        all.push({ kind: 'deleted', beforeIndex: row.before[0]!, before: b[0]!, size: wordCount(b[0]!) });
        break;
      case 'edited':
        all.push(
          withWords({
            kind: 'edited' as const,
            beforeIndex: row.before[0]!,
            afterIndex: row.after[0]!,
            before: b[0]!,
            after: a[0]!,
          }),
        );
        break;
      case 'moved':
        all.push(
          withWords({
            kind: 'moved' as const,
            beforeIndex: row.before[0]!,
            afterIndex: row.after[0]!,
            before: b[0]!,
            after: a[0]!,
          }),
        );
        break;
      case 'split': {
        const words = diffWords(b[0]!, a.join(' '));
        all.push({
          kind: 'split',
          beforeIndex: row.before[0]!,
          afterIndexes: row.after,
          before: b[0]!,
          after: a,
          words,
          size: changedWords(words),
        });
        break;
      }
      case 'merged': {
        const words = diffWords(b.join(' '), a[0]!);
        all.push({
          kind: 'merged',
          beforeIndexes: row.before,
          afterIndex: row.after[0]!,
          before: b,
          after: a[0]!,
          words,
          size: changedWords(words),
        });
        break;
      }
    }
  }
  const changes = all.filter((c) => !isMinor(c));
  return { changes, minor: all.filter(isMinor), rows, summary: summarise(changes) };
}

/** A change that is no edit: the same words before and after, as an edit is judged. */
function isMinor(c: Change): boolean {
  switch (c.kind) {
    case 'field': {
      const judge = c.field === 'headline' ? comparableHeadline : comparable;
      return judge(c.before ?? '') === judge(c.after ?? '');
    }
    case 'edited':
      return comparable(c.before) === comparable(c.after);
    case 'split':
      return comparable(c.before) === comparable(c.after.join(' '));
    case 'merged':
      return comparable(c.before.join(' ')) === comparable(c.after);
    default:
      // A moved paragraph is an editorial choice even with no word changed; insertions and deletions are edits.
      return false;
  }
}

function withWords<T extends { before: string; after: string }>(
  c: T,
): T & { words: ReturnType<typeof diffWords>; size: number } {
  const words = diffWords(c.before, c.after);
  return { ...c, words, size: changedWords(words) };
}

function summarise(changes: Change[]): ChangeSummary {
  const s: ChangeSummary = {
    headline: false,
    standfirst: false,
    byline: false,
    edited: 0,
    inserted: 0,
    deleted: 0,
    moved: 0,
    split: 0,
    merged: 0,
    wordsChanged: 0,
  };
  for (const c of changes) {
    s.wordsChanged += c.size;
    if (c.kind === 'field') s[c.field] = true;
    else s[c.kind] += 1;
  }
  return s;
}
