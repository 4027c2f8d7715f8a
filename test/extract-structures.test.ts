import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/extract/index.ts';

// Page structures that real outlets use, written small: each must yield exactly the article's paragraphs.
const BODY = [
  'The city council approved the budget on Monday night after a debate that lasted more than six hours.',
  'Councillors voted 31 to 19 in favour, with several members of the governing group abstaining.',
  'The budget includes a 4.9% rise in council tax, the largest increase permitted without a referendum.',
  '“This was not an easy decision,” the council leader said, “but the alternative was closing libraries.”',
  'Opposition members said the council had wasted money on consultants and should have cut its own costs first.',
];

const page = (
  body: string,
  extra = '',
) => `<!doctype html><html><head><title>Council approves budget | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example"></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
${body}
<aside class="most-read"><h2>Most read</h2><ol>${[1, 2, 3, 4, 5].map((i) => `<li><a href="/s/${i}">A popular story number ${i} that people are reading right now</a></li>`).join('')}</ol></aside>
${extra}
<footer><p>© The Daily Example. All rights reserved. Terms, privacy and cookie policy apply to this website.</p></footer></body></html>`;

const p = (t: string) => `<p>${t}</p>`;

describe('common article structures', () => {
  it('one wrapper per paragraph (BBC-style text blocks)', () => {
    const html =
      page(`<main><article><header><h1>Council approves budget</h1><div class="byline">By A Reporter</div></header>
      ${BODY.map((t) => `<div data-component="text-block" class="ssrcss-1q0x1qg-Paragraph eq5iqo00">${p(t)}</div>`).join('\n')}
      <div data-component="links-block" class="ssrcss-links"><h2>Related</h2><ul><li><a href="/a">Council tax to rise across the region this spring</a></li><li><a href="/b">Libraries saved in last-minute deal</a></li></ul></div>
      </article></main>`);
    const a = extractArticle(html, 'https://www.example.co.uk/news/1');
    expect(a.headline).toBe('Council approves budget');
    expect(a.paragraphs).toEqual(BODY);
  });

  it('a body split over several columns with figures between them (NYT-style)', () => {
    const column = (ps: string[]) =>
      `<div class="css-53u6y8 StoryBodyCompanionColumn"><div class="css-1fanzo5">${ps.map(p).join('')}</div></div>`;
    const html = page(`<article id="story"><header><h1>Council approves budget</h1></header><section name="articleBody">
      ${column(BODY.slice(0, 2))}<figure><img src="/x.jpg"><figcaption>The council chamber on Monday. <span>Photo: Jane Doe</span></figcaption></figure>
      ${column(BODY.slice(2, 4))}<div class="ad"><p>Advertisement</p></div>${column(BODY.slice(4))}</section></article>`);
    expect(extractArticle(html, 'https://www.example.com/2026/11/25/budget.html').paragraphs).toEqual(BODY);
  });

  it('a blog-style entry with a long comment thread under it', () => {
    const comments = Array.from(
      { length: 12 },
      (_, i) =>
        `<li class="comment"><div class="comment-body"><p>Comment ${i}: I have lived in this city for thirty years, and I think the council has got this one badly wrong, frankly.</p></div></li>`,
    ).join('');
    const html = page(`<div id="primary"><article class="post"><h1 class="entry-title">Council approves budget</h1>
      <div class="entry-content">${BODY.map(p).join('')}<div class="sharedaddy"><h3>Share this:</h3><a href="#">Twitter</a> <a href="#">Facebook</a></div></div></article>
      <section id="comments" class="comments-area"><h2>12 comments</h2><ol class="comment-list">${comments}</ol></section></div>`);
    expect(extractArticle(html, 'https://blog.example.org/2026/11/budget/').paragraphs).toEqual(BODY);
  });

  it('related-story teasers beside the body are not the body', () => {
    const teasers = [1, 2, 3]
      .map(
        (i) =>
          `<div class="card"><a href="/t/${i}"><h3>Another story number ${i} about the council</h3></a><p>A summary of that other story, long enough to look like a paragraph of text, with commas, and more words in it.</p></div>`,
      )
      .join('');
    const html =
      page(`<div class="layout"><div class="main-column"><h1>Council approves budget</h1><div class="story-text">${BODY.map(p).join('')}</div>
      <div class="more-on-this">${teasers}</div></div></div>`);
    expect(extractArticle(html, 'https://news.example.net/budget').paragraphs).toEqual(BODY);
  });

  it('paragraphs written as bare divs, without <p>', () => {
    const html = page(
      `<div class="article"><h1>Council approves budget</h1><div class="article-text">${BODY.map((t) => `<div class="para">${t}</div>`).join('')}</div></div>`,
    );
    expect(extractArticle(html, 'https://old.example.com/news?id=1').paragraphs).toEqual(BODY);
  });

  it('an old table layout with the story in a cell', () => {
    const html =
      page(`<table width="100%"><tr><td class="nav" width="160"><a href="/">Home</a><br><a href="/local">Local</a><br><a href="/weather">Weather</a></td>
      <td class="story"><h1>Council approves budget</h1><font size="2">${BODY.map(p).join('')}</font></td></tr></table>`);
    expect(extractArticle(html, 'https://www.oldpaper.example/1999/budget.htm').paragraphs).toEqual(BODY);
  });
});
