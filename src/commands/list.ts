import type { StateApp } from '../open-state.ts';
import { formatWhen } from '../format-gap.ts';
import { table } from './terminal.ts';

/** Articles a page when --limit is not given. */
const PAGE_SIZE = 50;

/**
 * `editwatch list [--limit n] [--after id]`: a page of the tracked articles, newest first, and how to see
 * the next. A page is read from where it starts, so it costs the same at 100,000 articles as at 100.
 */
export async function list(app: StateApp, options: { limit?: number; after?: number } = {}): Promise<number> {
  const limit = options.limit ?? PAGE_SIZE;
  // One row more than shown says whether a next page exists.
  const rows = await app.store.articles.page({ limit: limit + 1, after: options.after });
  if (rows.length === 0) {
    console.log(
      options.after === undefined
        ? 'No articles tracked yet. Add one with: npx editwatch track <url>'
        : `No articles after ${options.after}.`,
    );
    return 0;
  }
  const shown = rows.slice(0, limit);
  const now = Date.now();
  const when = (iso: string | null) => formatWhen(iso, now);
  console.log(
    table(
      ['id', 'versions', 'last check', 'next due', 'state', 'article'],
      shown.map((r) => [
        String(r.id),
        String(r.version_count ?? 0),
        when(r.last_checked_at),
        r.active ? (Date.parse(r.next_check_at) <= now ? 'due now' : when(r.next_check_at)) : '-',
        r.active ? (r.last_error ? 'error' : 'active') : `retired (${r.retired_reason ?? ''})`,
        `${r.headline ? `${r.headline} — ` : ''}${r.url}${r.last_error ? `\n${' '.repeat(4)}last error: ${r.last_error}` : ''}`,
      ]),
    ),
  );
  const total = await app.store.articles.total();
  const more =
    rows.length > limit
      ? `; next page: editwatch list --after ${shown[shown.length - 1]!.id}${options.limit ? ` --limit ${limit}` : ''}`
      : '; the last page';
  console.log(`\n${shown.length} of ${total} articles, newest first${more}`);
  return 0;
}
