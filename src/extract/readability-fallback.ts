import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { collectParagraphs } from './paragraphs.ts';
import { isElement } from './dom.ts';
import { DEFAULT_LIMITS, WorkBudget, type ExtractLimits } from './limits.ts';
import { parsePage } from './parse.ts';
import { indexTree } from './node-facts.ts';

/**
 * Readability on linkedom, for pages whose body the fast path cannot find. It parses the page a second
 * time, so it runs only when the fast path came back with (almost) nothing, and only on pages within
 * `limits.fallback` (see extractArticle). What it returns is read under the same caps and work budget.
 */
export function readabilityParagraphs(
  html: string,
  url: string,
  limits: ExtractLimits = DEFAULT_LIMITS,
  work = new WorkBudget(limits.maxWork),
): string[] {
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
  const fragment = parsePage(result.content, limits).doc;
  indexTree(fragment, work);
  return collectParagraphs(fragment.children.filter(isElement), limits);
}
