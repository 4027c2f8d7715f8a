/**
 * The few stamp words CLDR does not have: labels ("Updated"), reading-time and counter nouns, the
 * number words newsrooms put in relative times ("een uur geleden"), and the little words that join
 * a date to a time. Everything else (relative times, month and weekday names, minute units, compact
 * numbers) comes from Intl; dates and times themselves from chrono-node.
 */

export const STAMP_LANGS = ['en', 'nl', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'ja', 'zh'] as const;
export type StampLang = (typeof STAMP_LANGS)[number];

export interface StampWords {
  /** Labels before a stamp: "Updated", "Aangepast", "Mis à jour". */
  labels: string[];
  /** Words before or after a minute count that make it a reading time: "Lesezeit 3 Minuten", "5 min read". */
  readBefore: string[];
  readAfter: string[];
  /** Counter nouns after the number ("12 reacties") or before it ("コメント12件"). */
  countAfter: string[];
  countBefore: string[];
  /** Number words used in relative times: "an hour ago", "a few minutes ago", "vor einer Stunde". */
  numbers: string[];
  /** Words joining a label, date and time: "om", "at", "um", "à", "a las". */
  joins: string[];
  /** Russian writes "час назад" with no number at all. */
  bareUnit?: boolean;
}

export const STAMP_WORDS: Record<StampLang, StampWords> = {
  en: {
    labels: [
      'Updated',
      'Last updated',
      'Update',
      'Published',
      'First published',
      'Posted',
      'Modified',
      'Last modified',
    ],
    readBefore: ['Reading time', 'Read time'],
    readAfter: ['read', 'to read', 'reading time'],
    countAfter: ['views', 'view', 'comments', 'comment', 'shares', 'share', 'likes', 'reactions', 'replies', 'posted'],
    countBefore: ['Comments'],
    numbers: ['a', 'an', 'one', 'a few', 'few', 'several', 'two', 'three'],
    joins: ['at', 'on', 'and', 'of', 'the', 'am', 'pm', 'st', 'nd', 'rd', 'th'],
  },
  nl: {
    labels: [
      'Bijgewerkt',
      'Laatst bijgewerkt',
      'Aangepast',
      'Update',
      'Laatste update',
      'Gepubliceerd',
      'Geplaatst',
      'Gewijzigd',
    ],
    readBefore: ['Leestijd'],
    readAfter: ['leestijd', 'lezen'],
    countAfter: ['reacties', 'reactie', 'keer bekeken', 'weergaven', 'keer gedeeld'],
    countBefore: [],
    numbers: ['een', 'één', 'enkele', 'een paar', 'paar', 'twee', 'drie'],
    joins: ['om', 'op', 'en', 'uur'],
  },
  de: {
    labels: ['Aktualisiert', 'Zuletzt aktualisiert', 'Update', 'Veröffentlicht', 'Erstellt', 'Geändert', 'Stand'],
    readBefore: ['Lesezeit', 'Lesedauer'],
    readAfter: ['Lesezeit', 'Lesedauer', 'lesen'],
    countAfter: ['Kommentare', 'Kommentar', 'Aufrufe', 'mal geteilt', 'Reaktionen'],
    countBefore: [],
    numbers: ['einer', 'einem', 'ein', 'eine', 'wenigen', 'einigen', 'ein paar', 'zwei', 'drei'],
    joins: ['um', 'am', 'und', 'vom', 'Uhr'],
  },
  fr: {
    labels: ['Mis à jour', 'Mise à jour', 'Publié', 'Modifié', 'Actualisé', 'MAJ'],
    readBefore: ['Temps de lecture', 'Lecture'],
    readAfter: ['de lecture', 'lecture'],
    countAfter: ['commentaires', 'commentaire', 'vues', 'partages', 'réactions'],
    countBefore: [],
    numbers: ['un', 'une', 'quelques', 'deux', 'trois'],
    joins: ['à', 'le', 'et', 'h', 'er'],
  },
  es: {
    labels: ['Actualizado', 'Última actualización', 'Actualización', 'Publicado', 'Modificado'],
    readBefore: ['Tiempo de lectura', 'Lectura'],
    readAfter: ['de lectura', 'lectura'],
    countAfter: ['comentarios', 'comentario', 'visitas', 'vistas', 'compartidos', 'reacciones'],
    countBefore: [],
    numbers: ['un', 'una', 'unos', 'unas', 'pocos', 'unos pocos', 'dos', 'tres'],
    joins: ['a las', 'a la', 'el', 'de', 'del', 'y', 'hs', 'º'],
  },
  it: {
    labels: ['Aggiornato', 'Ultimo aggiornamento', 'Aggiornamento', 'Pubblicato', 'Modificato'],
    readBefore: ['Tempo di lettura', 'Lettura'],
    readAfter: ['di lettura', 'lettura'],
    countAfter: ['commenti', 'commento', 'visualizzazioni', 'condivisioni'],
    countBefore: [],
    numbers: ['un', "un'", 'una', 'uno', 'pochi', 'qualche', 'alcuni', 'due', 'tre'],
    joins: ['alle', 'ore', 'il', 'e', 'º'],
  },
  pt: {
    labels: ['Atualizado', 'Actualizado', 'Atualização', 'Actualização', 'Publicado', 'Publicada', 'Modificado'],
    readBefore: ['Tempo de leitura', 'Leitura'],
    readAfter: ['de leitura', 'leitura'],
    countAfter: ['comentários', 'comentário', 'visualizações', 'compartilhamentos', 'partilhas'],
    countBefore: [],
    numbers: ['um', 'uma', 'poucos', 'alguns', 'dois', 'duas', 'três'],
    joins: ['às', 'as', 'em', 'de', 'e', 'h', 'º'],
  },
  ru: {
    labels: ['Обновлено', 'Обновлен', 'Обновление', 'Опубликовано', 'Опубликован', 'Дата публикации', 'Изменено'],
    readBefore: ['Время чтения', 'Читать'],
    readAfter: ['чтения', 'на чтение'],
    countAfter: ['комментариев', 'комментария', 'комментарий', 'просмотров', 'просмотра', 'просмотр', 'репостов'],
    countBefore: [],
    numbers: ['несколько', 'пару', 'два', 'две', 'три'],
    joins: ['в', 'и', 'г', 'года'],
    bareUnit: true,
  },
  ja: {
    labels: ['最終更新', '更新日時', '更新日', '更新', '公開日', '公開', '配信', '掲載'],
    readBefore: ['読了時間', 'この記事は約'],
    readAfter: ['で読めます', '読了'],
    countAfter: ['件のコメント'],
    countBefore: ['コメント', '閲覧数'],
    numbers: ['数', '一', '二', '三', '十'],
    joins: ['件', 'の'],
  },
  zh: {
    labels: ['更新时间', '更新時間', '更新于', '更新', '发布时间', '发布于', '发布', '發佈', '发表于', '报道'],
    readBefore: ['预计阅读时间', '阅读时间', '閱讀時間', '阅读', '閱讀'],
    readAfter: ['阅读', '閱讀'],
    countAfter: ['条评论', '條評論', '次阅读', '次浏览', '人阅读'],
    countBefore: ['评论', '評論', '阅读', '浏览'],
    numbers: ['几', '幾', '一', '两', '兩', '二', '三', '十'],
    joins: ['条', '次', '于'],
  },
};

/** Time-zone abbreviations that follow a time in any language ("10:32 BST"). */
export const ZONES = [
  'BST',
  'GMT',
  'UTC',
  'CET',
  'CEST',
  'MEZ',
  'MESZ',
  'ET',
  'EST',
  'EDT',
  'CT',
  'CDT',
  'PT',
  'PDT',
  'PST',
  'MSK',
  'JST',
  'HKT',
];
