import { Readability } from '@mozilla/readability';
import { parseDocument } from 'htmlparser2';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom';
import { isElement } from '../src/extract/dom.ts';
import { extractArticle } from '../src/extract/index.ts';
import { collectParagraphs } from '../src/extract/paragraphs.ts';
import { expectedParagraphs, loadCorpus, scoreParagraphs, type CorpusPage } from '../test/helpers/corpus.ts';
import { ms, summarise, timePerCall } from './stats.ts';

type Extractor = { name: string; run: (page: CorpusPage) => string[] };

// jsdom reports CSS it cannot parse on every page; that is noise here.
const quiet = new VirtualConsole();

const paragraphsOf = (html: string | null | undefined) =>
  html ? collectParagraphs(parseDocument(html).children.filter(isElement)) : [];

const extractors: Extractor[] = [
  { name: 'editwatch', run: (p) => extractArticle(p.html, p.url).paragraphs },
  {
    name: 'Readability + jsdom',
    run: (p) => {
      const dom = new JSDOM(p.html, { url: p.url, virtualConsole: quiet });
      try {
        return paragraphsOf(new Readability(dom.window.document).parse()?.content);
      } finally {
        dom.window.close();
      }
    },
  },
  {
    name: 'Readability + linkedom',
    run: (p) => paragraphsOf(new Readability(parseHTML(p.html).document).parse()?.content),
  },
];

/** nytimes-5 is a section front, not an article (see test/extract-corpus.test.ts). */
const NOT_AN_ARTICLE = new Set(['nytimes-5']);

export function benchExtraction(): void {
  const pages = loadCorpus();
  console.log(
    `\nExtraction: ${pages.length} real pages from test/fixtures/corpus, time per page (each page timed over ≥3 runs after a warm-up)\n`,
  );
  const results = extractors.map((x) => {
    const times: number[] = [];
    const recall: number[] = [];
    const precision: number[] = [];
    for (const page of pages) {
      times.push(timePerCall(() => x.run(page), 3, 30));
      if (NOT_AN_ARTICLE.has(page.name)) continue;
      const score = scoreParagraphs(x.run(page), expectedParagraphs(page));
      recall.push(score.recall);
      precision.push(score.precision);
    }
    process.stdout.write(`  measured ${x.name}\n`);
    return {
      name: x.name,
      time: summarise(times),
      recall: summarise(recall).mean,
      precision: summarise(precision).mean,
    };
  });
  console.log('');
  console.log(
    `  ${'extractor'.padEnd(24)}${'median'.padStart(11)}${'p95'.padStart(11)}${'recall'.padStart(9)}${'precision'.padStart(11)}`,
  );
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(24)}${ms(r.time.median).padStart(11)}${ms(r.time.p95).padStart(11)}${r.recall.toFixed(3).padStart(9)}${r.precision.toFixed(3).padStart(11)}`,
    );
  }
  const [ours, jsdom, linkedom] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
  console.log('');
  console.log(
    `  editwatch is ${(jsdom.time.median / ours.time.median).toFixed(1)}x faster than Readability + jsdom (median; p95 ${(jsdom.time.p95 / ours.time.p95).toFixed(1)}x)`,
  );
  console.log(
    `  editwatch is ${(linkedom.time.median / ours.time.median).toFixed(1)}x faster than Readability + linkedom (median; p95 ${(linkedom.time.p95 / ours.time.p95).toFixed(1)}x)`,
  );
  console.log(
    `  aim: ≤10 ms median per page (${ours.time.median <= 10 ? 'met' : 'NOT met'}), ≥20x faster than Readability + jsdom (${jsdom.time.median / ours.time.median >= 20 ? 'met' : 'NOT met'}), recall ≥ Readability's (${ours.recall >= jsdom.recall ? 'met' : `NOT met: ${ours.recall.toFixed(3)} vs ${jsdom.recall.toFixed(3)}`})`,
  );
  console.log(
    "  note: the reference paragraphs are Readability's own output (an older version), so Readability's recall and precision here are close to 1 by construction.",
  );
}
