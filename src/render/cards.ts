import satori from 'satori';
import type { Network } from '../domain.ts';
import { editCard } from '#templates/card.ts';
import { CARD_HEIGHT, CARD_WIDTH, type CardData } from '#templates/card-data.ts';
import { THEMES, type Theme } from '#templates/theme.ts';
import { ALT_LIMITS, altText } from './alt-text.ts';
import type { FontLibrary } from './fonts.ts';
import { layoutCards, type CardInput } from './layout.ts';
import { rasterise } from './rasterise.ts';

export interface RenderedCard {
  png: Buffer;
  width: number;
  height: number;
  /** Alt text per network, each within that network's limit. */
  alt: Record<Network, string>;
  data: CardData;
}

export type ThemeName = Theme['name'];

/**
 * The SVG of one card (Satori), text drawn as paths unless `embedFont` is false (tests read the text then).
 * Fonts and emoji are chosen from the card's text up front: Satori's asset-loading hook costs a second
 * layout pass, and fewer fonts lay out faster.
 */
export function cardSvg(data: CardData, theme: ThemeName, fonts: FontLibrary, embedFont = true): Promise<string> {
  const text = cardText(data);
  return satori(editCard(data, THEMES[theme]) as Parameters<typeof satori>[0], {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: fonts.fontsFor(text),
    graphemeImages: fonts.emojiImagesFor(text),
    embedFont,
  });
}

/** Every string a card shows. */
function cardText(data: CardData): string {
  // Pieces joined with spaces, so that two pieces never merge into one grapheme here.
  const blocks = data.blocks.map((b) =>
    b.kind === 'text'
      ? b.text
      : b.kind === 'words'
        ? b.parts.map((p) => p.text).join(' ')
        : [...b.before, ...b.after].map((p) => p.text).join(' '),
  );
  return [
    data.outlet,
    data.headline,
    data.times,
    data.gap,
    data.shortUrl,
    data.botName,
    ...data.blocks.map((b) => b.label.toUpperCase()),
    ...blocks,
  ].join(' ');
}

/** A change -> up to four PNG cards with alt text. */
export async function renderCards(input: CardInput, theme: ThemeName, fonts: FontLibrary): Promise<RenderedCard[]> {
  const { cards, placed } = layoutCards(input);
  const out: RenderedCard[] = [];
  for (const [i, data] of cards.entries()) {
    const raster = rasterise(await cardSvg(data, theme, fonts));
    out.push({
      ...raster,
      data,
      alt: {
        mastodon: altText(data, placed[i]!, ALT_LIMITS.mastodon),
        bluesky: altText(data, placed[i]!, ALT_LIMITS.bluesky),
      },
    });
  }
  return out;
}
