import type { Network } from '../domain.ts';
import { isAllowedAddress, literalAddressOf } from '../fetch/address-guard.ts';
import type { Logger } from '../log.ts';
import { NetworkHaltError } from '../publish/retry.ts';
import { notWatchingText, refusalText, stoppedText, watchingText } from './reply-text.ts';
import type { CycleSource } from '../sources/types.ts';
import type { NewReply, NewRequest, RequestRow, Store } from '../store/index.ts';
import { networkScope } from '../store/pauses.ts';
import { acceptArticleUrl, ArticleUrlError } from '../sources/article-url.ts';
import type { Mention, MentionReader } from './mentions/types.ts';
import { isBlockedAccount, isBlockedInstance, isUnder } from './guards.ts';
import { parseRequest } from './request-text.ts';

export interface RequestIntakeDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  readers: MentionReader[];
  allowPrivateHosts: boolean;
  requests: RequestLimits;
}

/** Limits, allowed and blocked domains, blocked accounts and instances (EDITWATCH_REQUEST… settings). */
export interface RequestLimits {
  /** Requests an account may make in 24 hours. */
  perDay: number;
  /** Accepted requests in 24 hours from everyone, and articles tracked because of requests at once. */
  globalPerDay: number;
  maxArticles: number;
  /** Handles or account ids, lower case, whose requests are refused. */
  blocked: readonly string[];
  /** Domains requests may name; empty: any public host. */
  domains: readonly string[];
  /** Instances (Mastodon) and handle domains (Bluesky) whose accounts are not heard; link domains refused. */
  blockedInstances: readonly string[];
  blockedDomains: readonly string[];
}

const DAY = 24 * 3600_000;

/**
 * Mentions as a source: each one is read once (a persisted cursor per network, and one row per mention),
 * and becomes a tracked article, a stop, a polite refusal, or nothing. Replies are queued in the outbox
 * in the same transaction as the decision, so they are sent exactly once. A request for an article not
 * yet tracked is answered after its first check (see answerRequests).
 */
export function requestSource(deps: RequestIntakeDeps): CycleSource {
  if (!deps.requests.domains.length)
    deps.log.warn(
      'tracking requests are on with no EDITWATCH_REQUEST_DOMAINS or EDITWATCH_ALLOWED_DOMAINS: anyone who mentions the bot can make it fetch any public host',
    );
  return {
    name: 'mentions',
    async run(signal) {
      for (const reader of deps.readers) {
        if (signal.aborted) return;
        // A network that asked us to wait (here or when posting) is not read before the wait is over.
        const pause = await deps.store.pauses.active(networkScope(reader.network), deps.now().toISOString());
        if (pause) {
          deps.log.info(
            { network: reader.network, until: pause.resumeAt, reason: pause.reason },
            `mentions not read: ${reader.network} asked us to wait until ${pause.resumeAt}`,
          );
          continue;
        }
        const cursorName = `mentions:${reader.network}`;
        try {
          const { mentions, cursor } = await reader.read(await deps.store.cursors.get(cursorName), signal);
          let handled = 0;
          for (const mention of mentions) {
            // Stopped: the cursor stays where it was; mentions are recorded one by one, so none is handled twice.
            if (signal.aborted) return;
            if (await deps.store.requests.has(mention.network, mention.id)) continue;
            await handleMention(deps, reader, mention, signal);
            handled++;
          }
          await deps.store.cursors.set(cursorName, cursor);
          if (handled) deps.log.info({ network: reader.network, handled }, 'mentions handled');
        } catch (err) {
          if (signal.aborted) return;
          if (!(err instanceof NetworkHaltError && err.why === 'rate-limited' && err.waitMs !== null)) throw err;
          const now = deps.now();
          const until = new Date(now.getTime() + err.waitMs).toISOString();
          await deps.store.pauses.set({
            scope: networkScope(reader.network),
            resumeAt: until,
            reason: err.message,
            setAt: now.toISOString(),
          });
          deps.log.warn(
            { network: reader.network, until, err: err.message },
            `${reader.network} asked us to wait until ${until}; no mentions read or posts sent before then`,
          );
        }
      }
    },
  };
}

/** Refusals an account is told once a day; later ones that day are recorded, not answered (no reply storms). */
const ONCE_A_DAY: readonly (string | null)[] = [
  'blocked account',
  'rate limit',
  'global limit',
  'requested articles limit',
];

