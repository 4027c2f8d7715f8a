import type { Logger } from '../log.ts';
import { isAllowedDomain, normaliseArticleUrl } from '../sources/article-url.ts';
import type { ArticleRow, Store } from '../store/index.ts';

/**
 * The URL an article is tracked under, given its page's canonical link: the canonical one when it is
 * a different, allowed URL; or, when that one is tracked already, the article is a duplicate and retired,
 * its requests moved to the article tracked already.
 */
export async function honourCanonical(
  deps: { store: Store; log: Logger; allowedDomains: readonly string[]; now: () => Date },
  row: ArticleRow,
  canonicalUrl: string | null,
): Promise<{ url: string; duplicateOf?: string }> {
  if (!canonicalUrl) return { url: row.url };
  let canonical: string;
  try {
    canonical = normaliseArticleUrl(canonicalUrl);
  } catch {
    return { url: row.url };
  }
  // A canonical link to a home page or another site is a template's mistake, not the article's address.
  const to = new URL(canonical);
  const site = (host: string) => host.replace(/^(?:www|m|amp|mobile)\./, '');
  if (
    canonical === row.url ||
    to.pathname === '/' ||
    site(to.hostname) !== site(new URL(row.url).hostname) ||
    !isAllowedDomain(canonical, deps.allowedDomains)
  )
    return { url: row.url };
  const existing = await deps.store.articles.for(canonical);
  // A canonical link back to this very article (through a second address of it) names nothing new.
  if (existing?.id === row.id) return { url: row.url };
  if (existing) {
    // Whoever asked for this address is answered, and told of edits, from the article it names.
    const movedRequests = await deps.store.articles.retireAsDuplicate(row.id, existing, deps.now().toISOString());
    deps.log.info(
      { url: row.url, canonical, article: existing.url, movedRequests },
      'the page names an article tracked already as its canonical URL; retired this one',
    );
    return { url: row.url, duplicateOf: existing.url };
  }
  await deps.store.articles.rename(row.id, canonical);
  deps.log.info({ url: row.url, canonical }, 'tracking the article under its canonical URL');
  return { url: canonical };
}
