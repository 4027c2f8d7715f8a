import { inTransaction, type Db } from './db.ts';
import { canMove, POST_MOVES, PostMoveError, type PostMove } from './post-moves.ts';
import { newPostKey } from './post-keys.ts';
import { tallies } from './tallies.ts';
import type { PostRow, PostState, PostUpdate } from './types.ts';
import { BadRowError, toPost } from './values.ts';

export { type PostMove } from './post-moves.ts';

/** The posts queued, being sent, sent and given up on; each moves only as POST_MOVES allows. */
export class Outbox {
  constructor(private readonly db: Db) {}

  /**
   * Moves a post (see POST_MOVES), with what the move records: a claim counts one more attempt (and gives
   * a post queued before keys were chosen at queueing its key, once); a requeue starts the count again.
   * A post in a state the move does not start from is a PostMoveError. With `seen`, the move is made only
   * if the post is still as `seen` left it (of two processes that read the same row, one gets it), and
   * undefined says it was not. Returns the post as it now is.
   */
  async transition(
    id: string,
    move: PostMove,
    now: string,
    details: PostUpdate & { seen?: Pick<PostRow, 'state' | 'attempts' | 'network'> } = {},
  ): Promise<PostRow | undefined> {
    const { from, to } = POST_MOVES[move];
    const { seen } = details;
    if (seen && !canMove(seen.state, move)) throw new PostMoveError(id, move, seen.state);
    let q = this.db
      .updateTable('posts')
      .set((eb) => ({
        state: to,
        updated_at: now,
        ...(move === 'claim'
          ? {
              attempts: eb('attempts', '+', 1),
              remote_key: eb.fn.coalesce(
                'remote_key',
                seen
                  ? eb.val(newPostKey(seen.network))
                  : eb
                      .case()
                      .when('network', '=', 'bluesky')
                      .then(newPostKey('bluesky'))
                      .else(newPostKey('mastodon'))
                      .end(),
              ),
            }
          : {}),
        ...(move === 'requeue' ? { attempts: 0, last_error: null } : {}),
        ...(details.error !== undefined ? { last_error: details.error } : {}),
        ...(details.remoteId !== undefined ? { remote_id: details.remoteId } : {}),
        ...(details.remoteUrl !== undefined ? { remote_url: details.remoteUrl } : {}),
        ...(details.remoteCid !== undefined ? { remote_cid: details.remoteCid } : {}),
        ...(details.inReplyTo !== undefined ? { in_reply_to: details.inReplyTo } : {}),
      }))
      .where('id', '=', id);
    q = seen ? q.where('state', '=', seen.state).where('attempts', '=', seen.attempts) : q.where('state', 'in', from);
    const row = await q.returningAll().executeTakeFirst();
    if (row) return toPost(row);
    if (seen) return undefined;
    const current = await this.db.selectFrom('posts').select('state').where('id', '=', id).executeTakeFirst();
    throw current ? new PostMoveError(id, move, current.state) : new Error(`no post "${id}" in the outbox`);
  }

  /**
   * Marks a post `sending` (one more attempt) only if it is still as `seen` left it, and returns it as
   * it now is, with its key; undefined if another process got it first.
   */
  async claim(seen: PostRow, now: string): Promise<(PostRow & { remote_key: string }) | undefined> {
    const row = await this.transition(seen.id, 'claim', now, { seen });
    return row && { ...row, remote_key: row.remote_key ?? '' };
  }

  /** Adds to a post's uploads (Mastodon media ids), before the post itself is made. */
  async addUploads(id: string, ids: string[]): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const row = await tx.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
      const known = row ? toPost(row).remote_media : [];
      await tx
        .updateTable('posts')
        .set({ remote_media: JSON.stringify([...new Set([...known, ...ids])]) })
        .where('id', '=', id)
        .execute();
    });
  }

  byId(id: string): Promise<PostRow | undefined> {
    return this.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
      .then((r) => r && toPost(r));
  }

  /** Posts in these states, in queue order (not the clock's: a clock set back must not send a later edit before an earlier one). */
  async inState(...states: PostState[]): Promise<PostRow[]> {
    return (
      await this.db.selectFrom('posts').selectAll().where('state', 'in', states).orderBy('queue_seq').execute()
    ).map(toPost);
  }

  /**
   * What the outbox is to send (`sending`, then `pending`), in queue order. A row that cannot be read is
   * set aside (moved to `failed` with the reason as its error) rather than stop every other post.
   */
  async toSend(now: string): Promise<{ posts: PostRow[]; setAside: { id: string; network: string; error: string }[] }> {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('state', 'in', ['sending', 'pending'])
      .orderBy('queue_seq')
      .execute();
    const posts: PostRow[] = [];
    const setAside: { id: string; network: string; error: string }[] = [];
    for (const row of rows) {
      try {
        posts.push(toPost(row));
      } catch (err) {
        if (!(err instanceof BadRowError)) throw err;
        const { from, to } = POST_MOVES.setAside;
        // Not through transition(): that reads the row back, and this one cannot be read.
        await this.db
          .updateTable('posts')
          .set({ state: to, last_error: err.message, updated_at: now })
          .where('id', '=', row.id)
          .where('state', 'in', from)
          .execute();
        setAside.push({ id: row.id, network: row.network, error: err.message });
      }
    }
    return { posts, setAside };
  }

  /** Every post, newest first, optionally of some states: what `editwatch outbox` lists. */
  async list(states: PostState[] = [], limit = 200): Promise<PostRow[]> {
    let q = this.db.selectFrom('posts').selectAll();
    if (states.length) q = q.where('state', 'in', states);
    return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(toPost);
  }

  /** How many posts are in each state (tallies kept by triggers: no post is counted). */
  async countByState(): Promise<Record<PostState, number>> {
    const t = await tallies(this.db, ['posts:pending', 'posts:sending', 'posts:posted', 'posts:failed']);
    return {
      pending: t['posts:pending'],
      sending: t['posts:sending'],
      posted: t['posts:posted'],
      failed: t['posts:failed'],
    };
  }

  /**
   * The posted posts of an article's thread on a network that come before a post: the first (the thread's
   * root) and the latest (the one to reply to). Failed posts are skipped, so the thread stays whole.
   */
  async threadBefore(post: PostRow): Promise<{ root: PostRow; parent: PostRow } | null> {
    let posted = this.db
      .selectFrom('posts')
      .selectAll()
      .where('network', '=', post.network)
      .where('thread', '=', post.thread)
      .where('state', '=', 'posted')
      // Queued before it (queue order: a clock set back between two edits must not break the thread).
      .where('queue_seq', '<', (eb) => eb.selectFrom('posts').select('queue_seq').where('id', '=', post.id));
    // The article's own thread is per article; a requester's thread is named by its request.
    if (post.thread === 'article') posted = posted.where('article_id', '=', post.article_id);
    const root = await posted.orderBy('queue_seq').limit(1).executeTakeFirst();
    const parent = await posted.orderBy('queue_seq', 'desc').limit(1).executeTakeFirst();
    return root && parent ? { root: toPost(root), parent: toPost(parent) } : null;
  }

  /** The card folders (in the media folder) that stored posts use. */
  async mediaFolders(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('posts').select('media').distinct().where('media', 'is not', null).execute();
    return new Set(rows.map((r) => r.media!));
  }
}
