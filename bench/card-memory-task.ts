// One side of `npm run bench -- card-memory`, in a process of its own: every edited pair of the real
// revisions (six languages) drawn by one card worker of the compiled build, in order; prints the process's
// RSS as JSON.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { diffArticles } from '../src/diff/index.ts';
import type { RenderedCard } from '../src/render/cards.ts';
import type { CardInput } from '../src/render/layout.ts';
import { pooledRenderer } from '../src/render/renderer.ts';
import { loadRevisions } from '../test/helpers/revisions.ts';

const DIST = pathToFileURL(`${resolve(import.meta.dirname, '../dist')}/`);
const rssMb = () => process.memoryUsage.rss() / 1024 / 1024;

const side = process.argv[2];
const render: { run(input: CardInput): Promise<unknown[]>; close(): Promise<void> } =
  side === 'piscina-defaults'
    ? (() => {
        // The same worker module in a pool on Piscina's defaults: atomics 'sync', no resource limits.
        const pool = new Piscina({ filename: join(DIST.pathname, 'card-worker.mjs'), maxThreads: 1 });
        return {
          run: (input) => pool.run({ input, theme: 'light' }) as Promise<RenderedCard[]>,
          close: () => pool.destroy(),
        };
      })()
    : (() => {
        const renderer = pooledRenderer('light', { workerDir: DIST, collect: side !== 'no-collect' });
        return { run: (input) => renderer.render(input), close: () => renderer.close() };
      })();

const startMb = rssMb();
let peakMb = startMb;
// Sampled while a card is drawn too, not only between changes.
const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb())), 10);
let cards = 0;
const started = performance.now();
for (const pair of loadRevisions().filter((p) => p.label.verdict === 'edit')) {
  const diff = diffArticles(pair.v0, pair.v1);
  if (!diff.changes.length) continue;
  cards += (
    await render.run({
      outlet: pair.outlet,
      headline: pair.v1.headline,
      url: pair.url,
      previousAt: '2026-01-01T08:00:00.000Z',
      currentAt: '2026-01-01T09:00:00.000Z',
      botName: 'editwatch',
      diff,
    })
  ).length;
  peakMb = Math.max(peakMb, rssMb());
}
const ms = performance.now() - started;
clearInterval(sampler);
const endMb = rssMb();
await render.close();
console.log(JSON.stringify({ startMb, peakMb, endMb, cards, msPerCard: ms / cards }));
