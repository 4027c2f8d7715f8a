/**
 * Vitest global setup: builds the crash tests' child process (test/fixtures/publish-child.ts) with its
 * workers, as `npm run build` builds the CLI, so each child starts as compiled JavaScript: through tsx,
 * one check cycle cost three times the CPU (9 s against 3 s), most of the crash tests' time.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');
export const CHILD_DIR = 'tmp/test-child';
/**
 * The workers of that build, for the apps tests start in the test's process: a worker loading the
 * TypeScript through tsx costs 2.5 s of CPU to start, the built one 0.5 s. src/extract/extractor.spec.ts
 * and test/render-cards.test.ts start the TypeScript ones too.
 */
export const BUILT_WORKERS = pathToFileURL(`${resolve(ROOT, CHILD_DIR)}/`);

export function setup(): void {
  execFileSync(
    process.execPath,
    [
      'build.js',
      CHILD_DIR,
      'test/fixtures/publish-child.ts',
      'src/extract/extract-worker.ts',
      'src/render/card-worker.ts',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
}
