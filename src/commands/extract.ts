import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Fetcher } from '../fetch/index.ts';
import { inlineExtractor, type Extractor } from '../extract/extractor.ts';
import { articleToText } from './terminal.ts';

/**
 * Extracts one page: a saved HTML file, or a URL fetched with the bot's own fetcher. A one-off command
 * reads it on its own thread (under the same caps); the bot's loop uses a time-limited worker.
 */
export async function extract(
  target: string,
  fetcher: () => Fetcher,
  options: { json?: boolean },
  extractor: Extractor = inlineExtractor(),
): Promise<number> {
  let html: string;
  let url: string;
  if (existsSync(target)) {
    html = readFileSync(target, 'utf8');
    url = pathToFileURL(target).href;
  } else {
    const f = fetcher();
    try {
      const result = await f.fetchPage(target);
      if (result.kind !== 'page') throw new Error(`${target}: server answered 304 to an unconditional request`);
      html = result.html;
      url = result.finalUrl;
    } finally {
      await f.close();
    }
  }
  let article;
  try {
    article = await extractor.extract(html, url);
  } finally {
    await extractor.close();
  }
  console.log(options.json ? JSON.stringify(article, null, 2) : articleToText(article));
  return 0;
}
