import type { CardBlock, CardData, WordPart } from './card-data.ts';
import { CARD_HEIGHT, CARD_WIDTH } from './card-data.ts';
import { h, type Child, type Node, type Style } from './element.ts';
import type { Theme } from './theme.ts';

export const TYPE = {
  /** Body text: 28 px on a 1200 px card is 14 px when the image is shown 600 px wide. */
  body: 28,
  headline: 32,
  meta: 22,
  label: 20,
  lineHeight: 1.36,
  padding: 44,
};

/** One edit card, 1200x675 (16:9, what both networks show uncropped as a single image). */
export function editCard(data: CardData, theme: Theme): Node {
  return h(
    'div',
    {
      style: {
        display: 'flex',
        flexDirection: 'column',
        boxSizing: 'border-box',
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        backgroundColor: theme.background,
        color: theme.text,
        fontFamily: 'Noto Sans',
        fontSize: TYPE.body,
        paddingTop: TYPE.padding - 8,
        paddingRight: TYPE.padding,
        paddingBottom: TYPE.padding - 20,
        paddingLeft: TYPE.padding,
      },
    },
    header(data, theme),
    // Yoga does not shrink flex items unless told: without flexShrink the body would push the footer off.
    h(
      'div',
      { style: { display: 'flex', flexDirection: 'column', flexGrow: 1, flexShrink: 1, minHeight: 0, marginTop: 4 } },
      ...data.blocks.map((b) => block(b, theme)),
    ),
    footer(data, theme),
  );
}

function header(data: CardData, theme: Theme): Node {
  return h(
    'div',
    { style: { display: 'flex', flexDirection: 'column' } },
    h(
      'div',
      { style: { display: 'flex', justifyContent: 'space-between', fontSize: TYPE.meta, color: theme.muted } },
      h('div', { style: { display: 'flex', fontWeight: 700, color: theme.accent } }, data.outlet),
      h('div', { style: { display: 'flex' } }, `${data.times} · ${data.gap}`),
    ),
    h(
      'div',
      {
        style: {
          display: 'block',
          fontSize: TYPE.headline,
          fontWeight: 700,
          lineHeight: 1.25,
          marginTop: 6,
          wordBreak: 'break-word',
          ...(data.headlineRtl ? { direction: 'rtl', textAlign: 'right' } : {}),
        },
      },
      breakable(data.headline),
    ),
    rule(theme, 12),
  );
}

function footer(data: CardData, theme: Theme): Node {
  return h(
    'div',
    { style: { display: 'flex', flexDirection: 'column', fontSize: TYPE.meta, color: theme.muted } },
    rule(theme, 0),
    h(
      'div',
      { style: { display: 'flex', justifyContent: 'space-between', marginTop: 10 } },
      h('div', { style: { display: 'flex' } }, data.shortUrl),
      h(
        'div',
        { style: { display: 'flex' } },
        [
          data.more > 0 ? `+${data.more} more ${data.more === 1 ? 'change' : 'changes'} · ` : '',
          data.botName,
          data.pages > 1 ? ` · ${data.page}/${data.pages}` : '',
        ].join(''),
      ),
    ),
  );
}

/**
 * A horizontal rule as a filled box: CSS borders, overflow clipping, rounded corners and line clamps make
 * Satori emit masks and clip paths, and each mask costs resvg a full-size offscreen layer. Cards use none.
 */
function rule(theme: Theme, marginTop: number): Node {
  return h('div', { style: { display: 'flex', height: 2, marginTop, backgroundColor: theme.rule } });
}

function block(b: CardBlock, theme: Theme): Node {
  if (b.rtl) return rtlBlock(b, theme);
  const text: Style = { display: 'block', lineHeight: TYPE.lineHeight, wordBreak: 'break-word' };
  let body: Child[];
  switch (b.kind) {
    case 'field':
      body = [
        h(
          'div',
          { style: { ...text, color: theme.muted, textDecoration: 'line-through' } },
          ...words(b.before, theme, 'removed'),
        ),
        h('div', { style: { ...text, marginTop: 4 } }, ...words(b.after, theme, 'added')),
      ];
      break;
    case 'words':
      body = [h('div', { style: text }, ...words(b.parts, theme, 'both'))];
      break;
    case 'text':
      body = [
        h('div', { style: { ...text, ...(b.mark === 'plain' ? {} : markStyle(b.mark, theme)) } }, breakable(b.text)),
      ];
      break;
  }
  return h(
    'div',
    { style: { display: 'flex', flexDirection: 'column', marginTop: 10 } },
    label(b.label, theme),
    ...body,
  );
}

/**
 * Right-to-left text with marked words. Satori does not reorder inline spans in a right-to-left line, so
 * each word is a box in a wrapping row laid out from the right; a run of left-to-right words (a name, a
 * number) stays one box so that it keeps its own order.
 */
