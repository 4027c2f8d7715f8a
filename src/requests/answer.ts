import type { Network } from '../domain.ts';
import type { Logger } from '../log.ts';
import { refusalText, watchingText } from './reply-text.ts';
import { reply } from './intake.ts';
import type { CycleSource } from '../sources/types.ts';
import type { RequestRow, Store } from '../store/index.ts';

/** After each cycle's checks: the answers go out with that cycle's posts. */
export function requestAnswers(deps: { store: Store; log: Logger; now: () => Date }): CycleSource {
  return {
    name: 'request answers',
    async run() {
      const answered = await answerRequests(deps.store, deps.log, deps.now);
      if (answered) deps.log.info({ answered }, 'tracking requests answered');
    },
  };
}

/**
 * Answers the requests whose article has had its first check: "Watching …" when it gave a version,
 * a refusal saying why when it could not be fetched or is no article (and the article, tracked only
 * for this request, is retired). Requests whose article is still waiting for its check stay pending.
 */
export async function answerRequests(store: Store, log: Logger, now: () => Date): Promise<number> {
  let answered = 0;
  for (const request of await store.requestsWhere({ outcome: 'pending' })) {
    const article = request.article_id ? await store.getArticleById(request.article_id) : undefined;
    const mention = mentionOf(request);
    const at = now().toISOString();
    if (!article) {
      await store.settleRequest(request.id, { outcome: 'refused', reason: 'article removed' }, reply(mention, request.id, 'refusal', refusalText(mention.network, request.author_handle, 'that article is no longer tracked.'), null, ''), at);
      answered++;
      continue;
    }
    // Every stored version sets the headline: an article with one has been read.
    if (article.headline) {
      const url = article.url;
      await store.settleRequest(request.id, { outcome: 'tracking', active: 1, article_id: article.id }, reply(mention, request.id, 'ack', watchingText(mention.network, request.author_handle, article.headline, url), article.id, url), at);
      log.info({ network: request.network, from: request.author_handle, url }, 'request answered: watching');
      answered++;
      continue;
    }
    const check = await store.lastCheck(article.id);
    if (!check || check.outcome !== 'error') continue; // not checked yet
    const reason = refusalReason(check.error_code ?? '', check.http_status);
    await store.settleRequest(request.id, { outcome: 'refused', reason: check.error_message }, reply(mention, request.id, 'refusal', refusalText(mention.network, request.author_handle, reason), null, ''), at);
    // Tracked only because of this request, and never readable: not worth checking again.
    if (article.source.startsWith('request:')) await store.retireArticle(article.id, `request refused: ${check.error_message ?? reason}`);
    log.info({ network: request.network, from: request.author_handle, url: article.url, reason: check.error_message }, 'request refused after the first check');
    answered++;
  }
  return answered;
}

/** Why a page cannot be watched, in words for the requester. */
export function refusalReason(code: string, status: number | null): string {
  if (code === 'blocked-address') return 'that address is not on the public internet.';
  if (code.startsWith('extract-') || code === 'unsupported-content') return 'that page does not look like a news article.';
  if (status === 404 || status === 410) return `that page was not found (HTTP ${status}).`;
  if (code === 'robots-disallowed') return 'the site asks bots not to fetch that page (robots.txt).';
  if (code === 'too-large') return 'that page is too large to be a news article.';
  if (code === 'timeout' || code === 'network' || (status !== null && status >= 500)) return 'I could not reach that page. Please try again later.';
  if (status !== null) return `the site refused to show me that page (HTTP ${status}).`;
  return 'I could not read that page.';
}

function mentionOf(r: RequestRow): Parameters<typeof reply>[0] {
  return { network: r.network as Network, id: r.remote_id, cid: r.remote_cid, root: { id: r.root_id ?? r.remote_id, cid: r.root_cid ?? r.remote_cid }, author: { handle: r.author_handle, id: r.author_id }, visibility: r.visibility };
}
