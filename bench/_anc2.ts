import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import { findAll, textOf } from '../src/extract/dom.ts';
const [name, ...needles] = process.argv.slice(2);
const doc = parseDocument(readFileSync(`../shared/corpus/${name}/source.html`, 'utf8'));
for (const needle of needles) {
  const p = findAll(doc, (el) => el.name === 'p' && textOf(el).includes(needle))[0];
  const chain: string[] = [];
  for (let n: any = p; n && n.name; n = n.parent) chain.push(`${n.name}${n.attribs.id ? '#' + n.attribs.id : ''}${n.attribs.class ? '.' + n.attribs.class.split(/\s+/).slice(0,3).join('.') : ''}`);
  console.log(needle, '\n   ', chain.slice(0, 9).join(' < '));
}
