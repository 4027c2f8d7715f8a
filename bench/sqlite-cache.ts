// `npm run bench -- sqlite-cache`: the resident memory and the time of a check's reads and writes on a state
// of 100,000 articles, with editwatch's SQLite page cache against better-sqlite3's default (16 MB). Each side
// in a process of its own, interleaved; a check here is what the cycle asks of the store for an unchanged
// page: the latest version of a random article, then the check recorded (with its pruning).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { SQLITE_CACHE_KB, Store } from '../src/store/index.ts';
import { loadTemplates, seedState } from './load-seed.ts';
import { checkRecord } from '../test/helpers/check-record.ts';
import { runSide } from './side-process.ts';
import { summarise } from './stats.ts';

const ARTICLES = 100_000;
const CHECKS = 4_000;
const ROUNDS = 3;
const BETTER_SQLITE3_DEFAULT_KB = 16_000;

interface Side {
  grewMb: number;
  msPerCheck: number;
}

/** One side: `cacheKb` null leaves the store's own setting. */
async function side(file: string, cacheKb: number | null): Promise<Side> {
  const store = await Store.open(file);
  try {
    if (cacheKb !== null) await sql.raw(`pragma cache_size = -${cacheKb}`).execute(store.db);
    const before = process.memoryUsage.rss();
    const started = performance.now();
    for (let i = 0; i < CHECKS; i++) {
      const id = 1 + Math.floor(Math.random() * ARTICLES);
      await store.versions.latest(id);
      await store.checks.record(id, checkRecord(new Date().toISOString(), 'unchanged'), {
        nextCheckAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
    }
    return {
      grewMb: (process.memoryUsage.rss() - before) / 1024 / 1024,
      msPerCheck: (performance.now() - started) / CHECKS,
    };
  } finally {
    await store.close();
  }
}

export async function benchSqliteCache(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'editwatch-sqlite-cache-'));
  try {
    const file = join(dir, 'editwatch.sqlite');
    await seedState(file, ARTICLES, 500, 1, loadTemplates(), Date.now());
    const sides = { editwatch: null, 'better-sqlite3 default': BETTER_SQLITE3_DEFAULT_KB } as const;
    const seen: Record<string, Side[]> = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
    for (let r = 0; r < ROUNDS; r++)
      for (const [name, kb] of Object.entries(sides)) {
        seen[name]!.push(runSide<Side>(name, [...process.execArgv, import.meta.filename, file, String(kb)]));
      }
    const median = (name: string, key: keyof Side) => summarise(seen[name]!.map((s) => s[key])).median;
    console.log(
      `\nSQLite page cache: ${CHECKS} checks of random articles on ${ARTICLES} (${ROUNDS} processes a side, interleaved; medians)`,
    );
    for (const [name, kb] of Object.entries(sides))
      console.log(
        `  ${name.padEnd(24)} ${((kb ?? SQLITE_CACHE_KB) / 1000).toFixed(0)} MB cache: RSS +${median(name, 'grewMb').toFixed(0)} MB, ${median(name, 'msPerCheck').toFixed(3)} ms a check`,
      );
    console.log(
      `  default / editwatch: ${(median('better-sqlite3 default', 'grewMb') / median('editwatch', 'grewMb')).toFixed(2)}x the memory, ${(median('better-sqlite3 default', 'msPerCheck') / median('editwatch', 'msPerCheck')).toFixed(2)}x the time`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A side, run by benchSqliteCache in a process of its own: <file> <cache KB | null>.
if (process.argv[1] === import.meta.filename && process.argv.length === 4) {
  const kb = process.argv[3] === 'null' ? null : Number(process.argv[3]);
  console.log(JSON.stringify(await side(process.argv[2]!, kb)));
}
