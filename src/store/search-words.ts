import { sql, type RawBuilder } from 'kysely';

/** Scripts written without spaces: a word there is part of a longer token, found only as its prefix. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * The words of what a reader typed into the archive's search, split as the index splits text (letters,
 * digits and marks), so `%`, quotes and operators are never syntax; each says whether it also finds longer
 * words. A word of three or more characters does ("bridg" finds "bridges"); a shorter one finds only
 * itself, since a one- or two-letter prefix would read the postings of much of the index. Null when
 * nothing in `q` is a word. Every word must appear, in the headline, the URL or the outlet.
 */
function searchWords(q: string): { word: string; prefix: boolean }[] | null {
  const words = q.match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!words) return null;
  return words.map((word) => ({ word, prefix: [...word].length >= 3 || UNSPACED.test(word) }));
}

/** The FTS5 query (SQLite's index, unicode61 tokenizer). */
export function matchQuery(q: string): string | null {
  return (
    searchWords(q)
      ?.map(({ word, prefix }) => `"${word}"${prefix ? '*' : ''}`)
      .join(' ') ?? null
  );
}

/**
 * The tsquery (PostgreSQL's index): each word folded in SQL as the index folds text
 * (editwatch_search_text, migration 0013), quoted as a lexeme.
 */
export function tsQuery(q: string): RawBuilder<unknown> | null {
  const words = searchWords(q);
  if (!words) return null;
  const terms = words.map(
    ({ word, prefix }) =>
      sql`to_tsquery('simple', quote_literal(editwatch_search_text(${word})) || ${prefix ? ':*' : ''})`,
  );
  return sql.join(terms, sql` && `);
}
