// Text that changes on every load without anyone editing the article.
const VOLATILE = [
  /^(?:updated|published|posted|last updated|modified)?\s*:?\s*(?:\d+|an?|one)\s+(?:second|minute|min|hour|hr|day|week)s?\s+ago\.?$/i,
  /^(?:il y a|hace|vor|před)\s+\d+\s+\S+$/i,
  /^\d[\d,.\s]*\s+(?:comments?|shares?|views?|reads?|likes?|reactions?)$/i,
  /^(?:comments?|shares?)\s*[:(]?\s*\d[\d,.]*\)?$/i,
];

/** Paragraphs that are counters or relative times: left out before comparing versions. */
export function isVolatile(paragraph: string): boolean {
  return paragraph.length < 80 && VOLATILE.some((re) => re.test(paragraph));
}

/** Typography-only differences (curly vs straight quotes, dash styles, ellipsis) are not edits. */
export function typographic(text: string): string {
  return text
    .replace(/[‘’‚‛′`]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/…/g, '...');
}