function rtlBlock(b: CardBlock, theme: Theme): Node {
  const line = (parts: WordPart[], show: 'removed' | 'added' | 'both', extra: Style = {}) =>
    h(
      'div',
      {
        style: {
          display: 'flex',
          flexDirection: 'row-reverse',
          flexWrap: 'wrap',
          lineHeight: TYPE.lineHeight,
          columnGap: 8,
          ...extra,
        },
      },
      ...rtlWords(parts, show).map((group) =>
        h(
          'div',
          { style: { display: 'flex', flexDirection: 'row-reverse' } },
          ...group.map((w) =>
            h('div', { style: { display: 'flex', ...(w.op === 'same' ? {} : markStyle(w.op, theme)) } }, w.text),
          ),
        ),
      ),
    );
  let body: Node[];
  switch (b.kind) {
    case 'field':
      body = [
        line(b.before, 'removed', { color: theme.muted, textDecoration: 'line-through' }),
        line(b.after, 'added', { marginTop: 4 }),
      ];
      break;
    case 'words':
      body = [line(b.parts, 'both')];
      break;
    case 'text':
      body = [line([{ op: b.mark === 'plain' ? 'same' : b.mark, text: b.text }], 'both')];
      break;
  }
  return h(
    'div',
    { style: { display: 'flex', flexDirection: 'column', marginTop: 10 } },
    label(b.label, theme),
    ...body,
  );
}

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;

const PUNCTUATION = /^[\p{P}\p{S}]+$/u;

/**
 * Words in logical order, each with its mark, grouped so that nothing breaks between them: punctuation
 * stays with the word before it, and neighbouring left-to-right words of one mark stay together.
 */
function rtlWords(parts: WordPart[], show: 'removed' | 'added' | 'both'): WordPart[][] {
  const groups: WordPart[][] = [];
  let attach = false; // the previous token ended without a space, so the next piece belongs to it
  for (const p of parts) {
    if (p.op !== 'same' && show !== 'both' && p.op !== show) continue;
    const tokens = p.text.split(/(\s+)/);
    for (const token of tokens) {
      if (!token) continue;
      if (/^\s+$/.test(token)) {
        attach = false;
        continue;
      }
      const group = groups[groups.length - 1];
      const last = group?.[group.length - 1];
      if (group && last && (attach || PUNCTUATION.test(token))) {
        if (last.op === p.op) last.text += token;
        else group.push({ op: p.op, text: token });
      } else if (group && last && last.op === p.op && !RTL_LETTER.test(token) && !RTL_LETTER.test(last.text)) {
        last.text += ` ${token}`;
      } else {
        groups.push([{ op: p.op, text: token }]);
      }
      attach = true;
    }
  }
  return groups;
}

function label(text: string, theme: Theme): Node {
  return h(
    'div',
    { style: { display: 'flex' } },
    h(
      'div',
      {
        style: {
          display: 'flex',
          fontSize: TYPE.label,
          fontWeight: 700,
          letterSpacing: 0.5,
          color: theme.labelText,
          backgroundColor: theme.labelBackground,
          paddingTop: 1,
          paddingBottom: 1,
          paddingLeft: 8,
          paddingRight: 8,
          marginBottom: 4,
        },
      },
      text.toUpperCase(),
    ),
  );
}

function markStyle(mark: 'added' | 'removed', theme: Theme): Style {
  return mark === 'removed'
    ? { color: theme.removedText, backgroundColor: theme.removedTint, textDecoration: 'line-through' }
    : // Skip-ink (gaps in the underline at descenders) was a fifth of Satori's time per card; a solid line reads as well.
      {
        color: theme.addedText,
        backgroundColor: theme.addedTint,
        textDecoration: 'underline',
        textDecorationSkipInk: 'none',
      };
}

/** Inline word diff; `show` picks which side's changes a line shows (a field shows old and new apart). */
function words(parts: WordPart[], theme: Theme, show: 'removed' | 'added' | 'both'): Child[] {
  const shown = parts.filter((p) => p.op === 'same' || show === 'both' || p.op === show);
  const out: Child[] = [];
  shown.forEach((p, i) => {
    if (p.op === 'same') {
      out.push(breakable(p.text));
      return;
    }
    // The mark covers the words, not the spaces around them; removed and added runs side by side get a space.
    const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(p.text)!;
    if (lead) out.push(lead);
    out.push(h('span', { style: markStyle(p.op, theme) }, breakable(core!)));
    const next = shown[i + 1];
    out.push(trail || (next && next.op !== 'same' ? ' ' : ''));
  });
  return out;
}

/** Long unbroken runs (URLs, 500-letter words) get break opportunities so they wrap instead of overflowing. */
function breakable(text: string): string {
  return text.replace(/[^\s]{24,}/g, (run) => run.replace(/(.{16})/gu, '$1\u200b'));
}
