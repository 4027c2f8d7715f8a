import type { Network } from '../domain.ts';
import { formatGap } from '../format-gap.ts';
import type { ChangeSummary } from '../diff/types.ts';
import { stripBidiControls } from '../extract/normalise-text.ts';

/** Each network's limit on post text: Mastodon counts characters (a link as 23), Bluesky graphemes. */
export const TEXT_LIMITS: Record<Network, { max: number; linkLength: number | null }> = {
  mastodon: { max: 500, linkLength: 23 },
  bluesky: { max: 300, linkLength: null },
};

export interface PostTextInput {
  outlet: string;
  headline: string;
  summary: ChangeSummary;
  previousAt: string;
  currentAt: string;
  url: string;
  /** The article's page in the public archive, when there is one. */
  archiveUrl?: string | null;
}

/** "Headline changed; 3 paragraphs edited, 1 added" */
export function describeChanges(s: ChangeSummary): string {
  const fields = [s.headline && 'headline', s.standfirst && 'standfirst', s.byline && 'byline'].filter(
    Boolean,
  ) as string[];
  const parts: string[] = [];
  if (fields.length) parts.push(`${capitalise(joinAnd(fields))} changed`);
  const body: [number, string][] = [
    [s.edited, 'edited'],
    [s.inserted, 'added'],
    [s.deleted, 'removed'],
    [s.moved, 'moved'],
    [s.split, 'split'],
    [s.merged, 'merged'],
  ];
  const counted = body
    .filter(([n]) => n > 0)
    .map(([n, what], i) => (i === 0 ? `${n} ${n === 1 ? 'paragraph' : 'paragraphs'} ${what}` : `${n} ${what}`));
  if (counted.length) parts.push(counted.join(', '));
  const text = parts.join('; ') || 'Text changed';
  return capitalise(text);
}

/** The text of a post about one change, fitted to the network's limit by shortening the headline. */
export function postText(
  input: PostTextInput,
  network: Network,
  limit: { max: number; linkLength: number | null } = TEXT_LIMITS[network],
): string {
  const elapsed = Date.parse(input.currentAt) - Date.parse(input.previousAt);
  // A clock set back between two checks must not make a change look instant.
  const when =
    elapsed > 0 ? `${capitalise(formatGap(elapsed))} after the previous version` : 'Found after the previous version';
  // Bluesky shows links as written, so the post shows a short form and links the full URL (a facet).
  const link = shownLink(network, input.url);
  const archive = input.archiveUrl ? [`All versions: ${shownLink(network, input.archiveUrl)}`] : [];
  // No bidi controls: a headline cannot reorder the rest of the post (stored text may predate their removal).
  const text = stripBidiControls(
    [`${input.outlet} edited “${input.headline}”`, describeChanges(input.summary), when, link, ...archive].join('\n'),
  );
  return fitPostText(text, link, limit) ?? text;
}

/** How long a text is on a network: graphemes, with a link counted as the network counts it. */
export function measurePostText(text: string, link: string, limit: { linkLength: number | null }): number {
  return graphemes(limit.linkLength === null ? text : text.replace(link, 'x'.repeat(limit.linkLength))).length;
}

/**
 * Shortens a post's first line (the headline) until the text fits; the link line is never cut. Null
 * when even an empty headline would not fit.
 */
export function fitPostText(
  text: string,
  link: string,
  limit: { max: number; linkLength: number | null },
): string | null {
  const over = measurePostText(text, link, limit) - limit.max;
  if (over <= 0) return text;
  const [first = '', ...rest] = text.split('\n');
  const closing = first.endsWith('”') ? '”' : '';
  const chars = graphemes(closing ? first.slice(0, -1) : first);
  const keep = chars.length - over - 1;
  if (keep < 1) return null;
  return [`${chars.slice(0, keep).join('').trimEnd()}…${closing}`, ...rest].join('\n');
}

/** A link as a post shows it: Bluesky shows links as written, so a short form (the facet links it in full). */
export function shownLink(network: Network, url: string): string {
  return network === 'bluesky' ? displayUrl(url) : url;
}

/** A URL as Bluesky's apps show one: no scheme or "www.", at most 32 characters, then "…". */
export function displayUrl(url: string): string {
  const bare = url.replace(/^https?:\/\//, '').replace(/^www\./, '');
  const chars = graphemes(bare);
  return chars.length <= 32 ? bare : `${chars.slice(0, 31).join('')}…`;
}

function graphemes(text: string): string[] {
  return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
}

function joinAnd(list: string[]): string {
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
