import { html } from './html.ts';
import type { ArticleRow, FeedRow } from '../../store/index.ts';
import { time, type Html } from './layout.ts';

export interface StatusData {
  queue: {
    active: number;
    dueNow: number;
    overdue: number;
    withErrors: number;
    retired: number;
    nextDue: { at: string; url: string } | null;
    lastCheckAt: string | null;
  };
  posts: Record<string, number>;
  requests: Record<string, number>;
  feeds: FeedRow[];
  failing: ArticleRow[];
  schedule: string;
}

/** What the bot is doing. No settings beyond the schedule, and never a credential. */
export function statusPage(s: StatusData): Html {
  const q = s.queue;
  return html`<h1>Status</h1>
<dl class="facts">
  <dt>Last check</dt><dd>${q.lastCheckAt ? time(q.lastCheckAt) : 'none yet'}</dd>
  <dt>Articles</dt><dd>${q.active} watched, ${q.retired} retired</dd>
  <dt>Queue</dt><dd>${q.dueNow} due now, ${q.overdue} overdue by more than 10 minutes${q.nextDue ? html`; next due ${time(q.nextDue.at)}` : ''}</dd>
  <dt>Failing</dt><dd>${q.withErrors}</dd>
  <dt>Posts</dt><dd>${Object.entries(s.posts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')}</dd>
  <dt>Requests</dt><dd>${
    Object.keys(s.requests).length
      ? Object.entries(s.requests)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')
      : 'none'
  }</dd>
  <dt>Schedule</dt><dd>${s.schedule}</dd>
</dl>
${
  s.failing.length
    ? html`<h2>Articles whose last check failed</h2><table class="list"><thead><tr><th scope="col">Article</th><th scope="col">Error</th><th scope="col">Checked</th></tr></thead><tbody>
${s.failing.map((a) => html`<tr><td><a href="/articles/${a.id}">${a.headline ?? a.url}</a></td><td>${a.last_error ?? ''}</td><td>${a.last_checked_at ? time(a.last_checked_at) : ''}</td></tr>`)}</tbody></table>`
    : ''
}
${
  s.feeds.length
    ? html`<h2>Feeds</h2><table class="list"><thead><tr><th scope="col">Feed</th><th scope="col">Articles found</th><th scope="col">Last read</th><th scope="col">Error</th></tr></thead><tbody>
${s.feeds.map((f) => html`<tr><td>${f.url}</td><td>${f.articles_added}</td><td>${f.last_checked_at ? time(f.last_checked_at) : 'not yet'}</td><td>${f.last_error ?? ''}</td></tr>`)}</tbody></table>`
    : ''
}`;
}
