import type { Logger } from '../log.ts';
import type { CardMedia, PostRow, Store } from '../store/index.ts';
import { networkScope } from '../store/pauses.ts';
import type { Network } from '../domain.ts';
import { NetworkHaltError } from './retry.ts';
import { stateFault } from '../store/state-fault.ts';
import type { OutboxPost, Published, Publisher, SendContext, ThreadRefs } from './types.ts';

export type { OutboxPost, Publisher } from './types.ts';
export { DryRunPublisher, type DryRunPostFile } from './dry-run.ts';

export interface PublishReport {
  posted: number;
  failed: number;
  /** Posts left for a later cycle (a network stopped, or none is configured for them). */
  pending: number;
  /** Networks that stopped this cycle, and why; `until`: a pause the network asked for (kept across cycles). */
  halted: { network: Network; reason: string; until?: string }[];
  /** A fault of the state (disk full, read-only, damaged database) that stopped a network, as one line. */
  stateFault?: string;
}

export interface PublishOptions {
  now: () => string;
  log: Logger;
  /** Told after each step of sending a post (logs, and the crash tests' kill points). */
  onStep?: (post: OutboxPost, step: string) => void;
  /** A post the network keeps rejecting (4xx) for this many cycles is marked failed so its thread goes on. */
  maxRejections?: number;
  /** Once aborted (a shutdown), no new post is started and the call in hand is cut short. */
  signal?: AbortSignal;
  /**
   * Sends a network's queue only if no other worker is sending it (thread order, and one claim of each
   * post at a time); false if another is. Alone on the state, everything is sent here.
   */
  exclusive?: (name: string, work: () => Promise<void>) => Promise<boolean>;
}

function toOutboxPost(row: PostRow, media: CardMedia): OutboxPost {
  return {
    id: row.id,
    network: row.network,
    text: row.text,
    articleUrl: row.article_url,
    images: row.images,
    inReplyTo: row.in_reply_to,
    async readImage(file) {
      const bytes = row.media === null ? null : await media.read(row.media, file);
      if (!bytes)
        throw new Error(`post ${row.id}: its image ${row.media ?? '(none)'}/${file} is not in ${media.where}`);
      return bytes;
    },
    mention: row.mention,
    extraLinks: row.extra_links,
    visibility: row.visibility,
    queuedAt: row.created_at,
  };
}

/**
 * Sends what the outbox holds, oldest first, each network on its own so that one's failure never holds
 * up the other. A post moves pending -> sending -> posted | failed, written before and after each
 * network call, with the key stored when it was queued; a post that may have reached the network before
 * (a crash, a lost answer) is looked up there before it is sent again.
 */
export async function publishOutbox(
  store: Store,
  publishers: Publisher[],
  media: CardMedia,
  options: PublishOptions,
): Promise<PublishReport> {
  const { posts: rows, setAside } = await store.outbox.toSend(options.now());
  const report: PublishReport = { posted: 0, failed: 0, pending: 0, halted: [] };
  for (const bad of setAside)
    options.log.error(
      { post: bad.id, network: bad.network, err: bad.error },
      'a post in the outbox cannot be read; set aside as failed, the others go out',
    );
  report.failed += setAside.length;
  const served = new Set(publishers.map((p) => p.network as string));
  report.pending += rows.filter((r) => !served.has(r.network)).length;
  for (const ended of await store.pauses.clearEnded(options.now())) {
    if (ended.scope.startsWith('network:'))
      options.log.info({ scope: ended.scope, until: ended.resumeAt }, 'a network pause is over; sending again');
  }
  await Promise.all(
    publishers.map(async (publisher) => {
      const queued = rows.filter((r) => r.network === publisher.network);
      // A wait the network asked for in an earlier cycle (or process) holds until it ends: not one call before.
      const pause = await store.pauses.active(networkScope(publisher.network), options.now());
      if (pause) {
        report.pending += queued.length;
        report.halted.push({ network: publisher.network, reason: pause.reason, until: pause.resumeAt });
        options.log.info(
          { network: publisher.network, until: pause.resumeAt, reason: pause.reason, pending: queued.length },
          `${publisher.network} asked us to wait until ${pause.resumeAt}; its posts stay queued`,
        );
        return;
      }
      const send = () => publishContained(store, publisher, queued, media, options, report);
      if (!options.exclusive) return send();
      if (!(await options.exclusive(`outbox:${publisher.network}`, send))) {
        report.pending += queued.length;
        options.log.debug({ network: publisher.network }, 'another worker sends this network’s posts now');
      }
    }),
  );
  return report;
}

