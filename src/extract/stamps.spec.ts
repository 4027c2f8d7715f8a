import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { findAll, textContent } from 'domutils';
import { describe, expect, it } from 'vitest';
import { STAMP_PLACEHOLDER, isStampText, maskStamps } from './stamps.ts';
import { normaliseText } from './normalise-text.ts';

const STAMPS: Record<string, string[]> = {
  en: [
    '3 hours ago',
    'an hour ago',
    'a few minutes ago',
    'yesterday',
    'Updated 3 hours ago',
    'Updated 10:32 AM ET, Mon June 12, 2023',
    'Monday 12 June 2023, 10:32 BST',
    'Last updated: 12 June 2023',
    'Published June 12, 2023 at 10:32 a.m. EDT',
    '5 min read',
    '1,234 views',
    '12 comments',
    'June 12, 2023 | 5 min read',
    'WAILUKU, Hawaii (AP) — 3 hours ago',
  ],
  nl: [
    '22 apr 2023 om 13:21',
    'een uur geleden',
    '2 uur geleden',
    'vandaag',
    'gisteren',
    'NOS Nieuws, gisteren, 20:50',
    'NOS Voetbal, vandaag',
    'NOS Wielrennenvandaag, 20:12',
    'NOS Nieuwsvandaag, 15:02Aangepast vandaag, 17:05',
    '22 apr 2023 om 13:21Update: een uur geleden',
    '15 aug 2023 om 21:34 Update: 26 minuten geleden',
    'Vandaag, 08:09 2 minuten leestijd',
    'Bijgewerkt: 12 juni 2023, 10:32',
    'Gepubliceerd op 12 juni 2023',
    '12 reacties',
    'maandag 12 juni 2023, 10:32',
  ],
  de: [
    '12.06.2023, 10:32 Uhr',
    'vor 3 Stunden',
    'vor einer Stunde',
    'heute',
    'gestern',
    'Aktualisiert am 12.06.2023, 10:32 Uhr',
    'Stand: 12.06.2023 10:32 Uhr',
    'Lesezeit 3 Minuten',
    '3 Min. Lesezeit',
    '45 Kommentare',
    'Montag, 12. Juni 2023',
    'Veröffentlicht am 12. Juni 2023 um 10:32 Uhr',
  ],
  fr: [
    'il y a 3 heures',
    'il y a une heure',
    'hier',
    "aujourd'hui",
    'Mis à jour le 12 juin 2023 à 10h32',
    'Publié aujourd’hui à 10h32',
    'Temps de lecture : 4 min',
    '12 commentaires',
    'Lundi 12 juin 2023',
    'Publié le 12/06/2023 à 10h32 , mis à jour le 12/06/2023 à 12h05',
  ],
  es: [
    'hace 3 horas',
    'hace una hora',
    'ayer',
    'hoy',
    'Actualizado el 12 de junio de 2023 a las 10:32',
    'Actualizado hace 2 horas',
    'Publicado: 12/06/2023 10:32',
    'Tiempo de lectura: 3 minutos',
    '3 comentarios',
    'Lunes 12 de junio de 2023',
  ],
  it: [
    '3 ore fa',
    "un'ora fa",
    'ieri',
    'oggi',
    'Aggiornato alle 10:32',
    'Pubblicato il 12 giugno 2023 alle 10:32',
    'Tempo di lettura: 3 minuti',
    '12 commenti',
    'Lunedì 12 giugno 2023',
    '12 giugno 2023 - 10:32',
  ],
  pt: [
    'há 3 horas',
    'há uma hora',
    'ontem',
    'hoje',
    'Atualizado em 12 de junho de 2023 às 10:32',
    'Publicado 12/06/2023 - 10:32',
    'Leitura: 3 min',
    '12 comentários',
    'Segunda-feira, 12 de junho de 2023',
  ],
  ru: [
    '3 часа назад',
    '5 минут назад',
    'час назад',
    'вчера',
    'сегодня',
    'Обновлено 12 июня 2023, 10:32',
    'Опубликовано: вчера в 10:32',
    'Время чтения: 3 минуты',
    '12 комментариев',
    '12 июня 2023, 10:32',
  ],
  ja: [
    '2023年6月12日 10時32分',
    '3時間前',
    '昨日',
    '今日',
    '更新 2023年6月12日 10時32分',
    '公開日 2023/06/12',
    '3分で読めます',
    'コメント12件',
    '6/12(月) 10:32配信',
    '2023年6月12日(月) 10:32',
  ],
  zh: [
    '2023年6月12日 10:32',
    '3小时前',
    '昨天',
    '今天',
    '发布于 2023年6月12日 10:32',
    '更新于 3小时前',
    '阅读时间 3 分钟',
    '12条评论',
    '2023-06-12 10:32',
    'TNW中文站2016年10月14日07:17',
  ],
};

