import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import { plainArticle, saveVersion } from '../test/helpers/plain-article.ts';
import { Store } from '../src/store/index.ts';
import { encodeRawHtml } from '../src/store/raw-html.ts';
import { loadCorpus, type CorpusPage } from '../test/helpers/corpus.ts';
import { fillerBodies, revisionPage } from '../test/helpers/revision-pages.ts';
import { loadRevisions } from '../test/helpers/revisions.ts';
import { summarise } from './stats.ts';

/**
 * Raw HTML stored per version: today's plain Brotli (quality 5) against chains after a host's base page
 * and an article's key version (src/store/raw-html.ts), in a real SQLite file; and the median time to
 * encode and to decode one version on each side, the two sides interleaved (which goes first alternates).
 *
 * - A page's next version: each real revision pair (test/fixtures/revisions) as two fetches of one page,
 *   the article's text of each version placed in a real outlet's page (test/fixtures/corpus, in turn)
 *   with the fidelity harness's chrome that changes on every fetch (most-read list, ad ids, a relative
 *   time, comment count, consent id); each pair on a host of its own, so only the previous version helps.
 *   Again with every number of six digits or more in the page changed on each fetch too (a pessimistic
 *   bound: real pages keep most ids).
 * - An outlet's next article: the real pages of one host in the corpus, in order of publication.
 */

const QUALITY = { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } };
const t = '2026-11-25T08:00:00.000Z';
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

interface Sample {
  today: number;
  now: number;
  /** It started a base of its own (nothing stored before it helped). */
  newBase: boolean;
  encode: [number, number];
  decode: [number, number];
}

/** Stores `html` as the next version of the article, and times both sides, in turn. */
async function storeTimed(store: Store, articleId: number, url: string, html: string, n: number): Promise<Sample> {
  const time = async (fn: () => unknown) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  let plain = Buffer.alloc(0);
  const encodeToday = () => time(() => (plain = brotliCompressSync(html, QUALITY)));
  const encodeNow = () => time(() => encodeRawHtml(store.db, articleId, url, html));
  const encode = n % 2 ? [await encodeToday(), await encodeNow()] : [await encodeNow(), await encodeToday()].reverse();
  const newBases = store.db
    .selectFrom('html_bases')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb.fn('length', ['html'])), eb.lit(0)).as('n'));
  const basesBefore = (await newBases.executeTakeFirstOrThrow()).n;
  const versionId = await saveVersion(store, articleId, url, html, t);
  let read: string | null = null;
  const decodeToday = () => time(() => brotliDecompressSync(plain).toString('utf8'));
  const decodeNow = () => time(async () => (read = await store.versions.rawHtml(versionId)));
  const decode = n % 2 ? [await decodeToday(), await decodeNow()] : [await decodeNow(), await decodeToday()].reverse();
  if (read !== html) throw new Error(`version ${versionId} does not read back as stored`);
  const row = await store.db
    .selectFrom('versions')
    .select('raw_html')
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  // A version that starts a base of its own costs that base too.
  const baseBytes = Number((await newBases.executeTakeFirstOrThrow()).n) - Number(basesBefore);
  return {
    today: plain.length,
    now: row.raw_html!.length + baseBytes,
    newBase: baseBytes > 0,
    encode: encode as [number, number],
    decode: decode as [number, number],
  };
}

