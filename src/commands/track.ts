import type { StateApp } from '../open-state.ts';
import { nonPublicHostname } from '../fetch/address-guard.ts';
import { acceptArticleUrl, ArticleUrlError, normaliseArticleUrl } from '../sources/article-url.ts';

/**
 * Exit code 1 when a URL is refused; 2 when one is a private address, which only configuration
 * (EDITWATCH_ALLOW_PRIVATE_HOSTS) could allow. The others given are tracked either way.
 */
export async function track(app: StateApp, urls: string[]): Promise<number> {
  let code = 0;
  for (const input of urls) {
    try {
      const url = acceptArticleUrl(input, app.config.tracking.allowedDomains);
      refusePrivate(url, app.config.fetch.allowPrivate);
      const { created } = await app.store.articles.track(url, new Date().toISOString(), 'cli');
      console.log(`${created ? 'tracking' : 'already tracked'}: ${url}`);
    } catch (err) {
      if (!(err instanceof ArticleUrlError)) throw err;
      console.error(`not tracked: ${err.message}`);
      code = Math.max(code, err.reason === 'private' ? 2 : 1);
    }
  }
  return code;
}

/** The fetcher's SSRF rules, applied now rather than at the first check: an IP literal or localhost name that is not public. */
function refusePrivate(url: string, allowPrivateHosts: boolean): void {
  const host = new URL(url).hostname;
  const range = allowPrivateHosts ? null : nonPublicHostname(host);
  if (range)
    throw new ArticleUrlError(
      url,
      'private',
      `${url}: ${host} (${range}) is not a public address; EDITWATCH_ALLOW_PRIVATE_HOSTS=true allows it, for tests and the demo only`,
    );
}

export async function untrack(app: StateApp, urls: string[]): Promise<number> {
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
    if (await app.store.articles.untrack(url)) console.log(`untracked: ${url} (its history is kept)`);
    else {
      console.error(`not untracked: ${url} is not being tracked`);
      failed++;
    }
  }
  return failed ? 1 : 0;
}
