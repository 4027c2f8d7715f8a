import { articlePage, DEMO_VERSIONS } from '../src/demo/article-page.ts';
import { extractArticle } from '../src/extract/index.ts';
const a = extractArticle(articlePage(DEMO_VERSIONS[0]!, 1, 'http://x.test/a'), 'http://x.test/a');
console.log(JSON.stringify(a, null, 1));
