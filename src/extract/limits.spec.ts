import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deepJsonLd,
  hugeAttribute,
  linksInParagraphs,
  longParagraphs,
  nestedDivs,
  nestedTextSpans,
  shortParagraphs,
  timesAndParagraphs,
} from '../../test/helpers/hostile-pages.ts';
import { DEFAULT_LIMITS, ExtractError, extractArticle, type ExtractLimits } from './index.ts';

const URL_ = 'https://news.example/story';

function refusal(html: string, limits?: ExtractLimits): ExtractError {
  try {
    extractArticle(html, URL_, limits);
  } catch (err) {
    if (err instanceof ExtractError) return err;
    throw err;
  }
  throw new Error('the page was extracted, not refused');
}

describe('extraction caps', () => {
  it('refuses a page nested deeper than the depth cap, and reads one just inside it', () => {
    const err = refusal(nestedDivs(600));
    expect(err.reason).toBe('too-complex');
    expect(err.message).toContain('more than 512 levels of nesting (the depth cap)');
    expect(extractArticle(nestedDivs(500), URL_).paragraphs).toEqual([
      'The council approved the budget on Monday night, after a debate that lasted more than six hours.',
    ]);
  });

  it('refuses a page of more nodes than the node cap while parsing it', () => {
    expect(refusal(shortParagraphs(30_000)).message).toContain('more than 50,000 nodes (the nodes cap)');
  });

  it('refuses a body of more paragraphs than the paragraph cap, and reads one at the cap', () => {
    expect(refusal(longParagraphs(DEFAULT_LIMITS.maxParagraphs + 1)).message).toContain(
      'more than 2,000 paragraphs (the paragraphs cap)',
    );
    expect(extractArticle(longParagraphs(DEFAULT_LIMITS.maxParagraphs), URL_).paragraphs).toHaveLength(
      DEFAULT_LIMITS.maxParagraphs,
    );
  });

  it('refuses what nesting inside the caps would make quadratic: links in paragraphs in links, many times × long paragraphs', () => {
    expect(refusal(linksInParagraphs(250, 8 * 1024)).message).toContain('units of work');
    expect(refusal(timesAndParagraphs(2_000, 1_000)).message).toContain('units of work');
  });

  it('gives JSON-LD the caps of the HTML, before parsing it', () => {
    expect(refusal(deepJsonLd(100_000)).message).toContain(
      'more than 512 levels of nesting in its JSON-LD (the depth cap)',
    );
    expect(extractArticle(deepJsonLd(100), URL_).headline).toBe('A headline, deep in its data');
  });

  it('takes its caps as a parameter', () => {
    const page = longParagraphs(20);
    expect(extractArticle(page, URL_).paragraphs).toHaveLength(20);
    expect(refusal(page, { ...DEFAULT_LIMITS, maxDepth: 3 }).message).toContain('more than 3 levels of nesting');
    expect(refusal(page, { ...DEFAULT_LIMITS, maxNodes: 30 }).message).toContain('more than 30 nodes');
    expect(refusal(page, { ...DEFAULT_LIMITS, maxParagraphs: 19 }).message).toContain('more than 19 paragraphs');
    expect(refusal(page, { ...DEFAULT_LIMITS, maxWork: 1_000 }).message).toContain('more than 1,000 units of work');
  });
});

describe('the Readability fallback', () => {
  // A section front: the fast path finds no article body there, Readability a list of teasers.
  const sectionFront = readFileSync(
    resolve(import.meta.dirname, '../../test/fixtures/corpus/nytimes-5/source.html'),
    'utf8',
  );

  it('runs on a page within its caps, and not on a bigger one', () => {
    const withFallback = extractArticle(sectionFront, 'https://www.nytimes.com/es/');
    const without = extractArticle(sectionFront, 'https://www.nytimes.com/es/', {
      ...DEFAULT_LIMITS,
      fallback: { ...DEFAULT_LIMITS.fallback, maxNodes: 1_000 },
    });
    expect(withFallback.paragraphs).not.toEqual(without.paragraphs);
    expect(
      extractArticle(sectionFront, 'https://www.nytimes.com/es/', {
        ...DEFAULT_LIMITS,
        fallback: { ...DEFAULT_LIMITS.fallback, maxDepth: 10 },
      }).paragraphs,
    ).toEqual(without.paragraphs);
  });

  it('does not run on a page with a huge attribute, which linkedom cannot parse', () => {
    expect(extractArticle(hugeAttribute(4 * 1024 * 1024), URL_).paragraphs).toEqual([
      'The council approved the budget on Monday night, after a debate that lasted more than six hours.',
    ]);
  });
});

describe('deep pages within the caps', () => {
  it('are read without recursion: nested text blocks, and blocks nested in inline markup', () => {
    expect(extractArticle(nestedTextSpans(500), URL_).paragraphs[0]).toMatch(/^Words, and more words Words/);
    // <p><b>text<p><b>text …: each <p> opens inside the <b> of the one before, 500 levels deep.
    const unclosed = Array.from(
      { length: 250 },
      (_, i) => `<b>Paragraph ${i} of the story, long enough to count as text, with commas.<p>`,
    ).join('');
    const page = `<html><head><title>Unclosed</title></head><body><h1>Unclosed</h1><div class="story"><p>${unclosed}</div></body></html>`;
    const paragraphs = extractArticle(page, URL_).paragraphs;
    expect(paragraphs).toHaveLength(250);
    expect(paragraphs[249]).toBe('Paragraph 249 of the story, long enough to count as text, with commas.');
  });
});
