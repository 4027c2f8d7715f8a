import { loadCorpus, expectedParagraphs, scoreParagraphs } from '../test/helpers/corpus.ts';
import { extractArticle } from '../src/extract/index.ts';
let R=0,P=0,n=0;
for (const page of loadCorpus()) {
  if (process.argv[2] && page.name !== process.argv[2]) continue;
  try {
    const a = extractArticle(page.html, page.url);
    const s = scoreParagraphs(a.paragraphs, expectedParagraphs(page));
    R+=s.recall;P+=s.precision;n++;
    console.log(page.name.padEnd(16), s.recall.toFixed(2), s.precision.toFixed(2), '|', a.headline.slice(0,70), '|', (page.expected.title??'').slice(0,50), '|', a.byline, '|', a.publishedAt);
    if (process.argv[2]) { console.log(JSON.stringify(a, null, 1)); console.log('EXPECTED', expectedParagraphs(page)); }
  } catch (e) { console.log(page.name, 'ERROR', (e as Error).message); }
}
console.log('mean', (R/n).toFixed(3), (P/n).toFixed(3));
