// Pages built to make an extractor slow or large: each fits under the fetcher's 5 MB cap, so anyone could
// send its link by mention. Generated in code: `npm run bench -- hostile`, the hostile-page tests and the
// extraction caps' specs use them.

export interface HostilePage {
  name: string;
  /** What it attacks, for the benchmark's table. */
  what: string;
  /** Builds the page: each is built only when measured, they are megabytes. */
  html: () => string;
}

const MAX_PAGE_BYTES = 5 * 1024 * 1024;

const frame = (body: string) =>
  `<!doctype html><html><head><title>A hostile page</title></head><body><h1>A hostile page</h1>${body}</body></html>`;

const ARTICLE_TEXT = 'The council approved the budget on Monday night, after a debate that lasted more than six hours.';

/** `depth` divs, one inside the other, with a paragraph of text at the bottom. */
export function nestedDivs(depth: number): string {
  return frame(`${'<div>'.repeat(depth)}<p>${ARTICLE_TEXT}</p>${'</div>'.repeat(depth)}`);
}

/** `depth` spans, one inside the other, each with a few words of its own: every level is a text block. */
export function nestedTextSpans(depth: number): string {
  return frame(`<div>${'<span>Words, and more words '.repeat(depth)}${'</span>'.repeat(depth)}</div>`);
}

/** `count` short paragraphs. */
export function shortParagraphs(count: number): string {
  let body = '';
  for (let i = 0; i < count; i++) body += `<p>Paragraph ${i}.</p>`;
  return frame(body);
}

/** One element whose class attribute is `bytes` long, words and dashes that the class-name rules read. */
export function hugeAttribute(bytes: number): string {
  return frame(`<div class="${'x-y '.repeat(Math.floor(bytes / 4))}"><p>${ARTICLE_TEXT}</p></div>`);
}

/** `count` entities in one paragraph. */
function manyEntities(count: number): string {
  return frame(`<p>${'&amp;'.repeat(count)}</p>`);
}

/** One text node of `bytes` characters: words and commas, which the scoring counts. */
function hugeText(bytes: number): string {
  return frame(`<div><p>${'word, '.repeat(Math.floor(bytes / 6))}</p></div>`);
}

/** `count` one-cell tables, each with a sentence. */
function manyTables(count: number): string {
  return frame(`<div>${`<table><tr><td>${ARTICLE_TEXT}</td></tr></table>`.repeat(count)}</div>`);
}

/** `count` paragraphs long enough to be scored as article text. */
export function longParagraphs(count: number): string {
  let body = '';
  for (let i = 0; i < count; i++)
    body += `<p>Paragraph ${i} of a very long article, with a comma and enough words.</p>`;
  return frame(`<article>${body}</article>`);
}

/** `depth` paragraphs, each inside the link of the one before, each with `bytes` of text: every level's links hold all the text below. */
export function linksInParagraphs(depth: number, bytes: number): string {
  return frame(
    `<div class="article-body">${`<p>${'text, '.repeat(Math.floor(bytes / 6))}<a href="/next">`.repeat(depth)}</div>`,
  );
}

/** `times` <time> elements, each with its own short text, and `paragraphs` long paragraphs the frame check searches for each. */
export function timesAndParagraphs(times: number, paragraphs: number): string {
  let stamps = '';
  for (let i = 0; i < times; i++) stamps += `<time>w${i}</time>`;
  let body = '';
  for (let i = 0; i < paragraphs; i++) body += `<p>${i} ${'word, '.repeat(340)}</p>`;
  return frame(`<header>${stamps}</header><article>${body}</article>`);
}

/** A JSON-LD headline inside `depth` arrays. */
export function deepJsonLd(depth: number): string {
  const ld = `{"@type":"NewsArticle","headline":${'['.repeat(depth)}"A headline, deep in its data"${']'.repeat(depth)}}`;
  return `<!doctype html><html><head><script type="application/ld+json">${ld}</script></head><body><article><p>${ARTICLE_TEXT.repeat(4)}</p></article></body></html>`;
}

/** The pages of `npm run bench -- hostile` and of the hostile-page tests. */
export const HOSTILE_PAGES: readonly HostilePage[] = [
  { name: 'nested-1000', what: '1,000 nested <div>s', html: () => nestedDivs(1_000) },
  { name: 'nested-2000', what: '2,000 nested <div>s', html: () => nestedDivs(2_000) },
  { name: 'nested-5000', what: '5,000 nested <div>s', html: () => nestedDivs(5_000) },
  { name: 'nested-100000', what: '100,000 nested <div>s', html: () => nestedDivs(100_000) },
  { name: 'nested-spans-500', what: '500 nested text <span>s (under the depth cap)', html: () => nestedTextSpans(500) },
  { name: 'paragraphs-200000', what: '200,000 short paragraphs', html: () => shortParagraphs(200_000) },
  {
    name: 'paragraphs-20000',
    what: '20,000 short paragraphs (under the node cap)',
    html: () => shortParagraphs(20_000),
  },
  { name: 'attribute-4mb', what: 'a 4 MB class attribute', html: () => hugeAttribute(4 * 1024 * 1024) },
  { name: 'entities-1e6', what: '&amp; × 1,000,000', html: () => manyEntities(1_000_000) },
  { name: 'text-4.5mb', what: 'one 4.5 MB text node', html: () => hugeText(4.5 * 1024 * 1024) },
  { name: 'tables-30000', what: '30,000 one-cell tables', html: () => manyTables(30_000) },
  { name: 'tables-5000', what: '5,000 one-cell tables (under the node cap)', html: () => manyTables(5_000) },
  { name: 'paragraphs-3000', what: '3,000 paragraphs of article text', html: () => longParagraphs(3_000) },
  {
    name: 'links-250',
    what: '250 paragraphs of 8 KB, each in the link of the one before',
    html: () => linksInParagraphs(250, 8 * 1024),
  },
  {
    name: 'times-2000',
    what: '2,000 <time>s and 1,000 paragraphs to search for them',
    html: () => timesAndParagraphs(2_000, 1_000),
  },
  { name: 'json-ld-1e6', what: 'a JSON-LD headline inside 1,000,000 arrays', html: () => deepJsonLd(1_000_000) },
];

/** The page's HTML, checked to fit under the fetcher's cap as a real response would have to. */
export function buildPage(page: HostilePage): string {
  const html = page.html();
  if (Buffer.byteLength(html) > MAX_PAGE_BYTES)
    throw new Error(`${page.name} is ${Buffer.byteLength(html)} bytes, over the fetcher's 5 MB cap`);
  return html;
}
