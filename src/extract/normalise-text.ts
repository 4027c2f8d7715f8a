// Characters that render as nothing or as a plain space; a change in them is never an edit.
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF\u180E]/g;
const SPACES = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;

/** Unicode NFC, invisible characters removed, every run of whitespace one space, trimmed. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
}
