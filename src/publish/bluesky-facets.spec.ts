import { describe, expect, it } from 'vitest';
import { postTextWithFacets } from './bluesky.ts';

const slice = (text: string, f: { index: { byteStart: number; byteEnd: number } }) =>
  Buffer.from(text, 'utf8').subarray(f.index.byteStart, f.index.byteEnd).toString('utf8');

describe('Bluesky facets', () => {
  it('links the short forms in full and mentions the addressed account, with UTF-8 byte offsets', () => {
    const article = 'https://www.news.example/2026/11/25/a-long-slug-for-the-story';
    const archive = 'https://edits.example/articles/42';
    const text = `@alice.test Le Monde a modifié « Zürich 🚋 »\nnews.example/2026/11/25/a-long-…\nAll versions: edits.example/articles/42`;
    const { text: out, facets } = postTextWithFacets(text, article, { handle: 'alice.test', id: 'did:plc:alice' }, [
      archive,
    ]);
    expect(out).toBe(text);
    expect(facets!.map((f) => [slice(out, f), f.features[0]])).toEqual([
      ['@alice.test', { $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:alice' }],
      ['news.example/2026/11/25/a-long-…', { $type: 'app.bsky.richtext.facet#link', uri: article }],
      ['edits.example/articles/42', { $type: 'app.bsky.richtext.facet#link', uri: archive }],
    ]);
  });

  it('makes no facet for a link the text does not show', () => {
    expect(postTextWithFacets('Sorry, I cannot watch that.', '')).toEqual({ text: 'Sorry, I cannot watch that.' });
  });
});
