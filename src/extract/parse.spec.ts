import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getOuterHTML } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits.ts';
import { parsePage } from './parse.ts';

const corpus = resolve(import.meta.dirname, '../../test/fixtures/corpus');
const pages = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => readFileSync(join(corpus, d.name, 'source.html'), 'utf8'));

describe('parsing, counted as it goes', () => {
  it('builds the tree parseDocument builds: entities, scripts, comments, CDATA, unclosed tags', () => {
    const tricky =
      '<!doctype html><p title="a &amp; b">x &amp;&#x41;&eacute;y<script>if (a < b) { c = "</p>"; }</script><!-- a -- b --><![CDATA[ z ]]><br/>&nbsp;<p>last';
    expect(getOuterHTML(parsePage(tricky, DEFAULT_LIMITS).doc)).toBe(getOuterHTML(parseDocument(tricky)));
    for (const html of pages)
      expect(getOuterHTML(parsePage(html, DEFAULT_LIMITS).doc)).toBe(getOuterHTML(parseDocument(html)));
  });

  it('counts every node once, and the deepest element', () => {
    const { shape } = parsePage(
      '<html><body><div><p>one<b>two</b></p><!-- c --></div>tail</body></html>',
      DEFAULT_LIMITS,
    );
    // html, body, div, p, "one", b, "two", comment, "tail"
    expect(shape).toEqual({ nodes: 9, depth: 5 });
  });
});
