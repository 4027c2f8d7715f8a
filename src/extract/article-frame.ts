import { isStampText } from './stamps.ts';

/**
 * What frames an article on its page, besides the body: headline, dek, byline, the texts of its <time>
 * elements. Templates put any of them inside the body's container, where they would be read as body
 * paragraphs and number the reader's paragraphs wrongly; each is reported in its own field, or not at all.
 */
export interface ArticleFrame {
  headline: string;
  /** The dek found on the page, if any. */
  dek: string | null;
  byline: string | null;
  timeTexts: string[];
}

// "By", "Door", "Par", "Von", "Di", "Por", "Автор:", "作者：": one short word before the names.
const BY_WORD = /^[\p{L}.]{1,10}\s*[:：]?$/u;

/** The body as a reader counts it: no headline or dek again, no byline, dateline, time or stamp paragraphs. */
export function bodyParagraphs(paragraphs: string[], frame: ArticleFrame): string[] {
  const out: string[] = [];
  let repeats = 0;
  for (const [i, p] of paragraphs.entries()) {
    if (isStampText(p) || isFrameText(p, frame)) continue;
    // The article's header sits above its text: a repeat further down is the text's own.
    if (i < 4 && out.length === 0 && (p === frame.headline || p === frame.dek)) {
      repeats++;
      continue;
    }
    out.push(p);
  }
  // A body that is only its dek again is the text itself (a short item): keep it.
  return out.length === 0 && repeats > 0 ? paragraphs.filter((p) => p === frame.dek).slice(0, 1) : out;
}

/** A paragraph made only of the page's time texts and byline (with a "by" word), and stamps. */
function isFrameText(p: string, frame: ArticleFrame): boolean {
  let rest = p;
  let found = false;
  for (const piece of [...frame.timeTexts, frame.byline]) {
    if (!piece || piece.length < 2 || !rest.includes(piece)) continue;
    rest = rest.replace(piece, ' ');
    found = true;
  }
  if (!found) return false;
  rest = rest.replace(/[\s,;|•·–—-]+/g, ' ').trim();
  return rest === '' || BY_WORD.test(rest) || isStampText(rest);
}
