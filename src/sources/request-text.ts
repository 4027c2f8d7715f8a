/** What a mention asks for: to track an article, to stop, or nothing the bot acts on. */
export interface ParsedRequest {
  action: 'track' | 'untrack' | 'none';
  /** The first article link: from the post's links (full URLs) first, then its text. */
  url: string | null;
  /** The words asked for it explicitly ("track", "watch"), not only a bare link. */
  explicit: boolean;
}

const UNTRACK = /(?:^|[^\p{L}\p{N}])(?:untrack|unwatch|stop(?:\s+(?:tracking|watching))?|unfollow)(?=$|[^\p{L}\p{N}])/iu;
const TRACK = /(?:^|[^\p{L}\p{N}])(?:track|watch|follow|monitor)(?=$|[^\p{L}\p{N}])/iu;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'“”‘’]+/giu;

/**
 * Reads a mention. `links` are the full URLs the network gives (Mastodon's link hrefs and card,
 * Bluesky's link facets and external embed): the text may show them shortened.
 */
export function parseRequest(text: string, links: readonly string[]): ParsedRequest {
  // Handles (@editwatch@example.social, @bot.bsky.social) are not words of the request.
  const words = text.replace(/(^|\s)@[\w.-]+(?:@[\w.-]+)?/gu, ' ');
  // A link shown shortened ("…") is not the article's address.
  const inText = [...words.matchAll(URL_IN_TEXT)].map((m) => m[0]).filter((u) => !u.endsWith('…')).map((u) => u.replace(/[.,;:!?)\]}]+$/u, ''));
  const url = [...links, ...inText].find((u) => /^https?:\/\//i.test(u)) ?? null;
  const prose = words.replace(URL_IN_TEXT, ' ');
  if (UNTRACK.test(prose)) return { action: 'untrack', url, explicit: true };
  const explicit = TRACK.test(prose);
  if (explicit || url) return { action: 'track', url, explicit };
  return { action: 'none', url: null, explicit: false };
}
