import { describe, expect, it } from 'vitest';
import type { WordPart } from './types.ts';
import { changedWords, diffWords, similarityWithCache, wordCount } from './words.ts';

/** The diff as "[-removed-]{+added+}" marks, as the terminal shows it. */
const marked = (parts: WordPart[]) =>
  parts.map((p) => (p.op === 'same' ? p.text : p.op === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`)).join('');
const side = (parts: WordPart[], op: 'removed' | 'added') =>
  parts
    .filter((p) => p.op === 'same' || p.op === op)
    .map((p) => p.text)
    .join('');

/** Diffs, checks that both texts can be read back from the parts, and returns the marks. */
function diff(before: string, after: string): string {
  const parts = diffWords(before, after);
  expect(side(parts, 'removed')).toBe(before);
  expect(side(parts, 'added')).toBe(after);
  expect(parts.every((p) => p.text.length > 0)).toBe(true);
  return marked(parts);
}

describe('diffWords: whole words', () => {
  it('shows a changed number word whole', () => {
    expect(diffWords('Twenty-three people were injured.', 'Twenty-four people were injured.')).toEqual([
      { op: 'removed', text: 'Twenty-three' },
      { op: 'added', text: 'Twenty-four' },
      { op: 'same', text: ' people were injured.' },
    ]);
  });

  it('keeps a compound whole when the edit is elsewhere in the sentence', () => {
    const parts = diffWords(
      'The Israel-Hamas war entered its third week on Monday.',
      'The Israel-Hamas war entered its fourth week on Monday.',
    );
    expect(marked(parts)).toBe('The Israel-Hamas war entered its [-third-]{+fourth+} week on Monday.');
    expect(
      diff(
        'De 89-jarige man reed op een e-bike naar de Webb-telescoop.',
        'De 90-jarige man reed op een e-bike naar de Webb-telescoop.',
      ),
    ).toBe('De [-89-jarige-]{+90-jarige+} man reed op een e-bike naar de Webb-telescoop.');
    expect(
      diff(
        'Das Kabinett in Baden-Württemberg tagte am Dienstag.',
        'Das Kabinett in Baden-Württemberg tagte am Mittwoch.',
      ),
    ).toBe('Das Kabinett in Baden-Württemberg tagte am [-Dienstag-]{+Mittwoch+}.');
  });

  it('shows a changed amount, count, share or time whole', () => {
    expect(diff('The deal is worth £20m, officials said.', 'The deal is worth £25m, officials said.')).toBe(
      'The deal is worth [-£20m-]{+£25m+}, officials said.',
    );
    expect(diff('About 1,400 people were evacuated.', 'About 1,450 people were evacuated.')).toBe(
      'About [-1,400-]{+1,450+} people were evacuated.',
    );
    expect(diff('Inflation rose 3.5% in May.', 'Inflation rose 4% in May.')).toBe(
      'Inflation rose [-3.5%-]{+4%+} in May.',
    );
    expect(
      diff(
        'Bij het ongeluk raakten 20.000 huishoudens zonder stroom.',
        'Bij het ongeluk raakten 25.000 huishoudens zonder stroom.',
      ),
    ).toBe('Bij het ongeluk raakten [-20.000-]{+25.000+} huishoudens zonder stroom.');
    expect(diff('La reunión empieza a las 10:30 en Madrid.', 'La reunión empieza a las 11:00 en Madrid.')).toBe(
      'La reunión empieza a las [-10:30-]{+11:00+} en Madrid.',
    );
  });

  it('shows a changed URL, address or handle whole', () => {
    expect(
      diff(
        'Read the report at https://example.com/report-2023.pdf today.',
        'Read the report at https://example.com/report-2024.pdf today.',
      ),
    ).toBe('Read the report at [-https://example.com/report-2023.pdf-]{+https://example.com/report-2024.pdf+} today.');
    expect(
      diff(
        'Send tips to news@example.com or @desk@mastodon.social.',
        'Send tips to tips@example.com or @desk@mastodon.social.',
      ),
    ).toBe('Send tips to [-news@example.com-]{+tips@example.com+} or @desk@mastodon.social.');
  });

  it('diffs French elisions, Spanish and Russian by whole words', () => {
    expect(
      diff(
        "Le gouvernement présentera le texte à l'Assemblée aujourd'hui.",
        "Le gouvernement présentera le texte au Sénat aujourd'hui.",
      ),
    ).toBe("Le gouvernement présentera le texte [-à l'Assemblée-]{+au Sénat+} aujourd'hui.");
    expect(
      diff(
        'El ministro dimitió el martes tras semanas de presión.',
        'El ministro dimitió el miércoles tras semanas de presión.',
      ),
    ).toBe('El ministro dimitió el [-martes-]{+miércoles+} tras semanas de presión.');
    expect(
      diff(
        'Министр ушла в отставку во вторник после недель давления.',
        'Министр подала в отставку во вторник вечером после недель давления.',
      ),
    ).toBe('Министр [-ушла-]{+подала+} в отставку во вторник {+вечером +}после недель давления.');
  });

  it('diffs Chinese and Japanese by dictionary words', () => {
    expect(diff('部长在星期二辞职。', '部长在星期三辞职。')).toBe('部长在[-星期二-]{+星期三+}辞职。');
    expect(diff('東京で大臣が辞任しました。', '東京で大臣が昨夜辞任しました。')).toBe(
      '東京で大臣が{+昨夜+}辞任しました。',
    );
  });

  it('still joins changed words that only spaces or punctuation separate into one removed and one added run', () => {
    expect(
      diff('The council votes to close the bridge for repairs.', 'The mayor decides to close the bridge for repairs.'),
    ).toBe('The [-council votes-]{+mayor decides+} to close the bridge for repairs.');
    expect(
      diff(
        'Im Stadtrat sprachen Schmidt, Weber und die Bürgermeisterin.',
        'Im Stadtrat sprachen Becker, Wagner und die Bürgermeisterin.',
      ),
    ).toBe('Im Stadtrat sprachen [-Schmidt, Weber-]{+Becker, Wagner+} und die Bürgermeisterin.');
  });

  it('joins two changes of several words across one lone kept word, most often a chance match', () => {
    const before =
      'Police raided the homes of journalists linked to a news site, part of an investigation using a law against terrorism.';
    const after =
      'Police raided the homes of journalists linked to a news site, in a move media groups called an attack on the press.';
    expect(diff(before, after)).toBe(
      'Police raided the homes of journalists linked to a news site, [-part of an investigation using a law against terrorism-]{+in a move media groups called an attack on the press+}.',
    );
    // Two one-word swaps around a kept word stay apart: each reads on its own.
    expect(diff('Minister resigns over housing contracts', 'Minister quits over donor contracts')).toBe(
      'Minister [-resigns-]{+quits+} over [-housing-]{+donor+} contracts',
    );
  });
});

describe('diffWords: rewritten sentences', () => {
  it('shows a rewritten sentence whole, while the sentence next to it shows only its changed words', () => {
    const before =
      'The council voted on Tuesday to close the bridge for a year. Police said the man was arrested at the scene and taken to hospital. Shops fear losing trade.';
    const after =
      'The council voted on Tuesday to close the bridge for 18 months. Officers later released a 34-year-old man without charge, a police spokesperson said. Shops fear losing trade.';
    expect(diff(before, after)).toBe(
      'The council voted on Tuesday to close the bridge for [-a year-]{+18 months+}. [-Police said the man was arrested at the scene and taken to hospital.-]{+Officers later released a 34-year-old man without charge, a police spokesperson said.+} Shops fear losing trade.',
    );
    expect(
      diff(
        'Der Minister ist am Dienstag zurückgetreten. Die Opposition hatte seit Wochen eine Untersuchung gefordert.',
        'Der Minister ist am Mittwoch zurückgetreten. Nach Angaben der Regierung soll der Nachfolger noch in dieser Woche ernannt werden.',
      ),
    ).toBe(
      'Der Minister ist am [-Dienstag-]{+Mittwoch+} zurückgetreten. [-Die Opposition hatte seit Wochen eine Untersuchung gefordert.-]{+Nach Angaben der Regierung soll der Nachfolger noch in dieser Woche ernannt werden.+}',
    );
  });

  it('shows a headline rewritten around a few kept words as old and new, not as alternating scraps', () => {
    // Word by word this was "[-Council votes-]{+Riverside bridge+} to close [-Riverside bridge-] for [-repairs-]{+18 months…+}".
    expect(
      diffWords(
        'Council votes to close Riverside bridge for repairs',
        'Riverside bridge to close for 18 months as repair bill soars',
      ),
    ).toEqual([
      { op: 'removed', text: 'Council votes to close Riverside bridge for repairs' },
      { op: 'added', text: 'Riverside bridge to close for 18 months as repair bill soars' },
    ]);
    expect(
      diff(
        'Le Premier ministre a démissionné mardi soir.',
        'Mardi, le chef du gouvernement a finalement quitté ses fonctions.',
      ),
    ).toBe(
      '[-Le Premier ministre a démissionné mardi soir.-]{+Mardi, le chef du gouvernement a finalement quitté ses fonctions.+}',
    );
  });

  it('keeps small edits word by word, also in a long sentence and in several places', () => {
    const long =
      'Council leader Maria Okafor said the decision was painful but unavoidable, adding that engineers had advised that the bridge could not safely carry heavy traffic beyond the spring.';
    expect(diff(long, long.replace('spring', 'summer'))).toBe(long.replace('spring', '[-spring-]{+summer+}'));
    expect(
      diff(
        'The closure is expected to last up to a year and will divert about 18,000 vehicles a day.',
        'The closure is now expected to last up to 18 months and will divert about 19,000 vehicles a day.',
      ),
    ).toBe(
      'The closure is {+now +}expected to last up to [-a year-]{+18 months+} and will divert about [-18,000-]{+19,000+} vehicles a day.',
    );
  });

  it('keeps a sentence that was only lengthened or cut as a word diff', () => {
    expect(diff('The bridge closed.', 'The old bridge closed on Monday, the council said.')).toBe(
      'The {+old +}bridge closed{+ on Monday, the council said+}.',
    );
    expect(diff('The old bridge closed on Monday, the council said.', 'The bridge closed.')).toBe(
      'The [-old -]bridge closed[- on Monday, the council said-].',
    );
  });

  it('does not take a headline recased for a rewrite', () => {
    expect(
      diff(
        'VIDEO: Ukrainian Unit Fights Off Russian Troops in Intense Trench Warfare',
        'VIDEO: Ukrainian unit fights off Russian troops in intense trench warfare',
      ),
    ).toBe(
      'VIDEO: Ukrainian [-Unit Fights Off-]{+unit fights off+} Russian [-Troops-]{+troops+} in [-Intense Trench Warfare-]{+intense trench warfare+}',
    );
  });

  it('shows sentences replaced by others that touch as one removed and one added run', () => {
    expect(
      diff(
        'Researchers find stem cells may cause graying hair - Yahoo! Voices',
        'What makes hair turn gray? Stem cells play a role, researchers find - CBS News',
      ),
    ).toBe(
      '[-Researchers find stem cells may cause graying hair - Yahoo! Voices-]{+What makes hair turn gray? Stem cells play a role, researchers find - CBS News+}',
    );
  });

  it('keeps a big change in one place as a word diff: it is already one removed and one added run', () => {
    expect(diff('five six seven eight nine ten', 'five six SEVEN EIGHT NINE TEN')).toBe(
      'five six [-seven eight nine ten-]{+SEVEN EIGHT NINE TEN+}',
    );
  });

  it('shows inserted and deleted sentences whole, and pairs a sentence split in two with its old self', () => {
    expect(
      diff(
        'The bridge will close. Shops fear losing trade.',
        'The bridge will close. A footbridge will be built. Shops fear losing trade.',
      ),
    ).toBe('The bridge will close. {+A footbridge will be built. +}Shops fear losing trade.');
    expect(
      diff(
        'The bridge will close. A footbridge will be built. Shops fear losing trade.',
        'The bridge will close. Shops fear losing trade.',
      ),
    ).toBe('The bridge will close. [-A footbridge will be built. -]Shops fear losing trade.');
    expect(diff('The bridge will close.', 'The bridge will close. Shops fear losing trade.')).toBe(
      'The bridge will close.{+ Shops fear losing trade.+}',
    );
    expect(diff('He left. She stayed.', 'He left, and she stayed.')).toBe('He left[-. She-]{+, and she+} stayed.');
    expect(
      diff(
        'The repairs are expected to cost £8.2m, most of which will be paid by a government grant awarded last year.',
        'The repairs are now expected to cost £11.6m. A government grant awarded last year will cover £7m; the council has not said how it will pay for the rest.',
      ),
    ).toBe(
      'The repairs are {+now +}expected to cost [-£8.2m, most of which will be paid by a-]{+£11.6m. A+} government grant awarded last year{+ will cover £7m; the council has not said how it will pay for the rest+}.',
    );
  });
});

describe('word counts', () => {
  it('count a compound, a number with its unit and a URL as one word each, and Chinese by dictionary words', () => {
    expect(wordCount('Twenty-three people, £1.2bn and 3.5% at 10:30, see https://example.com/a-b.')).toBe(9);
    expect(wordCount("L'Assemblée vote aujourd'hui.")).toBe(3);
    expect(wordCount('部长在星期二辞职。')).toBe(4);
    expect(wordCount(' — ')).toBe(0);
    expect(changedWords(diffWords('Twenty-three people', 'Twenty-four people'))).toBe(2);
    expect(changedWords(diffWords('The Israel-Hamas war', 'The Israel-Hamas conflict'))).toBe(2);
  });

  it('leave paragraph similarity as it was: Dice overlap of word bags', () => {
    const similarity = similarityWithCache();
    expect(similarity('the bridge will close', 'the bridge will close')).toBe(1);
    expect(similarity('the bridge will close', 'shops fear losing trade')).toBe(0);
    expect(similarity('the bridge will close', 'the bridge will reopen')).toBe(0.75);
    expect(similarity('部长在星期二辞职', '部长在星期三辞职')).toBeGreaterThan(0.5);
  });
});
