// `npm run bench -- card-memory`: the memory of the card worker over every real revision pair, against
// the same worker without its full collection after each change (resvg's native images then wait for V8's
// own), and in a pool on Piscina's defaults (which blocks the worker's event loop between tasks, so
// resvg's native images are never freed, and sets no heap limit). Sides interleaved, each in a process of
// its own, with glibc's two malloc arenas as `npm start` sets them.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { runSide } from './side-process.ts';
import { summarise } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SIDES = ['editwatch', 'no-collect', 'piscina-defaults'] as const;
const RUNS = 3;

interface Run {
  startMb: number;
  peakMb: number;
  /** After the last card, before the worker stops. */
  endMb: number;
  cards: number;
  msPerCard: number;
}

export function benchCardMemory(): void {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const seen: Record<string, Run[]> = Object.fromEntries(SIDES.map((side) => [side, []]));
  for (let i = 0; i < RUNS; i++)
    for (const side of SIDES) {
      seen[side]!.push(
        runSide<Run>(side, ['--import', 'tsx', join(import.meta.dirname, 'card-memory-task.ts'), side], {
          cwd: ROOT,
          env: { ...process.env, MALLOC_ARENA_MAX: '2' },
        }),
      );
    }
  const median = (side: string, key: keyof Run) => summarise(seen[side]!.map((r) => r[key])).median;
  // What the worker added: the peak over the process before its first card.
  const grown = (side: string) => median(side, 'peakMb') - median(side, 'startMb');
  console.log(
    `\nCard worker memory: ${seen.editwatch![0]!.cards} cards from the real revisions, one worker (${RUNS} runs a side, interleaved; medians)`,
  );
  for (const side of SIDES)
    console.log(
      `  ${side.padEnd(18)} RSS peak ${median(side, 'peakMb').toFixed(0)} MB (${grown(side).toFixed(0)} MB over the process before its first card), ${(median(side, 'endMb') - median(side, 'startMb')).toFixed(0)} MB held after the last, ${median(side, 'msPerCard').toFixed(1)} ms a card`,
    );
  for (const other of ['no-collect', 'piscina-defaults'])
    console.log(
      `  ${other} / editwatch: ${(grown(other) / grown('editwatch')).toFixed(2)}x the memory the worker added, ${(median(other, 'msPerCard') / median('editwatch', 'msPerCard')).toFixed(2)}x the time a card`,
    );
}
