import { describe, expect, it } from 'vitest';
import {
  acceptArticleUrl,
  ArticleUrlError,
  isAllowedDomain,
  MAX_ARTICLE_URL_LENGTH,
  normaliseArticleUrl,
} from './article-url.ts';

describe('normaliseArticleUrl', () => {
  it('drops tracking parameters and fragments, keeps the ones that name the article', () => {
    expect(normaliseArticleUrl('https://WWW.Example.com/news/a-story?utm_source=x&id=42&fbclid=abc#comments')).toBe(
      'https://www.example.com/news/a-story?id=42',
    );
    expect(normaliseArticleUrl('https://example.com/a?utm_medium=social')).toBe('https://example.com/a');
  });

  it('refuses what cannot be an article URL, saying why', () => {
    expect(() => normaliseArticleUrl('not a url')).toThrow(/is not a URL/);
    expect(() => normaliseArticleUrl('ftp://example.com/a')).toThrow(/only http and https/);
    expect(() => normaliseArticleUrl('https://user:pw@example.com/a')).toThrow(/credentials/);
  });

  it(`refuses a URL longer than ${MAX_ARTICLE_URL_LENGTH} characters in canonical form, quoting only its start`, () => {
    const path = (n: number) => `https://example.com/${'a'.repeat(n - 'https://example.com/'.length)}`;
    expect(normaliseArticleUrl(path(MAX_ARTICLE_URL_LENGTH))).toHaveLength(MAX_ARTICLE_URL_LENGTH);
    const error = (() => {
      try {
        normaliseArticleUrl(path(10_000));
      } catch (e) {
        return e as ArticleUrlError;
      }
    })();
    expect(error).toBeInstanceOf(ArticleUrlError);
    expect(error?.reason).toBe('too-long');
    expect(error?.message).toMatch(
      /^"https:\/\/example\.com\/a+…": a URL of 10,000 characters is too long to track \(at most 2,048\)$/,
    );
    expect(error!.message.length).toBeLessThan(200);
    // Tracking parameters do not count; non-ASCII counts as stored, percent-encoded.
    expect(normaliseArticleUrl(`https://example.com/a?utm_source=${'x'.repeat(5000)}`)).toBe('https://example.com/a');
    expect(() => normaliseArticleUrl(`https://example.com/${'é'.repeat(400)}`)).toThrow(/a URL of 2,420 characters/);
    // Feeds and requests go through the same door.
    expect(() => acceptArticleUrl(path(2049), [])).toThrow(/too long to track/);
  });

  it('quotes at most the start of a long bad input', () => {
    expect(() => normaliseArticleUrl(`ftp://${'x'.repeat(5000)}`)).toThrow(
      /^"ftp:\/\/x+…": only http and https URLs can be tracked$/,
    );
  });
});

describe('allowed domains', () => {
  it('allows listed domains and their subdomains only', () => {
    expect(isAllowedDomain('https://www.bbc.co.uk/news/1', ['bbc.co.uk'])).toBe(true);
    expect(isAllowedDomain('https://notbbc.co.uk/news/1', ['bbc.co.uk'])).toBe(false);
    expect(isAllowedDomain('https://anything.example/a', [])).toBe(true);
  });

  it('names the host and the list when refusing', () => {
    const error = (() => {
      try {
        acceptArticleUrl('https://evil.example/a', ['bbc.co.uk', 'nytimes.com']);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ArticleUrlError);
    expect((error as Error).message).toBe(
      '"evil.example" is not in EDITWATCH_ALLOWED_DOMAINS (bbc.co.uk, nytimes.com)',
    );
  });
});
