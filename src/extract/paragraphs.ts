import { hintsOf, isElement, isHidden, isText, linkTexts, textOf, type AnyNode, type Element } from './dom.ts';
import { BODY_HINT, CHROME_HINT, CHROME_TAGS, isChromeText } from './chrome.ts';
import { isTextBlock } from './body.ts';
import { normaliseText } from './normalise-text.ts';

const BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'pre', 'dd', 'dt']);
// Headings and list items are article text only when substantial; a lone "Share" or "Related" is chrome.
const SHORT_OK = new Set(['p', 'pre', 'blockquote']);
// Inside the body, these mark the article's own header (headline, byline, date) rather than text.
const SKIPPED_IN_BODY = new Set(['header', 'h1', 'table']);

/** The paragraphs under the body roots, in document order, chrome left out, each normalised. */
export function collectParagraphs(roots: Element[]): string[] {
  const out: Collected = Object.assign([], { headings: new Set<number>() });
  for (const root of roots) visit(root, out, true);
  // A subheading with no article text after it belongs to the box that follows the article.
  while (out.length > 0 && out.headings.has(out.length - 1)) out.pop();
  return dedupeAdjacent(out);
}

const HEADINGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

/** Paragraph texts, and which of them came from headings. */
type Collected = string[] & { headings: Set<number> };

function visit(el: Element, out: Collected, isRoot: boolean): void {
  if (!isRoot) {
    if (CHROME_TAGS.has(el.name) || SKIPPED_IN_BODY.has(el.name) || isHidden(el)) return;
    const hints = hintsOf(el);
    if (hints && CHROME_HINT.test(hints) && !(el.name === 'p' && BODY_HINT.test(hints))) return;
  }
  if (BLOCKS.has(el.name) || (el.name === 'blockquote' && !hasBlockChild(el)) || (el.name !== 'body' && isTextBlock(el) && !isRoot)) {
    if (!hasBlockChild(el)) {
      if (hasNestedBlock(el)) pushMixed(el, out);
      else push(el, out);
      return;
    }
  }
  for (const child of el.children) if (isElement(child)) visit(child, out, false);
}

/** A block inside inline markup: `<p><b>text<p>more` unclosed, which browsers read as two paragraphs. */
function hasNestedBlock(el: Element): boolean {
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (NESTED_BREAKS.has(c.name) || hasNestedBlock(c)) return true;
  }
  return false;
}

const NESTED_BREAKS = new Set(['p', 'div', 'li', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'section', 'table']);

/** Text up to each nested block is one paragraph; each nested block is visited as a block of its own. */
function pushMixed(el: Element, out: Collected): void {
  let text = '';
  const flush = () => {
    for (const part of text.split(PARAGRAPH_BREAK)) pushText(el, normaliseText(part.replaceAll(BR, ' ')), out);
    text = '';
  };
  const inline = (n: AnyNode) => {
    if (isText(n)) {
      text += n.data;
      return;
    }
    if (!isElement(n) || CHROME_TAGS.has(n.name)) return;
    if (n.name === 'br') {
      text += BR;
      return;
    }
    if (NESTED_BREAKS.has(n.name)) {
      flush();
      visit(n, out, false);
      return;
    }
    for (const c of n.children) inline(c);
  };
  for (const c of el.children) inline(c);
  flush();
}

function hasBlockChild(el: Element): boolean {
  for (const c of el.children) {
    if (isElement(c) && (BLOCKS.has(c.name) || c.name === 'div' || c.name === 'blockquote' || c.name === 'ul' || c.name === 'ol' || c.name === 'section')) return true;
  }
  return false;
}

// Marks <br> while reading a block: two in a row separate paragraphs, as on pages without <p>.
const BR = '\uE000';
const PARAGRAPH_BREAK = /\uE000\s*\uE000/;

function push(el: Element, out: Collected): void {
  const raw = textOf(el, BR);
  if (!raw.includes(BR)) {
    pushText(el, normaliseText(raw), out);
    return;
  }
  for (const part of raw.split(PARAGRAPH_BREAK)) pushText(el, normaliseText(part.replaceAll(BR, ' ')), out);
}

function pushText(el: Element, text: string, out: Collected): void {
  if (!text) return;
  if (!SHORT_OK.has(el.name) && text.length < 3) return;
  if (isChromeText(text)) return;
  if (isLinkList(el, text)) return;
  if (HEADINGS.has(el.name)) out.headings.add(out.length);
  out.push(text);
}

/** A paragraph that is mostly a link ("Read more: <a>…</a>", a list of related stories) is chrome. */
function isLinkList(el: Element, text: string): boolean {
  const linked = linkTexts(el).reduce((n, t) => n + normaliseText(t).length, 0);
  if (linked === 0) return false;
  const density = linked / text.length;
  // "Read more: <a>other story</a>" in any language: a short label, then only the link.
  if (/^[^:：]{1,25}[:：]/.test(text) && linked >= text.length - text.search(/[:：]/) - 3) return true;
  return el.name === 'li' ? density > 0.7 : density > 0.8 && text.length < 200;
}

function dedupeAdjacent(list: string[]): string[] {
  return list.filter((p, i) => i === 0 || p !== list[i - 1]);
}
