import { describe, expect, it } from 'vitest';
import type { ChangeSummary } from '../diff/types.ts';
import { formatGap } from '../format-gap.ts';
import { describeChanges, displayUrl, fitPostText, measurePostText, postText } from './post-text.ts';
import { addressedText, watchingText } from '../requests/reply-text.ts';

const none: ChangeSummary = {
  headline: false,
  standfirst: false,
  byline: false,
  edited: 0,
  inserted: 0,
  deleted: 0,
  moved: 0,
  split: 0,
  merged: 0,
  wordsChanged: 0,
};

describe('post text', () => {
  it('says what changed in words', () => {
    expect(describeChanges({ ...none, headline: true, edited: 3, inserted: 1 })).toBe(
      'Headline changed; 3 paragraphs edited, 1 added',
    );
    expect(describeChanges({ ...none, headline: true, standfirst: true })).toBe('Headline and standfirst changed');
    expect(describeChanges({ ...none, deleted: 1 })).toBe('1 paragraph removed');
  });

  it('formats the time between versions', () => {
    expect(formatGap(63 * 60_000)).toBe('1 h 3 min');
    expect(formatGap(45_000)).toBe('45 s');
    expect(formatGap((2 * 24 + 4) * 3_600_000)).toBe('2 days 4 h');
  });

  it('fits each network, shortening the headline and never the URL', () => {
    const input = {
      outlet: 'Example News',
      headline: 'A very long headline '.repeat(30).trim(),
      summary: { ...none, headline: true, edited: 2 },
      previousAt: '2026-11-25T10:00:00.000Z',
      currentAt: '2026-11-25T11:03:00.000Z',
      url: 'https://news.example/2026/11/25/a-very-long-article-slug-that-goes-on-and-on?id=1234567890',
    };
    const bsky = postText(input, 'bluesky');
    expect([...new Intl.Segmenter().segment(bsky)].length).toBeLessThanOrEqual(300);
    expect(bsky).not.toContain(input.url);
    expect(bsky.split('\n').at(-1)).toBe('news.example/2026/11/25/a-very-…');
    expect(bsky).toContain('…”');
    expect(bsky).toContain('1 h 3 min after the previous version');
    const masto = postText(input, 'mastodon');
    expect(masto.replace(input.url, 'x'.repeat(23)).length).toBeLessThanOrEqual(500);
    expect(masto.length).toBeGreaterThan(bsky.length);
  });

  it('shows a long URL short, and a short one whole', () => {
    expect(displayUrl('https://www.example.com/a')).toBe('example.com/a');
    expect(displayUrl('https://news.example/2026/11/25/a-very-long-article')).toBe('news.example/2026/11/25/a-very-…');
  });

  it('fits a text to a smaller instance limit by cutting the headline, keeping the closing quote and the link', () => {
    const url = 'https://news.example/story';
    const text = `Example edited “${'word '.repeat(40).trim()}”\n1 paragraph edited\n${url}`;
    const fitted = fitPostText(text, url, { max: 100, linkLength: 23 });
    expect(fitted).not.toBeNull();
    expect(measurePostText(fitted!, url, { linkLength: 23 })).toBe(100);
    expect(fitted).toMatch(/…”\n1 paragraph edited\nhttps:\/\/news\.example\/story$/);
    expect(fitPostText(text, url, { max: 30, linkLength: 23 })).toBeNull();
    expect(fitPostText('short', url, { max: 30, linkLength: 23 })).toBe('short');
  });
});

describe('bidi controls in stored text', () => {
  // A right-to-left override would show "Minister resigns" reversed, and the rest of the line with it.
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it('never reach a post or a reply', () => {
    const text = postText(
      {
        outlet: 'Example\u202e News',
        headline: '\u202eMinister resigns\u202c \u2066now\u2069',
        summary: { ...none, headline: true },
        previousAt: '2026-11-25T10:00:00.000Z',
        currentAt: '2026-11-25T11:03:00.000Z',
        url: 'https://news.example/a',
      },
      'mastodon',
    );
    expect(text).not.toMatch(BIDI);
    expect(text.split('\n')[0]).toBe('Example News edited “Minister resigns now”');
    expect(watchingText('bluesky', 'alice.example', '\u202eMinister resigns', 'https://news.example/a')).not.toMatch(
      BIDI,
    );
    expect(
      addressedText('mastodon', 'alice', text.replace('Minister', '\u202eMinister'), 'https://news.example/a'),
    ).not.toMatch(BIDI);
  });
});
