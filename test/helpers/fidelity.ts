import { diffArrays } from 'diff';
import type { Change } from '../../src/diff/types.ts';
import type { CheckOutcome } from '../../src/schedule/check-article.ts';
import { startServer } from './http-server.ts';
import { fillerBodies, pageHeadline, revisionPage, templateOf } from './revision-pages.ts';
import { isAnnotatedStamp, PARTS, type Part, type RevisionPair, type RevisionText } from './revisions.ts';
import { tempDir } from './temp-dir.ts';
import { testApp } from './test-app.ts';

/** What the real pipeline did with one pair: first check (v0), second (v1), third (v1 again in new chrome). */
export interface PairRun {
  pair: RevisionPair;
  first: CheckOutcome;
  second: CheckOutcome;
  third: CheckOutcome;
}

/**
 * Serves every pair on 127.0.0.1 and runs it through the real pipeline: `track`, a cycle on version 0, a
 * cycle on version 1, and a cycle on version 1 again with new chrome. Chrome differs on every request.
 */
export async function runPairs(pairs: RevisionPair[]): Promise<PairRun[]> {
  const server = await startServer();
  const state = tempDir();
  const fillers = fillerBodies(pairs);
  const serving = new Map<string, { version: 0 | 1 }>();
  let requests = 0;
  const pathOf = (p: RevisionPair) => `/${p.lang}/${p.id}/${templateOf(p.id)}`;
  for (const pair of pairs) {
    serving.set(pair.id, { version: 0 });
    server.route(pathOf(pair), (_req, res) => {
      const text = serving.get(pair.id)!.version === 0 ? pair.v0 : pair.v1;
      const body = [...text.paragraphs, ...(fillers.get(pair.id) ?? [])];
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(revisionPage(pair, text, body, ++requests, `${server.origin}${pathOf(pair)}`));
    });
  }
  const { app, advance } = await testApp(state.path, {
    EDITWATCH_MAX_CHECKS_PER_CYCLE: '100000',
    EDITWATCH_NETWORKS: 'mastodon',
  });
  try {
    const urls = new Map(pairs.map((p) => [`${server.origin}${pathOf(p)}`, p.id]));
    for (const url of urls.keys()) await app.store.articles.track(url, new Date().toISOString(), 'test');
    const cycle = async () => {
      advance(30);
      const report = await app.runCycle({ force: true });
      return new Map(report.results.map((r) => [urls.get(r.url) ?? '', r.result]));
    };
    const first = await cycle();
    for (const s of serving.values()) s.version = 1;
    const second = await cycle();
    const third = await cycle();
    const missing: CheckOutcome = { outcome: 'error', code: 'internal', message: 'not checked' };
    return pairs.map((pair) => ({
      pair,
      first: first.get(pair.id) ?? missing,
      second: second.get(pair.id) ?? missing,
      third: third.get(pair.id) ?? missing,
    }));
  } finally {
    await app.close();
    await server.close();
    state.remove();
  }
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const CJK_WORDS = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Words as the reference counts them: split at spaces, outer punctuation and typography left out; text
 * in scripts written without spaces by Unicode word segmentation.
 */
function refWords(text: string): string[] {
  return text
    .normalize('NFC')
    .replace(/[‘’‚‛`]/g, "'")
    .split(/\s+/)
    .flatMap((w) => (CJK.test(w) ? Array.from(CJK_WORDS.segment(w), (s) => s.segment) : [w]))
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

/** A part's text as a reader reads it once: a body paragraph that repeats the standfirst is the dek again. */
function partText(t: RevisionText, part: Part): string {
  if (part === 'headline') return pageHeadline(t.headline);
  return part === 'body' ? t.paragraphs.filter((p) => !isAnnotatedStamp(p) && p !== t.standfirst).join('\n') : t[part];
}

type Bag = Map<string, number>;
const bagOf = (words: string[]): Bag =>
  words.reduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>());
const size = (b: Bag) => [...b.values()].reduce((n, k) => n + k, 0);
const overlap = (a: Bag, b: Bag) => [...a].reduce((n, [w, k]) => n + Math.min(k, b.get(w) ?? 0), 0);

/** A standfirst only in the page's metadata that is the first paragraph cut short is not on the page. */
function hiddenExcerpt(pair: RevisionPair): boolean {
  const loose = (s: string) =>
    s
      .toLowerCase()
      .replace(/…$|\.\.\.$/, '')
      .replace(/[^\p{L}\p{N}]+/gu, '');
  const cut = (t: RevisionText) => {
    const [a, b] = [loose(t.standfirst), loose(t.paragraphs[0] ?? '')];
    return a === '' || (b !== '' && (a.startsWith(b) || b.startsWith(a)));
  };
  return templateOf(pair.id) === 'dutch' && cut(pair.v0) && cut(pair.v1);
}

/**
 * The words that changed in the parts a person labelled edited: removed and added, by a plain word diff.
 * A word counts as often as it changed in any one part: a standfirst repeated as the first paragraph
 * changes the same words twice, and a reader reads them once.
 */
function referenceWords(pair: RevisionPair): { removed: Bag; added: Bag } {
  const removed: Bag[] = [];
  const added: Bag[] = [];
  for (const part of PARTS) {
    if (pair.label[part] !== 'edit' || (part === 'standfirst' && hiddenExcerpt(pair))) continue;
    const r: string[] = [];
    const a: string[] = [];
    for (const c of diffArrays(refWords(partText(pair.v0, part)), refWords(partText(pair.v1, part)))) {
      if (c.removed) r.push(...c.value);
      if (c.added) a.push(...c.value);
    }
    removed.push(bagOf(r));
    added.push(bagOf(a));
  }
  return { removed: maxMerge(removed), added: maxMerge(added) };
}

function maxMerge(bags: Bag[]): Bag {
  const out: Bag = new Map();
  for (const b of bags) for (const [w, n] of b) out.set(w, Math.max(n, out.get(w) ?? 0));
  return out;
}

/** The words a change shows as removed and as added (what cards, alt text and posts mark). */
function shownWords(changes: Change[]): { removed: Bag; added: Bag } {
  const removed: Bag[] = [];
  const added: Bag[] = [];
  // Counted as the reference counts: per part (each field, and the body), then the most of any part.
  const parts = new Map<string, { r: string[]; a: string[] }>();
  for (const c of changes) {
    const key = c.kind === 'field' ? c.field : 'body';
    const p = parts.get(key) ?? { r: [], a: [] };
    parts.set(key, p);
    if (c.kind === 'inserted') p.a.push(...refWords(c.after));
    else if (c.kind === 'deleted') p.r.push(...refWords(c.before));
    else
      for (const w of c.words) {
        if (w.op === 'removed') p.r.push(...refWords(w.text));
        if (w.op === 'added') p.a.push(...refWords(w.text));
      }
  }
  for (const p of parts.values()) {
    removed.push(bagOf(p.r));
    added.push(bagOf(p.a));
  }
  return { removed: maxMerge(removed), added: maxMerge(added) };
}

export interface LanguageScore {
  lang: string;
  pairs: number;
  edits: number;
  editsPosted: number;
  nonEdits: number;
  nonEditsPosted: number;
  artifacts: number;
  artifactsPosted: number;
  /** Third checks (the same version in new chrome) that posted. */
  chromePosted: number;
  /** Pairs whose first version could not be read (counted nowhere else). */
  unreadable: number;
  changedWords: number;
  changedWordsShown: number;
  /** Words shown as removed or added that the reference does not count as changed. */
  unchangedShown: number;
}

const posted = (o: CheckOutcome) => o.outcome === 'new-version' && o.posts.length > 0;

export interface Scores {
  byLanguage: LanguageScore[];
  total: LanguageScore;
  /** One line per pair that missed an aim, and why. */
  misses: string[];
  /** Ids of the pairs that posted without a real edit (a non-edit, or the chrome-only check). */
  falsePosts: string[];
}

export function score(runs: PairRun[]): Scores {
  const scores = new Map<string, LanguageScore>();
  const misses: string[] = [];
  const falsePosts: string[] = [];
  const blank = (lang: string): LanguageScore => ({
    lang,
    pairs: 0,
    edits: 0,
    editsPosted: 0,
    nonEdits: 0,
    nonEditsPosted: 0,
    artifacts: 0,
    artifactsPosted: 0,
    chromePosted: 0,
    unreadable: 0,
    changedWords: 0,
    changedWordsShown: 0,
    unchangedShown: 0,
  });
  for (const run of runs) {
    const { pair } = run;
    const s = scores.get(pair.lang) ?? blank(pair.lang);
    scores.set(pair.lang, s);
    s.pairs++;
    if (run.first.outcome !== 'first-version') {
      s.unreadable++;
      misses.push(
        `${pair.id} (${pair.lang}): version 0 not read: ${run.first.outcome === 'error' ? run.first.message : run.first.outcome}`,
      );
      continue;
    }
    if (posted(run.third)) {
      s.chromePosted++;
      falsePosts.push(pair.id);
      misses.push(`${pair.id} (${pair.lang}): posted when only the chrome changed`);
    }
    const wasPosted = posted(run.second);
    const changes = run.second.outcome === 'new-version' ? run.second.diff.changes : [];
    const { verdict } = pair.label;
    if (verdict === 'edit') {
      s.edits++;
      if (wasPosted) s.editsPosted++;
      else
        misses.push(
          `${pair.id} (${pair.lang}): real edit not posted (${run.second.outcome === 'error' ? run.second.message : run.second.outcome}): ${pair.label.why}`,
        );
      const ref = referenceWords(pair);
      const shown = shownWords(changes);
      const refCount = size(ref.removed) + size(ref.added);
      const hit = overlap(ref.removed, shown.removed) + overlap(ref.added, shown.added);
      s.changedWords += refCount;
      s.changedWordsShown += hit;
      s.unchangedShown += size(shown.removed) + size(shown.added) - hit;
      if (hit < refCount)
        misses.push(`${pair.id} (${pair.lang}): ${refCount - hit} of ${refCount} changed words not shown`);
    } else if (verdict === 'artifact') {
      s.artifacts++;
      if (wasPosted) s.artifactsPosted++;
    } else {
      s.nonEdits++;
      if (wasPosted) {
        s.nonEditsPosted++;
        falsePosts.push(pair.id);
        misses.push(
          `${pair.id} (${pair.lang}): non-edit posted (${changes.map(describe).join('; ')}): ${pair.label.why}`,
        );
      }
    }
  }
  const byLanguage = [...scores.values()].sort((a, b) => b.pairs - a.pairs);
  const total = byLanguage.reduce((t, s) => {
    for (const k of Object.keys(t) as (keyof LanguageScore)[]) if (k !== 'lang') t[k] += s[k];
    return t;
  }, blank('all'));
  return { byLanguage, total, misses, falsePosts };
}

function describe(c: Change): string {
  return c.kind === 'field' ? `${c.field}: "${c.before ?? ''}" -> "${c.after ?? ''}"` : c.kind;
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);

/** The table for the README and the bench: one row per language. */
export function table(result: Scores): string {
  const rows = [...result.byLanguage, result.total].map(
    (s) =>
      `| ${s.lang} | ${s.pairs} | ${s.editsPosted} / ${s.edits} | ${s.nonEditsPosted} / ${s.nonEdits} | ${s.chromePosted} / ${s.pairs - s.unreadable} | ${s.artifactsPosted} / ${s.artifacts} | ${s.changedWordsShown} / ${s.changedWords} (${pct(s.changedWordsShown, s.changedWords)}) | ${s.unchangedShown} |`,
  );
  return [
    '| language | pairs | real edits posted | non-edits posted | chrome-only checks posted | artefacts posted | changed words shown | unchanged words shown as changed |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
