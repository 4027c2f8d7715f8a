import type { CardData } from '#templates/card-data.ts';
import type { WordPart } from '../diff/types.ts';
import { stripBidiControls } from '../extract/normalise-text.ts';
import { partsText, type PlacedBlock } from './layout.ts';

/** Alt text limits: Mastodon 1,500 characters, Bluesky 2,000. */
export const ALT_LIMITS = { mastodon: 1500, bluesky: 2000 } as const;

/** Changed words marked in plain text: "up to [removed: a year] [added: 18 months]". */
export function markedText(parts: WordPart[]): string {
  return parts
    .map((p, i) => {
      if (p.op === 'same') return p.text;
      const next = parts[i + 1];
      const gap = /\s$/.test(p.text) || (next && next.op !== 'same') ? ' ' : '';
      return `${/^\s/.test(p.text) ? ' ' : ''}[${p.op}: ${p.text.trim()}]${gap}`;
    })
    .join('');
}

function describe(placed: PlacedBlock): string {
  const b = placed.block;
  const cut = placed.shortened ? ' (shortened on the card)' : '';
  switch (b.kind) {
    case 'field': {
      const before = partsText(b.before, 'removed');
      const after = partsText(b.after, 'added');
      const name = b.label.replace(/ changed$/, '');
      if (!before) return `${name} added${cut}: “${after}”.`;
      if (!after) return `${name} removed${cut}: “${before}”.`;
      return `${b.label}${cut} from “${before}” to “${after}”.`;
    }
    case 'words':
      return `${b.label}${cut}: “${markedText(b.parts)}”`;
    case 'text':
      return `${b.label}${cut}: “${b.text}”`;
  }
}

/**
 * The alt text of one card: who, what, when, then each change on it with the changed words marked, within
 * `limit` characters. When it does not fit, the longest descriptions are shortened and, at worst, the last
 * ones left out, and the text says so.
 */
export function altText(card: CardData, placed: PlacedBlock[], limit: number): string {
  const head = `Edit card${card.pages > 1 ? ` ${card.page} of ${card.pages}` : ''} by ${card.botName}: ${card.outlet}, “${card.headline}”, ${card.times}, ${card.gap}. ${card.shortUrl}.`;
  const tail =
    card.more > 0 ? ` ${card.more} more ${card.more === 1 ? 'change is' : 'changes are'} not on these cards.` : '';
  const parts = placed.map(describe);
  // Every text is built here; without bidi controls a headline cannot reorder what is read out.
  const join = (list: string[], omitted: number) =>
    stripBidiControls(
      [head, ...list].join('\n') +
        (omitted
          ? `\n${omitted} more ${omitted === 1 ? 'change' : 'changes'} on this card not described here for length.`
          : '') +
        tail,
    );
  let text = join(parts, 0);
  // Shorten the longest description, step by step, keeping its beginning (label and first words).
  for (let guard = 0; text.length > limit && guard < 50; guard++) {
    const longest = parts.reduce((best, p, i) => (p.length > parts[best]!.length ? i : best), 0);
    const p = parts[longest]!;
    if (p.length < 160) break;
    const keep = Math.max(120, p.length - (text.length - limit) - 40);
    parts[longest] = `${p.slice(0, Math.min(keep, Math.floor(p.length * 0.75)))}… (text cut for length)`;
    text = join(parts, 0);
  }
  let omitted = 0;
  while (text.length > limit && parts.length > 0) {
    parts.pop();
    omitted++;
    text = join(parts, omitted);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
