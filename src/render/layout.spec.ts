import { describe, expect, it } from 'vitest';
import { diffArticles } from '../diff/index.ts';
import { isRtl, layoutCards, orderByImportance, shortUrl, trimContext, versionTimes } from './layout.ts';

describe('card layout', () => {
  it('orders headline, standfirst, byline, then body changes by size', () => {
    const before = {
      headline: 'A',
      standfirst: 'S',
      byline: 'B',
      paragraphs: ['one two three four', 'five six seven eight nine ten'],
    };
    const after = {
      headline: 'A2',
      standfirst: 'S2',
      byline: 'B2',
      paragraphs: ['one two three four changed', 'five six SEVEN EIGHT NINE TEN'],
    };
    const kinds = orderByImportance(diffArticles(before, after).changes).map((c) =>
      c.kind === 'field' ? c.field : `${c.kind}:${c.size}`,
    );
    expect(kinds).toEqual(['headline', 'standfirst', 'byline', 'edited:8', 'edited:1']);
  });

  it('keeps a few words of context around a change and elides the rest', () => {
    const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `w${i + from}`).join(' ');
    const parts = trimContext([
      { op: 'same', text: `${words(30)} ` },
      { op: 'added', text: 'NEW' },
      { op: 'same', text: ` ${words(30, 100)}` },
    ]);
    expect(parts[0]!.text).toBe(`…${words(10, 20)} `);
    expect(parts[2]!.text).toBe(` ${words(10, 100)}…`);
    expect(parts[1]).toEqual({ op: 'added', text: 'NEW' });
  });

  it('counts context in whole words, keeping punctuation with its word, and trims Chinese too', () => {
    const compounds = Array.from({ length: 15 }, (_, i) => `Israel-Hamas${i}`).join(' ');
    const [head] = trimContext([
      { op: 'same', text: `(${compounds}, ` },
      { op: 'added', text: 'NEW' },
    ]);
    expect(head!.text).toBe(`…${Array.from({ length: 10 }, (_, i) => `Israel-Hamas${i + 5}`).join(' ')}, `);
    const chinese = '部长在星期二辞职。'.repeat(4);
    const [, , tail] = trimContext([
      { op: 'same', text: '部长' },
      { op: 'added', text: '正式' },
      { op: 'same', text: chinese },
    ]);
    expect(tail!.text).toBe('部长在星期二辞职。部长在星期二辞职。部长在…');
  });

  it('uses at most four cards', () => {
    const para = (i: number, v: string) =>
      `Paragraph ${i} ${v} with quite a few words so that each one takes two full lines on a card, like real ones.`;
    const before = {
      headline: 'H',
      standfirst: null,
      byline: null,
      paragraphs: Array.from({ length: 30 }, (_, i) => para(i, 'before')),
    };
    const after = { ...before, paragraphs: Array.from({ length: 30 }, (_, i) => para(i, 'after')) };
    const { cards } = layoutCards({
      outlet: 'O',
      headline: 'H',
      url: 'https://o.example/',
      previousAt: '2026-11-25T08:00:00Z',
      currentAt: '2026-11-25T09:00:00Z',
      botName: 'b',
      diff: diffArticles(before, after),
    });
    expect(cards).toHaveLength(4);
    expect(cards.reduce((n, c) => n + c.blocks.length, 0) + cards[3]!.more).toBe(30);
    expect(cards.slice(0, 3).every((c) => c.more === 0)).toBe(true);
  });

  it('formats the times and the URL compactly', () => {
    expect(versionTimes('2026-11-25T08:05:00Z', '2026-11-25T09:08:00Z')).toBe('25 Nov 2026, 08:05 to 09:08 UTC');
    expect(versionTimes('2026-11-24T23:55:00Z', '2026-11-25T00:10:00Z')).toBe(
      '24 Nov 2026 23:55 to 25 Nov 2026 00:10 UTC',
    );
    expect(shortUrl('https://www.example.com/news/a')).toBe('example.com/news/a');
    const long = shortUrl(`https://example.com/${'a'.repeat(100)}/end`);
    expect(long.length).toBe(64);
    expect(long).toMatch(/^example\.com\/a+…a*\/end$/);
  });

  it('tells right-to-left text from left-to-right', () => {
    expect(isRtl('השרה התפטרה')).toBe(true);
    expect(isRtl('استقالة الوزيرة')).toBe(true);
    expect(isRtl('The minister')).toBe(false);
    expect(isRtl('Привет')).toBe(false);
  });
});
