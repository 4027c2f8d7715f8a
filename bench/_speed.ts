import { loadCorpus } from '../test/helpers/corpus.ts';
import { extractArticle } from '../src/extract/index.ts';
const pages = loadCorpus();
for (let i = 0; i < 3; i++) for (const p of pages) extractArticle(p.html, p.url);
const ts = pages.map((p) => { const t0 = performance.now(); for (let i = 0; i < 5; i++) extractArticle(p.html, p.url); return [(performance.now() - t0) / 5, p.name] as const; }).sort((a, b) => a[0] - b[0]);
console.log('median', ts[ts.length >> 1]![0].toFixed(2), 'p95', ts[Math.floor(ts.length * 0.95)]![0].toFixed(2), ts.slice(-4).map(([t, n]) => `${n}:${t.toFixed(1)}`).join(' '));
