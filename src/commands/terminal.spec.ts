import { describe, expect, it } from 'vitest';
import { diffWords } from '../diff/index.ts';
import { articleToText, changesToText, forTerminal, table, wordsToText } from './terminal.ts';

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[\d+m/g, '');

describe('the terminal word diff', () => {
  it('shows changed words whole, the same words the cards and the archive mark', () => {
    expect(
      plain(
        wordsToText(
          diffWords(
            'Twenty-three people were hurt in the Israel-Hamas war.',
            'Twenty-four people were hurt in the Israel-Hamas war.',
          ),
        ),
      ),
    ).toBe('[-Twenty-three-]{+Twenty-four+} people were hurt in the Israel-Hamas war.');
    expect(
      plain(
        wordsToText(
          diffWords(
            'Inflation rose 3.5% in May, see https://example.com/a.',
            'Inflation rose 4% in May, see https://example.com/b.',
          ),
        ),
      ),
    ).toBe('Inflation rose [-3.5%-]{+4%+} in May, see [-https://example.com/a-]{+https://example.com/b+}.');
  });
});

describe('page text on the terminal', () => {
  // eslint-disable-next-line no-control-regex
  const HOSTILE = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/;

  it('has no bidi controls and no control characters but newline and tab', () => {
    expect(forTerminal('\u202eMinister resigns\u202c\u001b]0;pwned\u0007 now\n\tand then')).toBe(
      'Minister resigns]0;pwned now\n\tand then',
    );
  });

  it('in every view: word diff, change list, article, table', () => {
    const words = diffWords('Minister \u202eresigns', 'Minister \u202equits\u001b[2J');
    expect(plain(wordsToText(words))).not.toMatch(HOSTILE);
    expect(
      plain(
        changesToText([
          { kind: 'inserted', afterIndex: 0, after: '\u2066added\u2069' } as never,
          { kind: 'deleted', beforeIndex: 0, before: '\u200fgone' } as never,
        ]),
      ),
    ).not.toMatch(HOSTILE);
    const article = {
      url: 'https://news.example/a',
      canonicalUrl: null,
      outlet: '\u202eOutlet',
      headline: '\u202eHeadline',
      standfirst: '\u2067Dek',
      byline: 'By\u001b[31m me',
      publishedAt: null,
      modifiedAt: null,
      paragraphs: ['\u202aOne', 'Two\u0007'],
    };
    expect(plain(articleToText(article))).not.toMatch(HOSTILE);
    expect(plain(table(['a', 'b'], [['\u202e1', 'x\u001b[2Jy']]))).not.toMatch(HOSTILE);
  });
});
