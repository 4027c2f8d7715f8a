import { html, raw } from './html.ts';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// Contrast: text and marks meet WCAG AA on both themes; changes are marked by strike-through and
// underline as well as by colour.
const CSS = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1a1a1a; --muted: #555; --line: #d0d0d0; --del-bg: #fde2e2; --del-fg: #8a1111; --ins-bg: #dcf5e3; --ins-fg: #0d5a26; --link: #0645ad; --panel: #f6f6f6; }
@media (prefers-color-scheme: dark) { :root { --bg: #141414; --fg: #eaeaea; --muted: #b0b0b0; --line: #3a3a3a; --del-bg: #4a1f1f; --del-fg: #ffd0d0; --ins-bg: #1c3d27; --ins-fg: #c9f5d6; --link: #9cc3ff; --panel: #1e1e1e; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; background: var(--bg); color: var(--fg); }
a { color: var(--link); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
header.site, footer.site { padding: .75rem 1rem; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; }
footer.site { border-top: 1px solid var(--line); border-bottom: 0; color: var(--muted); font-size: .9rem; margin-top: 2rem; }
header.site .name { font-weight: 700; font-size: 1.15rem; text-decoration: none; color: var(--fg); }
header.site nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
.muted { color: var(--muted); }
table.list { width: 100%; border-collapse: collapse; }
table.list th, table.list td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
form.search { display: flex; gap: .5rem; flex-wrap: wrap; margin: 0 0 1rem; }
input, select, button { font: inherit; padding: .35rem .5rem; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
button { cursor: pointer; background: var(--panel); }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
del { background: var(--del-bg); color: var(--del-fg); text-decoration: line-through; text-decoration-thickness: 2px; }
ins { background: var(--ins-bg); color: var(--ins-fg); text-decoration: underline; text-decoration-thickness: 2px; }
table.diff { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.diff th, table.diff td { border: 1px solid var(--line); padding: .5rem .6rem; vertical-align: top; overflow-wrap: anywhere; }
table.diff col.label { width: 6.5rem; }
table.diff th[scope=row] { font-weight: 400; color: var(--muted); font-size: .85rem; text-align: left; }
table.diff thead th { background: var(--panel); text-align: left; }
table.diff tr.same td { color: var(--muted); }
table.diff td.absent { background: var(--panel); color: var(--muted); font-style: italic; }
.badge { display: inline-block; border: 1px solid var(--muted); border-radius: 3px; padding: 0 .3rem; font-size: .75rem; margin-top: .25rem; }
.legend { font-size: .9rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; } .cards img { max-width: 100%; width: 24rem; height: auto; border: 1px solid var(--line); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
@media (max-width: 40rem) {
  table.diff, table.diff tbody, table.diff tr, table.diff td, table.diff th { display: block; width: 100%; }
  table.diff thead { display: none; }
  table.diff td::before { content: attr(data-side); display: block; font-size: .75rem; color: var(--muted); }
  table.list thead { display: none; } table.list tr { display: block; border-bottom: 1px solid var(--line); } table.list td { display: block; border: 0; padding: .2rem 0; }
}
`;

export interface PageOptions {
  title: string;
  botName: string;
  /** Atom feed of this page's changes, announced in the head. */
  feed?: { href: string; title: string };
}

export function page(options: PageOptions, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${options.botName}</title>
${options.feed ? html`<link rel="alternate" type="application/atom+xml" title="${options.feed.title}" href="${options.feed.href}">` : ''}
<style>${raw(CSS)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <a class="name" href="/">${options.botName}</a>
  <nav aria-label="Archive"><ul><li><a href="/">Recent changes</a></li><li><a href="/outlets">Outlets</a></li><li><a href="/status">Status</a></li><li><a href="/feed.atom">Feed</a></li></ul></nav>
</header>
<main id="main">
${body}
</main>
<footer class="site"><span>${options.botName} keeps every version it sees of the articles it watches, and shows what changed.</span> <a href="/api/changes">JSON API</a></footer>
</body>
</html>`;
}

/** Made once: toLocaleDateString builds a formatter at each call, a good part of a 50-row page's time. */
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "25 Nov 2026, 14:05 UTC" */
function when(iso: string): string {
  const d = new Date(iso);
  return `${DAY.format(d)}, ${d.toISOString().slice(11, 16)} UTC`;
}

export function time(iso: string): Html {
  return html`<time datetime="${iso}">${when(iso)}</time>`;
}

/**
 * Links to the first page and the next, keeping the other query parameters. Pages follow on by keyset
 * (`after`: the last row shown), so page 2,000 costs what page 1 does, and there is no page count.
 */
export function pager(
  path: string,
  params: Record<string, string | undefined>,
  page: { after: number | undefined; next: number | null },
): Html {
  if (page.after === undefined && page.next === null) return html``;
  const href = (after?: number) => {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
    if (after !== undefined) query.set('after', String(after));
    return query.size ? `${path}?${query.toString()}` : path;
  };
  return html`<nav class="pager" aria-label="Pages">${page.after !== undefined ? html`<a href="${href()}" rel="first">← Newest</a>` : ''}${page.next !== null ? html`<a href="${href(page.next)}" rel="next">Older →</a>` : ''}</nav>`;
}
