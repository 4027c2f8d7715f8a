/**
 * The words that make a mention a request, by language. Matched whole-word, case- and
 * accent-insensitively ("hör auf" = "Hor auf"); Japanese and Chinese, written without spaces, as
 * substrings. A word starting with "^" counts only as the first word of the post: it has an everyday
 * meaning elsewhere (es/pt "para" = "for", fr "suis" = "am"). A stop word anywhere wins over a track
 * word, so "ne suis plus" and "deja de seguir" stop.
 */
export const REQUEST_WORDS: Record<string, { track: readonly string[]; untrack: readonly string[] }> = {
  en: {
    track: ['track', 'watch', 'follow', 'monitor'],
    untrack: ['untrack', 'unwatch', 'unfollow', 'stop', 'stop tracking', 'stop watching'],
  },
  nl: {
    track: ['volg', 'volgen', 'bewaak', 'bewaken'],
    untrack: ['stop', 'stoppen', 'ontvolg', 'hou op', 'houd op', 'niet meer volgen'],
  },
  de: {
    track: ['verfolge', 'verfolgen', 'beobachte', 'beobachten', 'überwache', 'überwachen'],
    untrack: [
      'stopp',
      'stop',
      'hör auf',
      'hoer auf',
      'aufhören',
      'beende',
      'nicht mehr verfolgen',
      'nicht mehr beobachten',
    ],
  },
  fr: {
    track: ['^suis', 'suivre', 'surveille', 'surveiller'],
    untrack: ['arrête', 'arrêter', 'stop', 'ne suis plus', 'ne plus suivre'],
  },
  es: {
    track: ['sigue', 'siga', 'seguir', 'vigila', 'vigilar', 'rastrea', 'rastrear'],
    untrack: ['^para', 'parar', 'detén', 'deja de seguir', 'no sigas', 'basta'],
  },
  it: {
    track: ['segui', 'seguire', 'monitora', 'sorveglia', 'traccia'],
    untrack: ['smetti', 'ferma', 'basta', 'non seguire più'],
  },
  pt: {
    track: ['segue', 'seguir', 'acompanha', 'acompanhe', 'acompanhar', 'vigia', 'monitora'],
    untrack: ['^para', 'pare', 'parar', 'deixa de seguir', 'deixe de seguir', 'chega'],
  },
  ru: {
    track: ['следи', 'следить', 'отслеживай', 'отслеживать', 'отследи'],
    untrack: ['стоп', 'хватит', 'перестань', 'прекрати', 'не следи'],
  },
  ja: { track: ['追跡', '監視', 'ウォッチ'], untrack: ['やめて', '停止', '中止'] },
  zh: { track: ['追踪', '跟踪', '关注', '追蹤', '跟蹤', '關注'], untrack: ['停止', '取消', '别再', '不要再', '別再'] },
};
