import { hasChildren, isTag, isText, type AnyNode, type ChildNode } from 'domhandler';
import { DEFAULT_LIMITS, WorkBudget } from './limits.ts';

// The visible text of every node of a tree, from one pass over it. A node's text is the text of its
// children one after the other (and a space after a block), so it is a span of its root's text: each
// node's length, trimmed length, commas and link text are numbers kept from that pass, not a walk of its
// subtree again for every ancestor that asks.

const SKIPPED_FOR_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'iframe']);
// Hold only raw text (no elements, so no links): their text is indexed only if asked for.
const RAW_TEXT = new Set(['script', 'style']);
const BLOCK_TEXT_BREAK = new Set(['br', 'p', 'div', 'li', 'td', 'th', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

// \s, the whitespace String.prototype.trim removes.
const isSpace = (c: number) =>
  c === 0x20 ||
  (c >= 0x09 && c <= 0x0d) ||
  (c >= 0xa0 &&
    (c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff));

const COMMAS = [',', '，', '、', '،'];

/** Commas of the scripts the scoring counts. indexOf, as most text has few and it skips the rest fast. */
function countCommas(text: string): number {
  let n = 0;
  for (const comma of COMMAS) for (let at = text.indexOf(comma); at >= 0; at = text.indexOf(comma, at + 1)) n++;
  return n;
}

/**
 * One string of text. Layer 0 is the tree's visible text; a skipped element (script, svg, button …) has
 * none, but a node inside one still has its own text when asked directly: those go to the next layer.
 */
export interface Layer {
  text: string;
  /** Offsets of <br>s, which read as a space unless the caller asks for another line break. */
  brs: number[];
}

/**
 * What is known of one node: its text as a span of its layer, and answers other parts of extract/
 * remember for it. Kept on the node itself, one object of one shape per node: a WeakMap over every node
 * of a page costs the garbage collector more than the extraction itself.
 */
export interface NodeFacts {
  /** The budget of the tree the node belongs to. */
  readonly work: WorkBudget;
  readonly layer: Layer;
  readonly start: number;
  readonly end: number;
  /** Whitespace at the start and at the end, as String.prototype.trim counts it. */
  readonly lead: number;
  readonly trail: number;
  readonly commas: number;
  /** The length of the text of the outermost links at or under the node. */
  readonly linked: number;
  /** hintsOf(el), lowercased once (dom.ts). */
  hints: string | undefined;
  /** The element or an ancestor is a comment, aside, footer or related-story box (fields.ts). */
  inChromeRegion: boolean | undefined;
  /** The element is or is inside a figure or figcaption (fields.ts). */
  insideFigure: boolean | undefined;
  /** A block is nested in the element's inline markup (paragraphs.ts). */
  hasNestedBlock: boolean | undefined;
  /** The normalised length of the element's link texts (paragraphs.ts). */
  linkedNormalised: number | undefined;
}

// An object literal, not a class with field initialisers: V8 builds it several times faster.
function nodeFacts(
  work: WorkBudget,
  layer: Layer,
  start: number,
  end: number,
  lead: number,
  trail: number,
  commas: number,
  linked: number,
): NodeFacts {
  return {
    work,
    layer,
    start,
    end,
    lead,
    trail,
    commas,
    linked,
    hints: undefined,
    inChromeRegion: undefined,
    insideFigure: undefined,
    hasNestedBlock: undefined,
    linkedNormalised: undefined,
  };
}

const FACTS = Symbol('node facts');
type Indexed = AnyNode & { [FACTS]?: NodeFacts };

/**
 * The node's facts, indexing its whole tree on first use; a node left out of that (the text of a
 * <script> or <style>) is indexed on its own when asked for.
 */
export function factsOf(node: AnyNode): NodeFacts {
  const known = (node as Indexed)[FACTS];
  if (known) return known;
  let top: AnyNode = node;
  let budget: WorkBudget | null = null;
  for (let up = node.parent; up; up = up.parent) {
    const facts = (up as Indexed)[FACTS];
    if (facts) {
      budget = facts.work;
      break;
    }
    top = up;
  }
  indexTree(top, budget ?? new WorkBudget(DEFAULT_LIMITS.maxWork));
  return (node as Indexed)[FACTS]!;
}

interface Builder {
  layer: Layer;
  parts: string[];
  length: number;
  commas: number;
}

/** A node whose children are being read, with what its text has added up to so far. */
interface Open {
  node: AnyNode;
  children: ChildNode[];
  next: number;
  skipped: boolean;
  layer: number;
  builder: Builder;
  start: number;
  commas: number;
  lead: number;
  trail: number;
  allSpace: boolean;
  linked: number;
}

/**
 * Indexes a tree: every element under `root` gets its facts (a text node or comment only when asked for,
 * see factsOf), its reading charged to `work`. Iterative, so depth costs no stack. extractArticle indexes
 * each tree it parses before reading it.
 */
export function indexTree(root: AnyNode, work: WorkBudget): void {
  const builders: Builder[] = [];
  const builder = (layer: number) =>
    (builders[layer] ??= { layer: { text: '', brs: [] }, parts: [], length: 0, commas: 0 });
  // One Open per level, reused: an element's is done with before its next sibling's is needed.
  const levels: Open[] = [];
  let depth = 0;

  /** Adds a piece of text of `length` to an open node's text, keeping its leading and trailing whitespace. */
  const append = (open: Open, length: number, lead: number, trail: number, linked: number) => {
    open.linked += linked;
    if (open.skipped || length === 0) return;
    const allSpace = lead === length;
    if (open.allSpace) {
      open.lead += lead;
      open.allSpace = allSpace;
    }
    open.trail = allSpace ? open.trail + length : trail;
  };

  const add = (b: Builder, text: string, commas: number) => {
    if (text) b.parts.push(text);
    b.length += text.length;
    b.commas += commas;
  };

  /**
   * Reads a leaf into `into` (the open parent, or null for a leaf root, which gets facts), or opens an
   * element or document to read its children.
   */
  const enter = (node: AnyNode, layer: number, into: Open | null) => {
    const b = builder(layer);
    const start = b.length;
    if (isText(node)) {
      const data = node.data;
      let lead = 0;
      while (lead < data.length && isSpace(data.charCodeAt(lead))) lead++;
      let trail = 0;
      while (trail < data.length - lead && isSpace(data.charCodeAt(data.length - 1 - trail))) trail++;
      if (lead === data.length) trail = lead;
      const commas = countCommas(data);
      add(b, data, commas);
      if (into) append(into, data.length, lead, trail, 0);
      else set(node, nodeFacts(work, b.layer, start, b.length, lead, trail, commas, 0));
      return;
    }
    if (isTag(node) && node.name === 'br') {
      b.layer.brs.push(start);
      add(b, ' ', 0);
      set(node, nodeFacts(work, b.layer, start, b.length, 1, 1, 0, 0));
      if (into) append(into, 1, 1, 1, 0);
      return;
    }
    if (!isTag(node) && !hasChildren(node)) {
      if (!into) set(node, nodeFacts(work, b.layer, start, start, 0, 0, 0, 0));
      return;
    }
    const skipped = isTag(node) && SKIPPED_FOR_TEXT.has(node.name);
    const open = (levels[depth] ??= {
      node,
      children: [],
      next: 0,
      skipped,
      layer,
      builder: b,
      start,
      commas: 0,
      lead: 0,
      trail: 0,
      allSpace: true,
      linked: 0,
    });
    depth++;
    open.node = node;
    open.children =
      skipped && RAW_TEXT.has((node as { name: string }).name) && node !== root
        ? []
        : (node as { children: ChildNode[] }).children;
    open.next = 0;
    open.skipped = skipped;
    open.layer = layer;
    open.builder = b;
    open.start = start;
    open.commas = b.commas;
    open.lead = 0;
    open.trail = 0;
    open.allSpace = true;
    open.linked = 0;
  };

  enter(root, 0, null);
  while (depth > 0) {
    const open = levels[depth - 1]!;
    if (open.next < open.children.length) {
      // A skipped element's children are read, each as its own text, in the next layer.
      enter(open.children[open.next++]!, open.skipped ? open.layer + 1 : open.layer, open);
      continue;
    }
    depth--;
    const b = open.builder;
    const node = open.node;
    if (!open.skipped && isTag(node) && BLOCK_TEXT_BREAK.has(node.name)) {
      add(b, ' ', 0);
      append(open, 1, 1, 1, 0);
    }
    const end = open.skipped ? open.start : b.length;
    const linked = isTag(node) && node.name === 'a' ? end - open.start : open.linked;
    set(
      node,
      nodeFacts(
        work,
        b.layer,
        open.start,
        end,
        open.lead,
        open.trail,
        open.skipped ? 0 : b.commas - open.commas,
        linked,
      ),
    );
    if (depth > 0) append(levels[depth - 1]!, end - open.start, open.lead, open.trail, linked);
  }
  for (const b of builders) {
    if (!b) continue;
    b.layer.text = b.parts.join('');
    b.parts = [];
  }
}

function set(node: AnyNode, facts: NodeFacts): void {
  (node as Indexed)[FACTS] = facts;
}

/** The node's text, with `lineBreak` where each <br> is. */
export function textOfFacts(facts: NodeFacts, lineBreak: string): string {
  const { text, brs } = facts.layer;
  if (lineBreak === ' ' || brs.length === 0) return text.slice(facts.start, facts.end);
  let out = '';
  let from = facts.start;
  for (let i = firstAtOrAfter(brs, facts.start); i < brs.length && brs[i]! < facts.end; i++) {
    out += text.slice(from, brs[i]) + lineBreak;
    from = brs[i]! + 1;
  }
  return out + text.slice(from, facts.end);
}

function firstAtOrAfter(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
