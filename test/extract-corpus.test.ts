import { describe, expect, it } from 'vitest';
import { extractArticle, normaliseText } from '../src/extract/index.ts';
import { comparable, expectedParagraphs, loadCorpus, scoreParagraphs, type CorpusPage } from './helpers/corpus.ts';

const corpus = loadCorpus();

/**
 * The reference titles are Readability's <title> picks. Where they are not the article's headline, the
 * headline a reader sees is written here, with the reason.
 */
const HEADLINE_CORRECTIONS: Record<string, { headline: string; why: string }> = {
  breitbart: {
    headline: "'Neutral' Snopes Fact-Checker David Emery: 'Are There Any Un-Angry Trump Supporters?'",
    why: 'site suffix " - Breitbart"',
  },
  'buzzfeed-1': {
    headline: 'Student Dies After Diet Pills She Bought Online “Burned Her Up From Within”',
    why: 'the on-page <h1> uses curly quotes; the <title> straight ones',
  },
  gmw: { headline: '宇航员在太空中喝酒会怎么样？后果很严重', why: 'section and site suffix "_探索者 _光明网"' },
  'lwn-1': { headline: 'LWN.net Weekly Edition for March 26, 2015', why: 'site suffix "[LWN.net]"' },
  qq: { headline: 'DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶', why: 'section and site suffix "_科技_腾讯网"' },
  theverge: {
    headline: 'Apple’s Vision Pro is the Retina display moment for headsets',
    why: 'the on-page <h1> differs from the JSON-LD headline the reference took',
  },
  'yahoo-2': {
    headline: 'Russia: Space ship malfunctions, breaks up over Siberia',
    why: 'the reference took the portal title "Yahoo News - Latest News & Headlines"',
  },
  'yahoo-4': {
    headline: 'トレンドマイクロ、公衆無線LANを安全に使うためのアプリ「フリーWi-Fiプロテクション」',
    why: 'source and site suffix "（CNET Japan） - Yahoo!ニュース"',
  },
};

/**
 * Blocks Readability keeps in the body that a reader does not count as body text, and editwatch reports
 * elsewhere or not at all: scored without them, each with the reason.
 */
const REFERENCE_NOT_BODY: Record<string, { starts: string[]; why: string }> = {
  'citylab-1': {
    starts: ['The once-ubiquitous form of lighting'],
    why: 'the dek (<h2 class="l-article__dek">), which editwatch reports as the standfirst',
  },
  'lwn-1': {
    starts: ['By Nathan Willis March 25, 2015', 'By Jonathan Corbet March 25, 2015'],
    why: 'bylines with their date',
  },
  qq: { starts: ['TNW中文站 10月14日报道'], why: 'a dateline' },
};

const bodyReference = (page: CorpusPage) => {
  const skip = REFERENCE_NOT_BODY[page.name]?.starts ?? [];
  return expectedParagraphs(page).filter((p) => !skip.some((s) => p.startsWith(s)));
};

/**
 * nytimes-5 is a section front (NYT en Español's home page), not an article: its reference is a list of
 * teasers and photo credits, so paragraph scores against it measure nothing.
 */
const NOT_AN_ARTICLE = new Set(['nytimes-5']);

// Reached on this corpus when the test was written; a change that lowers them is a regression.
const MIN_MEAN_RECALL = 0.97;
const MIN_MEAN_PRECISION = 0.98;
const MIN_PAGE_RECALL = 0.8;
const MIN_PAGE_PRECISION = 0.7;
const MIN_HEADLINES_EXACT = 1.0;

