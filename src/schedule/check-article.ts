import type { Logger } from '../log.ts';
import type { ArticleDiff } from '../diff/types.ts';
import type { Extractor } from '../extract/extractor.ts';
import type { Article } from '../extract/article.ts';
import { checkErrorCode, type CheckErrorCode } from '../check-error.ts';
import { EXTRACTOR_VERSION } from '../extract/extract-error.ts';
import { HttpStatusError, type Fetcher } from '../fetch/index.ts';
import type { Announcer } from './announce.ts';
import {
  LeaseLostError,
  type ArticleRow,
  type CheckRecord,
  type NextSchedule,
  type Store,
  type StoredVersion,
} from '../store/index.ts';
import { stateFault } from '../store/state-fault.ts';
import { nextCheck, type CheckResult, type SchedulePolicy } from './policy.ts';
import type { HostPauses } from '../sources/host-pauses.ts';
import { honourCanonical } from './canonical.ts';

/** What a check found; `retired`: the schedule retired the article after it, and why. */
export type CheckOutcome = (
  | { outcome: 'first-version'; seq: number }
  | { outcome: 'new-version'; seq: number; diff: ArticleDiff; posts: string[] }
  | { outcome: 'minor-version'; seq: number }
  | { outcome: 'unchanged' | 'not-modified' }
  | { outcome: 'duplicate'; of: string }
  | { outcome: 'error'; code: CheckErrorCode; message: string }
  /** Stopped by a shutdown before it finished: nothing recorded, the article is still due. */
  | { outcome: 'aborted' }
) & { retired?: string };

export interface CheckDeps {
  store: Store;
  fetcher: Fetcher;
  /** Reads each fetched page (and older versions' HTML again), off the main thread and time-limited. */
  extractor: Extractor;
  /** Turns a change into its cards and posts, stored here with the version. */
  announce: Announcer;
  log: Logger;
  policy: SchedulePolicy;
  /** Domains articles may come from (a canonical link elsewhere is not followed). */
  allowedDomains: readonly string[];
  now: () => Date;
}

/**
 * Fetch -> extract -> compare -> store one article. Everything it learns is written in one transaction;
 * errors are recorded against the article and returned, so one bad page cannot stop a cycle. A fault of
 * the state (disk full, read-only, damaged database) is thrown as a StateFaultError: it is not the
 * article's, and the article stays due, to be checked again.
 */
