import { parseDocument } from 'htmlparser2';
import { attr, findAll, textOf } from '../../extract/dom.ts';

/** A status's HTML as text and its links, leaving out mentions and hashtags (they are links too). */
export function readStatusHtml(html: string): { text: string; links: string[] } {
  const doc = parseDocument(html);
  const links = findAll(doc, (el) => el.name === 'a')
    .filter((a) => !/\b(?:mention|hashtag)\b/.test(attr(a, 'class')) && !/^[@#]/.test(textOf(a).trim()))
    .map((a) => attr(a, 'href'))
    .filter((href) => /^https?:\/\//i.test(href));
  return { text: textOf(doc, '\n').trim(), links };
}
