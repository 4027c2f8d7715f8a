// Satori can only measure by drawing, so pagination estimates line counts from character widths, a
// little generously: a card whose text is over-estimated leaves space; one under-estimated would clip.

/** Rough advance widths in em for Noto Sans; wide scripts take a full em. */
function charWidth(cp: number): number {
  if (cp === 0x20) return 0.26;
  if (cp === 0x200b) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    cp >= 0x1f000
  )
    return 1.0;
  // Capitals, digits, and the wide lowercase m and w.
  if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x30 && cp <= 0x39) || cp === 0x6d || cp === 0x77) return 0.64;
  return 0.54;
}

function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch.codePointAt(0)!);
  return em * fontSize;
}

/** How many lines `text` takes at `fontSize` in a box `width` wide, breaking at spaces (and inside long words). */
export function estimateLines(text: string, fontSize: number, width: number): number {
  if (!text) return 0;
  let lines = 1;
  let line = 0;
  const space = textWidth(' ', fontSize);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    // Text without spaces (CJK, a long URL) breaks anywhere: count it as its own width.
    let w = textWidth(word, fontSize);
    if (line > 0 && line + space + w > width) {
      lines++;
      line = 0;
    }
    while (w > width) {
      lines++;
      w -= width;
    }
    line += (line > 0 ? space : 0) + w;
  }
  return lines;
}