export async function checkArticle(
  deps: CheckDeps & { hostPauses: Pick<HostPauses, 'pauseAfter'> },
  row: ArticleRow,
  signal?: AbortSignal,
): Promise<CheckOutcome> {
  const started = deps.now();
  const at = started.toISOString();
  const elapsed = () => deps.now().getTime() - started.getTime();
  // Watching again after retirement starts the schedule afresh, as for a new article.
  const times = {
    firstSeenAt: Math.max(Date.parse(row.added_at), row.watched_since ? Date.parse(row.watched_since) : 0),
    lastChangedAt: row.last_changed_at ? Date.parse(row.last_changed_at) : null,
    goneBefore: row.gone_count,
    lastCheckedAt: row.last_checked_at ? Date.parse(row.last_checked_at) : null,
    observedQuietMs: row.quiet_observed_ms,
  };
  const schedule = (result: CheckResult): NextSchedule => {
    const next = nextCheck(times, result, started.getTime(), deps.policy);
    return next.retire
      ? { retiredReason: next.reason, gone: next.gone }
      : { nextCheckAt: new Date(next.at).toISOString(), gone: next.gone, quietObservedMs: next.observed };
  };
  const retired = (next: NextSchedule) => ('retiredReason' in next ? { retired: next.retiredReason } : {});
  const previous = await deps.store.versions.latest(row.id);
  try {
    const validators = previous ? { etag: row.etag, lastModified: row.last_modified } : null;
    const fetched = await deps.fetcher.fetchPage(row.url, validators, signal);
    if (fetched.kind === 'not-modified') {
      const next = schedule({ kind: 'unchanged' });
      await deps.store.checks.record(row.id, record(at, 'not-modified', 304, elapsed()), next, row.lease_owner);
      return { outcome: 'not-modified', ...retired(next) };
    }
    const extracted = await deps.extractor.extract(fetched.html, fetched.finalUrl, signal);
    let url = row.url;
    if (!previous) {
      // One article, tracked once: the page's canonical link names it.
      const canonical = await honourCanonical(deps, row, extracted.canonicalUrl);
      if (canonical.duplicateOf)
        return { outcome: 'duplicate', of: canonical.duplicateOf, retired: `duplicate of ${canonical.duplicateOf}` };
      url = canonical.url;
    }
    const article: Article = { ...extracted, url };
    const check = record(at, previous ? 'new-version' : 'first-version', fetched.status, elapsed());
    const common = {
      articleId: row.id,
      check,
      article,
      html: fetched.html,
      finalUrl: fetched.finalUrl,
      etag: fetched.validators.etag,
      lastModified: fetched.validators.lastModified,
      extractor: EXTRACTOR_VERSION,
      // Stored only while this worker still holds the article.
      leaseOwner: row.lease_owner,
    };
    if (!previous) {
      const saved = await deps.store.versions.save({ ...common, next: schedule({ kind: 'unchanged' }) });
      return { outcome: 'first-version', seq: saved.seq };
    }
    // Chrome and noise never make a version: only a difference the diff stage reports does.
    const diff = await compareWithPrevious(deps, previous, article, signal);
    if (diff.changes.length === 0 && !diff.minor?.length) {
      const next = schedule({ kind: 'unchanged' });
      await deps.store.checks.record(
        row.id,
        record(at, 'unchanged', fetched.status, elapsed()),
        { ...next, etag: fetched.validators.etag, lastModified: fetched.validators.lastModified },
        row.lease_owner,
      );
      return { outcome: 'unchanged', ...retired(next) };
    }
    if (diff.changes.length === 0) {
      // Typography, spacing, a split with no word changed: kept for the record, marked minor, never posted.
      const next = schedule({ kind: 'unchanged' });
      const saved = await deps.store.versions.save({
        ...common,
        check: { ...check, outcome: 'minor-version' },
        next,
        change: { fromVersionId: previous.id, diff, posts: [], minor: true },
      });
      return { outcome: 'minor-version', seq: saved.seq, ...retired(next) };
    }
    const announcement = await deps.announce({
      articleId: row.id,
      url: row.url,
      outlet: article.outlet,
      headline: article.headline,
      previousAt: previous.fetchedAt,
      at,
      seq: previous.seq + 1,
      diff,
    });
    try {
      const saved = await deps.store.versions.save({
        ...common,
        next: schedule({ kind: 'changed' }),
        change: { fromVersionId: previous.id, diff, posts: announcement.posts },
      });
      return { outcome: 'new-version', seq: saved.seq, diff, posts: announcement.posts.map((p) => p.id) };
    } catch (err) {
      // A change that could not be stored leaves no cards behind; the next check makes them again. A
      // removal that fails too must not hide why the store failed: the sweep takes what it leaves.
      await announcement.discard().catch(() => {});
      throw err;
    }
  } catch (err) {
    const fault = stateFault(err);
    if (fault) throw fault;
    // Another worker has the article now: its check is that worker's to record.
    if (err instanceof LeaseLostError) throw err;
    // A shutdown cut it short: not the page's failure, so no error check counts towards retirement.
    if (signal?.aborted) return { outcome: 'aborted' };
    await deps.hostPauses.pauseAfter(row.url, err);
    const code = checkErrorCode(err);
    const message = (err as Error).message;
    const status = err instanceof HttpStatusError ? err.status : null;
    // A page that is gone counts towards retirement; a server that asks for a pause gets it, at least.
    const result: CheckResult =
      status === 404 || status === 410
        ? { kind: 'gone', status }
        : {
            kind: 'error',
            retryAfterMs:
              err instanceof HttpStatusError && err.retryAfterSeconds !== null ? err.retryAfterSeconds * 1000 : null,
          };
    const next = schedule(result);
    await deps.store.checks.record(
      row.id,
      { at, outcome: 'error', httpStatus: status, errorCode: code, errorMessage: message, durationMs: elapsed() },
      next,
      row.lease_owner,
    );
    return { outcome: 'error', code, message, ...retired(next) };
  }
}

/**
 * The diff from the previous version. A version read by older extraction rules is read again, from its
 * stored HTML, by today's: a change of rules (a dek no longer counted as paragraph 1) is not an edit.
 */
async function compareWithPrevious(
  deps: CheckDeps,
  previous: StoredVersion,
  article: Article,
  signal?: AbortSignal,
): Promise<ArticleDiff> {
  // Loaded at the first comparison: the stamp rules behind it cost a process start that compares nothing.
  const { diffArticles } = await import('../diff/index.ts');
  const diff = diffArticles(previous.article, article);
  if (previous.extractor === EXTRACTOR_VERSION || (diff.changes.length === 0 && !diff.minor?.length)) return diff;
  const html = await deps.store.versions.rawHtml(previous.id);
  if (!html) return diff;
  try {
    return diffArticles(await deps.extractor.extract(html, previous.finalUrl, signal), article);
  } catch (err) {
    // Cut short by a shutdown: the check stops here, rather than compare by the old rules and store that.
    if (signal?.aborted) throw err;
    deps.log.warn(
      { version: previous.id, err: (err as Error).message },
      'could not read an older version again; comparing with what was stored',
    );
    return diff;
  }
}

function record(at: string, outcome: CheckRecord['outcome'], status: number, durationMs: number): CheckRecord {
  return { at, outcome, httpStatus: status, errorCode: null, errorMessage: null, durationMs };
}
