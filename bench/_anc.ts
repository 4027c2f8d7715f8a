import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import { findAll, textOf, type Element } from '../src/extract/dom.ts';
const [name, ...needles] = process.argv.slice(2);
const doc = parseDocument(readFileSync(`../shared/corpus/${name}/source.html`, 'utf8'));
for (const needle of needles) {
  const ps = findAll(doc, (el) => el.name === 'p' && textOf(el).includes(needle));
  for (const p of ps.slice(0, 1)) {
    const chain: string[] = [];
    for (let n: any = p; n && n.name; n = n.parent) chain.push(`${n.name}${n.attribs.id ? '#' + n.attribs.id : ''}${n.attribs.class ? '.' + n.attribs.class.split(/\s+/).slice(0,3).join('.') : ''}`);
    console.log(needle, '\n  ', chain.join('\n   < '));
  }
}
