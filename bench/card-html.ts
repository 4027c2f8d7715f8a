import type { Child, Node } from '#templates/element.ts';
import type { SatoriFont } from '../src/render/fonts.ts';

const UNITLESS = new Set(['lineHeight', 'fontWeight', 'flexGrow', 'flexShrink', 'opacity', 'zIndex']);

/** A page with the fonts the cards use, for drawing the same cards in a browser. */
export function fontPage(fonts: SatoriFont[]): string {
  const faces = fonts
    .map(
      (f) =>
        `@font-face{font-family:"${f.name}";font-weight:${f.weight};src:url(data:font/woff;base64,${f.data.toString('base64')}) format("woff")}`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${faces}*{box-sizing:border-box;margin:0}body{margin:0}</style></head><body></body></html>`;
}

/** The card's element tree as HTML with inline styles, the equivalent of what Satori draws. */
export function cardHtml(tree: Node): string {
  return node(tree);
}

function node(n: Child): string {
  if (n === null || n === undefined || n === false) return '';
  if (typeof n === 'string') return escape(n);
  const style = Object.entries(n.props.style ?? {})
    .map(
      ([k, v]) =>
        `${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${typeof v === 'number' && !UNITLESS.has(k) ? `${v}px` : String(v)}`,
    )
    .join(';');
  const children = ([] as Child[])
    .concat(n.props.children ?? [])
    .map(node)
    .join('');
  return `<${n.type} style="${escape(style)}">${children}</${n.type}>`;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