const NOT_STAMPS: Record<string, string[]> = {
  en: [
    'The vote was held on Tuesday, 12 June.',
    'He denied it.',
    '36 people died.',
    'What happened next?',
    'Yesterday was a good day.',
    'Oh to have been a fly on the wall in New York City on Tuesday night.',
    'Three hours ago, the minister resigned.',
    'WAILUKU, Hawaii (AP) Thousands of Hawaii residents raced to escape homes on Maui',
    'WASHINGTON, April 28 (Reuters) - U.S.',
    'Gallery: Xbox One X | 14 Photos',
    'The Dow Jones Industrial Average slid 274 points, or 0.8%.',
    '10 with',
    'Updated',
    'Update 3',
  ],
  nl: [
    'Komiek Barry Humphries is zaterdag op 89-jarige leeftijd overleden.',
    'Nee.',
    'Nee, gisteren.',
    'Wat gebeurde er?',
    'Vandaag gaat de zon schijnen.',
    'Een uur geleden sloeg de bliksem in.',
    'A2 bij Oudenrijn dicht na groot ongeluk, afhandeling duurt tot 16.30 uur',
    'bekijk nieuwe updatesbekijk belangrijke updates',
    'A13',
  ],
  de: [
    'Am Dienstag trat der Minister zurück.',
    'Heute ist ein guter Tag.',
    'Was ist passiert?',
    'fr.de',
    'Fußball-Bundesliga: Werder Bremen und Eintracht Frankfurt trennen sich 2:2',
    'Fliegt Harry zwei Stunden nach der Krönung wieder ab?',
  ],
  fr: [
    'Le 3 mars, le gouvernement a annoncé…',
    'Hier, le ministre a démissionné.',
    'Il y a trois ans, le ministre démissionnait.',
    'Pourquoi ?',
    'Les 17 otages libérés par le Hamas ce samedi soir sont arrivés en Israël',
    'La Commission de contrôle',
    'Cahier',
  ],
  es: [
    'El martes dimitió el ministro.',
    'Hace tres años, el ministro dimitió.',
    '¿Qué pasó?',
    'No.',
    'Ayer llovió en Madrid.',
    'El 3 de marzo, el gobierno anunció nuevas medidas.',
  ],
  it: [
    'Martedì il ministro si è dimesso.',
    'Cosa è successo?',
    'Ucraina Russia, le notizie di oggi 29 settembre sulla guerra',
    'LIVE F1 Alle 11.30 a Baku le libere 1, poi le qualifiche per la pole',
    'Sanna Marin divorzia dal marito Markus Raikkonen',
  ],
  pt: [
    'Na terça-feira, o ministro renunciou.',
    'Há três anos, o ministro renunciou.',
    'O que aconteceu?',
    'Ontem choveu em Lisboa.',
    'Em 3 de março, o governo anunciou novas medidas.',
  ],
  ru: [
    'Во вторник министр ушел в отставку.',
    'Что случилось?',
    'Вчера в Москве шел дождь.',
    'Овечкин сократил отставание от Гретцки до 72 шайб',
    'В Волгограде стартовал молодежный фестиваль #ТриЧетыре - 23 июня 2023 - v1.ru',
  ],
  ja: [
    '火曜日に大臣が辞任した。',
    '2023年6月12日に政府が新しい対策を発表した。',
    '何が起きたのか?',
    '東京都内で3時間前に火災が発生した。',
    '昨日は雨だった。',
  ],
  zh: [
    '周二部长辞职了。',
    '2023年6月12日，政府宣布了新的措施。',
    '发生了什么？',
    '他在3小时前离开了北京。',
    '昨天下雨了。',
  ],
};

