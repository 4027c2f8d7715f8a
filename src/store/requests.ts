import { inTransaction, type Db } from './db.ts';
import type { NewReply, NewRequest, RequestRow } from './types.ts';
import { replyValues, toRequest } from './values.ts';

/** Tracking requests (mentions) handled, each once, with what was decided and the answer queued. */
export class Requests {
  constructor(private readonly db: Db) {}

  async has(network: string, remoteId: string): Promise<boolean> {
    return Boolean(
      await this.db
        .selectFrom('requests')
        .select('id')
        .where('network', '=', network)
        .where('remote_id', '=', remoteId)
        .executeTakeFirst(),
    );
  }

  /** Records a request (a mention) with what was decided, and the reply to it if any, in one transaction. */
  async save(request: NewRequest, reply?: (id: number) => NewReply): Promise<RequestRow> {
    return inTransaction(this.db, async (tx) => {
      const row = toRequest(await tx.insertInto('requests').values(request).returningAll().executeTakeFirstOrThrow());
      if (reply)
        await tx
          .insertInto('posts')
          .values(replyValues(reply(row.id), request.received_at))
          .execute();
      return row;
    });
  }

  /** Settles a request and queues its reply, in one transaction. */
  async settle(
    id: number,
    update: Partial<Pick<RequestRow, 'outcome' | 'reason' | 'active' | 'article_id'>>,
    reply?: NewReply,
    now = new Date().toISOString(),
  ): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await tx.updateTable('requests').set(update).where('id', '=', id).execute();
      if (reply) await tx.insertInto('posts').values(replyValues(reply, now)).execute();
    });
  }

  async where(filter: {
    outcome?: RequestRow['outcome'];
    articleId?: number;
    active?: boolean;
    authorId?: string;
    network?: string;
    since?: string;
  }): Promise<RequestRow[]> {
    let q = this.db.selectFrom('requests').selectAll();
    if (filter.outcome) q = q.where('outcome', '=', filter.outcome);
    if (filter.articleId !== undefined) q = q.where('article_id', '=', filter.articleId);
    if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
    if (filter.authorId) q = q.where('author_id', '=', filter.authorId);
    if (filter.network) q = q.where('network', '=', filter.network);
    if (filter.since) q = q.where('received_at', '>=', filter.since);
    return (await q.orderBy('id').execute()).map(toRequest);
  }

  /** The request whose thread holds this post of ours (or which is this post). */
  async ofThreadPost(network: string, remoteId: string): Promise<RequestRow | undefined> {
    const direct = await this.db
      .selectFrom('requests')
      .selectAll()
      .where('network', '=', network)
      .where('remote_id', '=', remoteId)
      .executeTakeFirst();
    if (direct) return toRequest(direct);
    const post = await this.db
      .selectFrom('posts')
      .select('thread')
      .where('network', '=', network)
      .where('remote_id', '=', remoteId)
      .executeTakeFirst();
    const id = /^request:(\d+)$/.exec(post?.thread ?? '')?.[1];
    const row = id
      ? await this.db.selectFrom('requests').selectAll().where('id', '=', Number(id)).executeTakeFirst()
      : undefined;
    return row && toRequest(row);
  }

  /**
   * What the caps on requests count: track requests accepted (they named an article) since `since`,
   * from every account, and active articles first tracked by a request. Both read an index only.
   */
  async capCounts(since: string): Promise<{ accepted: number; requestedArticles: number }> {
    const [accepted, articles] = await Promise.all(
      Object.values(this.capQueries(since)).map((q) => q.executeTakeFirstOrThrow()),
    );
    return { accepted: Number(accepted!.n), requestedArticles: Number(articles!.n) };
  }

  /** The queries of capCounts (the store test reads their plans). */
  capQueries(since: string) {
    return {
      accepted: this.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'track')
        .where('received_at', '>=', since)
        .where('article_id', 'is not', null),
      // source is "request:<network>:<handle>"; a range, not LIKE, so the index serves it.
      requestedArticles: this.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('active', '=', 1)
        .where('source', '>=', 'request:')
        .where('source', '<', 'request;'),
    };
  }

  /** How many requests there are of each outcome. */
  async counts(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('requests')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('outcome')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
  }
}