describe('extraction on the real pages of test/fixtures/corpus', () => {
  const results = corpus.map((page) => ({ page, article: extractArticle(page.html, page.url) }));

  it('gets every headline exactly', () => {
    const wrong: string[] = [];
    for (const { page, article } of results) {
      const expected = HEADLINE_CORRECTIONS[page.name]?.headline ?? normaliseText(page.expected.title ?? '');
      if (article.headline !== expected) wrong.push(`${page.name}: got "${article.headline}", expected "${expected}"`);
    }
    expect(wrong).toEqual([]);
    expect((results.length - wrong.length) / results.length).toBeGreaterThanOrEqual(MIN_HEADLINES_EXACT);
  });

  it('finds the body paragraphs with high recall and precision', () => {
    const scored = results
      .filter(({ page }) => !NOT_AN_ARTICLE.has(page.name))
      .map(({ page, article }) => ({ name: page.name, ...scoreParagraphs(article.paragraphs, bodyReference(page)) }));
    const meanRecall = scored.reduce((n, s) => n + s.recall, 0) / scored.length;
    const meanPrecision = scored.reduce((n, s) => n + s.precision, 0) / scored.length;
    const weak = scored.filter((s) => s.recall < MIN_PAGE_RECALL || s.precision < MIN_PAGE_PRECISION);
    expect(weak).toEqual([]);
    expect(meanRecall).toBeGreaterThanOrEqual(MIN_MEAN_RECALL);
    expect(meanPrecision).toBeGreaterThanOrEqual(MIN_MEAN_PRECISION);
  });

  it('reads bylines and publication times where the page declares them', () => {
    const byName = new Map(results.map((r) => [r.page.name, r.article]));
    expect(byName.get('nytimes-1')!.byline).toBe('Jeffrey Gettleman');
    expect(byName.get('lemonde-1')!.byline).toBe('Martin Untersinger (avec Damien Leloup et Morgane Tual)');
    // The on-page byline runs on into the date ("Lucas Nolan22 Dec 2016"); the name alone is kept.
    expect(byName.get('breitbart')!.byline).toBe('Lucas Nolan');
    expect(byName.get('bbc-1')!.publishedAt).toBe('2015-07-24T04:36:09.000Z');
    expect(byName.get('aktualne')!.publishedAt).toBe('2021-11-01T09:52:50.000Z');
    const withDates = results.filter(({ page }) => page.expected.publishedTime);
    const dated = withDates.filter(({ article }) => article.publishedAt !== null);
    expect(dated.length).toBe(withDates.length);
  });

  it('finds the byline on most pages', () => {
    // Differences with the reference, each explained: bbc-1's reference byline is the outlet; on herald-sun-1,
    // liberation-1 and salon-1 the page declares another author (meta/microdata) than the name the reference
    // took from the text, and editwatch follows the declaration; seattletimes-1's reference is a date;
    // nytimes-5 is a front page; yahoo-4's reference is "個人" ("individual").
    const withByline = results.filter(({ page }) => page.expected.byline);
    const agreeing = withByline.filter(
      ({ page, article }) =>
        article.byline &&
        page.expected.byline!.toLowerCase().includes(article.byline.toLowerCase().split(' and ')[0]!.split(' (')[0]!),
    );
    expect(agreeing.length).toBeGreaterThanOrEqual(21);
    const byName = new Map(results.map((r) => [r.page.name, r.article]));
    // Found on the page, between headline and body, not in menus or teasers around it.
    expect(byName.get('quanta-1')!.byline).toBe('Joshua Sokol');
    expect(byName.get('yahoo-1')!.byline).toBe('Ben Silverman');
    expect(byName.get('yahoo-2')!.byline).toBe('NATALIYA VASILYEVA');
    expect(byName.get('msn')!.byline).toBe('Alex Perry');
  });

  it('takes the dek as standfirst, never a photo caption, a lead video or the headline again', () => {
    const byName = new Map(results.map((r) => [r.page.name, r.article]));
    expect(byName.get('bbc-1')!.standfirst).toMatch(/^President Barack Obama tells the BBC his failure/);
    expect(byName.get('liberation-1')!.standfirst).toMatch(/^Laurent Fabius a accueilli jeudi matin/);
    expect(byName.get('nytimes-3')!.standfirst).toMatch(/^New York’s aging below-street infrastructure/);
    expect(byName.get('qq')!.standfirst).toBeNull(); // its summary is the headline again
    for (const { article } of results) expect(article.standfirst).not.toBe(article.headline);
    // Where the reference's excerpt is only the first paragraph, editwatch has no standfirst (a body edit
    // would otherwise be reported twice); elsewhere they agree.
    const excerptOfFirst = (page: CorpusPage) => {
      const first = comparable(expectedParagraphs(page)[0] ?? '');
      const excerpt = comparable(page.expected.excerpt!.replace(/(?:…|\.\.\.)$/, ''));
      return first.length > 0 && (first.startsWith(excerpt) || excerpt.startsWith(first));
    };
    const withExcerpt = results.filter(({ page }) => page.expected.excerpt && !excerptOfFirst(page));
    const agreeing = withExcerpt.filter(
      ({ page, article }) =>
        article.standfirst !== null &&
        normaliseText(page.expected.excerpt!).startsWith(article.standfirst.slice(0, 40)),
    );
    expect(agreeing.length / withExcerpt.length).toBeGreaterThanOrEqual(0.8);
  });

  it('names the outlet and keeps text normalised', () => {
    for (const { article } of results) {
      expect(article.outlet.length).toBeGreaterThan(0);
      for (const p of article.paragraphs) expect(p).toBe(normaliseText(p));
    }
    expect(results.find((r) => r.page.name === 'bbc-1')!.article.outlet).toBe('BBC News');
    // og:site_name given as a URL: the host is the better name
    expect(results.find((r) => r.page.name === 'tmz-1')!.article.outlet).toBe('tmz.com');
  });
});
