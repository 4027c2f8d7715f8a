import { html } from './html.ts';
import type { ArticleListing } from '../../store/archive-queries.ts';
import { pager, time, type Html } from './layout.ts';

export function outletsPage(outlets: { outlet: string; articles: number; changes: number }[]): Html {
  return html`<h1>Outlets</h1>
${
  outlets.length
    ? html`<table class="list"><thead><tr><th scope="col">Outlet</th><th scope="col">Articles watched</th><th scope="col">Edits found</th></tr></thead><tbody>
${outlets.map((o) => html`<tr><td><a href="/outlets/${encodeURIComponent(o.outlet)}">${o.outlet}</a></td><td>${o.articles}</td><td>${o.changes}</td></tr>`)}
</tbody></table>`
    : html`<p>No articles have been read yet.</p>`
}`;
}

/** One outlet: its tracked articles and how often each was edited. */
export function outletPage(input: {
  outlet: string;
  articles: ArticleListing[];
  total: number;
  /** The article this page follows on from; `next`: the one the next page does. */
  after: number | undefined;
  next: number | null;
}): Html {
  return html`<h1>${input.outlet}</h1>
<p class="muted">${input.total} ${input.total === 1 ? 'article' : 'articles'} watched. <a href="/outlets/${encodeURIComponent(input.outlet)}/feed.atom">Feed of this outlet's changes</a></p>
<table class="list"><thead><tr><th scope="col">Article</th><th scope="col">First seen</th><th scope="col">Edits</th><th scope="col">Watching</th></tr></thead><tbody>
${input.articles.map(
  (a) =>
    html`<tr><td><a href="/articles/${a.id}">${a.headline ?? a.url}</a></td><td>${time(a.added_at)}</td><td>${a.changeCount === 0 ? 'none' : `changed ${a.changeCount} ${a.changeCount === 1 ? 'time' : 'times'}`}</td><td>${a.active ? 'yes' : `no (${a.retired_reason ?? 'retired'})`}</td></tr>`,
)}
</tbody></table>
${pager(`/outlets/${encodeURIComponent(input.outlet)}`, {}, input)}`;
}
