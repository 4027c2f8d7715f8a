import { describe, expect, it } from 'vitest';
import { parseRequest } from './request-text.ts';

describe('reading a tracking request', () => {
  it('takes "track", "watch" or a bare link as a request to track, with the link', () => {
    expect(parseRequest('@editwatch track https://news.example/a', [])).toEqual({ action: 'track', url: 'https://news.example/a', explicit: true });
    expect(parseRequest('@editwatch@bots.example please watch this: https://news.example/a?x=1.', [])).toEqual({ action: 'track', url: 'https://news.example/a?x=1', explicit: true });
    expect(parseRequest('@editwatch.bsky.social https://news.example/b', [])).toEqual({ action: 'track', url: 'https://news.example/b', explicit: false });
    expect(parseRequest('@editwatch Watch!', [])).toEqual({ action: 'track', url: null, explicit: true });
  });

  it('prefers the full link the network gives over the shortened one in the text', () => {
    expect(parseRequest('@editwatch track news.example/2026/11/25/a-very-long-sl…', ['https://news.example/2026/11/25/a-very-long-slug'])).toMatchObject({ url: 'https://news.example/2026/11/25/a-very-long-slug' });
    expect(parseRequest('@editwatch track https://news.example/2026/11/25/a-very-long-sl…', [])).toMatchObject({ url: null });
  });

  it('takes "untrack", "stop" and "unwatch" as a request to stop', () => {
    expect(parseRequest('@editwatch untrack', [])).toEqual({ action: 'untrack', url: null, explicit: true });
    expect(parseRequest('@editwatch please stop watching https://news.example/a', [])).toEqual({ action: 'untrack', url: 'https://news.example/a', explicit: true });
    expect(parseRequest('@editwatch unwatch', [])).toMatchObject({ action: 'untrack' });
  });

  it('does not read words inside links, handles or other words', () => {
    expect(parseRequest('@editwatch thanks, nice work!', [])).toEqual({ action: 'none', url: null, explicit: false });
    expect(parseRequest('@watchdog.example hello', [])).toEqual({ action: 'none', url: null, explicit: false });
    expect(parseRequest('@editwatch https://news.example/stop-the-presses', [])).toMatchObject({ action: 'track' });
    expect(parseRequest('@editwatch the stopwatch story', [])).toMatchObject({ action: 'none' });
  });
});
