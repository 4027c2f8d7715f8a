/** One run of words in a word-level diff: kept, removed or added. */
export interface WordPart {
  op: 'same' | 'removed' | 'added';
  text: string;
}

export type FieldName = 'headline' | 'standfirst' | 'byline';

export type Change =
  | { kind: 'field'; field: FieldName; before: string | null; after: string | null; words: WordPart[]; size: number }
  | {
      kind: 'edited';
      beforeIndex: number;
      afterIndex: number;
      before: string;
      after: string;
      words: WordPart[];
      size: number;
    }
  | { kind: 'inserted'; afterIndex: number; after: string; size: number }
  | { kind: 'deleted'; beforeIndex: number; before: string; size: number }
  | {
      kind: 'moved';
      beforeIndex: number;
      afterIndex: number;
      before: string;
      after: string;
      words: WordPart[];
      size: number;
    }
  | {
      kind: 'split';
      beforeIndex: number;
      afterIndexes: number[];
      before: string;
      after: string[];
      words: WordPart[];
      size: number;
    }
  | {
      kind: 'merged';
      beforeIndexes: number[];
      afterIndex: number;
      before: string[];
      after: string;
      words: WordPart[];
      size: number;
    };

/** A row of the side-by-side alignment: which old paragraph(s) stand against which new one(s). */
export interface AlignedRow {
  before: number[];
  after: number[];
  kind: 'same' | 'edited' | 'inserted' | 'deleted' | 'moved' | 'split' | 'merged';
}

export interface ChangeSummary {
  headline: boolean;
  standfirst: boolean;
  byline: boolean;
  edited: number;
  inserted: number;
  deleted: number;
  moved: number;
  split: number;
  merged: number;
  /** Words added plus words removed, over every change. */
  wordsChanged: number;
}

export interface ArticleDiff {
  /** The edits: what is posted. */
  changes: Change[];
  /**
   * Differences that are not edits (typography, spacing, a headline's final full stop, a split or merge
   * with no word changed): a version is stored for them, marked minor, and nothing is posted. Absent
   * in changes stored before minor versions existed.
   */
  minor?: Change[];
  rows: AlignedRow[];
  summary: ChangeSummary;
}
