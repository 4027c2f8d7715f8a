import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Fetcher } from '../fetch/index.ts';
import { extractArticle } from '../extract/index.ts';
import { articleToText } from '../render/terminal.ts';

/** Extracts one page: a saved HTML file, or a URL fetched with the bot's own fetcher. */
export async function extract(target: string, fetcher: () => Fetcher, options: { json?: boolean }): Promise<number> {
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
  const article = extractArticle(html, url);
  console.log(options.json ? JSON.stringify(article, null, 2) : articleToText(article));
  return 0;
}
