import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parseDocument } from 'htmlparser2';
import { collectParagraphs } from './paragraphs.ts';
import { isElement } from './dom.ts';

/**
 * Readability on linkedom, for pages whose body the fast path cannot find. It parses the page a second
 * time, so it runs only when the fast path came back with (almost) nothing.
 */
export function readabilityParagraphs(html: string, url: string): string[] {
  const { document } = parseHTML(html);
  try {
    // Readability resolves relative links against the document's base; linkedom has none without this.
    const base = document.createElement('base');
    base.setAttribute('href', url);
    document.head?.appendChild(base);
  } catch {
    // no <head>: links stay relative, which does not change the text
  }
  const result = new Readability(document, { charThreshold: 200 }).parse();
  if (!result?.content) return [];
  const fragment = parseDocument(result.content);
  return collectParagraphs(fragment.children.filter(isElement));
}
