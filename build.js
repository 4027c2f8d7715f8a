// @ts-check
// `npm run build` (and `npm ci`, through `prepare`): the CLI, its workers and the demo as ES modules in
// dist/, one chunk per lazily loaded part, so that no TypeScript is compiled at run time.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Pure-JavaScript packages on the start path, bundled: one file loads far faster than their hundreds of
// modules (kysely alone: 0.29 s as modules, 0.14 s bundled). The rest stay in node_modules: native addons,
// packages that start workers or read their own files, and those only some commands load.
// zod/mini, not zod: the configuration's few parts instead of the whole library, which only the archive loads.
const BUNDLED = new Set([
  'kysely',
  'zod/mini',
  'zod/v4/locales/en.js',
  'undici',
  'commander',
  'dotenv',
  'robots-parser',
  'ipaddr.js',
  'node-cron',
  // pino and what it loads at start (its transports' thread-stream too, though editwatch starts none): a
  // command that logs pays for one file, not a dozen.
  'pino',
  '@pinojs/redact',
  'atomic-sleep',
  'on-exit-leak-free',
  'pino-std-serializers',
  'process-warning',
  'quick-format-unescaped',
  'real-require',
  'safe-stable-stringify',
  'sonic-boom',
  'thread-stream',
]);
/** @param {string} path the import path: its package is its first segment, or two when scoped */
const packageOf = (path) =>
  path
    .split('/')
    .slice(0, path.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Builds entry points into one flat folder of ES modules, emptied first.
 * @param {string[]} entryPoints
 * @param {string} outdir
 */
async function bundle(entryPoints, outdir) {
  // Chunks are named by their content: without this, every build would leave the last one's beside it.
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir,
    // Flat: code in any chunk finds a worker as ./<name>-worker.mjs beside it, as in src/ (where the .mjs
    // files load the TypeScript through tsx).
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // Bundled CommonJS calls require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./#]/ }, (args) =>
            BUNDLED.has(args.path) || BUNDLED.has(packageOf(args.path)) || args.path.startsWith('node:')
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  });
}

// `node build.js` builds dist/; `node build.js <folder> <entry>…` builds those entries there (the tests'
// child process, test/helpers/build-child.ts).
const [outdir, ...entries] = process.argv.slice(2);
await bundle(
  outdir
    ? entries
    : ['src/cli.ts', 'src/extract/extract-worker.ts', 'src/render/card-worker.ts', 'src/demo/run-demo.ts'],
  outdir ?? 'dist',
);
