import { Piscina } from 'piscina';
import type { RenderedCard, ThemeName } from './cards.ts';
import { FontLibrary } from './fonts.ts';
import type { CardTask } from './card-worker.ts';
import type { CardInput } from './layout.ts';

/** Turns a change into its cards; how (this thread or a pool of workers) is the renderer's business. */
export interface CardRenderer {
  render(input: CardInput): Promise<RenderedCard[]>;
  close(): Promise<void>;
}

/** Renders on the calling thread: for one-off commands and tests. Satori and resvg load on first use. */
export function inlineRenderer(theme: ThemeName): CardRenderer {
  let fonts: FontLibrary | null = null;
  return {
    render: async (input) => (await import('./cards.ts')).renderCards(input, theme, (fonts ??= new FontLibrary())),
    close: () => Promise.resolve(),
  };
}

/**
 * Renders in worker threads, so that drawing cards never blocks the checking loop. One by default: cards
 * are drawn only for edits (a few a minute at 100,000 articles, where one worker draws about 17 a second),
 * and a worker adds about 170 MB with Satori, resvg and the fonts of every script in (`npm run bench --
 * card-memory`). So a worker also stops 10 s after its last card, and the memory goes back between the
 * cycles that draw some.
 */
export function pooledRenderer(
  theme: ThemeName,
  {
    threads = 1,
    workerDir,
    collect = true,
  }: {
    threads?: number;
    workerDir?: URL | undefined;
    /** false: no full collection after each change (see card-worker.ts), for the benchmark's comparison. */
    collect?: boolean;
  } = {},
): CardRenderer {
  let pool: Piscina | null = null;
  return {
    async render(input) {
      pool ??= new Piscina({
        // card-worker.mjs beside this code, or in workerDir.
        filename: new URL('card-worker.mjs', workerDir ?? import.meta.url).href,
        minThreads: 0,
        maxThreads: threads,
        idleTimeout: 10_000,
        // Between cards the worker's event loop must run: resvg's images are freed by N-API finalizers
        // that run there. Piscina's default ('sync') blocks it in Atomics.wait, and a worker grew by
        // 8 MB a card, to 2 GB over 245 cards.
        atomics: 'async',
        // A card's live heap is about 30 MB; unbounded, V8 let it grow to 150 MB before collecting.
        resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 },
      });
      const task: CardTask = { input, theme, collect };
      const cards = (await pool.run(task)) as RenderedCard[];
      // Buffers come back from the worker as plain Uint8Arrays.
      return cards.map((c) => ({ ...c, png: Buffer.from(c.png) }));
    },
    async close() {
      await pool?.destroy();
      pool = null;
    },
  };
}
