import { Writable } from 'node:stream';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { exportJsonl } from '../src/archive/export.ts';
import { articleHistoryJson } from '../src/archive/json.ts';
import { diffArticles } from '../src/diff/index.ts';
import type { Article } from '../src/extract/article.ts';
import { createLogger } from '../src/log.ts';
import { Store } from '../src/store/index.ts';

const log = createLogger({ level: 'silent', format: 'json' });
const PARAGRAPH =
  'The council said on Tuesday that the repairs would take longer than first thought, and that the cost had risen again after engineers found more corrosion in the steel supports. ';

/** A state of `n` articles, each with three versions (a paragraph edited twice) and their changes. */
async function buildState(n: number): Promise<{ store: Store; dir: string }> {
  const dir = join(tmpdir(), `editwatch-bench-export-${n}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const store = await Store.open(join(dir, 'editwatch.sqlite'));
  for (let i = 0; i < n; i++) {
    const url = `https://news.example/story-${i}`;
    const { article: row } = await store.articles.track(url, '2026-11-25T08:00:00.000Z', 'bench');
    let previous: { id: number; article: Article } | null = null;
    for (let v = 1; v <= 3; v++) {
      const article: Article = {
        url,
        canonicalUrl: url,
        outlet: 'The Bench Gazette',
        headline: `Story ${i} (version ${v})`,
        standfirst: 'A standfirst.',
        byline: 'A. Writer',
        publishedAt: null,
        modifiedAt: null,
        paragraphs: Array.from({ length: 12 }, (_, p) => `${PARAGRAPH.repeat(2)}${p === 0 ? `Edit ${v}.` : ''}`),
      };
      const at = new Date(Date.parse('2026-11-25T08:00:00.000Z') + v * 3600_000).toISOString();
      const check = {
        at,
        outcome: (previous ? 'new-version' : 'first-version') as 'new-version',
        httpStatus: 200,
        errorCode: null,
        errorMessage: null,
        durationMs: 10,
      };
      const change = previous
        ? { fromVersionId: previous.id, diff: diffArticles(previous.article, article), posts: [] }
        : undefined;
      const saved = await store.versions.save({
        articleId: row.id,
        check,
        next: { nextCheckAt: at },
        article,
        html: `<html><body>${article.paragraphs.join('')}</body></html>`,
        finalUrl: url,
        etag: null,
        lastModified: null,
        ...(change ? { change } : {}),
      });
      previous = { id: saved.versionId, article };
    }
  }
  return { store, dir };
}

/** Counts bytes, keeps nothing: the export's own memory is what is measured. */
const sink = () => {
  let bytes = 0;
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  return { out, bytes: () => bytes };
};

/** The alternative: read every article into memory, then write it all. */
async function exportAllAtOnce(store: Store, out: Writable): Promise<number> {
  const lines: string[] = [];
  for await (const id of store.archive.articleIds()) lines.push(JSON.stringify(await articleHistoryJson(store, id)));
  out.write(`${lines.join('\n')}\n`);
  return lines.length;
}

async function measure(run: () => Promise<unknown>): Promise<{ ms: number; peakHeapMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, peakHeapMb: (peak - base) / 1024 / 1024 };
}

export async function benchExport(): Promise<void> {
  console.log(
    '\nExport (editwatch export --format jsonl): streaming against reading everything first, heap growth while exporting',
  );
  for (const n of [1_000, 4_000]) {
    const { store, dir } = await buildState(n);
    const streamed = sink();
    const a = await measure(() => exportJsonl(store, streamed.out, log));
    const whole = sink();
    const b = await measure(() => exportAllAtOnce(store, whole.out));
    console.log(
      `  ${n} articles (${(streamed.bytes() / 1024 / 1024).toFixed(0)} MB of JSONL): streaming ${a.ms.toFixed(0)} ms, heap +${a.peakHeapMb.toFixed(0)} MB; all at once ${b.ms.toFixed(0)} ms, heap +${b.peakHeapMb.toFixed(0)} MB (${(b.peakHeapMb / Math.max(1, a.peakHeapMb)).toFixed(1)}x the memory)`,
    );
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
