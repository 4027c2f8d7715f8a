import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasChildren, isTag, isText, type AnyNode, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { commaCount, linkedTextLength, textLength, textOf, trimmedTextLength, trimmedTextStart } from './dom.ts';

// The text as the rules read it before it was indexed: each node's subtree walked again on every call.
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'iframe']);
const BREAK = new Set(['br', 'p', 'div', 'li', 'td', 'th', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
function walkedText(node: AnyNode, lineBreak = ' '): string {
  if (isText(node)) return node.data;
  if (!isTag(node) && !hasChildren(node)) return '';
  if (isTag(node)) {
    if (SKIPPED.has(node.name)) return '';
    if (node.name === 'br') return lineBreak;
  }
  const inner = (node as Element).children.map((c) => walkedText(c, lineBreak)).join('');
  return isTag(node) && BREAK.has(node.name) ? inner + ' ' : inner;
}
function walkedLinks(node: AnyNode): string[] {
  if (!isTag(node)) return [];
  if (node.name === 'a') return [walkedText(node)];
  return node.children.flatMap(walkedLinks);
}

function everyNode(root: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    if (hasChildren(n)) stack.push(...n.children);
  }
  return out;
}

function expectSameAsWalked(doc: AnyNode): void {
  for (const node of everyNode(doc)) {
    const text = walkedText(node);
    expect(textOf(node)).toBe(text);
    expect(textOf(node, '\uE000')).toBe(walkedText(node, '\uE000'));
    expect(textLength(node)).toBe(text.length);
    expect(trimmedTextLength(node)).toBe(text.trim().length);
    expect(trimmedTextStart(node, 40)).toBe(text.trim().slice(0, 40));
    expect(commaCount(node)).toBe(text.match(/[,，、،]/g)?.length ?? 0);
    if (isTag(node)) expect(linkedTextLength(node)).toBe(walkedLinks(node).reduce((n, t) => n + t.length, 0));
  }
}

describe('the text of every node, read once per tree', () => {
  it('is what walking each subtree gives: skipped elements, nodes inside them, line breaks, links, whitespace', () => {
    const html = `<html><head><title> A title </title><script>var a = "<b>, not text";</script><style>p{}</style></head><body>
      <div>  lead  <p>One, two<br>three，四、五،</p><svg><a href="/x"><text>link in svg, read alone</text></a></svg>
      <button>Share, <a>now</a></button><a href="/1"> outer <a href="/2">inner</a> </a>
      <ul><li>item<br><br>split</li><li>   </li></ul><!-- a comment, with a comma --><template><p>later, maybe</p></template>
      <table><tr><td>cell, one</td><td>cell <b>two</b></td></tr></table></div>
      <![CDATA[ odd ]]><p>Unclosed <b>bold <i>italic, <p>next</body></html>`;
    expectSameAsWalked(parseDocument(html));
  });

  it('is what walking each subtree gives on real pages', () => {
    const corpus = resolve(import.meta.dirname, '../../test/fixtures/corpus');
    for (const name of readdirSync(corpus).filter((d) => ['bbc-1', 'qq'].includes(d))) {
      expectSameAsWalked(parseDocument(readFileSync(join(corpus, name, 'source.html'), 'utf8')));
    }
  });

  it('costs no stack however deep the tree is', () => {
    const deep = parseDocument(`${'<div>'.repeat(20_000)}text, deep${'</div>'.repeat(20_000)}`);
    expect(textOf(deep)).toBe(`text, deep${' '.repeat(20_000)}`);
    expect(commaCount(deep)).toBe(1);
  });
});
