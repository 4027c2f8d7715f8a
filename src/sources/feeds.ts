import type { Logger } from '../log.ts';
import type { Fetcher } from '../fetch/index.ts';
import type { CycleSource } from './types.ts';
import type { Store } from '../store/index.ts';
import { hostScope } from '../store/pauses.ts';
import { pauseHostAfter } from './host-pauses.ts';
import { isAllowedDomain, normaliseArticleUrl } from './article-url.ts';
import { parseFeedItems } from './feed-items.ts';

export interface FeedSourceDeps {
  store: Store;
  fetcher: Fetcher;
  log: Logger;
  now: () => Date;
  feeds: readonly string[];
  intervalMinutes: number;
  allowedDomains: readonly string[];
  /** Items older than this are not news any more: not tracked. */
  maxItemAgeMs: number;
}

/**
 * Outlets' feeds as a source of articles: each feed is read at its own rate with a conditional GET, and
 * each new item inside the allowed domains is tracked (its URL in canonical form, so once).
 */
export function feedSource(deps: FeedSourceDeps): CycleSource {
  return {
    name: 'feeds',
    async run(signal) {
      const now = deps.now();
      await deps.store.feeds.sync(deps.feeds, now.toISOString());
      for (const feed of await deps.store.feeds.due(now.toISOString())) {
        if (signal.aborted) return;
        const at = deps.now();
        // A host that asked for a pause (an article's or a feed's Retry-After) is not asked for its feed either.
        const pause = await deps.store.pauses.active(hostScope(new URL(feed.url).host), at.toISOString());
        if (pause) {
          deps.log.debug({ feed: feed.url, until: pause.resumeAt }, "feed waits for its host's pause");
          continue;
        }
        const nextCheckAt = new Date(at.getTime() + deps.intervalMinutes * 60_000).toISOString();
        try {
          const got = await deps.fetcher.fetchFeed(
            feed.url,
            { etag: feed.etag, lastModified: feed.last_modified },
            signal,
          );
          if (got.kind === 'not-modified') {
            await deps.store.feeds.recordCheck(feed.id, { at: at.toISOString(), nextCheckAt, error: null, added: 0 });
            deps.log.debug({ feed: feed.url }, 'feed not modified');
            continue;
          }
          const items = parseFeedItems(got.text, got.finalUrl);
          let added = 0;
          let outside = 0;
          for (const item of items) {
            if (item.publishedAt && at.getTime() - Date.parse(item.publishedAt) > deps.maxItemAgeMs) continue;
            let url: string;
            try {
              url = normaliseArticleUrl(item.link);
            } catch {
              continue;
            }
            if (!isAllowedDomain(url, deps.allowedDomains)) {
              outside++;
              continue;
            }
            const { created } = await deps.store.articles.track(url, at.toISOString(), `feed:${feed.url}`, {
              reactivate: false,
            });
            if (created) added++;
          }
          await deps.store.feeds.recordCheck(feed.id, {
            at: at.toISOString(),
            nextCheckAt,
            error: null,
            added,
            etag: got.validators.etag,
            lastModified: got.validators.lastModified,
          });
          deps.log.info(
            { feed: feed.url, items: items.length, added, outsideAllowedDomains: outside },
            added ? 'new articles from a feed' : 'feed read',
          );
        } catch (err) {
          // Cut short by a shutdown: nothing was learnt, and the feed is read at the next start.
          if (signal.aborted) return;
          const message = (err as Error).message;
          await pauseHostAfter(deps, feed.url, err);
          await deps.store.feeds.recordCheck(feed.id, { at: at.toISOString(), nextCheckAt, error: message, added: 0 });
          deps.log.warn({ feed: feed.url, err: message }, 'feed could not be read');
        }
      }
    },
  };
}
