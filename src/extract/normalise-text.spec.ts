import { describe, expect, it } from 'vitest';
import { normaliseText, stripBidiControls } from './normalise-text.ts';

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

describe('bidirectional controls', () => {
  it('are removed, so a headline cannot reorder what is shown around it', () => {
    // "Minister resigns" written with an override that would show it reversed, and stray isolates and marks.
    expect(normaliseText('\u202eMinister resigns\u202c over \u2066leak\u2069\u200e\u200f\u061c')).toBe(
      'Minister resigns over leak',
    );
    expect(normaliseText('a\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069b')).toBe('ab');
  });

  it('keep right-to-left text itself as it is', () => {
    expect(normaliseText('שלום עולם')).toBe('שלום עולם');
    expect(stripBidiControls('مرحبا\u200f بالعالم')).toBe('مرحبا بالعالم');
  });
});