async function handleMention(
  deps: RequestIntakeDeps,
  reader: MentionReader,
  m: Mention,
  signal: AbortSignal,
): Promise<void> {
  const now = deps.now().toISOString();
  const base: NewRequest = {
    network: m.network,
    remote_id: m.id,
    remote_cid: m.cid,
    root_id: m.root.id,
    root_cid: m.root.cid,
    author_id: m.author.id,
    author_handle: m.author.handle,
    received_at: now,
    action: 'track',
    outcome: 'ignored',
    visibility: m.visibility,
  };
  const log = deps.log.child({ network: m.network, mention: m.id, from: m.author.handle });
  const limits = deps.requests;
  if (m.author.isSelf || m.author.isBot) {
    await deps.store.requests.save({ ...base, reason: m.author.isSelf ? 'our own post' : 'an automated account' });
    return;
  }
  // Not answered at all: a reply would be a post into the instance the operator chose not to talk to.
  if (isBlockedInstance(m.network, m.author.handle, limits.blockedInstances)) {
    await deps.store.requests.save({ ...base, reason: 'blocked instance' });
    log.info('mention from a blocked instance ignored');
    return;
  }
  const parsed = parseRequest(m.text, m.links);
  if (parsed.action === 'none') {
    // A link among other words and no verb ("great bot! my blog: …") is talk, not a request: no answer.
    await deps.store.requests.save({
      ...base,
      reason: parsed.url ? 'not a request: a link without a verb' : 'not a request',
    });
    return;
  }
  let url = parsed.url;
  // "@bot watch this" in reply to a post with the link: the link is in the parent.
  if (!url && m.parentId && parsed.action === 'track')
    url = (await reader.linksOf(m.parentId, signal).catch(() => [])).find(Boolean) ?? null;
  // A lookup cut short by a shutdown is no missing link: the mention is left for the next run.
  signal.throwIfAborted();
  const request = { ...base, action: parsed.action, url };
  const since = new Date(deps.now().getTime() - DAY).toISOString();
  const today = await deps.store.requests.where({ network: m.network, authorId: m.author.id, since });
  const refuse = async (reason: string, outcomeReason = reason, level: 'info' | 'warn' = 'info') => {
    if (ONCE_A_DAY.includes(outcomeReason) && today.some((r) => r.reason === outcomeReason)) {
      await deps.store.requests.save({ ...request, reason: `${outcomeReason}, already told` });
      log.debug({ reason: outcomeReason }, 'request refused, not answered (told today)');
      return;
    }
    await deps.store.requests.save({ ...request, outcome: 'refused', reason: outcomeReason }, (id) =>
      reply(m, id, 'refusal', refusalText(m.network, m.author.handle, reason), null, ''),
    );
    log[level]({ reason: outcomeReason }, 'request refused');
  };
  if (isBlockedAccount(m.author, limits.blocked))
    return refuse('I do not take requests from this account.', 'blocked account');

  if (parsed.action === 'untrack') return untrack(deps, m, request, url, today);

  const asked = today.filter((r) => r.action === 'track' && r.outcome !== 'ignored' && !ONCE_A_DAY.includes(r.reason));
  if (asked.length >= limits.perDay) {
    return refuse(
      `you have asked me to watch ${limits.perDay} articles in the last 24 hours, which is as many as I take from one account. Please try again tomorrow.`,
      'rate limit',
    );
  }
  if (!url) return refuse('I found no link to an article in your post or in the post it replies to.', 'no link');
  let accepted: string;
  try {
    accepted = acceptArticleUrl(url, limits.domains);
  } catch (err) {
    if (err instanceof ArticleUrlError && err.reason === 'not-allowed')
      return refuse(`I only watch articles from ${limits.domains.join(', ')}.`, 'domain not allowed');
    return refuse('that is not the address of a web page.', `bad URL: ${(err as Error).message}`);
  }
  const host = new URL(accepted).hostname;
  if (isUnder(host, limits.blockedDomains)) return refuse('I do not watch articles from that site.', 'blocked domain');
  const literal = literalAddressOf(host);
  if (
    (literal && !isAllowedAddress(literal, deps.allowPrivateHosts)) ||
    (!deps.allowPrivateHosts && /(?:^|\.)localhost$/i.test(host))
  ) {
    return refuse('that address is not on the public internet.', 'private address');
  }
  // The article this URL names: its own, or the one it was found to be a second address of.
  const existing = await deps.store.articles.for(accepted);
  if (existing && isUnder(new URL(existing.url).hostname, limits.blockedDomains))
    return refuse('I do not watch articles from that site.', 'blocked domain');
  // The caps hold for all accounts together (throwaway accounts each have a day's quota).
  const counts = await deps.store.requests.capCounts(since);
  if (counts.accepted >= limits.globalPerDay) {
    return refuse(
      `I have taken as many requests as I can in the last 24 hours (${limits.globalPerDay} from everyone). Please try again tomorrow.`,
      'global limit',
      'warn',
    );
  }
  if (existing?.active && existing.headline) {
    // Tracked already, with a version: the answer can go at once.
    await deps.store.requests.save(
      { ...request, url: accepted, article_id: existing.id, outcome: 'tracking', active: 1 },
      (id) =>
        reply(
          m,
          id,
          'ack',
          watchingText(m.network, m.author.handle, existing.headline!, existing.url),
          existing.id,
          existing.url,
        ),
    );
    log.info({ url: accepted, article: existing.url }, 'request: watching an article tracked already');
    return;
  }
  // Only a request that adds an article to the queue (or brings one back) is held by this cap.
  if (!existing?.active && counts.requestedArticles >= limits.maxArticles) {
    return refuse(
      `I am already watching as many articles for people as I can (${limits.maxArticles}). Please try again later.`,
      'requested articles limit',
      'warn',
    );
  }
  const { article } = await deps.store.articles.track(accepted, now, `request:${m.network}:${m.author.handle}`, {
    first: true,
  });
  await deps.store.requests.save({ ...request, url: accepted, article_id: article.id, outcome: 'pending' });
  log.info({ url: accepted, article: article.url }, 'request: tracking the article; answering after its check');
}

