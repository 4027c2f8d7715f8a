import { parseFeed } from 'feedsmith';

/** An item of a feed: the article's link, and its date if the feed gives one. */
export interface FeedItem {
  link: string;
  title: string | null;
  publishedAt: string | null;
}

class FeedParseError extends Error {
  override name = 'FeedParseError';
}

/**
 * The items of an RSS (0.9x, 1.0/RDF, 2.0), Atom or JSON Feed document, as links. Lenient, as real feeds
 * need (feedsmith); what cannot be read at all is a FeedParseError saying why.
 */
export function parseFeedItems(text: string, feedUrl: string): FeedItem[] {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text.replace(/^\uFEFF/, '').trim());
  } catch (err) {
    throw new FeedParseError(`${feedUrl}: not a feed that can be read (${(err as Error).message})`, { cause: err });
  }
  const items: FeedItem[] = [];
  const add = (link: string | undefined, title: unknown, date: unknown) => {
    const href = link?.trim();
    if (!href) return;
    let absolute: string;
    try {
      absolute = new URL(href, feedUrl).href; // relative links are resolved against the feed
    } catch {
      return;
    }
    const when = typeof date === 'string' && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : null;
    items.push({ link: absolute, title: typeof title === 'string' ? title : titleValue(title), publishedAt: when });
  };
  switch (parsed.format) {
    case 'rss':
      for (const i of parsed.feed.items ?? [])
        add(
          i.link ?? (i.guid?.isPermaLink !== false ? i.guid?.value : undefined),
          i.title,
          i.pubDate ?? i.dc?.dates?.[0],
        );
      break;
    case 'rdf':
      for (const i of parsed.feed.items ?? []) add(i.link, i.title, i.dc?.dates?.[0]);
      break;
    case 'atom':
      for (const e of parsed.feed.entries ?? []) {
        const link = e.links?.find((l) => !l.rel || l.rel === 'alternate') ?? e.links?.[0];
        add(link?.href, e.title, e.published ?? e.updated);
      }
      break;
    case 'json':
      for (const i of parsed.feed.items ?? [])
        add(i.url ?? i.external_url, i.title, i.date_published ?? i.date_modified);
      break;
  }
  return items;
}

function titleValue(title: unknown): string | null {
  if (title && typeof title === 'object' && 'value' in title && typeof title.value === 'string') return title.value;
  return null;
}
