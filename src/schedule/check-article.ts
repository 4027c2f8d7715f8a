import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Network } from '../config.ts';
import type { Logger } from '../log.ts';
import { diffArticles } from '../diff/index.ts';
import type { ArticleDiff } from '../diff/types.ts';
import { ExtractError, extractArticle, type Article } from '../extract/index.ts';
import { FetchError, HttpStatusError, type Fetcher } from '../fetch/index.ts';
import { changeStem, planPosts } from '../publish/plan.ts';
import type { CardInput } from '../render/layout.ts';
import type { CardRenderer } from '../render/renderer.ts';
import { postText } from '../render/post-text.ts';
import type { ArticleRow, CheckRecord, Store } from '../store/index.ts';

export type CheckOutcome =
  | { outcome: 'first-version'; seq: number }
  | { outcome: 'new-version'; seq: number; diff: ArticleDiff; posts: string[] }
  | { outcome: 'unchanged' | 'not-modified' }
  | { outcome: 'error'; code: string; message: string };

export interface CheckDeps {
  store: Store;
  fetcher: Fetcher;
  renderer: CardRenderer;
  /** Where each change's cards are written, one folder per change. */
  mediaDir: string;
  botName: string;
  log: Logger;
  networks: readonly Network[];
  intervalMinutes: number;
  now: () => Date;
}

/**
 * Fetch -> extract -> compare -> store one article. Everything it learns is written in one transaction;
 * errors are recorded against the article and returned, never thrown, so one bad page cannot stop a cycle.
 */
export async function checkArticle(deps: CheckDeps, row: ArticleRow): Promise<CheckOutcome> {
  const started = deps.now();
  const at = started.toISOString();
  const elapsed = () => deps.now().getTime() - started.getTime();
  const nextCheckAt = (delayMs = deps.intervalMinutes * 60_000) => new Date(started.getTime() + delayMs).toISOString();
  const previous = await deps.store.latestVersion(row.id);
  try {
    const validators = previous ? { etag: row.etag, lastModified: row.last_modified } : null;
    const fetched = await deps.fetcher.fetchPage(row.url, validators);
    if (fetched.kind === 'not-modified') {
      await deps.store.recordCheck(row.id, record(at, 'not-modified', 304, elapsed()), { nextCheckAt: nextCheckAt() });
      return { outcome: 'not-modified' };
    }
    const article: Article = { ...extractArticle(fetched.html, fetched.finalUrl), url: row.url };
    const check = record(at, previous ? 'new-version' : 'first-version', fetched.status, elapsed());
    const common = { articleId: row.id, check, nextCheckAt: nextCheckAt(), article, html: fetched.html, finalUrl: fetched.finalUrl, etag: fetched.validators.etag, lastModified: fetched.validators.lastModified };
    if (!previous) {
      const saved = await deps.store.saveVersion(common);
      return { outcome: 'first-version', seq: saved.seq };
    }
    // Chrome and noise never make a version: only a difference the diff stage reports does.
    const diff = diffArticles(previous.article, article);
    if (diff.changes.length === 0) {
      await deps.store.recordCheck(row.id, record(at, 'unchanged', fetched.status, elapsed()), { nextCheckAt: nextCheckAt(), etag: fetched.validators.etag, lastModified: fetched.validators.lastModified });
      return { outcome: 'unchanged' };
    }
    const seq = previous.seq + 1;
    const media = await writeCards(deps, changeStem(at, row.id, seq), {
      outlet: article.outlet,
      headline: article.headline,
      url: row.url,
      previousAt: previous.fetchedAt,
      currentAt: at,
      botName: deps.botName,
      diff,
    });
    const previousPosts = new Map<Network, string | null>();
    for (const network of deps.networks) previousPosts.set(network, (await deps.store.latestPost(row.id, network))?.id ?? null);
    const posts = planPosts({
      at,
      media,
      articleId: row.id,
      versionSeq: seq,
      networks: deps.networks,
      articleUrl: row.url,
      text: (network) => postText({ outlet: article.outlet, headline: article.headline, summary: diff.summary, previousAt: previous.fetchedAt, currentAt: at, url: row.url }, network),
      previousPostId: (network) => previousPosts.get(network) ?? null,
    });
    const saved = await deps.store.saveVersion({ ...common, change: { fromVersionId: previous.id, diff, posts } });
    return { outcome: 'new-version', seq: saved.seq, diff, posts: posts.map((p) => p.id) };
  } catch (err) {
    const code = err instanceof FetchError ? err.code : err instanceof ExtractError ? `extract-${err.reason}` : 'internal';
    const message = (err as Error).message;
    const status = err instanceof HttpStatusError ? err.status : null;
    // A server that asks for a pause gets it, at least.
    const retryMs = err instanceof HttpStatusError && err.retryAfterSeconds !== null ? err.retryAfterSeconds * 1000 : 0;
    await deps.store.recordCheck(row.id, { at, outcome: 'error', httpStatus: status, errorCode: code, errorMessage: message, durationMs: elapsed() }, { nextCheckAt: nextCheckAt(Math.max(deps.intervalMinutes * 60_000, retryMs)) });
    return { outcome: 'error', code, message };
  }
}

/**
 * Renders a change's cards and writes them to their own folder before the change is stored, so a stored
 * post never points at missing files (a crash in between leaves only an unused folder).
 */
async function writeCards(deps: CheckDeps, folder: string, input: CardInput) {
  let cards;
  try {
    cards = await deps.renderer.render(input);
  } catch (err) {
    // A card that cannot be drawn must not cost the version: the change is stored and posted without images.
    deps.log.error({ url: input.url, err: (err as Error).message }, 'could not render the cards of a change; posting it without images');
    return null;
  }
  const dir = join(deps.mediaDir, folder);
  mkdirSync(dir, { recursive: true });
  const images = cards.map((card, i) => {
    const file = `card-${i + 1}.png`;
    writeFileSync(join(dir, file), card.png);
    return { file, width: card.width, height: card.height, alt: card.alt };
  });
  return { folder, images };
}

function record(at: string, outcome: CheckRecord['outcome'], status: number, durationMs: number): CheckRecord {
  return { at, outcome, httpStatus: status, errorCode: null, errorMessage: null, durationMs };
}
