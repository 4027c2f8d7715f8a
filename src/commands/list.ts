import type { App } from '../app.ts';
import { formatGap } from '../format-gap.ts';
import { table } from './terminal.ts';

export async function list(app: App): Promise<number> {
  const rows = await app.store.articles.list();
  if (rows.length === 0) {
    console.log('No articles tracked yet. Add one with: npx editwatch track <url>');
    return 0;
  }
  const now = Date.now();
  const when = (iso: string | null) =>
    iso ? `${formatGap(Math.abs(now - Date.parse(iso)))} ${Date.parse(iso) > now ? 'from now' : 'ago'}` : 'never';
  console.log(
    table(
      ['id', 'versions', 'last check', 'next due', 'state', 'article'],
      rows.map((r) => [
        String(r.id),
        String(r.version_count ?? 0),
        when(r.last_checked_at),
        r.active ? (Date.parse(r.next_check_at) <= now ? 'due now' : when(r.next_check_at)) : '-',
        r.active ? (r.last_error ? 'error' : 'active') : `retired (${r.retired_reason ?? ''})`,
        `${r.headline ? `${r.headline} — ` : ''}${r.url}${r.last_error ? `\n${' '.repeat(4)}last error: ${r.last_error}` : ''}`,
      ]),
    ),
  );
  return 0;
}
