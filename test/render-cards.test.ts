import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cardSvg, renderCards, type RenderedCard } from '../src/render/cards.ts';
import { FontLibrary } from '../src/render/fonts.ts';
import { layoutCards } from '../src/render/layout.ts';
import { pooledRenderer } from '../src/render/renderer.ts';
import { THEMES } from '#templates/theme.ts';
import { BUILT_WORKERS } from './helpers/build-child.ts';
import { CARD_FIXTURES } from './helpers/card-fixtures.ts';
import { compareWithReference, decodePng } from './helpers/png-compare.ts';

const REFERENCES = resolve(import.meta.dirname, 'fixtures/cards');
// Anti-aliasing may differ by a few pixels between builds of the same resvg; a changed layout moves thousands.
const MAX_DIFFERENT_SHARE = 0.002;

const fonts = new FontLibrary();
const rendered = new Map<string, RenderedCard[]>();

beforeAll(async () => {
  for (const [name, input] of Object.entries(CARD_FIXTURES))
    rendered.set(name, await renderCards(input, 'light', fonts));
  rendered.set('headline-only-dark', await renderCards(CARD_FIXTURES['headline-only']!, 'dark', fonts));
}, 120_000);

/**
 * The text Satori lays out, read from an SVG drawn with <text> elements instead of glyph paths, without
 * whitespace: Satori writes one <text> per word, and not always one for the space between two spans.
 */
async function shownText(name: string, page = 0): Promise<string> {
  const { cards } = layoutCards(CARD_FIXTURES[name]!);
  const svg = await cardSvg(cards[page]!, 'light', fonts, false);
  const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
    .map((m) =>
      m[1]!
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'"),
    )
    .join('');
  return squash(text);
}

const squash = (s: string) => s.replace(/[\s\u200b]+/g, '');
const shows = (text: string, needle: string) => expect(text).toContain(squash(needle));

describe('edit cards', () => {
  it('match the reference images a person checked (pixel tolerance)', () => {
    for (const [name, cards] of rendered) {
      cards.forEach((card, i) => {
        const { share } = compareWithReference(card.png, join(REFERENCES, `${name}-${i + 1}.png`));
        expect(share, `${name} card ${i + 1}`).toBeLessThanOrEqual(MAX_DIFFERENT_SHARE);
      });
    }
  });

  it('carry outlet, current headline, both times with the gap, the short URL and the bot name', async () => {
    const text = await shownText('headline-only');
    shows(text, 'The Riverside Ledger');
    shows(text, 'Minister quits as pressure over donor contracts grows');
    shows(text, '25 Nov 2026, 08:05 to 09:08 UTC · edited 1 h 3 min later');
    shows(text, 'riversideledger.example/news/2026/11/25/minister-resigns');
    shows(text, 'editwatch');
    shows(text, 'HEADLINE CHANGED');
  });

  it('show old and new text of a headline, and the word diff of an edited paragraph', async () => {
    const headline = await shownText('headline-only');
    shows(headline, 'Minister resigns over housing contracts');
    const paragraph = await shownText('one-paragraph');
    shows(paragraph, 'PARAGRAPH 2 EDITED');
    shows(paragraph, 'called for an independent inquiry');
  });

  it('spread many changes over at most four images and count what did not fit', async () => {
    const cards = rendered.get('many-paragraphs')!;
    expect(cards).toHaveLength(4);
    const { cards: data } = layoutCards(CARD_FIXTURES['many-paragraphs']!);
    const shown = data.reduce((n, c) => n + c.blocks.length, 0);
    expect(data[3]!.more).toBe(CARD_FIXTURES['many-paragraphs']!.diff.changes.length - shown);
    expect(data[3]!.more).toBeGreaterThan(0);
    shows(await shownText('many-paragraphs', 3), `+${data[3]!.more} more changes`);
    shows(await shownText('many-paragraphs', 0), 'editwatch · 1/4');
  });

  it("are PNGs under Bluesky's 1,000,000 byte limit, 1200x675, with alt text within each network's limit", () => {
    for (const cards of rendered.values()) {
      for (const card of cards) {
        expect(card.png.length).toBeLessThan(1_000_000);
        const png = decodePng(card.png);
        expect([png.width, png.height, card.width, card.height]).toEqual([1200, 675, 1200, 675]);
        expect(card.alt.mastodon.length).toBeLessThanOrEqual(1500);
        expect(card.alt.bluesky.length).toBeLessThanOrEqual(2000);
      }
    }
  });

  it('have a font for every character of every script in the fixtures, and draw emoji as images', async () => {
    const families = (text: string) => fonts.fontsFor(text).length;
    for (const name of ['latin-accents', 'greek', 'cyrillic', 'arabic', 'hebrew', 'cjk']) {
      const input = CARD_FIXTURES[name]!;
      const text = input.diff.changes.map((c) => JSON.stringify(c)).join(' ') + input.outlet;
      expect(families(text), name).toBeGreaterThan(2);
    }
    const { cards } = layoutCards(CARD_FIXTURES.emoji!);
    const svg = await cardSvg(cards[0]!, 'light', fonts);
    for (const emoji of ['😮', '😮‍💨', '🇬🇧', '👍🏽', '👨‍👩‍👧', '📰'])
      expect(Object.keys(fonts.emojiImagesFor(`x ${emoji} y`))).toEqual([emoji]);
    expect((svg.match(/<image /g) ?? []).length).toBeGreaterThanOrEqual(5);
  });

  it('lay right-to-left paragraphs out from the right', () => {
    for (const name of ['arabic', 'hebrew']) {
      const { cards } = layoutCards(CARD_FIXTURES[name]!);
      expect(
        cards[0]!.blocks.every((b) => b.rtl),
        name,
      ).toBe(true);
    }
    expect(layoutCards(CARD_FIXTURES.cyrillic!).cards[0]!.blocks.some((b) => b.rtl)).toBe(false);
  });

  it('never draw into the right margin: long words and URLs wrap instead of overflowing', () => {
    for (const [name, cards] of rendered) {
      const theme = name.endsWith('dark') ? THEMES.dark : THEMES.light;
      const bg = [1, 3, 5].map((i) => parseInt(theme.background.slice(i, i + 2), 16));
      for (const card of cards) {
        const png = decodePng(card.png);
        let ink = 0;
        for (let y = 0; y < png.height; y++) {
          for (let x = png.width - 36; x < png.width; x++) {
            const o = (y * png.width + x) * 4;
            if (
              Math.abs(png.data[o]! - bg[0]!) +
                Math.abs(png.data[o + 1]! - bg[1]!) +
                Math.abs(png.data[o + 2]! - bg[2]!) >
              30
            )
              ink++;
          }
        }
        expect(ink, `${name}: pixels drawn in the right margin`).toBe(0);
      }
    }
  });
});

describe('the card worker pool', () => {
  it('draws in a worker thread the same cards as this thread, from the TypeScript (tsx) and the compiled worker', async () => {
    const input = CARD_FIXTURES['headline-only']!;
    for (const workerDir of [undefined, BUILT_WORKERS]) {
      const pool = pooledRenderer('light', { workerDir });
      try {
        const cards = await pool.render(input);
        expect(cards.map((c) => c.png.equals(rendered.get('headline-only')![0]!.png))).toEqual([true]);
        expect(Buffer.isBuffer(cards[0]!.png)).toBe(true);
      } finally {
        await pool.close();
      }
    }
  }, 60_000);
});
