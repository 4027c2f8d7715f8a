import type { Document } from 'domhandler';
// htmlparser2's own DomHandler (domhandler 5, as parseDocument uses), not the newer one this project
// imports elsewhere: V8 builds the older one's nodes in about two thirds of the time.
import { DomHandler, Parser, type Handler } from 'htmlparser2';
import { PageTooComplexError, type ExtractLimits } from './limits.ts';

/** What the parse saw, for deciding later whether the slow fallback may run. */
export interface PageShape {
  nodes: number;
  depth: number;
}

/**
 * Builds the same tree as htmlparser2's parseDocument, counting as it goes: a page past the depth or
 * node cap stops the parse there, so neither time nor memory grows with what lies beyond.
 */
class CountingHandler implements Partial<Handler> {
  readonly dom = new DomHandler();
  readonly shape: PageShape = { nodes: 0, depth: 0 };
  /** Open elements; the document is level 0. */
  private depth = 0;
  // The parser hands over text in pieces, one per entity; DomHandler adds each to the node with +=, and a
  // million entities make a string of a million links that costs more to collect than the page to parse.
  // A run of pieces is handed on as one.
  private readonly text: string[] = [];

  constructor(private readonly limits: ExtractLimits) {}

  private count(): void {
    if (++this.shape.nodes > this.limits.maxNodes) throw new PageTooComplexError('nodes', this.limits.maxNodes);
  }

  private flush(): void {
    if (this.text.length === 0) return;
    const data = this.text.length === 1 ? this.text[0]! : this.text.join('');
    this.text.length = 0;
    this.count();
    this.dom.ontext(data);
  }

  onparserinit(parser: Parser): void {
    this.dom.onparserinit(parser);
  }

  onreset(): void {
    this.text.length = 0;
    this.depth = 0;
    this.dom.onreset();
  }

  onend(): void {
    this.flush();
    this.dom.onend();
  }

  onerror(error: Error): void {
    this.flush();
    this.dom.onerror(error);
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    this.flush();
    if (++this.depth > this.limits.maxDepth) throw new PageTooComplexError('depth', this.limits.maxDepth);
    if (this.depth > this.shape.depth) this.shape.depth = this.depth;
    this.count();
    this.dom.onopentag(name, attribs);
  }

  onclosetag(): void {
    this.flush();
    this.depth--;
    this.dom.onclosetag();
  }

  ontext(data: string): void {
    this.text.push(data);
  }

  oncomment(data: string): void {
    this.flush();
    this.count();
    this.dom.oncomment(data);
  }

  oncommentend(): void {
    this.flush();
    this.dom.oncommentend();
  }

  oncdatastart(): void {
    this.flush();
    this.count();
    this.dom.oncdatastart();
  }

  oncdataend(): void {
    this.flush();
    this.dom.oncdataend();
  }

  onprocessinginstruction(name: string, data: string): void {
    this.flush();
    this.count();
    this.dom.onprocessinginstruction(name, data);
  }
}

export function parsePage(html: string, limits: ExtractLimits): { doc: Document; shape: PageShape } {
  const handler = new CountingHandler(limits);
  new Parser(handler).end(html);
  return { doc: handler.dom.root, shape: handler.shape };
}
