// `npm run bench`: speed figures, printed. Each benchmark measures editwatch against the alternative its
// issue names, in the same run, and prints the ratio. `npm run bench -- render` runs one of them.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchCardMemory } from './card-memory.ts';
import { benchExport } from './export.ts';
import { benchExtraction } from './extract.ts';
import { benchFidelity } from './fidelity.ts';
import { benchHostile } from './hostile.ts';
import { benchLoad } from './load.ts';
import { benchQueries } from './queries.ts';
import { benchRender } from './render.ts';
import { benchScale } from './scale.ts';
import { benchSqliteCache } from './sqlite-cache.ts';
import { benchStorage } from './storage.ts';

const BENCHMARKS: Record<string, () => unknown> = {
  extract: benchExtraction,
  hostile: benchHostile,
  render: benchRender,
  'card-memory': benchCardMemory,
  export: benchExport,
  fidelity: benchFidelity,
  queries: benchQueries,
  storage: benchStorage,
};
/**
 * Run only when named: `npm run bench -- load` (half an hour of `editwatch start` on 100,000 articles),
 * `npm run bench -- scale` (workers on PostgreSQL, and the kill -9 run; about 25 minutes),
 * `npm run bench -- sqlite-cache` (a state of 100,000 articles written first; about a minute).
 */
const ON_REQUEST: Record<string, () => unknown> = {
  load: benchLoad,
  scale: benchScale,
  'sqlite-cache': benchSqliteCache,
};
const only = process.argv[2];

if (only) {
  const run = BENCHMARKS[only] ?? ON_REQUEST[only];
  if (!run)
    throw new Error(
      `no benchmark "${only}"; there are: ${[...Object.keys(BENCHMARKS), ...Object.keys(ON_REQUEST)].join(', ')}`,
    );
  await run();
} else {
  console.log(
    `editwatch benchmarks — Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`,
  );
  // Each in a process of its own: the heap one leaves behind (jsdom's is large) would slow the next.
  for (const name of Object.keys(BENCHMARKS)) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exitCode = child.status ?? 1;
  }
}
