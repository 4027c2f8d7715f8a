import { loadCorpus, expectedParagraphs, comparable } from '../test/helpers/corpus.ts';
import { extractArticle } from '../src/extract/index.ts';
const page = loadCorpus().find((p) => p.name === process.argv[2])!;
const a = extractArticle(page.html, page.url);
const exp = expectedParagraphs(page).map(comparable).join('\n');
const ours = a.paragraphs.map(comparable).join('\n');
for (const p of a.paragraphs) if (!exp.includes(comparable(p))) console.log('EXTRA', p.slice(0, 150));
for (const p of expectedParagraphs(page)) if (!ours.includes(comparable(p))) console.log('MISSING', p.slice(0, 150));
