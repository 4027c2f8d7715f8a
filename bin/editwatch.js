#!/usr/bin/env node
// Runs the compiled bundle in dist/, which `npm ci` builds (the `prepare` script; `npm run build` after
// changing the sources). No TypeScript is compiled at run time.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  console.error('editwatch: dist/cli.mjs is missing: run `npm run build` (or `npm ci`) in the checkout first');
  process.exit(3);
}
await import(cli.href);
