import pc from 'picocolors';
import type { Change, WordPart } from '../diff/types.ts';
import type { Article } from '../extract/article.ts';
import { stripBidiControls } from '../extract/normalise-text.ts';

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Page text as the terminal may show it: no bidi controls (they reorder the line) and no control
 * characters but newline and tab (an escape sequence could rewrite the screen). Our own colours are
 * added after this.
 */
export function forTerminal(text: string): string {
  return stripBidiControls(text).replace(CONTROLS, '');
}

/** Word parts as text: removed [-like this-], added {+like this+}, coloured too on a terminal. */
export function wordsToText(parts: WordPart[]): string {
  return parts
    .map((p) => {
      const text = forTerminal(p.text);
      return p.op === 'same'
        ? text
        : p.op === 'removed'
          ? pc.red(pc.strikethrough(`[-${text}-]`))
          : pc.green(pc.underline(`{+${text}+}`));
    })
    .join('');
}

/** A change list for the terminal, most important first (fields, then body in article order). */
export function changesToText(changes: Change[]): string {
  const out: string[] = [];
  for (const c of changes) {
    switch (c.kind) {
      case 'field':
        out.push(pc.bold(`${c.field[0]!.toUpperCase()}${c.field.slice(1)} changed`), `  ${wordsToText(c.words)}`);
        break;
      case 'edited':
        out.push(pc.bold(`¶${c.afterIndex + 1} edited`), `  ${wordsToText(c.words)}`);
        break;
      case 'inserted':
        out.push(pc.bold(`¶${c.afterIndex + 1} added`), `  ${pc.green(`{+${forTerminal(c.after)}+}`)}`);
        break;
      case 'deleted':
        out.push(pc.bold(`¶${c.beforeIndex + 1} (old) removed`), `  ${pc.red(`[-${forTerminal(c.before)}-]`)}`);
        break;
      case 'moved':
        out.push(
          pc.bold(`¶${c.beforeIndex + 1} moved to ¶${c.afterIndex + 1}${c.size ? ' and edited' : ''}`),
          `  ${c.size ? wordsToText(c.words) : forTerminal(c.after)}`,
        );
        break;
      case 'split':
        out.push(
          pc.bold(`¶${c.beforeIndex + 1} split into ¶${c.afterIndexes.map((i) => i + 1).join(' and ¶')}`),
          `  ${wordsToText(c.words)}`,
        );
        break;
      case 'merged':
        out.push(
          pc.bold(`¶${c.beforeIndexes.map((i) => i + 1).join(' and ¶')} (old) merged into ¶${c.afterIndex + 1}`),
          `  ${wordsToText(c.words)}`,
        );
        break;
    }
  }
  return out.join('\n');
}

export function articleToText(a: Article): string {
  const meta = [
    ['Outlet', a.outlet],
    ['Byline', a.byline],
    ['Published', a.publishedAt],
    ['Modified', a.modifiedAt],
    ['URL', a.url],
    ['Canonical', a.canonicalUrl],
  ].filter(([, v]) => v) as [string, string][];
  return [
    pc.bold(forTerminal(a.headline)),
    ...(a.standfirst ? [pc.italic(forTerminal(a.standfirst))] : []),
    '',
    ...meta.map(([k, v]) => `${pc.dim(`${k}:`.padEnd(11))}${forTerminal(v)}`),
    '',
    ...a.paragraphs.map((p, i) => `${pc.dim(String(i + 1).padStart(3))}  ${forTerminal(p)}`),
  ].join('\n');
}

/** A plain table: columns padded to their widest cell, the last column left ragged. Cells are plain text (passed through forTerminal). */
export function table(header: string[], rows: string[][]): string {
  const body = rows.map((r) => r.map(forTerminal));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [pc.bold(line(header)), ...body.map(line)].join('\n');
}
