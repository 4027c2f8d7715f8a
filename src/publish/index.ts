import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { PostRow, Store } from '../store/index.ts';
import type { Network } from '../config.ts';
import type { OutboxPost, Publisher } from './types.ts';

export type { OutboxPost, Published, Publisher } from './types.ts';
export { DryRunPublisher, type DryRunPostFile } from './dry-run.ts';
export { changeStem, planPosts, postId } from './plan.ts';

export interface PublishReport {
  posted: number;
  failed: number;
  pending: number;
}

export function toOutboxPost(row: PostRow, mediaRoot: string): OutboxPost {
  return {
    id: row.id,
    network: row.network as Network,
    text: row.text,
    articleUrl: row.article_url,
    images: JSON.parse(row.images) as OutboxPost['images'],
    inReplyTo: row.in_reply_to,
    mediaDir: join(mediaRoot, row.media ?? ''),
  };
}

/**
 * Sends what the outbox holds, oldest first. Each post moves pending -> sending -> posted | failed, and
 * the state is written before each network call, so after a crash a post left in `sending` is
 * reconciled with the network instead of being sent twice.
 */
export async function publishOutbox(store: Store, publishers: Publisher[], mediaRoot: string, now: () => string, log: Logger): Promise<PublishReport> {
  const byNetwork = new Map(publishers.map((p) => [p.network, p]));
  const report: PublishReport = { posted: 0, failed: 0, pending: 0 };
  for (const row of await store.postsInState('sending', 'pending')) {
    const publisher = byNetwork.get(row.network as Network);
    if (!publisher) {
      report.pending++;
      continue;
    }
    const post = toOutboxPost(row, mediaRoot);
    try {
      if (row.state === 'sending') {
        const found = await publisher.reconcile(post);
        if (found) {
          await store.setPostState(post.id, 'posted', now(), { remoteId: found.remoteId, remoteUrl: found.remoteUrl, error: null });
          log.info({ post: post.id, network: post.network }, 'post found already sent after a restart');
          report.posted++;
          continue;
        }
      }
      await store.setPostState(post.id, 'sending', now());
      const sent = await publisher.publish(post);
      await store.setPostState(post.id, 'posted', now(), { remoteId: sent.remoteId, remoteUrl: sent.remoteUrl, error: null });
      log.info({ post: post.id, network: post.network, remote: sent.remoteUrl }, 'posted');
      report.posted++;
    } catch (err) {
      const message = (err as Error).message;
      await store.setPostState(post.id, 'failed', now(), { error: message });
      log.error({ post: post.id, network: post.network, err: message }, 'post failed');
      report.failed++;
    }
  }
  return report;
}
