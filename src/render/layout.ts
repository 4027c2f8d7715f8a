import { isWord, tokens } from '../diff/tokens.ts';
import type { ArticleDiff, Change, WordPart } from '../diff/types.ts';
import { CARD_HEIGHT, CARD_WIDTH, type CardBlock, type CardData } from '#templates/card-data.ts';
import { TYPE } from '#templates/card.ts';
import { formatGap } from '../format-gap.ts';
import { estimateLines } from './text-metrics.ts';

export interface CardInput {
  outlet: string;
  headline: string;
  url: string;
  previousAt: string;
  currentAt: string;
  botName: string;
  diff: ArticleDiff;
}

const MAX_CARDS = 4;
/** Unchanged words kept on each side of a change; the rest of an unchanged run becomes "…". */
const CONTEXT_WORDS = 10;
const TEXT_WIDTH = CARD_WIDTH - 2 * TYPE.padding;
const LINE = TYPE.body * TYPE.lineHeight;
const LABEL = 34 + 10; // label chip and the gap above a block

/** A change as the cards show it, with its place in the order of importance. */
export interface PlacedBlock {
  block: CardBlock;
  change: Change;
  /** True when the text was cut to fit one card; the alt text says so. */
  shortened: boolean;
}

/**
 * Lays the changes out over at most four cards, most important first (headline, standfirst, byline, then
 * body changes by size); what does not fit is counted, never shrunk. Pure.
 */
export function layoutCards(input: CardInput): { cards: CardData[]; placed: PlacedBlock[][] } {
  const ordered = orderByImportance(input.diff.changes);
  const headlineLines = Math.min(2, estimateLines(input.headline, TYPE.headline, TEXT_WIDTH));
  // Card height less padding, header (meta line, headline, rule) and footer (rule, one line).
  const available =
    CARD_HEIGHT -
    (TYPE.padding - 8) -
    (30 + 6 + headlineLines * TYPE.headline * 1.25 + 14) -
    4 -
    (12 + 32) -
    (TYPE.padding - 20);
  const pages: PlacedBlock[][] = [];
  let page: PlacedBlock[] = [];
  let used = 0;
  let i = 0;
  for (; i < ordered.length; i++) {
    let placed: PlacedBlock = { block: toBlock(ordered[i]!), change: ordered[i]!, shortened: false };
    let height = blockHeight(placed.block);
    if (height > available) {
      placed = { block: shorten(placed.block, available), change: ordered[i]!, shortened: true };
      height = blockHeight(placed.block);
    }
    if (used + height > available && page.length > 0) {
      pages.push(page);
      if (pages.length === MAX_CARDS) break;
      page = [];
      used = 0;
    }
    page.push(placed);
    used += height;
  }
  if (page.length > 0 && pages.length < MAX_CARDS) pages.push(page);
  const more = ordered.length - pages.reduce((n, p) => n + p.length, 0);
  const meta = cardMeta(input);
  const cards = pages.map((p, index) => ({
    ...meta,
    page: index + 1,
    pages: pages.length,
    blocks: p.map((b) => b.block),
    more: index === pages.length - 1 ? more : 0,
  }));
  return { cards, placed: pages };
}

function cardMeta(input: CardInput) {
  return {
    outlet: input.outlet,
    headline: input.headline,
    headlineRtl: isRtl(input.headline),
    times: versionTimes(input.previousAt, input.currentAt),
    gap: editedLater(Date.parse(input.currentAt) - Date.parse(input.previousAt)),
    shortUrl: shortUrl(input.url),
    botName: input.botName,
  };
}

export function orderByImportance(changes: Change[]): Change[] {
  const fieldRank = { headline: 0, standfirst: 1, byline: 2 } as const;
  const fields = changes
    .filter((c): c is Extract<Change, { kind: 'field' }> => c.kind === 'field')
    .sort((a, b) => fieldRank[a.field] - fieldRank[b.field]);
  const body = changes.filter((c) => c.kind !== 'field').sort((a, b) => b.size - a.size);
  return [...fields, ...body];
}

/** "¶3 edited", "Headline changed": what a block's label says, also used by the alt text. */
function changeLabel(c: Change): string {
  switch (c.kind) {
    case 'field':
      return `${c.field[0]!.toUpperCase()}${c.field.slice(1)} changed`;
    case 'edited':
      return `Paragraph ${c.afterIndex + 1} edited`;
    case 'inserted':
      return `Paragraph ${c.afterIndex + 1} added`;
    case 'deleted':
      return `Paragraph ${c.beforeIndex + 1} removed`;
    case 'moved':
      return `Paragraph ${c.beforeIndex + 1} moved to ${c.afterIndex + 1}${c.size > 0 ? ' and edited' : ''}`;
    case 'split':
      return `Paragraph ${c.beforeIndex + 1} split into ${c.afterIndexes.map((i) => i + 1).join(' and ')}`;
    case 'merged':
      return `Paragraphs ${c.beforeIndexes.map((i) => i + 1).join(' and ')} merged into ${c.afterIndex + 1}`;
  }
}

function toBlock(c: Change): CardBlock {
  const label = changeLabel(c);
  switch (c.kind) {
    case 'field':
      return {
        kind: 'field',
        label,
        before: c.before ? c.words : [],
        after: c.words,
        rtl: isRtl(c.after ?? c.before ?? ''),
      };
    case 'inserted':
      return { kind: 'text', label, text: c.after, mark: 'added', rtl: isRtl(c.after) };
    case 'deleted':
      return { kind: 'text', label, text: c.before, mark: 'removed', rtl: isRtl(c.before) };
    case 'moved':
      return c.size > 0
        ? { kind: 'words', label, parts: trimContext(c.words), rtl: isRtl(c.after) }
        : { kind: 'text', label, text: excerpt(c.after, 100), mark: 'plain', rtl: isRtl(c.after) };
    case 'edited':
    case 'split':
    case 'merged':
      return { kind: 'words', label, parts: trimContext(c.words), rtl: isRtl(partsText(c.words, 'added')) };
  }
}

