import type { mastodon } from 'masto';
import type { MastodonPublisher } from '../../publish/mastodon.ts';
import { readStatusHtml } from './mastodon-html.ts';
import type { Mention, MentionReader } from './types.ts';

const PAGE = 40;
/** Pages read in one go; the rest waits for the next cycle (the cursor says where). */
const MAX_PAGES = 10;

/** Mastodon's mention notifications, read forwards from the last one handled (min_id), oldest first. */
export class MastodonMentions implements MentionReader {
  readonly network = 'mastodon' as const;

  constructor(private readonly mastodon: MastodonPublisher) {}

  async read(cursor: string | null, signal?: AbortSignal): Promise<{ mentions: Mention[]; cursor: string | null }> {
    const self = await this.mastodon.ownAccountId(signal);
    const mentions: Mention[] = [];
    let after = cursor;
    for (let page = 0; page < MAX_PAGES; page++) {
      const batch: mastodon.v1.Notification[] = await this.mastodon.call(
        'read mentions',
        async () =>
          await this.mastodon
            .api(signal)
            .v1.notifications.list({ types: ['mention'], limit: PAGE, ...(after ? { minId: after } : {}) }),
        signal,
      );
      const sorted = [...batch].sort((a, b) => compareIds(a.id, b.id));
      for (const n of sorted) if (n.status) mentions.push(toMention(n.status, self));
      if (sorted.length) after = sorted[sorted.length - 1]!.id;
      // Without a cursor (the first run) only the latest page is read: older mentions are history.
      if (!cursor || batch.length < PAGE) break;
    }
    return { mentions, cursor: after };
  }

  async linksOf(statusId: string, signal?: AbortSignal): Promise<string[]> {
    const status = await this.mastodon.call(
      'read a status',
      () => this.mastodon.api(signal).v1.statuses.$select(statusId).fetch(),
      signal,
    );
    return [...readStatusHtml(status.content).links, ...(status.card?.url ? [status.card.url] : [])];
  }
}

function toMention(status: mastodon.v1.Status, self: string): Mention {
  const { text, links } = readStatusHtml(status.content);
  return {
    network: 'mastodon',
    id: status.id,
    cid: null,
    root: { id: status.id, cid: null },
    author: {
      id: status.account.id,
      handle: status.account.acct,
      isBot: Boolean(status.account.bot),
      isSelf: status.account.id === self,
    },
    text,
    links: [...links, ...(status.card?.url && !links.includes(status.card.url) ? [status.card.url] : [])],
    visibility: status.visibility,
    parentId: status.inReplyToId ?? null,
    createdAt: status.createdAt,
  };
}

/** Mastodon ids are numbers too large for a double, written in decimal. */
function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
