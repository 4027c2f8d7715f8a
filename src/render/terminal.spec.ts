import { describe, expect, it } from 'vitest';
import { diffWords } from '../diff/index.ts';
import { wordsToText } from './terminal.ts';

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[\d+m/g, '');

describe('the terminal word diff', () => {
  it('shows changed words whole, the same words the cards and the archive mark', () => {
    expect(plain(wordsToText(diffWords('Twenty-three people were hurt in the Israel-Hamas war.', 'Twenty-four people were hurt in the Israel-Hamas war.')))).toBe('[-Twenty-three-]{+Twenty-four+} people were hurt in the Israel-Hamas war.');
    expect(plain(wordsToText(diffWords('Inflation rose 3.5% in May, see https://example.com/a.', 'Inflation rose 4% in May, see https://example.com/b.')))).toBe('Inflation rose [-3.5%-]{+4%+} in May, see [-https://example.com/a-]{+https://example.com/b+}.');
  });
});
