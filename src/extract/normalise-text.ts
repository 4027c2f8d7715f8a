// Characters that render as nothing or as a plain space; a change in them is never an edit. Invisible:
// U+00AD U+200B U+2060 U+FEFF U+180E. Spaces: whatever \s matches (String.prototype.trim's whitespace).
/**
 * Bidirectional controls (embeddings, overrides, isolates, and the LRM, RLM and ALM marks): in a
 * headline they can make a post, alt text or terminal line read in another order than it is written.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Text without bidirectional controls; every output of page text passes through this too. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Unicode NFC, invisible characters and bidi controls removed, every run of whitespace one space, trimmed. */
export function normaliseText(text: string): string {
  const nfc = text.normalize('NFC');
  // Most text needs nothing more, which one scan tells; the rest is done in one pass, as a regex replace
  // costs per match and a page of a million tabs or zero-width spaces would cost seconds.
  return NEEDS_WORK.test(nfc) ? removeAndCollapse(nfc) : nfc;
}

/** Anything normaliseText changes after NFC: an invisible or bidi character, any whitespace but single spaces inside. */
const NEEDS_WORK =
  /[\u00AD\u200B\u2060\uFEFF\u180E\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\t-\r\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]| \s|^ | $/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const isRemoved = (c: number) =>
  c === 0xad ||
  c === 0x200b ||
  c === 0x2060 ||
  c === 0xfeff ||
  c === 0x180e ||
  c === 0x61c ||
  c === 0x200e ||
  c === 0x200f ||
  (c >= 0x202a && c <= 0x202e) ||
  (c >= 0x2066 && c <= 0x2069);
const isSpace = (c: number) =>
  c === 0x20 ||
  (c >= 0x09 && c <= 0x0d) ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;
const utf16 = new TextDecoder('utf-16le');

/** Invisible characters and bidi controls removed, then runs of spaces made one and the ends trimmed, in one pass. */
function removeAndCollapse(s: string): string {
  const out = new Uint16Array(s.length);
  let k = 0;
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isRemoved(c)) continue;
    if (isSpace(c)) {
      space = true;
      continue;
    }
    if (space && k > 0) out[k++] = 0x20;
    space = false;
    out[k++] = c;
  }
  const units = out.subarray(0, k);
  // The decoder would turn a lone surrogate into U+FFFD; such text is rare and short, and goes unit by unit.
  if (!LONE_SURROGATE.test(s)) return utf16.decode(units);
  let text = '';
  for (const unit of units) text += String.fromCharCode(unit);
  return text;
}
