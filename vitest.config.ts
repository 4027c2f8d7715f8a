import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // PostgreSQL and Redis for the Bluesky AppView tests, started once for the run when not given.
    // The crash tests' child process, built as the CLI is.
    globalSetup: ['./test/helpers/appview-services.ts', './test/helpers/build-child.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
