/** Query parameters that track a click, not an article (patterns, space-separated): removed so one article is tracked once. */
const TRACKING_PARAM_NAMES = `
  utm_\\w+ fbclid gclid dclid gbraid wbraid msclkid mc_cid mc_eid igshid yclid _ga _gl ocid cmpid smid smtyp ito
  at_\\w+ ns_\\w+ ref_src ref_url share sh s_cid CMP xtor __twitter_impression
`;
const TRACKING_PARAMS = new RegExp(`^(?:${TRACKING_PARAM_NAMES.trim().split(/\s+/).join('|')})$`, 'i');

/**
 * The longest article URL kept. Browsers and servers handle far longer ones, but no article needs them
 * (long ones are search results, session state or tricks), and each is stored, logged and posted.
 */
export const MAX_ARTICLE_URL_LENGTH = 2048;

export class ArticleUrlError extends Error {
  override name = 'ArticleUrlError';
  constructor(
    readonly input: string,
    readonly reason: 'malformed' | 'scheme' | 'credentials' | 'too-long' | 'not-allowed' | 'private',
    message: string,
  ) {
    super(message);
  }
}

/** The canonical form of an article URL: https/http only, no fragment, no tracking parameters, lowercase host. */
export function normaliseArticleUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ArticleUrlError(input, 'malformed', `"${shown(input)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ArticleUrlError(input, 'scheme', `"${shown(input)}": only http and https URLs can be tracked`);
  if (url.username || url.password)
    throw new ArticleUrlError(input, 'credentials', `"${shown(input)}": URLs with credentials are not tracked`);
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAMS.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  const href = url.href.replace(/\?$/, '');
  // Measured in canonical form: what would be stored (tracking parameters gone, non-ASCII percent-encoded).
  if (href.length > MAX_ARTICLE_URL_LENGTH) {
    throw new ArticleUrlError(
      input,
      'too-long',
      `"${shown(href)}": a URL of ${href.length.toLocaleString('en')} characters is too long to track (at most ${MAX_ARTICLE_URL_LENGTH.toLocaleString('en')})`,
    );
  }
  return href;
}

/** An input as an error message quotes it: a long one is cut, so one bad URL cannot flood a log or terminal. */
function shown(input: string): string {
  return input.length > 100 ? `${input.slice(0, 99)}…` : input;
}

/** True when the host is one of the allowed domains or below one; an empty list allows any host. */
export function isAllowedDomain(url: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  return allowed.some((d) => host === d || host.endsWith(`.${d}`));
}

/** Normalises and checks a URL someone asked to track. */
export function acceptArticleUrl(input: string, allowed: readonly string[]): string {
  const url = normaliseArticleUrl(input);
  if (!isAllowedDomain(url, allowed)) {
    throw new ArticleUrlError(
      input,
      'not-allowed',
      `"${new URL(url).hostname}" is not in EDITWATCH_ALLOWED_DOMAINS (${allowed.join(', ')})`,
    );
  }
  return url;
}
