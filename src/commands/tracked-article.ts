import type { StateApp } from '../open-state.ts';
import { normaliseArticleUrl } from '../sources/article-url.ts';
import { UsageError } from './usage-error.ts';

/** The tracked article a command was given the URL of; a clear error when it is not tracked. */
export async function trackedArticle(app: StateApp, input: string) {
  const url = normaliseArticleUrl(input);
  const article = await app.store.articles.get(url);
  if (!article) throw new UsageError(`${url} is not tracked`);
  return article;
}
