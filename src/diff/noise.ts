import { isStampText, maskStamps } from '../extract/stamps.ts';

/** Paragraphs that are only stamps (times, datelines, counters): left out before comparing versions. */
export function isVolatile(paragraph: string): boolean {
  return isStampText(paragraph);
}

/** Typography-only differences (curly vs straight quotes, dash styles, ellipsis) are not edits. */
export function typographic(text: string): string {
  return text
    .replace(/[‘’‚‛′`´]/g, "'")
    .replace(/[“”„‟″«»「」『』〝〞]|,,/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/…/g, '...')
    .replace(/[\u00AD\u200B\u2060\uFEFF]/g, '');
}

/**
 * The text as an edit is judged: typography, spacing and ticking stamps ("Updated 3 hours ago") do not
 * count, nor where quotes and spaces fall around punctuation.
 */
export function comparable(text: string): string {
  return squeeze(typographic(maskStamps(text)));
}

/**
 * A headline also does not change by its final full stop, nor by the mark between a kicker and the rest
 * ("Bundesliga: …" / "Bundesliga - …", "«…» — …" / "«…»: …").
 */
export function comparableHeadline(text: string): string {
  return squeeze(typographic(maskStamps(text)).replace(/\s*(?::|\s-|\s\|)\s+/g, ': ')).replace(/[.。]$/, '');
}

function squeeze(text: string): string {
  return text
    .replace(/\s*(["'])\s*/g, '$1')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
