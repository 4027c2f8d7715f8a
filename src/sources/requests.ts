import type { Network } from '../config.ts';
import { isAllowedAddress, literalAddressOf } from '../fetch/address-guard.ts';
import type { Logger } from '../log.ts';
import { notWatchingText, refusalText, stoppedText, watchingText } from '../render/reply-text.ts';
import type { CycleSource } from '../schedule/cycle.ts';
import type { NewReply, NewRequest, RequestRow, Store } from '../store/index.ts';
import { acceptArticleUrl, ArticleUrlError } from './article-url.ts';
import type { Mention, MentionReader } from './mentions/types.ts';
import { parseRequest } from './request-text.ts';

export interface RequestIntakeDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  readers: MentionReader[];
  allowedDomains: readonly string[];
  allowPrivateHosts: boolean;
  /** Handles or account ids (Mastodon id, Bluesky DID) whose requests are refused, lower case. */
  blocked: readonly string[];
  /** Tracking requests one account may make in 24 hours. */
  perDay: number;
}

const DAY = 24 * 3600_000;

/**
 * Mentions as a source: each one is read once (a persisted cursor per network, and one row per mention),
 * and becomes a tracked article, a stop, a polite refusal, or nothing. Replies are queued in the outbox
 * in the same transaction as the decision, so they are sent exactly once. A request for an article not
 * yet tracked is answered after its first check (see answerRequests).
 */
export function requestSource(deps: RequestIntakeDeps): CycleSource {
  return {
    name: 'mentions',
    async run(signal) {
      for (const reader of deps.readers) {
        if (signal.aborted) return;
        const cursorName = `mentions:${reader.network}`;
        const { mentions, cursor } = await reader.read(await deps.store.getCursor(cursorName));
        let handled = 0;
        for (const mention of mentions) {
          if (await deps.store.hasRequest(mention.network, mention.id)) continue;
          await handleMention(deps, reader, mention);
          handled++;
        }
        await deps.store.setCursor(cursorName, cursor);
        if (handled) deps.log.info({ network: reader.network, handled }, 'mentions handled');
      }
    },
  };
}

async function handleMention(deps: RequestIntakeDeps, reader: MentionReader, m: Mention): Promise<void> {
  const now = deps.now().toISOString();
  const base: NewRequest = { network: m.network, remote_id: m.id, remote_cid: m.cid, root_id: m.root.id, root_cid: m.root.cid, author_id: m.author.id, author_handle: m.author.handle, received_at: now, action: 'track', outcome: 'ignored', visibility: m.visibility };
  const log = deps.log.child({ network: m.network, mention: m.id, from: m.author.handle });
  if (m.author.isSelf || m.author.isBot) {
    await deps.store.saveRequest({ ...base, reason: m.author.isSelf ? 'our own post' : 'an automated account' });
    return;
  }
  const parsed = parseRequest(m.text, m.links);
  if (parsed.action === 'none') {
    await deps.store.saveRequest({ ...base, reason: 'not a request' });
    return;
  }
  let url = parsed.url;
  // "@bot watch this" in reply to a post with the link: the link is in the parent.
  if (!url && m.parentId && parsed.action === 'track') url = (await reader.linksOf(m.parentId).catch(() => [])).find(Boolean) ?? null;
  const request = { ...base, action: parsed.action, url };
  const refuse = async (reason: string, outcomeReason = reason) => {
    await deps.store.saveRequest({ ...request, outcome: 'refused', reason: outcomeReason }, (id) => reply(m, id, 'refusal', refusalText(m.network, m.author.handle, reason), null, ''));
    log.info({ reason: outcomeReason }, 'request refused');
  };
  const who = [m.author.handle, m.author.id].map((s) => s.toLowerCase());
  if (deps.blocked.some((b) => who.includes(b.replace(/^@/, '')))) return refuse('I do not take requests from this account.', 'blocked account');

  if (parsed.action === 'untrack') return untrack(deps, m, request, url);

  const since = new Date(deps.now().getTime() - DAY).toISOString();
  const today = (await deps.store.requestsWhere({ network: m.network, authorId: m.author.id, since })).filter((r) => r.action === 'track' && r.outcome !== 'ignored');
  if (today.filter((r) => r.reason !== 'rate limit').length >= deps.perDay) {
    // One refusal a day says why; further requests that day are not answered (no reply storms).
    if (today.some((r) => r.reason === 'rate limit')) return void (await deps.store.saveRequest({ ...request, reason: 'rate limit, already told' }));
    return refuse(`you have asked me to watch ${deps.perDay} articles in the last 24 hours, which is as many as I take from one account. Please try again tomorrow.`, 'rate limit');
  }
  if (!url) return refuse('I found no link to an article in your post or in the post it replies to.', 'no link');
  let accepted: string;
  try {
    accepted = acceptArticleUrl(url, deps.allowedDomains);
  } catch (err) {
    if (err instanceof ArticleUrlError && err.reason === 'not-allowed') return refuse(`I only watch articles from ${deps.allowedDomains.join(', ')}.`, 'domain not allowed');
    return refuse('that is not the address of a web page.', `bad URL: ${(err as Error).message}`);
  }
  const host = new URL(accepted).hostname;
  const literal = literalAddressOf(host);
  if ((literal && !isAllowedAddress(literal, deps.allowPrivateHosts)) || (!deps.allowPrivateHosts && /(?:^|\.)localhost$/i.test(host))) {
    return refuse('that address is not on the public internet.', 'private address');
  }
  // The article this URL names: its own, or the one it was found to be a second address of.
  const existing = await deps.store.articleFor(accepted);
  if (existing?.active && existing.headline) {
    // Tracked already, with a version: the answer can go at once.
    await deps.store.saveRequest({ ...request, url: accepted, article_id: existing.id, outcome: 'tracking', active: 1 }, (id) => reply(m, id, 'ack', watchingText(m.network, m.author.handle, existing.headline!, existing.url), existing.id, existing.url));
    log.info({ url: accepted, article: existing.url }, 'request: watching an article tracked already');
    return;
  }
  const { article } = await deps.store.trackArticle(accepted, now, `request:${m.network}:${m.author.handle}`, { first: true });
  await deps.store.saveRequest({ ...request, url: accepted, article_id: article.id, outcome: 'pending' });
  log.info({ url: accepted, article: article.url }, 'request: tracking the article; answering after its check');
}