describe('isStampText', () => {
  for (const [lang, texts] of Object.entries(STAMPS)) {
    it(`recognises ${lang} stamps`, () => {
      expect(texts.filter((t) => !isStampText(t))).toEqual([]);
    });
  }
  for (const [lang, texts] of Object.entries(NOT_STAMPS)) {
    it(`leaves ${lang} sentences, headings and short paragraphs alone`, () => {
      expect(texts.filter((t) => isStampText(t))).toEqual([]);
    });
  }

  it('never takes a long text for a stamp', () => {
    expect(isStampText(`Updated 3 hours ago ${'and again '.repeat(20)}`)).toBe(false);
    expect(isStampText('')).toBe(false);
  });

  it('flags only the real stamps among the corpus paragraphs', () => {
    const flagged = corpusParagraphs().filter(([, text]) => isStampText(text));
    // Looked at by eye: datelines, bylines with a date and comment counters; no article text.
    expect(flagged).toEqual([
      ['citylab-1', '1:39 PM ET'],
      ['cnn', 'CNNMoney (New York) First published February 1, 2016: 1:28 AM ET'],
      ['lwn-1', 'Comments (5 posted)'],
      ['lwn-1', 'By Nathan Willis March 25, 2015'],
      ['lwn-1', 'Comments (3 posted)'],
      ['lwn-1', 'By Jonathan Corbet March 25, 2015'],
      ['lwn-1', 'Comments (74 posted)'],
      ['nytimes-3', 'Feb. 21, 2019'],
      ['qq', 'TNW中文站2016年10月14日07:17'],
      ['qq', 'TNW中文站 10月14日报道'],
    ]);
  });

  it('flags exactly the stamp lines among the revisions, and no headline, standfirst or byline', () => {
    const revisions = readRevisions();
    const fields = revisions
      .flatMap((r) => [r.v0, r.v1])
      .flatMap((v) => [v.headline, v.standfirst ?? '', v.byline ?? '']);
    expect(fields.filter((t) => isStampText(t))).toEqual([]);
    const paragraphs = [...new Set(revisions.flatMap((r) => [...(r.v0.paragraphs ?? []), ...(r.v1.paragraphs ?? [])]))];
    // NU.nl's "date om time Update: … geleden", NOS's "desk + day, time (Aangepast …)", AD's "day, time N minuten leestijd".
    const shapes =
      /^(?:\d\d [a-z]{3} \d{4} om \d\d:\d\d ?Update: (?:een|\d+) (?:uur|minuten) geleden|NOS \p{L}+(?:vandaag|gisteren), \d\d:\d\d(?:Aangepast vandaag, \d\d:\d\d)?|(?:Vandaag|Gisteren), \d\d:\d\d \d+ minuu?t(?:en)? leestijd)$/u;
    const flagged = paragraphs.filter((t) => isStampText(t));
    expect(flagged).toEqual(paragraphs.filter((t) => shapes.test(t)));
    expect(flagged.length).toBeGreaterThan(40);
    expect(flagged).toContain('22 apr 2023 om 13:21Update: een uur geleden');
    expect(flagged).toContain('NOS Nieuwsvandaag, 15:02Aangepast vandaag, 17:05');
    expect(flagged).toContain('Vandaag, 08:09 2 minuten leestijd');
  });
});

