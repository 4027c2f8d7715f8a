import { describe, expect, it } from 'vitest';
import { diffArticles, diffWords } from '../diff/index.ts';
import type { ArticleContent } from '../extract/article.ts';
import { ALT_LIMITS, altText, markedText } from './alt-text.ts';
import { layoutCards, type CardInput } from './layout.ts';

const article = (headline: string, paragraphs: string[]): ArticleContent => ({
  headline,
  standfirst: null,
  byline: null,
  paragraphs,
});
const input = (before: ArticleContent, after: ArticleContent): CardInput => ({
  outlet: 'Example News',
  headline: after.headline,
  url: 'https://news.example/a',
  previousAt: '2026-11-25T08:05:00.000Z',
  currentAt: '2026-11-25T09:08:00.000Z',
  botName: 'editwatch',
  diff: diffArticles(before, after),
});

describe('alt text', () => {
  it('marks changed words in plain text, removed and added apart', () => {
    expect(
      markedText([
        { op: 'same', text: 'last up to ' },
        { op: 'removed', text: 'a year' },
        { op: 'added', text: '18 months' },
        { op: 'same', text: ' and' },
      ]),
    ).toBe('last up to [removed: a year] [added: 18 months] and');
  });

  it('marks whole words, as the diff tokenises them', () => {
    expect(
      markedText(
        diffWords(
          'Twenty-three people were hurt in the Israel-Hamas war.',
          'Twenty-four people were hurt in the Israel-Hamas war.',
        ),
      ),
    ).toBe('[removed: Twenty-three] [added: Twenty-four] people were hurt in the Israel-Hamas war.');
    expect(markedText(diffWords('The deal is worth £20m.', 'The deal is worth £25m.'))).toBe(
      'The deal is worth [removed: £20m] [added: £25m].',
    );
  });

  it('says who, what and when, then each change with old and new text', () => {
    const { cards, placed } = layoutCards(
      input(
        article('Minister resigns', ['She left on Tuesday.']),
        article('Minister quits', ['She left on Tuesday night.']),
      ),
    );
    const alt = altText(cards[0]!, placed[0]!, ALT_LIMITS.mastodon);
    expect(alt).toContain(
      'by editwatch: Example News, “Minister quits”, 25 Nov 2026, 08:05 to 09:08 UTC, edited 1 h 3 min later. news.example/a.',
    );
    expect(alt).toContain('Headline changed from “Minister resigns” to “Minister quits”.');
    expect(alt).toContain('Paragraph 1 edited: “She left on Tuesday [added: night].”');
  });

  it("stays within each network's limit, the longer limit carrying more", () => {
    const para = (n: number, v: string) =>
      Array.from({ length: 44 }, (_, i) => (i % 2 ? `${v}${i}` : `w${n}x${i}`)).join(' ');
    const { cards, placed } = layoutCards(
      input(
        article(
          'Live',
          Array.from({ length: 9 }, (_, i) => para(i, 'old')),
        ),
        article(
          'Live',
          Array.from({ length: 9 }, (_, i) => para(i, 'new')),
        ),
      ),
    );
    for (const [i, card] of cards.entries()) {
      expect(altText(card, placed[i]!, ALT_LIMITS.mastodon).length).toBeLessThanOrEqual(1500);
      expect(altText(card, placed[i]!, ALT_LIMITS.bluesky).length).toBeLessThanOrEqual(2000);
    }
    const last = cards.length - 1;
    expect(cards[last]!.more).toBeGreaterThan(0);
    expect(altText(cards[last]!, placed[last]!, ALT_LIMITS.bluesky)).toContain(
      `${cards[last]!.more} more changes are not on these cards.`,
    );
  });

  it('says what it left out when the description does not fit', () => {
    const before = article('Minister resigns', [
      'The first paragraph says one thing about the minister and the contracts she signed last year.',
      'The second paragraph says another thing about the opposition and its call for an inquiry.',
    ]);
    const after = article('Minister quits', [
      'The first paragraph now says something else about the minister and the contracts she signed.',
      'The second paragraph now says more about the opposition and its renewed call for an inquiry.',
    ]);
    const { cards, placed } = layoutCards(input(before, after));
    const shortened = altText(cards[0]!, placed[0]!, 420);
    expect(shortened.length).toBeLessThanOrEqual(420);
    expect(shortened).toMatch(/text cut for length|not described here for length/);
    const dropped = altText(cards[0]!, placed[0]!, 260);
    expect(dropped.length).toBeLessThanOrEqual(260);
    expect(dropped).toMatch(/\d more changes? on this card not described here for length/);
  });
});

describe('alt text of stored text with bidi controls', () => {
  it('has none of them', () => {
    const { cards, placed } = layoutCards(
      input(
        article('\u202eMinister resigns', ['She left \u2066on Tuesday\u2069.']),
        article('Minister \u202equits\u202c', ['She left on \u200fTuesday night.']),
      ),
    );
    const alt = altText(cards[0]!, placed[0]!, ALT_LIMITS.mastodon);
    expect(alt).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(alt).toContain('“Minister quits”');
  });
});
