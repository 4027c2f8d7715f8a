import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { StateApp } from '../open-state.ts';
import { exportJsonl } from '../archive/export.ts';
import { UsageError } from './usage-error.ts';

/** `editwatch export --format jsonl [--out file]`: every article with all versions and changes. */
export async function exportCommand(app: StateApp, options: { format: string; out?: string }): Promise<number> {
  if (options.format !== 'jsonl')
    throw new UsageError(`unknown export format "${options.format}"; the one format is jsonl`);
  const out = options.out ? createWriteStream(options.out) : process.stdout;
  const count = await exportJsonl(app.store, out, app.log);
  if (options.out) {
    out.end();
    await finished(out);
  }
  app.log.info({ articles: count, out: options.out ?? 'stdout' }, 'export finished');
  return 0;
}
