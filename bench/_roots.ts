import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import { findBodyRoots } from '../src/extract/body.ts';
import { readMetadata } from '../src/extract/metadata.ts';
import { textOf } from '../src/extract/dom.ts';
const doc = parseDocument(readFileSync(`../shared/corpus/${process.argv[2]}/source.html`, 'utf8'));
const md = readMetadata(doc);
console.log('hints', md.bodyHints.length);
for (const r of findBodyRoots(doc, md.bodyHints)) console.log(r.name, r.attribs.class, r.attribs.id, textOf(r).trim().slice(0, 80));
