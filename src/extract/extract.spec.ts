import { describe, expect, it } from 'vitest';
import { ExtractError, extractArticle } from './index.ts';

const URL_ = 'https://news.example/story';

describe('extractArticle on bad and unusual input', () => {
  it('reads through malformed markup (unclosed tags, stray brackets, broken JSON-LD)', () => {
    const html = `<html><head><title>Broken page | News</title><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
      <body><h1>Broken page</h1><div class=article-body><p>First paragraph with <b>unclosed bold and <i>italic, which browsers forgive.
      <p>Second paragraph < with a stray bracket > and an &amp; entity, long enough to count as article text.
      <p>Third paragraph, also long enough to be counted as part of the article body text`;
    const a = extractArticle(html, URL_);
    expect(a.headline).toBe('Broken page');
    expect(a.paragraphs.length).toBeGreaterThanOrEqual(2);
    expect(a.paragraphs.join(' ')).toContain('stray bracket > and an & entity');
  });

  it('refuses input that is not HTML, or has no article, with a specific reason', () => {
    const notHtml = (() => {
      try {
        extractArticle('just some words, no markup at all', URL_);
      } catch (err) {
        return err;
      }
    })();
    expect(notHtml).toBeInstanceOf(ExtractError);
    expect((notHtml as ExtractError).reason).toBe('not-html');
    expect(() => extractArticle('<html><body></body></html>', URL_)).toThrowError(ExtractError);
    expect(() =>
      extractArticle(
        '<html><head><title>Only a title</title></head><body><nav><a href="/">Home</a></nav></body></html>',
        URL_,
      ),
    ).toThrowError(/no article text found/);
  });

  it('never counts invisible characters as text', () => {
    const para = (s: string) => `<p>${s}</p>`;
    const base = `<html><head><title>Zero width</title></head><body><h1>Zero width</h1><article>${para('A paragraph long enough to be article text, with a comma.')}${para('Another paragraph long enough to be article text, with a comma.')}${para('A third paragraph long enough to be article text, with a comma.')}</article></body></html>`;
    const sneaky = base.replace('A paragraph long', 'A\u200b paragraph&nbsp;long').replace('Another', 'Ano\u00adther');
    expect(extractArticle(sneaky, URL_).paragraphs).toEqual(extractArticle(base, URL_).paragraphs);
  });

  it('splits paragraphs written with <br><br> instead of <p>', () => {
    const html = `<html><head><title>Br page</title></head><body><h1>Br page</h1><div class="story">First block of text that is long enough, with commas, to be counted.<br><br>Second block of text that is long enough, with commas, to be counted.<br>Still the second block.</div></body></html>`;
    expect(extractArticle(html, URL_).paragraphs).toEqual([
      'First block of text that is long enough, with commas, to be counted.',
      'Second block of text that is long enough, with commas, to be counted. Still the second block.',
    ]);
  });
});

describe('pages rendered by scripts', () => {
  it('falls back to the JSON-LD articleBody when the HTML holds no body text', () => {
    const body =
      'The first paragraph of a story that only exists in the page data.\nThe second paragraph, which a script would render into the page.\n\nA third paragraph, long enough that the whole body passes the minimum length for an article.';
    const html = `<html><head><title>Scripted story - Site</title><script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: 'Scripted story', articleBody: body })}</script></head><body><div id="root"></div><script>render()</script></body></html>`;
    const a = extractArticle(html, URL_);
    expect(a.headline).toBe('Scripted story');
    expect(a.paragraphs).toEqual(body.split(/\n+/));
  });
});
