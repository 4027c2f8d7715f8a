import { html } from './html.ts';
import type { WordPart } from '../../diff/types.ts';
import { formatGap } from '../../format-gap.ts';
import type { ArticleRow, PostRow, StoredVersion } from '../../store/index.ts';
import type { SideRow } from '../side-by-side.ts';
import { time, type Html } from './layout.ts';

export interface ArticlePageData {
  article: ArticleRow;
  versions: StoredVersion[];
  /** Edits, not counting minor versions. */
  changeCount: number;
  /** Ids of the versions that differ from the one before only by what is no edit (typography, a split). */
  minorVersions: ReadonlySet<number>;
  /** The pairs of versions shown, each with its rows and the posts made about that change. */
  comparisons: { from: StoredVersion; to: StoredVersion; rows: SideRow[]; posts: PostRow[] }[];
  /** The pair chosen in the form (the default is each consecutive pair). */
  selected: { from: number; to: number } | null;
  /** Consecutive pairs not shown (the oldest, on a long history). */
  olderPairs: number;
}

const NETWORK_NAMES: Record<string, string> = { mastodon: 'Mastodon', bluesky: 'Bluesky' };

/** One article: its versions, and side-by-side diffs of the chosen pair or of each consecutive pair. */
export function articlePage(d: ArticlePageData): Html {
  const a = d.article;
  const latest = d.versions[d.versions.length - 1];
  return html`<article>
<p class="muted">${a.outlet ? html`<a href="/outlets/${encodeURIComponent(a.outlet)}">${a.outlet}</a> · ` : ''}<a href="${a.url}" rel="nofollow noopener">Original article</a> · <a href="/articles/${a.id}/feed.atom">Feed of its changes</a></p>
<h1>${latest?.article.headline ?? a.headline ?? a.url}</h1>
<dl class="facts">
  <dt>Address</dt><dd><a href="${a.url}" rel="nofollow noopener">${a.url}</a></dd>
  <dt>First seen</dt><dd>${time(a.added_at)}</dd>
  <dt>Versions</dt><dd>${d.versions.length}; ${d.changeCount === 0 ? 'no change found' : `changed ${d.changeCount} ${d.changeCount === 1 ? 'time' : 'times'}`}</dd>
  <dt>Watching</dt><dd>${a.active ? html`yes${a.last_checked_at ? html`, last checked ${time(a.last_checked_at)}` : ''}` : `no longer (${a.retired_reason ?? 'retired'})`}</dd>
</dl>
<h2 id="versions">Versions</h2>
<ol>${d.versions.map((v) => html`<li>${time(v.fetchedAt)}: ${v.article.headline}${d.minorVersions.has(v.id) ? html` <span class="muted">(minor: no word changed; not posted)</span>` : ''}</li>`)}</ol>
${d.versions.length >= 2 ? compareForm(d) : html`<p>Only one version so far: nothing to compare yet.</p>`}
${d.comparisons.map((c) => comparison(c))}
${d.olderPairs ? html`<p>${d.olderPairs} older ${d.olderPairs === 1 ? 'change is' : 'changes are'} not shown here: choose the versions to compare above.</p>` : ''}
</article>`;
}

function compareForm(d: ArticlePageData): Html {
  const options = (selected: number) =>
    d.versions.map(
      (v) =>
        html`<option value="${v.seq}" ${v.seq === selected ? 'selected' : ''}>Version ${v.seq} — ${time(v.fetchedAt)}</option>`,
    );
  const last = d.versions[d.versions.length - 1]!.seq;
  return html`<form class="search" method="get" action="/articles/${d.article.id}" aria-label="Compare two versions">
  <label for="from">Compare</label> <select id="from" name="from">${options(d.selected?.from ?? last - 1)}</select>
  <label for="to">with</label> <select id="to" name="to">${options(d.selected?.to ?? last)}</select>
  <button type="submit">Compare</button>
  ${d.selected ? html`<a href="/articles/${d.article.id}">Show every change</a>` : ''}
</form>`;
}

function comparison(c: ArticlePageData['comparisons'][number]): Html {
  const elapsed = Date.parse(c.to.fetchedAt) - Date.parse(c.from.fetchedAt);
  // The machine's clock was set back between the two checks: no duration rather than a wrong one.
  const gap = elapsed > 0 ? ` (${formatGap(elapsed)} later)` : '';
  const changed = c.rows.filter((r) => r.kind !== 'same').length;
  const id = `v${c.from.seq}-v${c.to.seq}`;
  return html`<section aria-labelledby="${id}" class="comparison">
<h2 id="${id}">Version ${c.from.seq} → version ${c.to.seq}</h2>
<p class="muted">${time(c.from.fetchedAt)} → ${time(c.to.fetchedAt)}${gap} · ${changed === 0 ? 'no differences' : `${changed} ${changed === 1 ? 'row differs' : 'rows differ'}`}</p>
<p class="legend"><del>struck through</del>: removed · <ins>underlined</ins>: added</p>
<table class="diff">
<caption class="muted" style="text-align:left">The two versions side by side, paragraph by paragraph</caption>
<colgroup><col class="label"><col><col></colgroup>
<thead><tr><th scope="col"><span class="skip">Part</span></th><th scope="col">Version ${c.from.seq}</th><th scope="col">Version ${c.to.seq}</th></tr></thead>
<tbody>
${c.rows.map((r) => row(r, c.from.seq, c.to.seq))}
</tbody>
</table>
${posted(c.posts)}
</section>`;
}

function row(r: SideRow, fromSeq: number, toSeq: number): Html {
  const badge =
    r.kind === 'same' || r.kind === 'field' || r.kind === 'edited'
      ? ''
      : html`<br><span class="badge">${r.kind}</span>`;
  const cell = (parts: WordPart[] | null, side: string) =>
    parts === null
      ? html`<td class="absent" data-side="${side}">(not in this version)</td>`
      : html`<td data-side="${side}">${parts.map(word)}</td>`;
  return html`<tr class="${r.kind}"><th scope="row">${r.label}${badge}</th>${cell(r.left, `Version ${fromSeq}`)}${cell(r.right, `Version ${toSeq}`)}</tr>`;
}

function word(w: WordPart): Html {
  if (w.op === 'removed') return html`<del>${w.text}</del>`;
  if (w.op === 'added') return html`<ins>${w.text}</ins>`;
  return html`${w.text}`;
}

/** The cards posted about this change, and links to the posts on each network. */
function posted(posts: PostRow[]): Html {
  if (!posts.length) return html``;
  // Each network's post carries the same cards (with alt text written for its limit): show them once.
  const withImages = posts.map((p) => ({ media: p.media, images: p.images })).find((p) => p.media && p.images.length);
  const images = withImages?.images ?? [];
  const links = posts.filter((p) => p.state === 'posted' && p.remote_url && /^https?:\/\//.test(p.remote_url));
  return html`<h3>Posted about this change</h3>
${links.length ? html`<ul>${links.map((p) => html`<li><a href="${p.remote_url!}" rel="nofollow noopener">On ${NETWORK_NAMES[p.network] ?? p.network}</a></li>`)}</ul>` : html`<p class="muted">${posts.every((p) => p.state === 'posted') ? 'Written to the dry-run outbox (not on a network).' : 'Waiting to be posted.'}</p>`}
${images.length ? html`<div class="cards">${images.map((im) => html`<a href="/media/${withImages!.media!}/${im.file}"><img src="/media/${withImages!.media!}/${im.file}" width="${im.width}" height="${im.height}" alt="${im.alt}" loading="lazy"></a>`)}</div>` : ''}`;
}
