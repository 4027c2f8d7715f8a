import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Real consecutive versions of real articles, with a person's judgement of each (test/fixtures/revisions). */
const REVISIONS_DIR = resolve(import.meta.dirname, '../fixtures/revisions');

export interface RevisionText {
  headline: string;
  standfirst: string;
  byline: string;
  paragraphs: string[];
}

export type Part = 'headline' | 'standfirst' | 'byline' | 'body';
export const PARTS: readonly Part[] = ['headline', 'standfirst', 'byline', 'body'];

/** A person's reading of one part: unchanged, edited, changed without an edit, or a scraping artefact. */
export type PartLabel = 'same' | 'edit' | 'not-edit' | 'artifact';

export interface RevisionLabel extends Record<Part, PartLabel> {
  verdict: 'same' | 'edit' | 'not-edit' | 'artifact';
  why: string;
}

export interface RevisionPair {
  id: string;
  url: string;
  lang: string;
  outlet: string;
  kind: string;
  v0: RevisionText;
  v1: RevisionText;
  label: RevisionLabel;
}

export function loadRevisions(): RevisionPair[] {
  const labels = JSON.parse(readFileSync(resolve(REVISIONS_DIR, 'labels.json'), 'utf8')) as Record<
    string,
    RevisionLabel
  >;
  return readFileSync(resolve(REVISIONS_DIR, 'revisions.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const pair = JSON.parse(line) as Omit<RevisionPair, 'label'>;
      const label = labels[pair.id];
      if (!label) throw new Error(`test/fixtures/revisions/labels.json has no label for ${pair.id}`);
      return { ...pair, label };
    });
}

/**
 * The project's own pairs, with their labels inline (test/fixtures/revisions/own-pairs.jsonl): languages
 * the corpus lacks (zh, ja, es, pt), a rewritten sentence, hyphenated numbers, a split paragraph.
 */
export function loadOwnPairs(): RevisionPair[] {
  return readFileSync(resolve(REVISIONS_DIR, 'own-pairs.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RevisionPair);
}

/**
 * The stamps this data set's pages carry as body paragraphs (NU.nl's "publish date, Update: N hours ago",
 * NOS's desk-and-day datelines, reading times), annotated by hand from the data, so the reference word
 * counts leave them out. Independent of editwatch's own stamp detection, which is what is measured.
 */
const ANNOTATED_STAMPS = [
  /^\d{2} \p{L}{3} \d{4} om \d{2}:\d{2} ?Update: (?:een|\d+) (?:uur|minuten?) geleden$/u,
  /^NOS \p{L}+?(?:vandaag|gisteren), \d{2}:\d{2}(?:Aangepast (?:vandaag|gisteren), \d{2}:\d{2})?$/u,
  /^(?:Vandaag|Gisteren), \d{2}:\d{2} \d+ minu(?:ut|ten) leestijd$/,
  // The project's own pairs.
  /^更新于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/,
  /^\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}時\d{2}分 更新$/,
  /^(?:\d+(?:小时|時間)前|昨日)$/,
  /^(?:Atualizado há|Actualizado hace) \d+ horas$/,
];

export const isAnnotatedStamp = (paragraph: string) => ANNOTATED_STAMPS.some((re) => re.test(paragraph));
