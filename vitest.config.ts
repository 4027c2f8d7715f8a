import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at once, not Vitest's one on two cores: most tests wait on child processes and servers
    // (10 min of a run on one, 6.3 min on two, on the 2-core machine).
    maxWorkers: 2,
    // PostgreSQL and Redis for the Bluesky AppView tests, started once for the run when not given.
    // The crash tests' child process, built as the CLI is.
    globalSetup: ['./test/helpers/appview-services.ts', './test/helpers/build-child.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
