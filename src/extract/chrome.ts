import type { Element } from 'domhandler';

// What is page chrome rather than article, by element name, by class/id, and by the text itself.

/** A pattern matching any of `words` (regular expressions, space-separated) as a whole part of a class or id. */
export function wordsPattern(words: string, flags = ''): RegExp {
  return new RegExp(`(?:^|[\\s_-])(?:${words.trim().split(/\s+/).join('|')})(?:$|[\\s_-])`, flags);
}

/** Elements never part of article text. */
export const CHROME_TAGS = new Set([
  'nav',
  'aside',
  'footer',
  'form',
  'figure',
  'figcaption',
  'script',
  'style',
  'noscript',
  'template',
  'button',
  'select',
  'textarea',
  'input',
  'iframe',
  'svg',
  'canvas',
  'video',
  'audio',
  'object',
  'embed',
  'dialog',
  'menu',
  'label',
  'picture',
  'img',
  'map',
  'head',
  'title',
  'meta',
  'link',
]);

/** class/id words that mark chrome: navigation, promos, related links, ads, sharing, cookie banners. */
export const CHROME_HINT = wordsPattern(`
  nav navbar navigation menu breadcrumbs? masthead site-?header footer sidebar rail related recommend\\w*
  more-?stories read-?more most-?(?:read|viewed|popular|shared) trending popular promo\\w* newsletter subscribe
  subscription signup sign-?up paywall share sharing social follow comments? disqus advert\\w* ads?
  ad-?(?:slot|unit|container|wrapper) dfp gpt sponsor\\w* outbrain taboola cookie\\w* consent gdpr banner popup
  modal overlay caption credits? copyright byline author-?(?:bio|info|box) dateline timestamp tags? tag-?list
  keywords topics toolbar tools print pagination pager skip hidden visually-?hidden sr-only offscreen
  screen-?reader jump toc widget partner shop affiliate podcast-?promo video-?player player gallery slideshow
  carousel inline-?(?:ad|promo|related) story-?(?:footer|meta) article-?(?:footer|meta|tools|share) meta login
  account alert donate
`);

/** class/id words that suggest the article body. */
export const BODY_HINT = /article|body|content|story|entry|main|post|text|prose|rich-?text|columns?/;

const CHROME_TEXT = [
  /^(?:advertisement|advertising|anzeige|publicité|publicidad|pubblicità|sponsored|ad)$/i,
  /^(?:read more|related|see also|more on this story|more from|recommended|you may also like|watch|listen)\s*[:：].{0,200}$/i,
  /^(?:sign up|subscribe)\b.{0,200}(?:newsletter|inbox|email)/i,
  /^(?:share|share this|share this article|share on \w+|follow us)\b.{0,60}$/i,
  /^(?:image|photo|picture|video)\s*(?:copyright|credit|source)\b/i,
  /^(?:©|\(c\)|copyright)\s/i,
  /^(?:click here|tap here)\b/i,
  /^(?:we use cookies|this (?:site|website) uses cookies)\b/i,
  /^(?:updated|published|posted)\s*:?\s*\d{1,2}[:.]\d{2}\b.{0,40}$/i,
  // Video players' own text.
  /^(?:your video will play in|video will play in|autoplay|auto-play|up next|now playing)\b.{0,40}$/i,
  /^自动播放(?:开关)?$/,
  // Headings of the boxes around an article.
  /^(?:related(?: (?:stories|articles|topics|content|links|coverage|reading))?|more on this (?:story|topic)|more from .{1,40}|most (?:read|popular|viewed|shared)|top stories|recommended(?: for you)?|you (?:may|might) also like|read (?:more|next)|share(?: this(?: article| story)?)?|comments?|\d+ comments?|sponsored(?: content)?|latest(?: news)?|trending(?: now)?|popular now|editor'?s picks|in other news)\s*:?$/i,
];

export function isChromeText(text: string): boolean {
  return CHROME_TEXT.some((re) => re.test(text));
}

// Page-level elements carry site-wide flags ("ads-enabled", "outbrain") that say nothing about their text.
const NEVER_CHROME_BY_HINT = new Set(['html', 'body', 'main', 'article']);

/** Decides, once per element, whether its class/id marks it as chrome. */
export class ChromeHints {
  private readonly cache = new Map<object, boolean>();
  constructor(
    /** The page's visible text length: a "chrome" wrapper that holds most of it is a layout wrapper. */
    private readonly pageTextLength: number,
    private readonly textLength: (el: Element) => number,
  ) {}

  isChrome(el: Element, hints: string): boolean {
    if (!hints || NEVER_CHROME_BY_HINT.has(el.name) || !CHROME_HINT.test(hints) || BODY_HINT.test(hints)) return false;
    let verdict = this.cache.get(el);
    if (verdict === undefined) {
      verdict = this.textLength(el) < this.pageTextLength * 0.4;
      this.cache.set(el, verdict);
    }
    return verdict;
  }
}
