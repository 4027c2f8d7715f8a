/** Scripts written without spaces: a word there is part of a longer token, found only as its prefix. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * The FTS5 query for what a reader typed into the archive's search: every word must appear (in the
 * headline, the URL or the outlet), split as the index's unicode61 tokenizer splits text, so `%`, quotes
 * and operators are never syntax. A word of three or more characters also finds longer ones ("bridg"
 * finds "bridges"); a shorter one only itself, since a one- or two-letter prefix would read the postings
 * of much of the index. Null when nothing in `q` is a word.
 */
export function matchQuery(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!words) return null;
  return words.map((w) => `"${w}"${[...w].length >= 3 || UNSPACED.test(w) ? '*' : ''}`).join(' ');
}
