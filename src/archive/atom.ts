import { generateAtomFeed } from 'feedsmith';
import { describeChanges } from '../render/post-text.ts';
import type { ChangeListing } from '../store/archive-queries.ts';

/** An Atom feed of changes; each entry links to its side-by-side diff page. */
export function changesFeed(input: { base: string; self: string; title: string; botName: string; changes: ChangeListing[] }): string {
  const link = (c: ChangeListing) => `${input.base}/articles/${c.articleId}?from=${c.fromSeq}&to=${c.toSeq}`;
  const updated = input.changes[0] ? new Date(input.changes[0].detectedAt) : new Date(0);
  return generateAtomFeed({
    id: input.self,
    title: { value: input.title },
    updated,
    links: [
      { href: input.self, rel: 'self', type: 'application/atom+xml' },
      { href: `${input.base}/`, rel: 'alternate', type: 'text/html' },
    ],
    authors: [{ name: input.botName }],
    generator: { text: 'editwatch' },
    entries: input.changes.map((c) => ({
      id: link(c),
      title: { value: `${c.outlet ?? new URL(c.url).hostname} edited “${c.headline ?? c.url}”` },
      updated: new Date(c.detectedAt),
      published: new Date(c.detectedAt),
      links: [
        { href: link(c), rel: 'alternate', type: 'text/html' },
        { href: c.url, rel: 'related', type: 'text/html' },
      ],
      summary: { value: `${describeChanges(c.summary)} (version ${c.fromSeq} → ${c.toSeq}); ${c.url}` },
    })),
  });
}
