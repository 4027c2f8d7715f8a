import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Logger } from '../log.ts';
import { articleIds } from '../store/archive-queries.ts';
import type { Store } from '../store/index.ts';
import { articleJson, changeJson, versionJson } from './json.ts';

/**
 * Writes every article, with all its versions and changes, one JSON object a line. Streams: one
 * article is in memory at a time, and writing waits when the output is behind.
 */
export async function exportJsonl(store: Store, out: Writable, log: Logger): Promise<number> {
  let n = 0;
  for await (const id of articleIds(store)) {
    const article = (await store.getArticleById(id))!;
    const versions = await store.versions(id);
    const seq = new Map(versions.map((v) => [v.id, v.seq]));
    const changes = await store.changes(id);
    const line = JSON.stringify({ ...articleJson(article, { versionCount: versions.length, changeCount: changes.length }), versions: versions.map(versionJson), changes: changes.map((c) => changeJson(c, (v) => seq.get(v) ?? 0)) });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
    if (++n % 500 === 0) log.info({ articles: n }, 'exporting');
  }
  return n;
}
