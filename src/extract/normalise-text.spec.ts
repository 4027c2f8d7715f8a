import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise-text.ts';

describe('normaliseText', () => {
  it('makes composed and decomposed accents equal', () => {
    expect(normaliseText('Cafe\u0301')).toBe(normaliseText('Caf\u00e9'));
    expect(normaliseText('Cafe\u0301')).toBe('Café');
  });

  it('turns no-break, thin and ideographic spaces into plain spaces and collapses runs', () => {
    expect(normaliseText('a\u00a0b\u202fc\u3000d \n\t e')).toBe('a b c d e');
  });

  it('drops zero-width spaces, soft hyphens and byte-order marks', () => {
    expect(normaliseText('\ufeffpoli\u00adtics\u200b now\u2060')).toBe('politics now');
  });

  it('keeps joiners that change how text reads (emoji sequences, Persian)', () => {
    expect(normaliseText('👨\u200d👩\u200d👧')).toBe('👨\u200d👩\u200d👧');
    expect(normaliseText('می\u200cخواهم')).toBe('می\u200cخواهم');
  });
});
