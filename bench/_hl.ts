import { loadCorpus } from '../test/helpers/corpus.ts';
import { extractArticle, normaliseText } from '../src/extract/index.ts';
for (const page of loadCorpus()) {
  const a = extractArticle(page.html, page.url);
  const exp = normaliseText(page.expected.title ?? '');
  if (a.headline !== exp) console.log(JSON.stringify(page.name), JSON.stringify(a.headline), '<-', JSON.stringify(exp));
}
