import { hasChildren, isTag, isText, type AnyNode, type ChildNode, type Element } from 'domhandler';

export type { AnyNode, ChildNode, Element };
/** Elements, <script> and <style> included. */
export const isElement = isTag;
export { isText };

export function attr(el: Element, name: string): string {
  return el.attribs[name] ?? '';
}

/** class, id and a few naming attributes in one lowercase string, for chrome / body hints. */
export function hintsOf(el: Element): string {
  const a = el.attribs;
  let s = '';
  if (a.class) s += a.class + ' ';
  if (a.id) s += a.id + ' ';
  if (a.itemprop) s += a.itemprop + ' ';
  if (a['data-testid']) s += a['data-testid'] + ' ';
  if (a.role) s += a.role + ' ';
  if (a.name && el.name === 'section') s += a.name;
  return s.toLowerCase();
}

const SKIPPED_FOR_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'iframe']);
const BLOCK_TEXT_BREAK = new Set(['br', 'p', 'div', 'li', 'td', 'th', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** The visible text of a subtree, with a space where a line break or block boundary falls. */
export function textOf(node: AnyNode, lineBreak = ' '): string {
  const parts: string[] = [];
  collectText(node, parts, lineBreak);
  return parts.join('');
}

function collectText(node: AnyNode, out: string[], lineBreak: string): void {
  if (isText(node)) {
    out.push(node.data);
    return;
  }
  if (!isElement(node) && !hasChildren(node)) return;
  if (isElement(node)) {
    if (SKIPPED_FOR_TEXT.has(node.name)) return;
    if (node.name === 'br') {
      out.push(lineBreak);
      return;
    }
  }
  const children = (node as Element).children;
  for (const child of children) collectText(child, out, lineBreak);
  if (isElement(node) && BLOCK_TEXT_BREAK.has(node.name)) out.push(' ');
}

/** Depth-first visit; return false from visit to skip a subtree. */
export function walk(node: AnyNode, visit: (el: Element) => boolean | void): void {
  const children = (node as Element).children;
  if (!children) return;
  for (const child of children) {
    if (!isElement(child)) continue;
    if (visit(child) === false) continue;
    walk(child, visit);
  }
}

export function findAll(node: AnyNode, test: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  walk(node, (el) => {
    if (test(el)) found.push(el);
  });
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
  const texts: string[] = [];
  const visit = (n: AnyNode) => {
    if (!isElement(n)) return;
    if (n.name === 'a') texts.push(textOf(n));
    else for (const c of n.children) visit(c);
  };
  visit(node);
  return texts;
}
