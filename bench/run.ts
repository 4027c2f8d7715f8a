// `npm run bench`: speed figures, printed. Each benchmark measures editwatch against the alternative its
// issue names, in the same run, and prints the ratio.
import { cpus } from 'node:os';
import { benchExtraction } from './extract.ts';

console.log(`editwatch benchmarks — Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`);
benchExtraction();
