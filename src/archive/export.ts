import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { articleHistoryJson } from './json.ts';

/**
 * Writes every article, with all its versions and changes, one JSON object a line. Streams: one
 * article is in memory at a time, and writing waits when the output is behind.
 */
export async function exportJsonl(store: Store, out: Writable, log: Logger): Promise<number> {
  let n = 0;
  for await (const id of store.archive.articleIds()) {
    const history = await articleHistoryJson(store, id);
    if (!history) continue; // removed since the page of ids was read
    if (!out.write(`${JSON.stringify(history)}\n`)) await once(out, 'drain');
    if (++n % 500 === 0) log.info({ articles: n }, 'exporting');
  }
  return n;
}
