import { describe, expect, it } from 'vitest';
import type { ArticleContent } from '../extract/article.ts';
import { diffArticles, diffWords } from './index.ts';

const P = [
  'The minister resigned on Tuesday after weeks of pressure over the housing contracts awarded last year.',
  'Opposition leaders had called for an inquiry into how the contracts were awarded to a firm owned by a donor.',
  'In a statement, the minister said she had done nothing wrong but did not want to be a distraction.',
  'The prime minister thanked her for her service and said a successor would be named within days.',
  'Shares in the construction firm fell by 12 per cent in early trading on Wednesday morning.',
];

const article = (paragraphs: string[], headline = 'Minister resigns over contracts'): ArticleContent => ({
  headline,
  standfirst: null,
  byline: 'Jane Doe',
  paragraphs,
});

describe('diffArticles', () => {
  it('finds nothing between identical versions, or ones that differ only in typography', () => {
    expect(diffArticles(article(P), article([...P])).changes).toEqual([]);
    const curly = P.map((p) => p.replace("didn't", 'didn’t'));
    expect(diffArticles(article(P), article(curly)).changes).toEqual([]);
    expect(diffArticles(article(["It's over"]), article(['It’s over'])).changes).toEqual([]);
  });

  it('reports a headline change with word-level parts', () => {
    const d = diffArticles(article(P), article(P, 'Minister quits over contracts'));
    expect(d.summary.headline).toBe(true);
    const c = d.changes[0]!;
    expect(c.kind).toBe('field');
    if (c.kind !== 'field') return;
    expect(c.words.filter((w) => w.op !== 'same').map((w) => `${w.op}:${w.text}`)).toEqual([
      'removed:resigns',
      'added:quits',
    ]);
  });

  it('pairs a paragraph edited in place with its old self', () => {
    const edited = [...P];
    edited[2] =
      'In a statement, the minister said she had done nothing wrong but would step aside to avoid becoming a distraction.';
    const d = diffArticles(article(P), article(edited));
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({ kind: 'edited', beforeIndex: 2, afterIndex: 2 });
    expect(d.summary).toMatchObject({ edited: 1, inserted: 0, deleted: 0 });
  });

  it('reports inserted and deleted paragraphs', () => {
    const next = [
      P[0]!,
      P[1]!,
      'A spokesperson for the firm declined to comment when contacted by reporters.',
      P[2]!,
      P[4]!,
    ];
    const d = diffArticles(article(P), article(next));
    expect(d.changes.map((c) => c.kind).sort()).toEqual(['deleted', 'inserted']);
    expect(d.changes.find((c) => c.kind === 'deleted')).toMatchObject({ beforeIndex: 3 });
    expect(d.changes.find((c) => c.kind === 'inserted')).toMatchObject({ afterIndex: 2 });
  });

  it('reports a moved paragraph once, as moved, also when edited on the way', () => {
    const moved = [P[4]!, P[0]!, P[1]!, P[2]!, P[3]!];
    const d = diffArticles(article(P), article(moved));
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({ kind: 'moved', beforeIndex: 4, afterIndex: 0 });
    const movedEdited = [P[4]!.replace('12 per cent', '15 per cent'), P[0]!, P[1]!, P[2]!, P[3]!];
    const e = diffArticles(article(P), article(movedEdited));
    expect(e.changes).toHaveLength(1);
    expect(e.changes[0]).toMatchObject({ kind: 'moved', beforeIndex: 4, afterIndex: 0 });
    expect(e.changes[0]!.size).toBe(2);
  });

  it('recognises a paragraph split in two and two merged into one', () => {
    const split = [
      P[0]!,
      'Opposition leaders had called for an inquiry.',
      'They want to know how the contracts were awarded to a firm owned by a donor.',
      P[2]!,
      P[3]!,
      P[4]!,
    ];
    const d = diffArticles(article(P), article(split));
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]).toMatchObject({ kind: 'split', beforeIndex: 1, afterIndexes: [1, 2] });
    const merged = [P[0]!, `${P[1]} ${P[2]!.replace('nothing wrong', 'nothing improper')}`, P[3]!, P[4]!];
    const m = diffArticles(article(P), article(merged));
    expect(m.changes).toHaveLength(1);
    expect(m.changes[0]).toMatchObject({ kind: 'merged', beforeIndexes: [1, 2], afterIndex: 1 });
  });

  it('keeps a split or merge with no word changed, and typography, as minor changes: no edit', () => {
    const merged = diffArticles(article(P), article([P[0]!, `${P[1]} ${P[2]}`, P[3]!, P[4]!]));
    expect(merged.changes).toEqual([]);
    expect(merged.minor).toMatchObject([{ kind: 'merged', beforeIndexes: [1, 2], afterIndex: 1 }]);
    const quotes = diffArticles(
      { ...article(P), headline: 'Minister “resigns” over housing row.' },
      { ...article(P), headline: 'Minister "resigns" over housing row' },
    );
    expect(quotes.changes).toEqual([]);
    expect(quotes.minor).toMatchObject([{ kind: 'field', field: 'headline' }]);
    expect(quotes.summary.wordsChanged).toBe(0);
  });

  it('stays readable for a heavy rewrite: pairs what it can, lists the rest', () => {
    const rewritten = [
      'The minister resigned on Tuesday evening after weeks of mounting pressure over housing contracts.',
      'Police have opened an investigation into the firm, according to two people familiar with the matter.',
      'The firm denied any wrongdoing in a brief statement issued late on Tuesday night.',
    ];
    const d = diffArticles(article(P), article(rewritten));
    expect(d.summary.edited).toBe(1);
    expect(d.summary.inserted).toBe(2);
    expect(d.summary.deleted).toBe(4);
    expect(d.rows.map((r) => r.kind)).toContain('edited');
    // every old and every new paragraph appears in exactly one row
    expect(d.rows.flatMap((r) => r.before).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(d.rows.flatMap((r) => r.after).sort()).toEqual([0, 1, 2]);
  });

  it('ignores counters and relative times that change on every load', () => {
    const d = diffArticles(
      article([...P, '3 hours ago', '120 comments']),
      article([...P, '4 hours ago', '131 comments']),
    );
    expect(d.changes).toEqual([]);
  });
});

describe('diffWords', () => {
  it('never cuts inside a grapheme: emoji sequences and accented letters stay whole', () => {
    const parts = diffWords('Minister resigns 😮', 'Minister resigns 😮‍💨🇬🇧');
    expect(parts).toEqual([
      { op: 'same', text: 'Minister resigns ' },
      { op: 'removed', text: '😮' },
      { op: 'added', text: '😮‍💨🇬🇧' },
    ]);
    expect(diffWords('cafe\u0301 noir', 'cafe\u0301 blanc').map((p) => p.text)).toEqual([
      'cafe\u0301 ',
      'noir',
      'blanc',
    ]);
  });

  it('diffs Chinese by words, and keeps every character of both texts', () => {
    const parts = diffWords('部长在星期二辞职。', '部长在星期二晚上正式辞职。');
    expect(
      parts
        .filter((p) => p.op !== 'removed')
        .map((p) => p.text)
        .join(''),
    ).toBe('部长在星期二晚上正式辞职。');
    expect(
      parts
        .filter((p) => p.op !== 'added')
        .map((p) => p.text)
        .join(''),
    ).toBe('部长在星期二辞职。');
    expect(parts.find((p) => p.op === 'added')!.text).toBe('晚上正式');
  });
});
