import { isTag, isText, type AnyNode, type ChildNode, type Element } from 'domhandler';
import { WORK_PER_NODE } from './limits.ts';
import { factsOf, textOfFacts, type NodeFacts } from './node-facts.ts';

export type { AnyNode, ChildNode, Element };
/** Elements, <script> and <style> included. */
export const isElement = isTag;
export { isText };

export function attr(el: Element, name: string): string {
  return el.attribs[name] ?? '';
}

/** class, id and a few naming attributes in one lowercase string, for chrome / body hints. */
export function hintsOf(el: Element): string {
  const facts = factsOf(el);
  if (facts.hints !== undefined) return facts.hints;
  const a = el.attribs;
  let s = '';
  if (a.class) s += a.class + ' ';
  if (a.id) s += a.id + ' ';
  if (a.itemprop) s += a.itemprop + ' ';
  if (a['data-testid']) s += a['data-testid'] + ' ';
  if (a.role) s += a.role + ' ';
  if (a.name && el.name === 'section') s += a.name;
  facts.hints = s.toLowerCase();
  return facts.hints;
}

/**
 * The visible text of a subtree, with a space where a line break or block boundary falls: a span of the
 * text of its tree, read once (node-facts.ts); what a caller reads is charged to the page's work budget.
 */
export function textOf(node: AnyNode, lineBreak = ' '): string {
  const facts = factsOf(node);
  facts.work.charge(facts.end - facts.start);
  return textOfFacts(facts, lineBreak);
}

/** textOf(node).length, without reading the text. */
export function textLength(node: AnyNode): number {
  const facts = factsOf(node);
  return facts.end - facts.start;
}

/** textOf(node).trim().length, without reading the text. */
export function trimmedTextLength(node: AnyNode): number {
  const facts = factsOf(node);
  const length = facts.end - facts.start;
  return facts.lead === length ? 0 : length - facts.lead - facts.trail;
}

/** textOf(node).trim().slice(0, max), reading only those characters. */
export function trimmedTextStart(node: AnyNode, max: number): string {
  const facts = factsOf(node);
  const end = facts.end - facts.trail;
  const start = facts.start + facts.lead;
  return start >= end ? '' : facts.layer.text.slice(start, Math.min(end, start + max));
}

/** How many commas (Latin, CJK, Arabic) textOf(node) holds. */
export function commaCount(node: AnyNode): number {
  return factsOf(node).commas;
}

/** The summed length of linkTexts(node), without reading them. */
export function linkedTextLength(node: AnyNode): number {
  return factsOf(node).linked;
}

/**
 * Depth-first visit in document order; return false from visit to skip a subtree. Iterative, so a deep
 * page costs no stack; each visit is charged to the page's work budget.
 */
export function walk(node: AnyNode, visit: (el: Element) => boolean | void): void {
  const children = (node as Element).children;
  if (!children) return;
  // The open levels: each one's children and the next of them to visit.
  const lists: ChildNode[][] = [children];
  const next: number[] = [0];
  let visited = 0;
  while (lists.length > 0) {
    const level = lists.length - 1;
    const list = lists[level]!;
    const i = next[level]!;
    if (i >= list.length) {
      lists.pop();
      next.pop();
      continue;
    }
    next[level] = i + 1;
    const el = list[i]!;
    if (!isElement(el)) continue;
    visited++;
    if (visit(el) === false || el.children.length === 0) continue;
    lists.push(el.children);
    next.push(0);
  }
  factsOf(node).work.charge(visited * WORK_PER_NODE);
}

export function findAll(node: AnyNode, test: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  walk(node, (el) => {
    if (test(el)) found.push(el);
  });
  return found;
}

/** The first element under `node` (not itself), in document order, that passes `test`. */
export function findFirst(node: AnyNode, test: (el: Element) => boolean): Element | null {
  const stack: ChildNode[] = [...((node as Element).children ?? [])].reverse();
  let visited = 0;
  let found: Element | null = null;
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (!isElement(el)) continue;
    visited++;
    if (test(el)) {
      found = el;
      break;
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  factsOf(node).work.charge(visited * WORK_PER_NODE);
  return found;
}

export function isHidden(el: Element): boolean {
  const a = el.attribs;
  if ('hidden' in a || a['aria-hidden'] === 'true') return true;
  const style = a.style;
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** The text of every link under `node` (a link's own links are part of its text). */
export function linkTexts(node: AnyNode): string[] {
  if (!isElement(node)) return [];
  if (node.name === 'a') return [textOf(node)];
  const texts: string[] = [];
  walk(node, (el) => {
    if (el.name !== 'a') return true;
    texts.push(textOf(el));
    return false;
  });
  return texts;
}

/**
 * Whether `el` or one of its ancestors passes `test`, remembered in each element's facts under `memo`
 * on the way: asking it of each of n nested elements costs n steps, not n².
 */
export function selfOrAncestor(
  el: Element,
  test: (el: Element) => boolean,
  memo: 'inChromeRegion' | 'insideFigure',
): boolean {
  const own = factsOf(el);
  if (own[memo] !== undefined) return own[memo];
  // Asked in document order, the parent has its answer already.
  const parent = el.parent;
  const above = parent && isElement(parent) ? factsOf(parent)[memo] : false;
  if (above !== undefined) return (own[memo] = above || test(el));
  const chain: NodeFacts[] = [];
  const elements: Element[] = [];
  let answer = false;
  for (let n: AnyNode | null = el; n && isElement(n); n = n.parent) {
    const facts = factsOf(n);
    const known = facts[memo];
    if (known !== undefined) {
      answer = known;
      break;
    }
    chain.push(facts);
    elements.push(n);
  }
  // From the top down: an element passes when it does itself or its parent's answer is yes.
  for (let i = chain.length - 1; i >= 0; i--) {
    answer ||= test(elements[i]!);
    chain[i]![memo] = answer;
  }
  return answer;
}