async function withStore<T>(name: string, work: (store: Store) => Promise<T>): Promise<T> {
  const dir = join(tmpdir(), `editwatch-bench-storage-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const store = await Store.open(join(dir, 'editwatch.sqlite'));
  try {
    return await work(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The body of a whole page, placed first in the body of `frame`. */
function inFrame(frame: string, page: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(page)?.[1] ?? page;
  return frame.replace(/<body[^>]*>/i, (tag) => `${tag}\n${body}`);
}

/** Every number of six digits or more changed, as if each were an id or a time minted per fetch. */
const churned = (html: string, seed: number) =>
  html.replace(/\d{6,}/g, (n) => String((Number(n.slice(-6)) + seed * 7919) % 1_000_000).padStart(n.length, '0'));

async function nextVersions(frames: CorpusPage[], churnNumbers: boolean): Promise<Sample[]> {
  const pairs = loadRevisions();
  const fillers = fillerBodies(pairs);
  return withStore(churnNumbers ? 'churn' : 'versions', async (store) => {
    const samples: Sample[] = [];
    for (const [i, pair] of pairs.entries()) {
      const url = `https://${pair.id}.example/story`;
      const frame = frames[i % frames.length]!.html;
      const fetchOf = (text: typeof pair.v0, seed: number) => {
        const page = inFrame(
          frame,
          revisionPage(pair, text, [...text.paragraphs, ...fillers.get(pair.id)!], seed, url),
        );
        return churnNumbers ? churned(page, seed) : page;
      };
      const { article } = await store.articles.track(url, t, 'bench');
      await store.versions.save({
        articleId: article.id,
        check: { at: t, outcome: 'first-version', httpStatus: 200, errorCode: null, errorMessage: null, durationMs: 1 },
        next: { nextCheckAt: t },
        article: plainArticle(url),
        html: fetchOf(pair.v0, 2 * i),
        finalUrl: url,
        etag: null,
        lastModified: null,
      });
      samples.push(await storeTimed(store, article.id, url, fetchOf(pair.v1, 2 * i + 1), i));
    }
    return samples;
  });
}

/** Hosts with more than one page in the corpus, their pages in order of publication (undated last). */
function outletsOf(corpus: CorpusPage[]): CorpusPage[][] {
  const date = (p: CorpusPage) => p.expected.publishedTime ?? /\/(20\d\d\/\d\d\/\d\d)\//.exec(p.html)?.[1] ?? '9999';
  const hosts = new Map<string, CorpusPage[]>();
  for (const p of corpus) {
    const host = new URL(p.url).hostname;
    hosts.set(host, [...(hosts.get(host) ?? []), p]);
  }
  return [...hosts.values()]
    .filter((pages) => pages.length > 1)
    .map((pages) => pages.sort((a, b) => date(a).localeCompare(date(b))));
}

function timesLine(samples: Sample[]): string {
  const med = (pick: (s: Sample) => number) => summarise(samples.map(pick)).median.toFixed(1);
  return `median encode ${med((s) => s.encode[0])} ms today, ${med((s) => s.encode[1])} ms new; decode ${med((s) => s.decode[0])} ms today, ${med((s) => s.decode[1])} ms new`;
}

function bytesLine(samples: Sample[]): string {
  const today = samples.reduce((n, s) => n + s.today, 0) / samples.length;
  const now = samples.reduce((n, s) => n + s.now, 0) / samples.length;
  return `${kb(today)} per version today, ${kb(now)} new (${((100 * now) / today).toFixed(1)}%)`;
}

export async function benchStorage(): Promise<void> {
  const corpus = loadCorpus();
  console.log(
    '\nStorage: raw HTML per version, plain Brotli (today) against chains after a host base and a key version',
  );

  for (const churn of [false, true]) {
    const samples = await nextVersions(corpus, churn);
    console.log(
      `  A page's next version, ${samples.length} real revision pairs in real pages${churn ? ', every 6+ digit number changed per fetch' : ''}:`,
    );
    console.log(`    ${bytesLine(samples)}; ${timesLine(samples)}`);
  }

  const outlets = outletsOf(corpus);
  const all: Sample[] = [];
  await withStore('outlets', async (store) => {
    console.log(
      "  An outlet's next article (the corpus's hosts with more than one page, each page its article's first version):",
    );
    for (const pages of outlets)
      for (const p of pages) {
        const { article } = await store.articles.track(p.url, t, 'bench');
        const s = await storeTimed(store, article.id, p.url, p.html, all.length);
        all.push(s);
        const how = s.newBase ? 'a new base: no page of this design before it' : 'after the base';
        console.log(
          `    ${p.name.padEnd(10)} (${new URL(p.url).hostname}): ${kb(s.today)} today, ${kb(s.now)} new (${how})`,
        );
      }
    console.log(`    ${bytesLine(all)}; ${timesLine(all)}`);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchStorage();