describe('maskStamps', () => {
  it('masks relative times so that a ticking stamp compares equal', () => {
    expect(maskStamps('Updated 3 hours ago: the minister said X')).toBe(
      maskStamps('Updated 5 hours ago: the minister said X'),
    );
    const pairs: Array<[string, string]> = [
      ['De brand begon een uur geleden in Utrecht.', 'De brand begon 3 uur geleden in Utrecht.'],
      ['Der Brand begann vor 3 Stunden.', 'Der Brand begann vor einer Stunde.'],
      ['Le feu a pris il y a 3 heures.', 'Le feu a pris il y a une heure.'],
      ['El fuego empezó hace 3 horas.', 'El fuego empezó hace 2 días.'],
      ["L'incendio è iniziato 3 ore fa.", "L'incendio è iniziato un'ora fa."],
      ['O incêndio começou há 3 horas.', 'O incêndio começou há uma hora.'],
      ['Пожар начался 3 часа назад.', 'Пожар начался час назад.'],
      ['火災は3時間前に発生した。', '火災は5時間前に発生した。'],
      ['火灾发生在3小时前。', '火灾发生在5小时前。'],
    ];
    for (const [a, b] of pairs) expect(maskStamps(a), a).toBe(maskStamps(b));
    expect(maskStamps('De brand begon een uur geleden in Utrecht.')).toBe(
      `De brand begon ${STAMP_PLACEHOLDER} in Utrecht.`,
    );
  });

  it('masks a whole labelled stamp at the start of a segment', () => {
    expect(maskStamps('Aangepast vandaag, 17:05 De minister zei X')).toBe(`${STAMP_PLACEHOLDER} De minister zei X`);
    expect(maskStamps('Mis à jour le 12 juin 2023 à 10h32 Le ministre a dit X')).toBe(
      `${STAMP_PLACEHOLDER} Le ministre a dit X`,
    );
    expect(maskStamps('The minister said X. Updated 10:32 BST')).toBe(`The minister said X. ${STAMP_PLACEHOLDER}`);
    expect(maskStamps('更新于 3小时前 部长说')).toBe(`${STAMP_PLACEHOLDER} 部长说`);
  });

  it('turns a text that is only stamps into the placeholder', () => {
    expect(maskStamps('NOS Nieuwsgisteren, 17:14')).toBe(STAMP_PLACEHOLDER);
    expect(maskStamps('22 apr 2023 om 13:21Update: een uur geleden')).toBe(
      maskStamps('22 apr 2023 om 13:21Update: 3 uur geleden'),
    );
  });

  it('keeps absolute dates, weekdays, old times and other numbers visible', () => {
    const kept = [
      'The minister spoke on Tuesday.',
      '36 people died in the fire.',
      'The vote was held on Tuesday, 12 June.',
      'A post published Thursday said otherwise.',
      'Il y a 3 ans, le ministre démissionnait.',
      'Polen herdenkt vandaag oorlogsheld Witold Pilecki, die 75 jaar geleden is overleden.',
      'Der Minister sprach am 12. Juni 2023 um 10:32 Uhr.',
      'Update: the minister resigned.',
    ];
    for (const text of kept) expect(maskStamps(text)).toBe(text);
    expect(maskStamps('The vote is on Tuesday.')).not.toBe(maskStamps('The vote is on Wednesday.'));
    expect(maskStamps('36 people died')).not.toBe(maskStamps('55 people died'));
  });
});

interface Revision {
  v0: RevisionVersion;
  v1: RevisionVersion;
}
interface RevisionVersion {
  headline: string;
  standfirst?: string | null;
  byline?: string | null;
  paragraphs?: string[];
}

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures');

function readRevisions(): Revision[] {
  return readFileSync(join(FIXTURES, 'revisions/revisions.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Revision);
}

const BLOCKS = new Set(['p', 'li', 'h2', 'h3', 'h4', 'h5', 'h6', 'dd', 'dt', 'figcaption', 'blockquote']);

/** Every text block of the corpus pages' reference output, as [page, text]. */
function corpusParagraphs(): Array<[string, string]> {
  const dir = join(FIXTURES, 'corpus');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((name) => {
      const doc = parseDocument(readFileSync(join(dir, name, 'expected.html'), 'utf8'));
      return findAll((el) => BLOCKS.has(el.name), doc.children)
        .map((el) => normaliseText(textContent(el)))
        .filter(Boolean)
        .map((text): [string, string] => [name, text]);
    });
}
