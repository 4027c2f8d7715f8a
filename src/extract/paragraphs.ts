import { hintsOf, isElement, isHidden, isText, linkTexts, textOf, type AnyNode, type Element } from './dom.ts';
import { BODY_HINT, CHROME_HINT, CHROME_TAGS, isChromeText } from './chrome.ts';
import { isTextBlock } from './body.ts';
import { normaliseText } from './normalise-text.ts';
import { checkParagraphCount, DEFAULT_LIMITS, type ExtractLimits } from './limits.ts';
import { factsOf } from './node-facts.ts';

const BLOCKS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'pre', 'dd', 'dt']);
// Headings and list items are article text only when substantial; a lone "Share" or "Related" is chrome.
const SHORT_OK = new Set(['p', 'pre', 'blockquote']);
// Inside the body, these mark the article's own header (headline, byline, date) rather than text.
const SKIPPED_IN_BODY = new Set(['header', 'h1', 'table']);

/** The paragraphs under the body roots, in document order, chrome left out, each normalised. */
export function collectParagraphs(roots: Element[], limits: ExtractLimits = DEFAULT_LIMITS): string[] {
  const out: Collected = Object.assign([], { headings: new Set<number>(), limits });
  // Work to do, last first: an explicit stack rather than recursion, so a deep page costs no call stack.
  const tasks: Task[] = [];
  for (let i = roots.length - 1; i >= 0; i--) tasks.push({ kind: 'visit', el: roots[i]!, isRoot: true });
  while (tasks.length > 0) run(tasks.pop()!, tasks, out);
  // A subheading with no article text after it belongs to the box that follows the article.
  while (out.length > 0 && out.headings.has(out.length - 1)) out.pop();
  return dedupeAdjacent(out);
}

const HEADINGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

/** Paragraph texts, which of them came from headings, and how many there may be. */
type Collected = string[] & { headings: Set<number>; limits: ExtractLimits };

/** The text of a block read inline, up to its next nested block. */
interface Mixed {
  el: Element;
  text: string;
}

type Task =
  | { kind: 'visit'; el: Element; isRoot: boolean }
  | { kind: 'inline'; node: AnyNode; into: Mixed }
  | { kind: 'flush'; into: Mixed };

function run(task: Task, tasks: Task[], out: Collected): void {
  if (task.kind === 'visit') visit(task.el, task.isRoot, tasks, out);
  else if (task.kind === 'flush') flush(task.into, out);
  else inline(task.node, task.into, tasks, out);
}

function visit(el: Element, isRoot: boolean, tasks: Task[], out: Collected): void {
  if (!isRoot) {
    if (CHROME_TAGS.has(el.name) || SKIPPED_IN_BODY.has(el.name) || isHidden(el)) return;
    const hints = hintsOf(el);
    if (hints && CHROME_HINT.test(hints) && !(el.name === 'p' && BODY_HINT.test(hints))) return;
  }
  if (
    BLOCKS.has(el.name) ||
    (el.name === 'blockquote' && !hasBlockChild(el)) ||
    (el.name !== 'body' && isTextBlock(el) && !isRoot)
  ) {
    if (!hasBlockChild(el)) {
      if (hasNestedBlock(el)) pushMixed(el, tasks);
      else push(el, out);
      return;
    }
  }
  for (let i = el.children.length - 1; i >= 0; i--) {
    const child = el.children[i]!;
    if (isElement(child)) tasks.push({ kind: 'visit', el: child, isRoot: false });
  }
}

/** A block inside inline markup: `<p><b>text<p>more` unclosed, which browsers read as two paragraphs. */
function hasNestedBlock(el: Element): boolean {
  const known = factsOf(el).hasNestedBlock;
  if (known !== undefined) return known;
  // Bottom up over the subtree, once: each element's answer is kept for the nested blocks asked next.
  const order: Element[] = [];
  const stack: Element[] = [el];
  while (stack.length > 0) {
    const n = stack.pop()!;
    order.push(n);
    for (const c of n.children) if (isElement(c) && factsOf(c).hasNestedBlock === undefined) stack.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    let nested = false;
    for (const c of n.children) {
      if (isElement(c) && (NESTED_BREAKS.has(c.name) || factsOf(c).hasNestedBlock === true)) {
        nested = true;
        break;
      }
    }
    factsOf(n).hasNestedBlock = nested;
  }
  return factsOf(el).hasNestedBlock!;
}

const NESTED_BREAKS = new Set([
  'p',
  'div',
  'li',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'section',
  'table',
]);

/** Text up to each nested block is one paragraph; each nested block is visited as a block of its own. */
function pushMixed(el: Element, tasks: Task[]): void {
  const into: Mixed = { el, text: '' };
  tasks.push({ kind: 'flush', into });
  for (let i = el.children.length - 1; i >= 0; i--) tasks.push({ kind: 'inline', node: el.children[i]!, into });
}

function inline(n: AnyNode, into: Mixed, tasks: Task[], out: Collected): void {
  if (isText(n)) {
    into.text += n.data;
    return;
  }
  if (!isElement(n) || CHROME_TAGS.has(n.name)) return;
  if (n.name === 'br') {
    into.text += BR;
    return;
  }
  if (NESTED_BREAKS.has(n.name)) {
    flush(into, out);
    tasks.push({ kind: 'visit', el: n, isRoot: false });
    return;
  }
  for (let i = n.children.length - 1; i >= 0; i--) tasks.push({ kind: 'inline', node: n.children[i]!, into });
}

function flush(into: Mixed, out: Collected): void {
  for (const part of into.text.split(PARAGRAPH_BREAK)) pushText(into.el, normaliseText(part.replaceAll(BR, ' ')), out);
  into.text = '';
}

function hasBlockChild(el: Element): boolean {
  for (const c of el.children) {
    if (
      isElement(c) &&
      (BLOCKS.has(c.name) ||
        c.name === 'div' ||
        c.name === 'blockquote' ||
        c.name === 'ul' ||
        c.name === 'ol' ||
        c.name === 'section')
    )
      return true;
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
  checkParagraphCount(out, out.limits);
}

/** The normalised length of the block's link texts; a block split at <br><br> asks once per part. */
function linkedLength(el: Element): number {
  const facts = factsOf(el);
  facts.linkedNormalised ??= linkTexts(el).reduce((n, t) => n + normaliseText(t).length, 0);
  return facts.linkedNormalised;
}

/** A paragraph that is mostly a link ("Read more: <a>…</a>", a list of related stories) is chrome. */
function isLinkList(el: Element, text: string): boolean {
  const linked = linkedLength(el);
  if (linked === 0) return false;
  const density = linked / text.length;
  // "Read more: <a>other story</a>" in any language: a short label, then only the link.
  if (/^[^:：]{1,25}[:：]/.test(text) && linked >= text.length - text.search(/[:：]/) - 3) return true;
  return el.name === 'li' ? density > 0.7 : density > 0.8 && text.length < 200;
}

function dedupeAdjacent(list: string[]): string[] {
  return list.filter((p, i) => i === 0 || p !== list[i - 1]);
}
