import type { Document } from 'domhandler';
import {
  commaCount,
  findFirst,
  hintsOf,
  isElement,
  isHidden,
  isText,
  linkedTextLength,
  textLength,
  trimmedTextLength,
  trimmedTextStart,
  walk,
  type AnyNode,
  type Element,
} from './dom.ts';
import { WORK_PER_NODE } from './limits.ts';
import { factsOf } from './node-facts.ts';
import { BODY_HINT, CHROME_HINT, CHROME_TAGS, ChromeHints } from './chrome.ts';

const PARAGRAPH_TAGS = new Set(['p', 'pre', 'blockquote']);
const CONTAINER_TAGS = new Set(['div', 'section', 'article', 'main', 'td', 'body', 'span']);
const UNSCORED_ANCESTORS = new Set(['header', 'footer', 'nav', 'aside', 'form', 'figure']);
const BLOCK_CHILDREN = new Set([
  'p',
  'div',
  'section',
  'article',
  'table',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'figure',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'form',
]);

/**
 * Finds the elements that hold the article text. Each paragraph scores its parent (and half as much its
 * grandparent) by length and commas, Readability-style but in one walk over the parsed tree; class/id
 * hints adjust the score. Around the winner, other paragraph containers that score well too (a body
 * split into sections between figures and pull quotes) join it, in document order.
 */
export function findBodyRoots(doc: Document, hinted: Element[]): Element[] {
  const scores = new Map<Element, number>();
  const direct = new Map<Element, number>();
  const chrome = new ChromeHints(textLength(doc), textLength);
  scoreParagraphs(doc, chrome, (parent, grandparent, amount) => {
    direct.set(parent, (direct.get(parent) ?? 0) + amount);
    scores.set(parent, (scores.get(parent) ?? 0) + amount);
    if (grandparent) scores.set(grandparent, (scores.get(grandparent) ?? 0) + amount / 2);
  });
  for (const [el, raw] of scores) scores.set(el, withHints(el, raw));
  // Link density needs the whole subtree's text, so only the leading candidates pay for it.
  const leaders = [...scores].sort((a, b) => b[1] - a[1]).slice(0, 5);
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, score] of leaders) {
    const final = score * (1 - linkDensity(el));
    scores.set(el, final);
    if (final > bestScore) {
      best = el;
      bestScore = final;
    }
  }
  const hint = largestHint(hinted);
  if (hint && (!best || hintCovers(hint, best, scores))) return [hint];
  if (!best) return [];
  return withNeighbours(best, direct);
}

const NEIGHBOUR_LEVELS = 6;

function withNeighbours(best: Element, direct: Map<Element, number>): Element[] {
  let scope: Element = best;
  for (let i = 0; i < NEIGHBOUR_LEVELS; i++) {
    const up = scope.parent;
    if (!up || !isElement(up) || up.name === 'body' || up.name === 'html') break;
    scope = up;
  }
  if (scope === best) return [best];
  const threshold = Math.max(5, (direct.get(best) ?? 0) * 0.15);
  const bestClass = best.attribs.class || undefined;
  const roots: Element[] = [];
  walk(scope, (el) => {
    if (el === best) {
      roots.push(el);
      return false;
    }
    const score = direct.get(el);
    // A container made from the winner's template (same class) is part of the body however short.
    const sameTemplate = bestClass !== undefined && el.parent === best.parent && el.attribs.class === bestClass;
    if (score !== undefined && (score >= threshold || sameTemplate) && linkDensity(el) < 0.5 && !isTeaser(el)) {
      roots.push(el);
      return false;
    }
    return true;
  });
  return roots.length > 0 ? roots : [best];
}

type AddScore = (parent: Element, grandparent: Element | null, amount: number) => void;

function scoreParagraphs(node: AnyNode, chrome: ChromeHints, add: AddScore): void {
  walk(node, (child) => {
    if (CHROME_TAGS.has(child.name) || UNSCORED_ANCESTORS.has(child.name) || isHidden(child)) return false;
    if (chrome.isChrome(child, hintsOf(child))) return false;
    if (PARAGRAPH_TAGS.has(child.name) || (CONTAINER_TAGS.has(child.name) && isTextBlock(child))) {
      const length = trimmedTextLength(child);
      if (length >= 25) {
        const score = 1 + commaCount(child) + Math.min(Math.floor(length / 100), 3);
        const parent = child.parent;
        if (parent && isElement(parent)) {
          const grandparent = parent.parent;
          add(parent, grandparent && isElement(grandparent) ? grandparent : null, score);
        }
      }
      if (PARAGRAPH_TAGS.has(child.name)) return false;
    }
    return true;
  });
}

/** A div that holds text directly rather than other blocks: treated as a paragraph. */
export function isTextBlock(el: Element): boolean {
  let directText = 0;
  for (const c of el.children) {
    if (isText(c)) directText += c.data.trim().length;
    else if (isElement(c) && BLOCK_CHILDREN.has(c.name)) return false;
  }
  return directText > 0;
}

function withHints(el: Element, raw: number): number {
  const hints = hintsOf(el);
  let score = raw;
  if (hints) {
    if (BODY_HINT.test(hints)) score *= 1.25;
    if (CHROME_HINT.test(hints)) score *= 0.5;
  }
  if (el.name === 'article' || el.attribs.itemprop === 'articleBody') score *= 1.25;
  return score;
}

function linkDensity(el: Element): number {
  const total = textLength(el);
  if (total === 0) return 0;
  return Math.min(1, linkedTextLength(el) / total);
}

const TEASER_TITLE = new Set(['h2', 'h3', 'h4', 'h5']);

/** A linked title over a summary: a teaser for another article, however long its summary. */
function isTeaser(el: Element): boolean {
  // Depth first, in document order, with whether each element is inside a link and inside a title.
  const stack: [Element, boolean, boolean][] = [[el, false, false]];
  let visited = 0;
  let teaser = false;
  while (stack.length > 0 && !teaser) {
    const [n, inLink, inTitle] = stack.pop()!;
    visited++;
    const link = inLink || n.name === 'a';
    const title = inTitle || TEASER_TITLE.has(n.name);
    if (link && title && trimmedTextLength(n) >= 15) teaser = true;
    else
      for (let i = n.children.length - 1; i >= 0; i--)
        if (isElement(n.children[i]!)) stack.push([n.children[i] as Element, link, title]);
  }
  factsOf(el).work.charge(visited * WORK_PER_NODE);
  if (teaser) return true;
  // Or the block opens with a long link (the other article's headline) before any text of its own.
  const firstText = trimmedTextStart(el, 40);
  const firstLink = findFirst(el, (n) => n.name === 'a');
  if (firstLink === null || firstText.length === 0) return false;
  const opening = firstText.slice(0, 20);
  return trimmedTextStart(firstLink, opening.length) === opening && trimmedTextLength(firstLink) >= 20;
}

function largestHint(hinted: Element[]): Element | null {
  let best: Element | null = null;
  let bestLength = 199; // a body marker around a teaser is not the body
  for (const el of hinted) {
    const length = textLength(el);
    if (length > bestLength) {
      best = el;
      bestLength = length;
    }
  }
  return best;
}

/** The page's own articleBody marker wins unless the scored winner lies outside it and outweighs it. */
function hintCovers(hint: Element, best: Element, scores: Map<Element, number>): boolean {
  for (let n: AnyNode | null = best; n; n = n.parent) if (n === hint) return true;
  for (let n: AnyNode | null = hint; n; n = n.parent) if (n === best) return true;
  return (scores.get(hint) ?? 0) * 2 >= (scores.get(best) ?? 0);
}
