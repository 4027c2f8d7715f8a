import { diffArticles } from '../../src/diff/index.ts';
import type { ArticleContent } from '../../src/extract/article.ts';
import type { CardInput } from '../../src/render/layout.ts';

const base = (headline: string, paragraphs: string[], extra: Partial<ArticleContent> = {}): ArticleContent => ({
  headline,
  standfirst: null,
  byline: null,
  paragraphs,
  ...extra,
});

function input(outlet: string, url: string, before: ArticleContent, after: ArticleContent): CardInput {
  return {
    outlet,
    headline: after.headline,
    url,
    previousAt: '2026-11-25T08:05:00.000Z',
    currentAt: '2026-11-25T09:08:00.000Z',
    botName: 'editwatch',
    diff: diffArticles(before, after),
  };
}

const P = [
  'The minister resigned on Tuesday after weeks of pressure over the housing contracts awarded last year to a firm owned by a party donor.',
  'Opposition leaders had called for an inquiry into how the contracts were awarded, and said the resignation did not end the matter.',
  'In a statement, the minister said she had done nothing wrong but did not want to be a distraction from the government’s work.',
];

/** One change per layout and per script the cards must draw. */
export const CARD_FIXTURES: Record<string, CardInput> = {
  'headline-only': input(
    'The Riverside Ledger',
    'https://www.riversideledger.example/news/2026/11/25/minister-resigns',
    base('Minister resigns over housing contracts', P),
    base('Minister quits as pressure over donor contracts grows', P),
  ),
  'one-paragraph': input(
    'Example News',
    'https://news.example/politics/minister',
    base('Minister resigns', P),
    base('Minister resigns', [P[0]!, P[1]!.replace('an inquiry', 'an independent inquiry'), P[2]!]),
  ),
  moved: input(
    'Example News',
    'https://news.example/politics/minister',
    base('Minister resigns', [...P, 'A fourth paragraph that was added at the end of the first version.']),
    base('Minister resigns', [
      P[2]!,
      P[0]!,
      P[1]!,
      'A fourth paragraph that was added at the end of the first version, and then edited.',
    ]),
  ),
  'many-paragraphs': input(
    'Example News',
    'https://news.example/a/very/long/path/that/goes/on/2026/11/25/minister-resigns-over-housing-contracts-live-updates?page=2',
    base(
      'Minister resigns',
      Array.from(
        { length: 14 },
        (_, i) =>
          `Paragraph ${i + 1} of the live report, with enough words to take two lines on a card at the body size, which is what real live pages do all day.`,
      ),
    ),
    base(
      'Minister resigns, live updates',
      Array.from(
        { length: 14 },
        (_, i) =>
          `Paragraph ${i + 1} of the live report, now rewritten with new words that take two lines on a card at the body size, which is what real live pages do all day long.`,
      ),
    ),
  ),
  'latin-accents': input(
    'Gazeta Przykładowa',
    'https://gazeta.example/kraj/zmiana',
    base('Zażółć gęślą jaźń: ministra odchodzi', P),
    base('Žluťoučký kůň úpěl ďábelské ódy; ça fait déjà ŒUVRE à Tromsø', [
      P[0]!,
      'Tiếng Việt có dấu: Người dân đã biểu tình ở Hà Nội suốt đêm qua.',
      P[2]!,
    ]),
  ),
  greek: input(
    'Εφημερίδα',
    'https://efimerida.example/a',
    base('Η υπουργός παραιτήθηκε', ['Η υπουργός παραιτήθηκε την Τρίτη μετά από εβδομάδες πιέσεων.']),
    base('Η υπουργός παραιτήθηκε τελικά', ['Η υπουργός παραιτήθηκε την Τρίτη το βράδυ μετά από εβδομάδες πιέσεων.']),
  ),
  cyrillic: input(
    'Газета',
    'https://gazeta.example/b',
    base('Министр ушла в отставку', ['Министр ушла в отставку во вторник после недель давления.']),
    base('Министр подала в отставку', ['Министр подала в отставку во вторник вечером после недель давления.']),
  ),
  arabic: input(
    'الجريدة',
    'https://jarida.example/c',
    base('استقالة الوزيرة', ['استقالت الوزيرة يوم الثلاثاء بعد أسابيع من الضغوط.']),
    base('استقالة الوزيرة رسميا', ['استقالت الوزيرة مساء يوم الثلاثاء بعد أسابيع من الضغوط الشديدة.']),
  ),
  hebrew: input(
    'העיתון',
    'https://haiton.example/d',
    base('השרה התפטרה', ['השרה התפטרה ביום שלישי לאחר שבועות של לחץ.']),
    base('השרה התפטרה סופית', ['השרה התפטרה ביום שלישי בערב לאחר שבועות של לחץ כבד.']),
  ),
  cjk: input(
    '新闻网',
    'https://xinwen.example/e',
    base('部长辞职', ['部长在星期二辞职。', '東京で大臣が辞任しました。', '장관이 화요일에 사임했다.']),
    base('部长正式辞职', [
      '部长在星期二晚上正式辞职。',
      '東京で大臣が昨夜辞任しました。',
      '장관이 화요일 저녁에 사임했다.',
    ]),
  ),
  emoji: input(
    'Emoji Times 📰',
    'https://emoji.example/f',
    base('Minister resigns 😮', ['Reactions poured in 👍🏽 within minutes.']),
    base('Minister resigns 😮‍💨🇬🇧', ['Reactions poured in 👍🏽🔥 within minutes 👨‍👩‍👧.']),
  ),
  'long-word': input(
    'Example News',
    `https://news.example/${'x'.repeat(200)}`,
    base('Minister resigns', ['Short.']),
    base('Minister resigns', [
      `Short. ${'Supercalifragilistic'.repeat(25)} and https://example.com/${'very-long-path-'.repeat(12)}`,
    ]),
  ),
};
