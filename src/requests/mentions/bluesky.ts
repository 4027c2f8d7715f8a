import {
  AppBskyEmbedExternal,
  AppBskyFeedPost,
  AppBskyRichtextFacet,
  type AppBskyNotificationListNotifications,
} from '@atproto/api';
import { xrpcOptions, type BlueskyPublisher } from '../../publish/bluesky.ts';
import type { Mention, MentionReader } from './types.ts';

const PAGE = 50;
const MAX_PAGES = 10;

/**
 * Bluesky's mention and reply notifications (from the AppView, through the PDS). They come newest
 * first; pages are read back to the last one handled (the cursor is its indexedAt), then handled
 * oldest first. A notification of the same instant as the cursor is read again; requests are recorded
 * by post, so it is not handled twice.
 */
export class BlueskyMentions implements MentionReader {
  readonly network = 'bluesky' as const;

  constructor(private readonly bluesky: BlueskyPublisher) {}

  async read(cursor: string | null, signal?: AbortSignal): Promise<{ mentions: Mention[]; cursor: string | null }> {
    const self = await this.bluesky.session(signal);
    const seen: AppBskyNotificationListNotifications.Notification[] = [];
    let page: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const res = await this.bluesky.call(
        'read mentions',
        () =>
          this.bluesky.agent.app.bsky.notification.listNotifications(
            { limit: PAGE, reasons: ['mention', 'reply'], ...(page ? { cursor: page } : {}) },
            xrpcOptions(signal),
          ),
        signal,
      );
      const fresh = res.data.notifications.filter((n) => !cursor || n.indexedAt >= cursor);
      seen.push(...fresh);
      // Without a cursor (the first run) only the latest page is read: older mentions are history.
      if (!cursor || fresh.length < res.data.notifications.length || !res.data.cursor) break;
      page = res.data.cursor;
    }
    const mentions = seen
      .filter((n) => (n.reason === 'mention' || n.reason === 'reply') && AppBskyFeedPost.isRecord(n.record))
      .sort((a, b) => (a.indexedAt < b.indexedAt ? -1 : a.indexedAt > b.indexedAt ? 1 : 0))
      .map((n): Mention => {
        const record = n.record as AppBskyFeedPost.Record;
        return {
          network: 'bluesky',
          id: n.uri,
          cid: n.cid,
          root: record.reply ? { id: record.reply.root.uri, cid: record.reply.root.cid } : { id: n.uri, cid: n.cid },
          author: {
            id: n.author.did,
            handle: n.author.handle,
            isBot: (n.author.labels ?? []).some((l) => l.val === 'bot'),
            isSelf: n.author.did === self,
          },
          text: record.text,
          links: linksOfRecord(record),
          visibility: null,
          parentId: record.reply?.parent.uri ?? null,
          createdAt: record.createdAt,
        };
      });
    const newest = seen.reduce<string | null>((max, n) => (!max || n.indexedAt > max ? n.indexedAt : max), cursor);
    return { mentions, cursor: newest };
  }

  async linksOf(uri: string, signal?: AbortSignal): Promise<string[]> {
    const res = await this.bluesky.call(
      'read a post',
      () => this.bluesky.agent.app.bsky.feed.getPosts({ uris: [uri] }, xrpcOptions(signal)),
      signal,
    );
    const record = res.data.posts[0]?.record;
    return AppBskyFeedPost.isRecord(record) ? linksOfRecord(record as AppBskyFeedPost.Record) : [];
  }
}

/** The full URLs of a post: its link facets (the text may show them shortened), then a link card. */
function linksOfRecord(record: AppBskyFeedPost.Record): string[] {
  const links: string[] = [];
  for (const facet of record.facets ?? [])
    for (const f of facet.features)
      if (AppBskyRichtextFacet.isLink(f)) links.push((f as AppBskyRichtextFacet.Link).uri);
  if (record.embed && AppBskyEmbedExternal.isMain(record.embed))
    links.push((record.embed as AppBskyEmbedExternal.Main).external.uri);
  return links.filter((u, i) => /^https?:\/\//i.test(u) && links.indexOf(u) === i);
}
