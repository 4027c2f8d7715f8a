import { html } from './html.ts';
import { describeChanges } from '../../publish/post-text.ts';
import { SEARCH_ARTICLES, type ChangeListing } from '../../store/archive-queries.ts';
import { pager, time, type Html } from './layout.ts';

/** The home page: recent changes across all articles, with a search, a page at a time. */
export function homePage(input: {
  changes: ChangeListing[];
  total: number;
  /** The search found more articles than it looks at. */
  capped: boolean;
  q: string | undefined;
  /** The change this page follows on from; `next`: the one the next page does. */
  after: number | undefined;
  next: number | null;
}): Html {
  const heading = input.q ? `Changes to articles matching “${input.q}”` : 'Recent changes';
  return html`<h1>${heading}</h1>
<form class="search" method="get" action="/" role="search">
  <label for="q">Search headlines, addresses and outlets</label>
  <input id="q" name="q" type="search" value="${input.q ?? ''}" maxlength="200">
  <button type="submit">Search</button>
</form>
<p class="muted">${input.total} ${input.total === 1 ? 'change' : 'changes'}${input.q ? ' found' : ' found so far'}${input.capped ? ` in the ${SEARCH_ARTICLES} newest matching articles; more match: add words to narrow the search` : ''}.</p>
${input.changes.length ? changeTable(input.changes) : html`<p>No changes ${input.q ? 'match this search' : 'have been found yet'}.</p>`}
${pager('/', { q: input.q }, input)}`;
}

function changeTable(changes: ChangeListing[], options: { showArticle?: boolean } = {}): Html {
  const showArticle = options.showArticle ?? true;
  return html`<table class="list">
<thead><tr><th scope="col">When</th>${showArticle ? html`<th scope="col">Outlet</th><th scope="col">Article</th>` : ''}<th scope="col">What changed</th></tr></thead>
<tbody>
${changes.map(
  (c) => html`<tr>
  <td>${time(c.detectedAt)}</td>
  ${showArticle ? html`<td>${c.outlet ? html`<a href="/outlets/${encodeURIComponent(c.outlet)}">${c.outlet}</a>` : ''}</td><td><a href="/articles/${c.articleId}">${c.headline ?? c.url}</a></td>` : ''}
  <td><a href="/articles/${c.articleId}?from=${c.fromSeq}&amp;to=${c.toSeq}">${describeChanges(c.summary)}</a> <span class="muted">(version ${c.fromSeq} → ${c.toSeq})</span></td>
</tr>`,
)}
</tbody>
</table>`;
}