/** "untrack": the requester's threads about the article named, or the thread this mention is in, stop. */
async function untrack(deps: RequestIntakeDeps, m: Mention, request: NewRequest, url: string | null): Promise<void> {
  const mine = (await deps.store.requestsWhere({ network: m.network, authorId: m.author.id, active: true })).filter((r) => r.outcome === 'tracking' || r.outcome === 'pending');
  let stopping: RequestRow[] = [];
  if (url) {
    let normalised = url;
    try {
      normalised = acceptArticleUrl(url, []);
    } catch {
      /* compared as written */
    }
    // The address asked for, or any other address of the same article.
    const named = await deps.store.articleFor(normalised);
    stopping = mine.filter((r) => r.url === normalised || (named !== undefined && r.article_id === named.id));
  } else if (m.parentId) {
    const thread = await deps.store.requestOfThreadPost(m.network, m.parentId);
    stopping = mine.filter((r) => r.id === thread?.id);
  }
  const headlines: string[] = [];
  for (const r of stopping) {
    const article = r.article_id ? await deps.store.getArticleById(r.article_id) : undefined;
    headlines.push(article?.headline ?? r.url ?? 'that article');
    await deps.store.settleRequest(r.id, { active: 0, outcome: 'untracked' });
  }
  const text = stopping.length ? stoppedText(m.network, m.author.handle, headlines) : notWatchingText(m.network, m.author.handle);
  await deps.store.saveRequest({ ...request, outcome: stopping.length ? 'untracked' : 'ignored', reason: stopping.length ? null : 'nothing to stop' }, (id) => reply(m, id, 'ack', text, null, ''));
}

/** A reply in the requester's thread (its id names the request, so it is made once). */
export function reply(m: { network: Network; id: string; cid: string | null; root: { id: string; cid: string | null }; author: { handle: string; id: string }; visibility: string | null }, requestId: number, kind: NewReply['kind'], text: string, articleId: number | null, articleUrl: string): NewReply {
  return {
    id: `request-${requestId}-${kind}-${m.network}`,
    kind,
    network: m.network,
    articleId,
    thread: `request:${requestId}`,
    text,
    articleUrl,
    inReplyTo: null,
    replyTo: { root: m.root, parent: { id: m.id, cid: m.cid } },
    mention: { handle: m.author.handle, id: m.author.id },
    visibility: m.visibility,
  };
}
