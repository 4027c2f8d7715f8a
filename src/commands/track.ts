import type { App } from '../app.ts';
import { acceptArticleUrl, ArticleUrlError, normaliseArticleUrl } from '../sources/article-url.ts';

export async function track(app: App, urls: string[]): Promise<number> {
  let failed = 0;
  for (const input of urls) {
    try {
      const url = acceptArticleUrl(input, app.config.allowedDomains);
      const { created } = await app.store.trackArticle(url, new Date().toISOString(), 'cli');
      console.log(`${created ? 'tracking' : 'already tracked'}: ${url}`);
    } catch (err) {
      if (!(err instanceof ArticleUrlError)) throw err;
      console.error(`not tracked: ${err.message}`);
      failed++;
    }
  }
  return failed ? 1 : 0;
}

export async function untrack(app: App, urls: string[]): Promise<number> {
  let failed = 0;
  for (const input of urls) {
    let url: string;
    try {
      url = normaliseArticleUrl(input);
    } catch (err) {
      console.error(`not untracked: ${(err as Error).message}`);
      failed++;
      continue;
    }
    if (await app.store.untrackArticle(url)) console.log(`untracked: ${url} (its history is kept)`);
    else {
      console.error(`not untracked: ${url} is not being tracked`);
      failed++;
    }
  }
  return failed ? 1 : 0;
}