/**
 * One network's queue, an error that is no single post's (a fault of the state) stopping that network
 * only. Nothing is sent that was not first recorded as `sending`, and a post left `sending` is looked up
 * on the network before it is sent again, so stopping here loses and duplicates nothing.
 */
async function publishContained(
  store: Store,
  publisher: Publisher,
  rows: PostRow[],
  media: CardMedia,
  options: PublishOptions,
  report: PublishReport,
): Promise<void> {
  const own: PublishReport = { posted: 0, failed: 0, pending: 0, halted: [] };
  try {
    await publishNetwork(store, publisher, rows, media, options, own);
  } catch (err) {
    const fault = stateFault(err);
    const message = (fault ?? (err as Error)).message;
    own.pending = rows.length - own.posted - own.failed;
    own.halted.push({ network: publisher.network, reason: message });
    if (fault) report.stateFault ??= message;
    // A fault of the state is said once for the whole cycle (see cycle-faults.ts).
    options.log[fault ? 'warn' : 'error'](
      { network: publisher.network, code: fault?.code, err: message, pending: own.pending },
      `${publisher.network} stopped for this cycle; its posts stay queued`,
    );
  }
  report.posted += own.posted;
  report.failed += own.failed;
  report.pending += own.pending;
  report.halted.push(...own.halted);
}

