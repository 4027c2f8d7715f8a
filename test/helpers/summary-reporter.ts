import { writeSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/** Ends the run with one plain line, "N passed, N failed, N skipped", that any CI log reader understands. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of modules) {
      const failedBefore = failed;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load, or whose hooks failed while its tests were skipped.
      if (mod.state() === 'failed' && failed === failedBefore) failed++;
    }
    // Written as the process exits, so it is the last line, after vitest's own summary.
    process.once('exit', () => writeSync(1, `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`));
  }
}
