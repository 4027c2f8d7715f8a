import { describe, expect, it } from 'vitest';
import { parseRequest } from './request-text.ts';
import { REQUEST_WORDS } from './request-words.ts';

describe('reading a tracking request', () => {
  it('takes "track", "watch" or a bare link as a request to track, with the link', () => {
    expect(parseRequest('@editwatch track https://news.example/a', [])).toEqual({
      action: 'track',
      url: 'https://news.example/a',
      explicit: true,
    });
    expect(parseRequest('@editwatch@bots.example please watch this: https://news.example/a?x=1.', [])).toEqual({
      action: 'track',
      url: 'https://news.example/a?x=1',
      explicit: true,
    });
    expect(parseRequest('@editwatch.bsky.social https://news.example/b', [])).toEqual({
      action: 'track',
      url: 'https://news.example/b',
      explicit: false,
    });
    expect(parseRequest('@editwatch Watch!', [])).toEqual({ action: 'track', url: null, explicit: true });
  });

  it('prefers the full link the network gives over the shortened one in the text', () => {
    expect(
      parseRequest('@editwatch track news.example/2026/11/25/a-very-long-sl…', [
        'https://news.example/2026/11/25/a-very-long-slug',
      ]),
    ).toMatchObject({ url: 'https://news.example/2026/11/25/a-very-long-slug' });
    expect(parseRequest('@editwatch track https://news.example/2026/11/25/a-very-long-sl…', [])).toMatchObject({
      url: null,
    });
  });

  it('takes "untrack", "stop" and "unwatch" as a request to stop', () => {
    expect(parseRequest('@editwatch untrack', [])).toEqual({ action: 'untrack', url: null, explicit: true });
    expect(parseRequest('@editwatch please stop watching https://news.example/a', [])).toEqual({
      action: 'untrack',
      url: 'https://news.example/a',
      explicit: true,
    });
    expect(parseRequest('@editwatch unwatch', [])).toMatchObject({ action: 'untrack' });
  });

  it('does not read words inside links, handles or other words', () => {
    expect(parseRequest('@editwatch thanks, nice work!', [])).toEqual({ action: 'none', url: null, explicit: false });
    expect(parseRequest('@watchdog.example hello', [])).toEqual({ action: 'none', url: null, explicit: false });
    expect(parseRequest('@editwatch https://news.example/stop-the-presses', [])).toMatchObject({ action: 'track' });
    expect(parseRequest('@editwatch the stopwatch story', [])).toMatchObject({ action: 'none' });
    // A link the text shows shortened and without its scheme (Bluesky) has no words of the request.
    expect(
      parseRequest('@editwatch.bsky.social news.example/2026/stop-the-pre...', [
        'https://news.example/2026/stop-the-presses',
      ]),
    ).toEqual({ action: 'track', url: 'https://news.example/2026/stop-the-presses', explicit: false });
  });

  it('takes a link among other words without a verb as no request, keeping the link to say so', () => {
    expect(parseRequest('@editwatch great bot! my blog: https://blog.example/me', [])).toEqual({
      action: 'none',
      url: 'https://blog.example/me',
      explicit: false,
    });
    expect(parseRequest('@editwatch see also https://news.example/b', ['https://news.example/b'])).toMatchObject({
      action: 'none',
    });
    // The link alone, with punctuation or an emoji, is still a request.
    expect(parseRequest('@editwatch: https://news.example/b 🙏', [])).toEqual({
      action: 'track',
      url: 'https://news.example/b',
      explicit: false,
    });
  });

  it.each([
    ['nl', '@editwatch volg https://news.example/a', 'track'],
    ['de', '@editwatch bitte Verfolge https://news.example/a', 'track'],
    ['de', '@editwatch beobachte diesen Artikel https://news.example/a', 'track'],
    ['fr', '@editwatch suis https://news.example/a', 'track'],
    ['fr', '@editwatch peux-tu surveiller https://news.example/a', 'track'],
    ['es', '@editwatch sigue esto para mí https://news.example/a', 'track'],
    ['it', '@editwatch segui https://news.example/a', 'track'],
    ['pt', '@editwatch acompanhe https://news.example/a', 'track'],
    ['ru', '@editwatch следи https://news.example/a', 'track'],
    ['ja', '@editwatch この記事を追跡して https://news.example/a', 'track'],
    ['zh', '@editwatch 请追踪 https://news.example/a', 'track'],
    ['nl', '@editwatch stop', 'untrack'],
    ['de', '@editwatch hör auf', 'untrack'],
    ['de', '@editwatch HOR AUF damit', 'untrack'],
    ['de', '@editwatch Stopp!', 'untrack'],
    ['fr', '@editwatch arrête', 'untrack'],
    ['fr', '@editwatch Arrete stp', 'untrack'],
    ['fr', '@editwatch ne suis plus cet article', 'untrack'],
    ['es', '@editwatch para', 'untrack'],
    ['es', '@editwatch deja de seguir https://news.example/a', 'untrack'],
    ['it', '@editwatch basta', 'untrack'],
    ['pt', '@editwatch pare', 'untrack'],
    ['ru', '@editwatch хватит', 'untrack'],
    ['ja', '@editwatch 追跡をやめて', 'untrack'],
    ['zh', '@editwatch 停止追踪', 'untrack'],
  ])('reads %s: %s', (_lang, text, action) => {
    expect(parseRequest(text, []).action).toBe(action);
  });

  it('reads words with an everyday meaning only as the first word ("para" is also "for", "suis" also "am")', () => {
    expect(parseRequest('@editwatch un regalo para ti https://news.example/a', [])).toMatchObject({ action: 'none' });
    expect(parseRequest('@editwatch je suis fan https://news.example/a', [])).toMatchObject({ action: 'none' });
    expect(parseRequest('@editwatch, para.', [])).toMatchObject({ action: 'untrack' });
  });

  it('keeps one table of words, each written once, for every language the bot reads', () => {
    expect(Object.keys(REQUEST_WORDS)).toEqual(expect.arrayContaining(['en', 'nl', 'de', 'fr', 'es', 'it', 'pt']));
    for (const { track, untrack } of Object.values(REQUEST_WORDS)) {
      expect(new Set([...track, ...untrack]).size).toBe(track.length + untrack.length);
      for (const w of [...track, ...untrack]) expect(w).toBe(w.trim().toLowerCase());
    }
  });
});