async function publishNetwork(
  store: Store,
  publisher: Publisher,
  rows: PostRow[],
  media: CardMedia,
  options: PublishOptions,
  report: PublishReport,
): Promise<void> {
  const { log, now } = options;
  for (const [i, row] of rows.entries()) {
    if (options.signal?.aborted) {
      report.pending += rows.length - i;
      return;
    }
    // Taken only as this process read it. A post another process claimed meanwhile is left to it, and so
    // is the rest of this network's queue: a later post of the thread must wait for it to be posted.
    const claimed = await store.outbox.claim(row, now());
    if (!claimed) {
      report.pending += rows.length - i;
      log.warn(
        { post: row.id, network: row.network, pending: rows.length - i },
        'another process is sending this post; its network is left to it this cycle',
      );
      return;
    }
    const post = toOutboxPost(claimed, media);
    const before = await store.outbox.threadBefore(claimed);
    // Recorded with the post once sent: the post of ours it replies to (none for a first reply to a mention).
    const inReplyTo = before?.parent.id ?? null;
    const ctx: SendContext = {
      thread: threadRefs(claimed, before),
      key: claimed.remote_key,
      uploads: claimed.remote_media,
      recordUploads: (ids) => store.outbox.addUploads(post.id, ids),
      step: (name) => {
        log.debug({ post: post.id, network: post.network, step: name }, 'send step');
        options.onStep?.(post, name);
      },
      ...(options.signal ? { signal: options.signal } : {}),
    };
    try {
      ctx.step('marked-sending');
      // Tried before (a crash, or an answer that never came): it may be on the network already.
      if (row.state === 'sending' || row.attempts > 0) {
        const found = await publisher.reconcile(post, ctx);
        if (found) {
          await markPosted(store, post, found, now(), inReplyTo);
          log.info(
            { post: post.id, network: post.network, remote: found.remoteUrl },
            'post was already on the network; recorded it',
          );
          report.posted++;
          continue;
        }
      }
      const sent = await publisher.publish(post, ctx);
      await markPosted(store, post, sent, now(), inReplyTo);
      log.info({ post: post.id, network: post.network, remote: sent.remoteUrl, reply: ctx.thread !== null }, 'posted');
      report.posted++;
    } catch (err) {
      if (options.signal?.aborted) {
        // It may have reached the network: attempts > 0 makes the next try look it up before sending again.
        await store.outbox.transition(post.id, 'release', now(), { error: 'interrupted by a shutdown' });
        report.pending += rows.length - i;
        log.info(
          { post: post.id, network: post.network, pending: rows.length - i },
          'stopping: the post in hand was interrupted; it stays queued',
        );
        return;
      }
      // Not this post's fault: it stays as it is (publishContained stops the network).
      if (stateFault(err)) throw err;
      if (err instanceof NetworkHaltError) {
        const giveUp = err.why === 'rejected' && row.attempts + 1 >= (options.maxRejections ?? 5);
        if (giveUp) {
          await store.outbox.transition(post.id, 'fail', now(), { error: err.message });
          report.failed++;
          log.error(
            { post: post.id, network: post.network, err: err.message },
            'post rejected too many times; marked failed (editwatch outbox retry to send it again)',
          );
        } else {
          await store.outbox.transition(post.id, 'release', now(), { error: err.message });
        }
        const left = rows.length - i - (giveUp ? 1 : 0);
        report.pending += left;
        if (err.why === 'rate-limited' && err.waitMs !== null) {
          // Kept, so the next cycles and a restarted process make no call before it ends.
          const until = new Date(Date.parse(now()) + err.waitMs).toISOString();
          await store.pauses.set({
            scope: networkScope(publisher.network),
            resumeAt: until,
            reason: err.message,
            setAt: now(),
          });
          report.halted.push({ network: publisher.network, reason: err.message, until });
          log.warn(
            { network: publisher.network, why: err.why, err: err.message, pending: left, until },
            `${publisher.network} asked us to wait until ${until}; its posts stay queued`,
          );
          return;
        }
        report.halted.push({ network: publisher.network, reason: err.message });
        log.error(
          { network: publisher.network, why: err.why, err: err.message, pending: left },
          `${publisher.network} stopped for this cycle; its posts stay queued`,
        );
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      await store.outbox.transition(post.id, 'fail', now(), { error: message });
      log.error({ post: post.id, network: post.network, err: message }, 'post failed');
      report.failed++;
    }
  }
}

async function markPosted(
  store: Store,
  post: OutboxPost,
  sent: Published,
  at: string,
  inReplyTo: string | null,
): Promise<void> {
  await store.outbox.transition(post.id, 'post', at, {
    remoteId: sent.remoteId,
    remoteUrl: sent.remoteUrl,
    remoteCid: sent.remoteCid ?? null,
    inReplyTo,
    error: null,
  });
}

/**
 * Where a post goes, given the posted posts of its thread before it: after the latest of them. The article's own thread starts at its
 * first post; a requester's thread starts at the requester's post (the root of the thread they wrote in),
 * and its first reply answers their mention.
 */
function threadRefs(row: PostRow, thread: { root: PostRow; parent: PostRow } | null): ThreadRefs | null {
  const ref = (r: PostRow): Published => ({
    remoteId: r.remote_id ?? '',
    remoteCid: r.remote_cid,
    remoteUrl: r.remote_url,
  });
  if (row.reply_root_id && row.reply_parent_id) {
    const outside = (id: string, cid: string | null): Published => ({ remoteId: id, remoteCid: cid, remoteUrl: null });
    return {
      root: outside(row.reply_root_id, row.reply_root_cid),
      parent: thread ? ref(thread.parent) : outside(row.reply_parent_id, row.reply_parent_cid),
    };
  }
  return thread ? { root: ref(thread.root), parent: ref(thread.parent) } : null;
}
