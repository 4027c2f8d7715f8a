import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface SatoriFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal';
}

const WEIGHTS = [400, 700] as const;
/**
 * Font packages in order of preference for a character: Noto Sans (Latin with every accent, Greek,
 * Cyrillic, Vietnamese, Devanagari), then the right-to-left scripts, then CJK. Each package is split
 * into subsets by Unicode range (its unicode.json); a card loads only the subsets its text needs.
 */
const PACKAGES = ['noto-sans', 'noto-sans-arabic', 'noto-sans-hebrew', 'noto-sans-jp', 'noto-sans-kr', 'noto-sans-sc'];
const ALWAYS = 'noto-sans/latin';
/**
 * Weights loaded per package. The bold Arabic face loses the dots of a final ta marbuta (ة drawn as ه),
 * which changes the word, so Arabic is always drawn in the regular face, bold text included.
 */
const WEIGHTS_OF: Record<string, readonly (400 | 700)[]> = { 'noto-sans-arabic': [400] };

interface Subset {
  id: string;
  weights: readonly (400 | 700)[];
  file: (weight: number) => string;
  ranges: [number, number][];
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/**
 * The fonts and emoji images cards are drawn with, from npm packages (WOFF fonts, which Satori reads;
 * Twemoji SVGs). Each font file is read the first time a text needs it and kept, so a process reads it
 * at most once; the same set of subsets always yields the same array, which lets Satori reuse its
 * parsed fonts between cards.
 */
export class FontLibrary {
  private readonly subsets: Subset[];
  private readonly files = new Map<string, SatoriFont[]>();
  private readonly sets = new Map<string, SatoriFont[]>();
  /** Code point -> the subset that covers it (null: none does); a CJK text has thousands of them. */
  private readonly coverage = new Map<number, Subset | null>();
  private readonly emoji = new Map<string, string | null>();
  private readonly emojiDir: string;
  private readonly segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

  constructor() {
    this.subsets = PACKAGES.flatMap((pkg) => {
      const dir = dirname(require.resolve(`@fontsource/${pkg}/package.json`));
      const unicode = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
      return Object.entries(unicode).map(([key, ranges]) => {
        const subset = key.replace(/^\[(\d+)\]$/, '$1');
        return {
          id: `${pkg}/${subset}`,
          weights: WEIGHTS_OF[pkg] ?? WEIGHTS,
          file: (weight: number) => join(dir, 'files', `${pkg}-${subset}-${weight}-normal.woff`),
          ranges: parseRanges(ranges),
        };
      });
    });
    // The package exports only its SVGs ("twemoji-svg/<code points>"): find the folder through one of them.
    this.emojiDir = dirname(require.resolve('twemoji-svg/1f600'));
  }

  /**
   * The fonts that cover every character of `text`. Satori uses one face per name and weight, and falls
   * back across names: the Latin base is "Noto Sans" (what templates ask for), every other subset is a
   * font of its own name.
   */
  fontsFor(text: string): SatoriFont[] {
    const ids = new Set<string>([ALWAYS]);
    for (const char of text) {
      const cp = char.codePointAt(0)!;
      if (cp < 0x80) continue;
      let subset = this.coverage.get(cp);
      if (subset === undefined) {
        subset = this.subsets.find((s) => s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) ?? null;
        this.coverage.set(cp, subset);
      }
      if (subset) ids.add(subset.id);
    }
    const key = [...ids].sort().join(' ');
    let fonts = this.sets.get(key);
    if (!fonts) {
      fonts = [...ids].flatMap((id) => this.load(this.subsets.find((s) => s.id === id)!));
      this.sets.set(key, fonts);
    }
    return fonts;
  }

  private load(subset: Subset): SatoriFont[] {
    let fonts = this.files.get(subset.id);
    if (!fonts) {
      const name = subset.id === ALWAYS ? 'Noto Sans' : subset.id;
      fonts = subset.weights
        .filter((w) => existsSync(subset.file(w)))
        .map((weight) => ({ name, data: readFileSync(subset.file(weight)), weight, style: 'normal' as const }));
      this.files.set(subset.id, fonts);
    }
    return fonts;
  }

  /** Emoji in `text` -> Twemoji images, for Satori's graphemeImages. */
  emojiImagesFor(text: string): Record<string, string> {
    const images: Record<string, string> = {};
    if (!EMOJI.test(text)) return images;
    for (const { segment } of this.segmenter.segment(text)) {
      if (!EMOJI.test(segment) || segment in images) continue;
      const uri = this.emojiImage(segment);
      if (uri) images[segment] = uri;
    }
    return images;
  }

  /** A Twemoji SVG as a data URI, or null for a sequence Twemoji does not draw. */
  emojiImage(segment: string): string | null {
    if (this.emoji.has(segment)) return this.emoji.get(segment)!;
    // Twemoji names files by code point, without U+FE0F unless the sequence has a zero-width joiner.
    const points = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16));
    const candidates = [
      points(segment.includes('\u200d') ? segment : segment.replace(/\ufe0f/g, '')),
      points(segment.replace(/\ufe0f/g, '')),
    ];
    let uri: string | null = null;
    for (const cps of candidates) {
      const file = join(this.emojiDir, `${cps.join('-')}.svg`);
      if (existsSync(file)) {
        uri = `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}`;
        break;
      }
    }
    this.emoji.set(segment, uri);
    return uri;
  }
}

function parseRanges(css: string): [number, number][] {
  return css.split(',').map((part) => {
    const [lo, hi] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(lo!.replace(/\?/g, '0'), 16);
    const end = hi ? parseInt(hi, 16) : parseInt(lo!.replace(/\?/g, 'f'), 16);
    return [start, end] as [number, number];
  });
}
