import { describe, expect, it } from 'vitest';
import { isWord, spaced, tokens } from './tokens.ts';

const words = (text: string) => tokens(text).filter(isWord);
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

describe('diff tokens', () => {
  it('keeps hyphenated compounds whole, in several languages', () => {
    expect(words('Twenty-three people died in the Israel-Hamas war, SAG-AFTRA said.')).toEqual([
      'Twenty-three',
      'people',
      'died',
      'in',
      'the',
      'Israel-Hamas',
      'war',
      'SAG-AFTRA',
      'said',
    ]);
    expect(words('De 89-jarige fietste op een e-bike naar de Webb-telescoop.')).toEqual([
      'De',
      '89-jarige',
      'fietste',
      'op',
      'een',
      'e-bike',
      'naar',
      'de',
      'Webb-telescoop',
    ]);
    expect(words('Die E-Bikes aus Baden-Württemberg')).toEqual(['Die', 'E-Bikes', 'aus', 'Baden-Württemberg']);
    expect(words('Из-за забастовки в Санкт-Петербурге')).toEqual(['Из-за', 'забастовки', 'в', 'Санкт-Петербурге']);
    expect(words('el acuerdo franco-alemán')).toEqual(['el', 'acuerdo', 'franco-alemán']);
    // En dash without spaces joins too (ranges, "Israel–Hamas"); a spaced dash or an em dash does not.
    expect(words('2020–2023 and Israel–Hamas')).toEqual(['2020–2023', 'and', 'Israel–Hamas']);
    expect(tokens('this - that—other')).toEqual(['this', ' ', '-', ' ', 'that', '—', 'other']);
    expect(tokens('pre- and post-war')).toEqual(['pre', '-', ' ', 'and', ' ', 'post-war']);
  });

  it('keeps words with apostrophes whole, French elisions included', () => {
    expect(words("We don't know, the players' union said.")).toEqual([
      'We',
      "don't",
      'know',
      'the',
      'players',
      'union',
      'said',
    ]);
    expect(words("Le texte arrive aujourd'hui à l'Assemblée, puis à l’Élysée.")).toEqual([
      'Le',
      'texte',
      'arrive',
      "aujourd'hui",
      'à',
      "l'Assemblée",
      'puis',
      'à',
      'l’Élysée',
    ]);
  });

  it('keeps numbers whole with their separators, currency and units', () => {
    expect(
      words('1,400 3.5% £20m 20.000 0,6 $1.2bn 10:30 2023-06-17 17/06/2023 20°C US$5 −5 +3.5% €12 150km/h'),
    ).toEqual([
      '1,400',
      '3.5%',
      '£20m',
      '20.000',
      '0,6',
      '$1.2bn',
      '10:30',
      '2023-06-17',
      '17/06/2023',
      '20°C',
      'US$5',
      '−5',
      '+3.5%',
      '€12',
      '150km/h',
    ]);
    // French groups thousands with a narrow no-break space.
    expect(words('1\u202f400 personnes')).toEqual(['1\u202f400', 'personnes']);
    // A full stop or comma after a number ends the sentence or the clause, not the number.
    expect(tokens('in 2023. Then 3, 4')).toEqual(['in', ' ', '2023', '.', ' ', 'Then', ' ', '3', ',', ' ', '4']);
    expect(tokens('3+4')).toEqual(['3', '+', '4']);
  });

  it('keeps URLs, e-mail addresses, handles and hashtags whole, without the punctuation around them', () => {
    expect(tokens('See https://example.com/a-b?x=1&y=2.')).toEqual([
      'See',
      ' ',
      'https://example.com/a-b?x=1&y=2',
      '.',
    ]);
    expect(tokens('(https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      '(',
      'https://en.wikipedia.org/wiki/Foo_(bar)',
      ')',
    ]);
    expect(tokens('via www.example.org/news, said')).toEqual(['via', ' ', 'www.example.org/news', ',', ' ', 'said']);
    expect(words('Mail tips@news.example or jo.doe@bbc.co.uk.')).toEqual([
      'Mail',
      'tips@news.example',
      'or',
      'jo.doe@bbc.co.uk',
    ]);
    expect(tokens('cc @alice@mastodon.social and @bob.bsky.social.')).toEqual([
      'cc',
      ' ',
      '@alice@mastodon.social',
      ' ',
      'and',
      ' ',
      '@bob.bsky.social',
      '.',
    ]);
    expect(words('#Election2024 #ÉlectionsEuropéennes')).toEqual(['#Election2024', '#ÉlectionsEuropéennes']);
  });

  it('splits Chinese, Japanese and Thai into dictionary words', () => {
    expect(tokens('部长在星期二辞职。')).toEqual(['部长', '在', '星期二', '辞职', '。']);
    expect(tokens('東京で大臣が辞任しました。').slice(0, 5)).toEqual(['東京', 'で', '大臣', 'が', '辞任']);
    const thai = tokens('ภาษาไทยง่ายนิดเดียว');
    expect(thai.length).toBeGreaterThan(2);
    expect(thai.join('')).toBe('ภาษาไทยง่ายนิดเดียว');
    // A compound ends where the Chinese begins.
    expect(tokens('COVID-19疫情')[0]).toBe('COVID-19');
  });

  it('never cuts inside a grapheme, and gives the text back', () => {
    const text =
      'Reactions 👍🏽🔥 and 👨‍👩‍👧 🇬🇧🇫🇷 1️⃣ to cafe\u0301-au-lait, #café\u0301 @zoe\u0301 https://x.example/cafe\u0301 部长 ภาษาไทย';
    const list = tokens(text);
    expect(list.join('')).toBe(text);
    const boundaries = new Set(Array.from(GRAPHEMES.segment(text), (s) => s.index));
    let at = 0;
    for (const t of list) {
      expect(boundaries.has(at), `a token starts inside a grapheme at ${at}: ${t}`).toBe(true);
      at += t.length;
    }
    expect(list).toContain('👨‍👩‍👧');
    expect(list).toContain('cafe\u0301-au-lait');
  });

  it('attaches the whitespace after each token, so a diff can match words alone', () => {
    expect(spaced(tokens('  Twenty-three  people.'))).toEqual([
      { core: '', space: '  ' },
      { core: 'Twenty-three', space: '  ' },
      { core: 'people', space: '' },
      { core: '.', space: '' },
    ]);
    expect(isWord('£20m')).toBe(true);
    expect(isWord(', ')).toBe(false);
  });
});