/**
 * Keeps a few unchanged words around each change; long unchanged runs become "…". Words are counted as
 * the diff counts them (tokens.ts), so a compound or a URL is one word and Chinese or Japanese text,
 * which has no spaces, is trimmed too.
 */
export function trimContext(parts: WordPart[]): WordPart[] {
  return parts.map((p, i) => {
    if (p.op !== 'same') return p;
    const first = i === 0;
    const last = i === parts.length - 1;
    const keep = first || last ? CONTEXT_WORDS : CONTEXT_WORDS * 2;
    const toks = tokens(p.text);
    const words = toks.flatMap((t, k) => (isWord(t) ? [k] : []));
    if (words.length <= keep + 2) return p;
    const lead = /^\s/.test(p.text) ? ' ' : '';
    const trail = /\s$/.test(p.text) ? ' ' : '';
    // Punctuation next to a kept word stays with it: "report," and "(the".
    const attached = (k: number) => k >= 0 && k < toks.length && !isWord(toks[k]!) && !/^\s+$/.test(toks[k]!);
    let end = words[CONTEXT_WORDS - 1]! + 1;
    while (attached(end)) end++;
    let start = words[words.length - CONTEXT_WORDS]!;
    while (attached(start - 1)) start--;
    const head = toks.slice(0, end).join('').trimStart();
    const tail = toks.slice(start).join('').trimEnd();
    if (first) return { op: 'same', text: `…${tail}${trail}` };
    if (last) return { op: 'same', text: `${lead}${head}…` };
    return { op: 'same', text: `${lead}${head} … ${tail}${trail}` };
  });
}

function blockHeight(b: CardBlock): number {
  const lines = (text: string) => estimateLines(text, TYPE.body, TEXT_WIDTH);
  switch (b.kind) {
    case 'field':
      return LABEL + (lines(partsText(b.before, 'removed')) + lines(partsText(b.after, 'added'))) * LINE + 4;
    case 'words':
      return LABEL + lines(b.parts.map((p) => p.text).join('')) * LINE;
    case 'text':
      return LABEL + lines(b.text) * LINE;
  }
}

/** Cuts a block that is taller than a whole card to what fits, ending in "…". */
function shorten(b: CardBlock, available: number): CardBlock {
  const maxLines = Math.max(1, Math.floor((available - LABEL) / LINE));
  const maxChars = Math.floor((maxLines * TEXT_WIDTH) / (TYPE.body * 0.62));
  switch (b.kind) {
    case 'text':
      return { ...b, text: excerpt(b.text, maxChars) };
    case 'words':
      return { ...b, parts: cutParts(b.parts, maxChars) };
    case 'field':
      return {
        ...b,
        before: cutParts(b.before, Math.floor(maxChars / 2)),
        after: cutParts(b.after, Math.floor(maxChars / 2)),
      };
  }
}

function cutParts(parts: WordPart[], maxChars: number): WordPart[] {
  const out: WordPart[] = [];
  let left = maxChars;
  for (const p of parts) {
    if (left <= 0) break;
    if (p.text.length <= left) out.push(p);
    else out.push({ op: p.op, text: `${p.text.slice(0, left)}…` });
    left -= p.text.length;
  }
  return out;
}

function excerpt(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const space = cut.lastIndexOf(' ');
  return `${space > maxChars * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** The text of one side of a word diff. */
export function partsText(parts: WordPart[], side: 'removed' | 'added'): string {
  return parts
    .filter((p) => p.op === 'same' || p.op === side)
    .map((p) => p.text)
    .join('');
}

const RTL_CHARS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/gu;
const LTR_CHARS = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/gu;

/** Mostly Hebrew or Arabic letters: the block is laid out right to left. */
export function isRtl(text: string): boolean {
  const rtl = text.match(RTL_CHARS)?.length ?? 0;
  return rtl > 0 && rtl >= (text.match(LTR_CHARS)?.length ?? 0);
}

/** "25 Nov 2026, 08:05 to 09:08 UTC", the date repeated only when it differs. */
/** "edited 2 h later"; with no duration when the clock was set back between the two checks. */
function editedLater(ms: number): string {
  return ms > 0 ? `edited ${formatGap(ms)} later` : 'edited later';
}

export function versionTimes(previousAt: string, currentAt: string): string {
  const a = new Date(previousAt);
  const b = new Date(currentAt);
  const date = (d: Date) =>
    `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${d.getUTCFullYear()}`;
  const time = (d: Date) => d.toISOString().slice(11, 16);
  return date(a) === date(b)
    ? `${date(a)}, ${time(a)} to ${time(b)} UTC`
    : `${date(a)} ${time(a)} to ${date(b)} ${time(b)} UTC`;
}

/** The URL without scheme or "www.", cut in the middle when long: "nytimes.com/2026/11/25/…/bridge.html". */
export function shortUrl(url: string, max = 64): string {
  const s = url.replace(/^https?:\/\/(?:www\.)?/, '').replace(/\/$/, '');
  if (s.length <= max) return s;
  const head = Math.ceil((max - 1) * 0.6);
  return `${s.slice(0, head)}…${s.slice(s.length - (max - 1 - head))}`;
}
