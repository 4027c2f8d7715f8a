// Diff tokens: words as a reader sees them, and the spaces and punctuation between them. Unicode word
// boundaries (Intl.Segmenter) cut "Twenty-three", "£20m", "10:30" and URLs into pieces, so the pieces a
// reader takes as one word are glued back together here. A token is always a run of whole Segmenter
// segments, so it never cuts inside a grapheme (an emoji sequence, a letter with its accents), and
// Chinese, Japanese and Thai keep the Segmenter's dictionary words.

const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

// Scripts written without spaces: their words come from the Segmenter's dictionary, never from the rules below.
const SPACELESS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}';
/** A letter, mark or digit of a script written with spaces. */
const CH = `(?:(?![${SPACELESS}])[\\p{L}\\p{M}\\p{N}])`;
/** A number with its currency ("US$", "£"), sign, separators (1,400; 3.5; 10:30; 1 400) and unit (20m, 150km/h, 3.5%, 20°C). */
const NUMBER = `(?:\\p{Lu}{0,3}\\p{Sc})?[+−]?\\p{Nd}+(?:(?:[.,:/]|[\\u00a0\\u202f\\u2009](?=\\p{Nd}{3}(?!\\p{Nd})))\\p{Nd}+)*(?:${CH}+(?:/\\p{L}+)?)?(?:[%‰]|°[CF]?|\\p{Sc})?`;
/** Words joined by hyphens or apostrophes: Twenty-three, Israel-Hamas, 89-jarige, 2023-06-17, don't, l'Assemblée. */
const COMPOUND = `(?:${NUMBER}|${CH}+)(?:[-‐‑–'’ʼ](?:${NUMBER}|${CH}+))*`;
const URL = `(?:https?://|www\\.)[^\\s<>"“”«»]+`;
const EMAIL = `${CH}(?:${CH}|[._%+-])*@${CH}+(?:[.-]${CH}+)*\\.\\p{L}{2,}`;
/** Mastodon (@name@host.social) and Bluesky (@name.bsky.social) handles; hashtags. */
const HANDLE = `(?<![\\p{L}\\p{N}_.@])@[\\p{L}\\p{N}_]+(?:[.-][\\p{L}\\p{N}_]+)*(?:@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+)?`;
const HASHTAG = `(?<![\\p{L}\\p{N}_&#])#[\\p{L}\\p{M}\\p{N}_]+`;
// Alternatives are tried in this order at each position: a URL or e-mail address before the words in it.
const GLUED = new RegExp(`${URL}|${EMAIL}|${HANDLE}|${HASHTAG}|(?<![\\p{L}\\p{M}\\p{N}])${COMPOUND}`, 'gu');

/** Words, spaces and punctuation; joined, they give the text back. */
export function tokens(text: string): string[] {
  const segs = Array.from(WORDS.segment(text), (s) => ({ start: s.index, end: s.index + s.segment.length }));
  // joined[i]: segment i continues the token of segment i - 1. A span is widened to the segments it
  // touches, so a segment is never cut, and two spans sharing a segment become one token.
  const joined = new Array<boolean>(segs.length).fill(false);
  let i = 0;
  for (const [from, to] of gluedSpans(text)) {
    while (i < segs.length && segs[i]!.end <= from) i++;
    for (let k = i + 1; k < segs.length && segs[k]!.start < to; k++) joined[k] = true;
  }
  const out: string[] = [];
  segs.forEach((s, k) => {
    const piece = text.slice(s.start, s.end);
    if (joined[k]) out[out.length - 1] += piece;
    else out.push(piece);
  });
  return out;
}

/** A piece of text (a word, a punctuation mark, a sentence) and the whitespace after it. */
export interface Spaced {
  core: string;
  space: string;
}

/**
 * Tokens with the whitespace after each attached, so that a diff matches words and punctuation only:
 * matching the spaces between words too pairs up scattered words of a rewritten sentence.
 */
export function spaced(list: string[]): Spaced[] {
  const out: Spaced[] = [];
  for (const t of list) {
    if (/^\s+$/u.test(t) && out.length > 0) out[out.length - 1]!.space += t;
    else if (/^\s+$/u.test(t)) out.push({ core: '', space: t });
    else out.push({ core: t, space: '' });
  }
  return out;
}

/** Words as the diff counts them: a hyphenated compound, a number with its unit, a URL is one word. */
export function wordCount(text: string): number {
  return tokens(text).filter(isWord).length;
}

/** True for a token with a letter or digit in it: a word, not a space or punctuation. */
export function isWord(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

/** The [start, end) of each run the rules glue into one word, in order and not overlapping. */
function gluedSpans(text: string): [number, number][] {
  return Array.from(text.matchAll(GLUED), (m) => {
    const from = m.index;
    let word = m[0];
    // A URL does not take the sentence's punctuation, nor a closing bracket it did not open.
    if (/^(?:https?:|www\.)/i.test(word)) {
      for (;;) {
        const trimmed = word.replace(/[.,;:!?'’]+$/u, '');
        const unopened =
          /[)\]]$/.test(trimmed) &&
          count(trimmed, trimmed.endsWith(')') ? '(' : '[') < count(trimmed, trimmed.slice(-1));
        const next = unopened ? trimmed.slice(0, -1) : trimmed;
        if (next === word) break;
        word = next;
      }
    }
    return [from, from + word.length];
  });
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}
