// `npm run bench`: speed figures, printed. Each benchmark measures editwatch against the alternative its
// issue names, in the same run, and prints the ratio. `npm run bench -- render` runs one of them.
import { cpus } from 'node:os';
import { benchExtraction } from './extract.ts';
import { benchRender } from './render.ts';

const only = process.argv[2];
console.log(`editwatch benchmarks — Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`);
if (!only || only === 'extract') benchExtraction();
if (!only || only === 'render') await benchRender();
