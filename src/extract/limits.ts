/**
 * How much page extraction will take on. Real article pages stay far inside these (the 32 pages of
 * test/fixtures/corpus: at most 5,973 nodes, 34 levels deep, 106 <p>s); a page past one is refused with
 * ExtractError 'too-complex' rather than read slowly: anyone can send a link by mention.
 */
export interface ExtractLimits {
  /** Elements open inside each other (and objects and arrays in JSON-LD). Chromium's HTML parser stops nesting at 512 too. */
  maxDepth: number;
  /** Nodes of the parsed page: elements, text runs, comments (and, apart, JSON-LD objects and arrays). Bounds every walk's time and memory. */
  maxNodes: number;
  /** Paragraphs of a body, from the page, the fallback or JSON-LD. Each one is checked for stamps. */
  maxParagraphs: number;
  /**
   * Work units: characters read as text plus WORK_PER_NODE for each node visited. Catches what nesting
   * would make quadratic (a link in a paragraph in a link …, bylines inside bylines) within the caps above.
   */
  maxWork: number;
  /** Readability on linkedom (the fallback) is slow on big or deep trees: it runs only on pages within these. */
  fallback: { maxNodes: number; maxDepth: number; maxAttributeLength: number };
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxDepth: 512,
  maxNodes: 50_000,
  maxParagraphs: 2_000,
  maxWork: 8_000_000,
  fallback: { maxNodes: 10_000, maxDepth: 128, maxAttributeLength: 64 * 1024 },
};

/** A node visited costs about as much as this many characters read. */
export const WORK_PER_NODE = 10;
/** Looking for a time text in a paragraph costs about a quarter of reading it: this many characters a unit. */
export const FRAME_CHARS_PER_UNIT = 4;

export type Cap = 'depth' | 'nodes' | 'paragraphs' | 'work';

const WHAT: Record<Cap, string> = {
  depth: 'levels of nesting',
  nodes: 'nodes',
  paragraphs: 'paragraphs',
  work: 'units of work (characters read and nodes visited)',
};

/** Thrown inside extraction when a page passes a cap; extractArticle turns it into ExtractError 'too-complex'. */
export class PageTooComplexError extends Error {
  override name = 'PageTooComplexError';
  constructor(
    readonly cap: Cap,
    readonly limit: number,
    /** Where, when not in the HTML itself: "in its JSON-LD". */
    where = '',
  ) {
    super(`more than ${limit.toLocaleString('en')} ${WHAT[cap]}${where ? ` ${where}` : ''} (the ${cap} cap)`);
  }
}

/** Units of work spent on one page, against the limit. */
export class WorkBudget {
  private spent = 0;
  constructor(readonly limit: number) {}

  charge(units: number): void {
    this.spent += units;
    if (this.spent > this.limit) throw new PageTooComplexError('work', this.limit);
  }
}

export function checkParagraphCount(paragraphs: readonly unknown[], limits: ExtractLimits): void {
  if (paragraphs.length > limits.maxParagraphs) throw new PageTooComplexError('paragraphs', limits.maxParagraphs);
}
