import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import { findAll, textOf, hintsOf, isHidden } from '../src/extract/dom.ts';
import { CHROME_HINT, BODY_HINT, CHROME_TAGS } from '../src/extract/chrome.ts';
const doc = parseDocument(readFileSync(`../shared/corpus/${process.argv[2]}/source.html`, 'utf8'));
const p = findAll(doc, (el) => el.name === 'p' && textOf(el).includes(process.argv[3]!))[0]!;
for (let n: any = p; n && n.name; n = n.parent) { const h = hintsOf(n); const c = CHROME_HINT.exec(h)?.[0]; if (c || CHROME_TAGS.has(n.name) || isHidden(n)) console.log(n.name, JSON.stringify(h), 'chrome:', c, 'body:', BODY_HINT.test(h), 'hidden', isHidden(n)); }
