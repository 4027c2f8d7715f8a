import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { collectParagraphs } from '../../src/extract/paragraphs.ts';
import { normaliseText } from '../../src/extract/normalise-text.ts';
import { isElement } from '../../src/extract/dom.ts';

/** Real article pages, copied into the project (see test/fixtures/README.md). */
const CORPUS_DIR = resolve(import.meta.dirname, '../fixtures/corpus');

export interface CorpusPage {
  name: string;
  html: string;
  expectedHtml: string;
  expected: { title: string | null; byline: string | null; publishedTime: string | null; excerpt: string | null };
  /** A made-up URL on the outlet's real host, so host-based choices behave as on the web. */
  url: string;
}

const HOSTS: Record<string, string> = {
  aktualne: 'sport.aktualne.cz',
  'ars-1': 'arstechnica.com',
  'bbc-1': 'www.bbc.com',
  breitbart: 'www.breitbart.com',
  'buzzfeed-1': 'www.buzzfeed.com',
  'citylab-1': 'www.citylab.com',
  cnet: 'www.cnet.com',
  cnn: 'money.cnn.com',
  engadget: 'www.engadget.com',
  gmw: 'tech.gmw.cn',
  'herald-sun-1': 'www.heraldsun.com.au',
  'la-nacion': 'www.lanacion.com.ar',
  'lemonde-1': 'www.lemonde.fr',
  'liberation-1': 'www.liberation.fr',
  'lwn-1': 'lwn.net',
  medicalnewstoday: 'www.medicalnewstoday.com',
  msn: 'www.msn.com',
  'nytimes-1': 'www.nytimes.com',
  'nytimes-2': 'www.nytimes.com',
  'nytimes-3': 'www.nytimes.com',
  'nytimes-5': 'www.nytimes.com',
  qq: 'tech.qq.com',
  'quanta-1': 'www.quantamagazine.org',
  'salon-1': 'www.salon.com',
  'seattletimes-1': 'www.seattletimes.com',
  theverge: 'www.theverge.com',
  'tmz-1': 'www.tmz.com',
  'wapo-1': 'www.washingtonpost.com',
  'yahoo-1': 'www.yahoo.com',
  'yahoo-2': 'news.yahoo.com',
  'yahoo-3': 'news.yahoo.com',
  'yahoo-4': 'headlines.yahoo.co.jp',
};

export function loadCorpus(): CorpusPage[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(CORPUS_DIR, d.name);
      return {
        name: d.name,
        html: readFileSync(join(dir, 'source.html'), 'utf8'),
        expectedHtml: readFileSync(join(dir, 'expected.html'), 'utf8'),
        expected: JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8')) as CorpusPage['expected'],
        url: `https://${HOSTS[d.name] ?? `${d.name}.example`}/${d.name}/article`,
      };
    });
}

/** The reference paragraphs: every text block of Readability's expected.html, normalised. */
export function expectedParagraphs(page: CorpusPage): string[] {
  const doc = parseDocument(page.expectedHtml);
  // The reference is Readability's cleaned output: its blocks are the body, so collect them unfiltered by hints.
  return collectParagraphs(doc.children.filter(isElement));
}

/** Paragraph texts compared loosely: case, punctuation and spacing differences are not extraction errors. */
export function comparable(text: string): string {
  return normaliseText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface Score {
  recall: number;
  precision: number;
}

/**
 * Character-weighted recall and precision: the share of the reference's text found in ours, and of ours
 * found in the reference. A paragraph counts as found when the other side holds it whole (a split or
 * merged paragraph still counts).
 */
export function scoreParagraphs(ours: string[], reference: string[]): Score {
  const a = ours.map(comparable).filter(Boolean);
  const b = reference.map(comparable).filter(Boolean);
  const aAll = a.join('\n');
  const bAll = b.join('\n');
  const covered = (list: string[], other: string) => {
    const total = list.reduce((n, p) => n + p.length, 0);
    if (total === 0) return 1;
    return list.reduce((n, p) => n + (other.includes(p) ? p.length : 0), 0) / total;
  };
  return { recall: covered(b, aAll), precision: covered(a, bAll) };
}
