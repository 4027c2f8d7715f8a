/** One run of words in a word-level change: kept, removed or added (the diff stage's words, as a card shows them). */
export interface WordPart {
  op: 'same' | 'removed' | 'added';
  text: string;
}

/** Everything a card shows: the template draws it and does nothing else. */
export interface CardData {
  outlet: string;
  /** The article's current headline. */
  headline: string;
  /** The headline is right-to-left text (Arabic, Hebrew): it is aligned to the right. */
  headlineRtl: boolean;
  /** "25 Nov 2026, 08:05 to 09:08 UTC" */
  times: string;
  /** "edited 1 h 3 min later" */
  gap: string;
  /** The URL without scheme, shortened in the middle if long. */
  shortUrl: string;
  botName: string;
  page: number;
  pages: number;
  blocks: CardBlock[];
  /** Changes that did not fit on any card: shown as "+N more changes" on the last one. */
  more: number;
}

export type CardBlock =
  | { kind: 'field'; label: string; before: WordPart[]; after: WordPart[]; rtl: boolean }
  | { kind: 'words'; label: string; parts: WordPart[]; rtl: boolean }
  | { kind: 'text'; label: string; text: string; mark: 'added' | 'removed' | 'plain'; rtl: boolean };

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 675;
