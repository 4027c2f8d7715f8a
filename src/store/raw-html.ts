import { brotliDecompressSync } from 'node:zlib';
import type { Db } from './db.ts';
import { continueChain, decodeChain, segmentBytes, startChain } from './html-chain.ts';

/**
 * How a version's raw HTML is stored (html-chain.ts): after its article's key version (a later version of
 * a page shares nearly all of it), else after its host's base page (an outlet's pages share their
 * template), else as a new base. A chain is at most base → key → version, so a read decodes three pages at
 * most. Bases and versions are never changed or deleted once written, and the schema's foreign keys keep a
 * base while anything is stored after it. Rows from before migration 0014 (no base) are plain Brotli.
 */

/**
 * A base after which a page still costs more than this share of what it costs alone is stale: the
 * outlet's pages changed. Measured on real pages: a page of the base's design costs 20–35%, a page of
 * another design 80–100%.
 */
const STALE = 0.5;

/** A version's raw HTML, encoded, with what it is stored after. */
export interface EncodedHtml {
  rawHtml: Buffer;
  /** The base it follows; `newBase` when it starts a chain of its own. */
  baseId: number | null;
  newBase: { host: string; html: Buffer } | null;
  /** The key version it follows, when it is not a key itself. */
  keyId: number | null;
}

/** Raw HTML that cannot be decoded: the stored bytes are damaged or a base is missing. */
export class RawHtmlError extends Error {}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

export async function encodeRawHtml(db: Db, articleId: number, finalUrl: string, html: string): Promise<EncodedHtml> {
  const page = Buffer.from(html, 'utf8');
  // The article's key: its latest version stored directly after a base.
  const key = await db
    .selectFrom('versions as v')
    .innerJoin('html_bases as b', 'b.id', 'v.html_base_id')
    .select(['v.id', 'v.raw_html', 'b.id as baseId', 'b.html as base'])
    .where('v.article_id', '=', articleId)
    .where('v.html_key_id', 'is', null)
    .orderBy('v.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (key?.raw_html) {
    const rawHtml = await continueChain([key.base, key.raw_html], page);
    if (rawHtml) return { rawHtml, baseId: key.baseId, newBase: null, keyId: key.id };
  }
  const host = hostOf(finalUrl);
  const base = await db
    .selectFrom('html_bases')
    .select(['id', 'html'])
    .where('host', '=', host)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  // The page alone too, in parallel (Brotli runs on the thread pool): what a new base would cost.
  const [after, fresh] = await Promise.all([base && continueChain([base.html], page), startChain(page)]);
  if (base && after && segmentBytes(after) <= STALE * segmentBytes(fresh.base))
    return { rawHtml: after, baseId: base.id, newBase: null, keyId: null };
  return { rawHtml: fresh.segment, baseId: null, newBase: { host, html: fresh.base }, keyId: null };
}

/** The columns a version stores its HTML in, writing its new base first if it has one. */
export async function rawHtmlColumns(
  tx: Db,
  encoded: EncodedHtml,
  at: string,
): Promise<{ raw_html: Buffer; html_base_id: number | null; html_key_id: number | null }> {
  let baseId = encoded.baseId;
  if (encoded.newBase) {
    const row = await tx
      .insertInto('html_bases')
      .values({ host: encoded.newBase.host, added_at: at, html: encoded.newBase.html })
      .returning('id')
      .executeTakeFirstOrThrow();
    baseId = row.id;
  }
  return { raw_html: encoded.rawHtml, html_base_id: baseId, html_key_id: encoded.keyId };
}

/** A version's raw HTML, exactly as fetched; a RawHtmlError naming the version when it cannot be decoded. */
export async function readRawHtml(db: Db, versionId: number): Promise<string | null> {
  const row = await db
    .selectFrom('versions as v')
    .leftJoin('html_bases as b', 'b.id', 'v.html_base_id')
    .leftJoin('versions as k', 'k.id', 'v.html_key_id')
    .select(['v.raw_html', 'v.html_base_id', 'v.html_key_id', 'b.html as base', 'k.raw_html as key'])
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  if (!row?.raw_html) return null;
  const fail = (why: string, cause?: unknown) =>
    new RawHtmlError(`the raw HTML of version ${versionId} cannot be decoded: ${why}`, { cause });
  try {
    if (row.html_base_id === null) return brotliDecompressSync(row.raw_html).toString('utf8');
    if (!row.base) throw fail(`its base ${row.html_base_id} is missing`);
    if (row.html_key_id !== null && !row.key) throw fail(`its key version ${row.html_key_id} is missing`);
    const chain = row.key ? [row.base, row.key, row.raw_html] : [row.base, row.raw_html];
    return decodeChain(chain).at(-1)!.toString('utf8');
  } catch (err) {
    throw err instanceof RawHtmlError ? err : fail((err as Error).message, err);
  }
}
