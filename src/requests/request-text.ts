import { REQUEST_WORDS } from './request-words.ts';

/** What a mention asks for: to track an article, to stop, or nothing the bot acts on. */
export interface ParsedRequest {
  action: 'track' | 'untrack' | 'none';
  /** The first article link: from the post's links (full URLs) first, then its text. With 'none', a link that came without a verb. */
  url: string | null;
  /** The words asked for it explicitly ("track", "volg", "stop"), not only a bare link. */
  explicit: boolean;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'“”‘’]+/giu;
/** A link shown without its scheme ("news.example/2026/11/a-long-sl…"): its words are not the request's. */
const BARE_LINK = /(?<![\p{L}\p{N}@.-])(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?:[/?#]\S*)?/gu;
const HANDLE = /(^|\s)@[\w.-]+(?:@[\w.-]+)?/gu;

/** Lower case, without accents: "Hör AUF" and "hor auf" read the same. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One pattern for all languages' words of a kind (see REQUEST_WORDS for "^"). */
function wordsPattern(kind: 'track' | 'untrack'): RegExp {
  const parts = Object.values(REQUEST_WORDS)
    .flatMap((w) => w[kind])
    .map((word) => {
      const first = word.startsWith('^');
      const body = escape(fold(word.replace(/^\^/, ''))).replace(/ /g, '\\s+');
      // Scripts written without spaces have no word boundaries to look for.
      if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(body)) return body;
      return `${first ? '^[^\\p{L}\\p{N}]*' : '(?<![\\p{L}\\p{N}])'}${body}(?![\\p{L}\\p{N}])`;
    });
  return new RegExp(parts.join('|'), 'u');
}
const TRACK = wordsPattern('track');
const UNTRACK = wordsPattern('untrack');

/**
 * Reads a mention. `links` are the full URLs the network gives (Mastodon's link hrefs and card,
 * Bluesky's link facets and external embed): the text may show them shortened. A request names its
 * verb, or is the link alone ("@bot <link>"); a link among other words and no verb ("great bot! my
 * blog: …") is not one.
 */
export function parseRequest(text: string, links: readonly string[]): ParsedRequest {
  // Handles (@editwatch@example.social, @bot.bsky.social) are not words of the request.
  const words = text.replace(HANDLE, ' ');
  // A link shown shortened ("…") is not the article's address.
  const inText = [...words.matchAll(URL_IN_TEXT)]
    .map((m) => m[0])
    .filter((u) => !u.endsWith('…'))
    .map((u) => u.replace(/[.,;:!?)\]}]+$/u, ''));
  const url = [...links, ...inText].find((u) => /^https?:\/\//i.test(u)) ?? null;
  const prose = fold(words.replace(URL_IN_TEXT, ' ').replace(BARE_LINK, ' ')).trim();
  if (UNTRACK.test(prose)) return { action: 'untrack', url, explicit: true };
  if (TRACK.test(prose)) return { action: 'track', url, explicit: true };
  // Only the link (and maybe punctuation or an emoji): a request without words.
  if (url && !/[\p{L}\p{N}]/u.test(prose)) return { action: 'track', url, explicit: false };
  return { action: 'none', url, explicit: false };
}
