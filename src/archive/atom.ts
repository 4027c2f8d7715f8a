import { stripBidiControls } from '../extract/normalise-text.ts';
import { describeChanges } from '../publish/post-text.ts';
import type { ChangeListing } from '../store/archive-queries.ts';

/**
 * An Atom feed of changes; each entry links to its side-by-side diff page and names the headline of
 * the version the change led to. Written here rather than by a generator, which wrapped ids and titles
 * in CDATA with newlines and indentation that became part of their values.
 */
export function changesFeed(input: {
  base: string;
  self: string;
  title: string;
  botName: string;
  changes: ChangeListing[];
}): string {
  const link = (c: ChangeListing) => `${input.base}/articles/${c.articleId}?from=${c.fromSeq}&to=${c.toSeq}`;
  const updated = input.changes[0] ? new Date(input.changes[0].detectedAt) : new Date(0);
  const entries = input.changes.flatMap((c) => {
    const at = new Date(c.detectedAt).toISOString();
    return [
      '  <entry>',
      `    <id>${text(link(c))}</id>`,
      `    <title>${text(`${c.outlet ?? new URL(c.url).hostname} edited “${c.versionHeadline ?? c.headline ?? c.url}”`)}</title>`,
      `    <updated>${at}</updated>`,
      `    <published>${at}</published>`,
      `    <link href="${attr(link(c))}" rel="alternate" type="text/html"/>`,
      `    <link href="${attr(c.url)}" rel="related" type="text/html"/>`,
      `    <summary>${text(`${describeChanges(c.summary)} (version ${c.fromSeq} → ${c.toSeq}); ${c.url}`)}</summary>`,
      '  </entry>',
    ];
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${text(input.self)}</id>`,
    `  <title>${text(input.title)}</title>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <link href="${attr(input.self)}" rel="self" type="application/atom+xml"/>`,
    `  <link href="${attr(`${input.base}/`)}" rel="alternate" type="text/html"/>`,
    `  <author><name>${text(input.botName)}</name></author>`,
    '  <generator>editwatch</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

// Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/FFFF).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Element text, escaped, exactly the value (no bidi controls: a headline cannot reorder a reader's list). */
function text(value: string): string {
  return stripBidiControls(value)
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}
