import { parseCheckErrorCode, unhandledCase } from '../check-error.ts';
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
async function answerRequests(store: Store, log: Logger, now: () => Date): Promise<number> {
  let answered = 0;
  for (const request of await store.requests.where({ outcome: 'pending' })) {
    const article = request.article_id ? await store.articles.byId(request.article_id) : undefined;
    const mention = mentionOf(request);
    const at = now().toISOString();
    if (!article) {
      await store.requests.settle(
        request.id,
        { outcome: 'refused', reason: 'article removed' },
        reply(
          mention,
          request.id,
          'refusal',
          refusalText(mention.network, request.author_handle, 'that article is no longer tracked.'),
          null,
          '',
        ),
        at,
      );
      answered++;
      continue;
    }
    // Every stored version sets the headline: an article with one has been read.
    if (article.headline) {
      const url = article.url;
      await store.requests.settle(
        request.id,
        { outcome: 'tracking', active: 1, article_id: article.id },
        reply(
          mention,
          request.id,
          'ack',
          watchingText(mention.network, request.author_handle, article.headline, url),
          article.id,
          url,
        ),
        at,
      );
      log.info({ network: request.network, from: request.author_handle, url }, 'request answered: watching');
      answered++;
      continue;
    }
    const check = await store.checks.last(article.id);
    if (!check || check.outcome !== 'error') continue; // not checked yet
    const reason = refusalReason(check.error_code);
    await store.requests.settle(
      request.id,
      { outcome: 'refused', reason: check.error_message },
      reply(mention, request.id, 'refusal', refusalText(mention.network, request.author_handle, reason), null, ''),
      at,
    );
    // Tracked only because of this request, and never readable: not worth checking again.
    if (article.source.startsWith('request:'))
      await store.articles.retire(article.id, `request refused: ${check.error_message ?? reason}`);
    log.info(
      { network: request.network, from: request.author_handle, url: article.url, reason: check.error_message },
      'request refused after the first check',
    );
    answered++;
  }
  return answered;
}

/** Why a page cannot be watched, in words for the requester, from the code its check was stored with. */
function refusalReason(code: string | null): string {
  const failure = parseCheckErrorCode(code);
  switch (failure.stage) {
    case 'extract':
      return 'that page does not look like a news article.';
    case 'http': {
      const { status } = failure;
      if (status === 404 || status === 410) return `that page was not found (HTTP ${status}).`;
      if (status >= 500) return 'I could not reach that page. Please try again later.';
      return `the site refused to show me that page (HTTP ${status}).`;
    }
    case 'fetch':
      switch (failure.code) {
        case 'blocked-address':
          return 'that address is not on the public internet.';
        case 'unsupported-content':
          return 'that page does not look like a news article.';
        case 'robots-disallowed':
          return 'the site asks bots not to fetch that page (robots.txt).';
        case 'too-large':
          return 'that page is too large to be a news article.';
        case 'timeout':
        case 'network':
          return 'I could not reach that page. Please try again later.';
        case 'invalid-url':
        case 'aborted':
        case 'redirect-loop':
        case 'redirect-too-many':
        case 'redirect-bad-location':
          return 'I could not read that page.';
        default:
          return unhandledCase(failure.code);
      }
    case 'internal':
      return 'I could not read that page.';
    default:
      return unhandledCase(failure);
  }
}

function mentionOf(r: RequestRow): Parameters<typeof reply>[0] {
  return {
    network: r.network,
    id: r.remote_id,
    cid: r.remote_cid,
    root: { id: r.root_id ?? r.remote_id, cid: r.root_cid ?? r.remote_cid },
    author: { handle: r.author_handle, id: r.author_id },
    visibility: r.visibility,
  };
}
