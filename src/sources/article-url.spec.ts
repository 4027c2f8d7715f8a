import { describe, expect, it } from 'vitest';
import { acceptArticleUrl, ArticleUrlError, isAllowedDomain, normaliseArticleUrl } from './article-url.ts';

describe('normaliseArticleUrl', () => {
  it('drops tracking parameters and fragments, keeps the ones that name the article', () => {
    expect(normaliseArticleUrl('https://WWW.Example.com/news/a-story?utm_source=x&id=42&fbclid=abc#comments')).toBe('https://www.example.com/news/a-story?id=42');
    expect(normaliseArticleUrl('https://example.com/a?utm_medium=social')).toBe('https://example.com/a');
  });

  it('refuses what cannot be an article URL, saying why', () => {
    expect(() => normaliseArticleUrl('not a url')).toThrow(/is not a URL/);
    expect(() => normaliseArticleUrl('ftp://example.com/a')).toThrow(/only http and https/);
    expect(() => normaliseArticleUrl('https://user:pw@example.com/a')).toThrow(/credentials/);
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
    expect((error as Error).message).toBe('"evil.example" is not in EDITWATCH_ALLOWED_DOMAINS (bbc.co.uk, nytimes.com)');
  });
});