/** "untrack": the requester's threads about the article named, or the thread this mention is in, stop. */
async function untrack(
  deps: RequestIntakeDeps,
  m: Mention,
  request: NewRequest,
  url: string | null,
  today: RequestRow[],
): Promise<void> {
  const mine = (await deps.store.requests.where({ network: m.network, authorId: m.author.id, active: true })).filter(
    (r) => r.outcome === 'tracking' || r.outcome === 'pending',
  );
  let stopping: RequestRow[] = [];
  if (url) {
    let normalised = url;
    try {
      normalised = acceptArticleUrl(url, []);
    } catch {
      /* compared as written */
    }
    // The address asked for, or any other address of the same article.
    const named = await deps.store.articles.for(normalised);
    stopping = mine.filter((r) => r.url === normalised || (named !== undefined && r.article_id === named.id));
  } else if (m.parentId) {
    const thread = await deps.store.requests.ofThreadPost(m.network, m.parentId);
    stopping = mine.filter((r) => r.id === thread?.id);
  }
  const headlines: string[] = [];
  for (const r of stopping) {
    const article = r.article_id ? await deps.store.articles.byId(r.article_id) : undefined;
    headlines.push(article?.headline ?? r.url ?? 'that article');
    await deps.store.requests.settle(r.id, { active: 0, outcome: 'untracked' });
  }
  // "Nothing to stop" is said once a day: repeated stops are not a way to make the bot post.
  if (!stopping.length && today.some((r) => r.reason === 'nothing to stop'))
    return void (await deps.store.requests.save({ ...request, reason: 'nothing to stop, already told' }));
  const text = stopping.length
    ? stoppedText(m.network, m.author.handle, headlines)
    : notWatchingText(m.network, m.author.handle);
  await deps.store.requests.save(
    {
      ...request,
      outcome: stopping.length ? 'untracked' : 'ignored',
      reason: stopping.length ? null : 'nothing to stop',
    },
    (id) => reply(m, id, 'ack', text, null, ''),
  );
}

/** A reply in the requester's thread (its id names the request, so it is made once). */
export function reply(
  m: {
    network: Network;
    id: string;
    cid: string | null;
    root: { id: string; cid: string | null };
    author: { handle: string; id: string };
    visibility: string | null;
  },
  requestId: number,
  kind: NewReply['kind'],
  text: string,
  articleId: number | null,
  articleUrl: string,
): NewReply {
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
