import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainArticle, saveVersion } from './helpers/plain-article.ts';
import { Store } from '../src/store/index.ts';
import { migrationProvider } from '../src/store/migrations/index.ts';
import { RawHtmlError } from '../src/store/raw-html.ts';
import { loadCorpus, type CorpusPage } from './helpers/corpus.ts';
import { onEachDatabase } from './helpers/databases.ts';
import { tempDir } from './helpers/temp-dir.ts';

// Raw HTML stored after a base page of its host and after its article's key version (store/raw-html.ts),
// on real pages (test/fixtures/corpus): every version reads back byte for byte, a read decodes at most
// base → key → version, rows from before stay readable, and damage is an error naming the version.

const t = '2026-11-25T08:00:00.000Z';
const corpus = loadCorpus();
const page = (name: string) => corpus.find((p) => p.name === name)!;
const plainSize = (html: string) => brotliCompressSync(html, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }).length;

/** A later fetch of the page: an edit in its first paragraph, and chrome that changed (an ad id, a time). */
const edited = (html: string, n: number) =>
  html
    .replace(/<p>/, `<p>Update ${n}: the council said more. `)
    .replace(/<\/body>/i, `<div class="ad" data-slot="${n * 7919}">Updated ${n} minutes ago</div></body>`);

let dir: ReturnType<typeof tempDir>;
let store: Store;
let file: string;
beforeEach(async () => {
  dir = tempDir();
  file = join(dir.path, 'editwatch.sqlite');
  store = await Store.open(file);
});
afterEach(async () => {
  await store.close();
  dir.remove();
});

const save = (articleId: number, url: string, html: string) => saveVersion(store, articleId, url, html, t);

/** Tracks `p` as an article and stores `count` versions of it; the HTML of each version by id. */
async function storeVersions(p: CorpusPage, count: number, url = p.url): Promise<Map<number, string>> {
  const { article } = await store.articles.track(url, t, 'test');
  const out = new Map<number, string>();
  for (let n = 0; n < count; n++) {
    const html = n === 0 ? p.html : edited(p.html, n);
    out.set(await save(article.id, url, html), html);
  }
  return out;
}

const stored = (id: number) =>
  store.db
    .selectFrom('versions')
    .select(['id', 'article_id', 'raw_html', 'html_base_id', 'html_key_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

onEachDatabase('raw HTML stored after its host base and its key version', (database) => {
  let location: string;
  beforeEach(async () => {
    await store.close();
    location = await database.create();
    store = await Store.open(location);
  });

  it('reads every version back byte for byte, and stores an outlet’s next article and a page’s next version in a fraction', async () => {
    const all = new Map<number, string>();
    // Two NYT articles of one template, a NYT page of a later design, Chinese and Japanese pages (UTF-8).
    for (const name of ['nytimes-2', 'nytimes-1', 'nytimes-3', 'gmw', 'yahoo-4'])
      for (const [id, html] of await storeVersions(page(name), 3)) all.set(id, html);
    expect(all.size).toBe(15);
    // Read from a fresh connection: what is on disk, not what a cache kept.
    await store.close();
    store = await Store.open(location);
    for (const [id, html] of all) expect(await store.versions.rawHtml(id)).toBe(html);

    const ids = [...all.keys()];
    // nytimes-1 follows nytimes-2's page (its host's base): the shared template is not stored again.
    const nyt1 = await stored(ids[3]!);
    expect(nyt1.html_key_id).toBeNull();
    expect(nyt1.raw_html!.length).toBeLessThan(0.4 * plainSize(page('nytimes-1').html));
    // Later versions follow their key: the edit and the chrome that changed, a few hundred bytes.
    for (const id of [ids[1]!, ids[2]!, ids[4]!, ids[5]!]) {
      const row = await stored(id);
      expect(row.html_key_id).not.toBeNull();
      expect(row.raw_html!.length).toBeLessThan(1000);
    }
    // nytimes-3 is of another design: it starts a base of its own rather than cost more after the old one.
    const nyt3 = await stored(ids[6]!);
    expect(nyt3.html_base_id).not.toBe(nyt1.html_base_id);
  });

  it('keeps every chain within base → key → version, all of one article, and keeps a base while versions follow it', async () => {
    await storeVersions(page('nytimes-2'), 4);
    await storeVersions(page('nytimes-1'), 4);
    const rows = await store.db
      .selectFrom('versions')
      .select(['id', 'article_id', 'html_base_id', 'html_key_id'])
      .execute();
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(row.html_base_id).not.toBeNull();
      if (row.html_key_id === null) continue;
      const key = rows.find((k) => k.id === row.html_key_id)!;
      expect(key).toMatchObject({ article_id: row.article_id, html_base_id: row.html_base_id, html_key_id: null });
    }
    await expect(store.db.deleteFrom('html_bases').execute()).rejects.toThrow(/foreign key/i);
  });
});

describe('raw HTML stored after its host base and its key version, on a real SQLite file', () => {
  it('reads rows stored as plain Brotli before migration 0014, and stores the next version of their article as a chain', async () => {
    await store.close();
    const legacy = join(dir.path, 'legacy.sqlite');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(legacy) }) });
    const { error } = await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateTo('0012_pauses');
    expect(error).toBeUndefined();
    await db.destroy();
    const old = new SQLite(legacy);
    const p = page('lemonde-1');
    const { lastInsertRowid: articleId } = old
      .prepare("insert into articles (url, source, added_at, next_check_at) values (?, 'test', ?, ?)")
      .run(p.url, t, t);
    const { lastInsertRowid: oldId } = old
      .prepare(
        'insert into versions (article_id, seq, fetched_at, content_hash, content, raw_html, final_url) values (?, 1, ?, ?, ?, ?, ?)',
      )
      .run(articleId, t, 'hash', JSON.stringify(plainArticle(p.url)), brotliCompressSync(p.html), p.url);
    old.close();

    store = await Store.open(legacy);
    expect(await store.versions.rawHtml(Number(oldId))).toBe(p.html);
    const next = edited(p.html, 1);
    const id = await save(Number(articleId), p.url, next);
    expect(await store.versions.rawHtml(id)).toBe(next);
    expect(await store.versions.rawHtml(Number(oldId))).toBe(p.html);
  });

  it('fails with an error naming the version when a segment, its hash or its base is damaged', async () => {
    const ids = [...(await storeVersions(page('nytimes-2'), 2)).keys()];
    const [first, second] = ids as [number, number];
    const raw = new SQLite(file);
    const blob = (id: number) =>
      raw.prepare('select raw_html from versions where id = ?').get(id) as { raw_html: Buffer };
    const put = (id: number, bytes: Buffer) =>
      raw.prepare('update versions set raw_html = ? where id = ?').run(bytes, id);
    const original = blob(second).raw_html;
    const damaged = async (id: number) => {
      const err = await store.versions.rawHtml(id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RawHtmlError);
      expect((err as Error).message).toContain(`version ${id}`);
      return (err as Error).message;
    };

    // A flipped byte in the Brotli segment, past the 37-byte header.
    const flipped = Buffer.from(original);
    flipped[flipped.length - 3] = flipped[flipped.length - 3]! ^ 0x55;
    put(second, flipped);
    await damaged(second);
    // Cut short.
    put(second, original.subarray(0, original.length - 4));
    await damaged(second);
    // The bytes decode, but not to the page the hash was taken of.
    const wrongHash = Buffer.from(original);
    createHash('sha256').update('another page').digest().copy(wrongHash, 5);
    put(second, wrongHash);
    expect(await damaged(second)).toMatch(/SHA-256/);
    // Not of the format at all.
    put(second, Buffer.from('<html>'));
    await damaged(second);
    put(second, original);
    expect(await store.versions.rawHtml(second)).toBe(edited(page('nytimes-2').html, 1));

    // The base both versions follow: each of them fails, named.
    const { html_base_id: baseId } = await stored(first);
    const base = raw.prepare('select html from html_bases where id = ?').get(baseId) as { html: Buffer };
    const flippedBase = Buffer.from(base.html);
    flippedBase[flippedBase.length >> 1] = flippedBase[flippedBase.length >> 1]! ^ 0x01;
    raw.prepare('update html_bases set html = ? where id = ?').run(flippedBase, baseId);
    await damaged(first);
    await damaged(second);
    raw.close();
  });

  it('starts a new base when this build’s Brotli does not make a stored base’s bytes again', async () => {
    // A base compressed otherwise (quality 4): it decodes, but a page cannot be continued after it.
    const p = page('nytimes-1');
    const bytes = Buffer.from(p.html);
    const header = Buffer.alloc(37);
    header[0] = 1;
    header.writeUInt32BE(bytes.length, 1);
    createHash('sha256').update(bytes).digest().copy(header, 5);
    const segment = brotliCompressSync(bytes, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_LGWIN]: 24 },
      finishFlush: zlib.BROTLI_OPERATION_FLUSH,
    });
    await store.db
      .insertInto('html_bases')
      .values({ host: new URL(p.url).hostname, added_at: t, html: Buffer.concat([header, segment]) })
      .execute();
    const [[id, html]] = [...(await storeVersions(page('nytimes-2'), 1))] as [[number, string]];
    expect(await store.versions.rawHtml(id)).toBe(html);
    expect((await stored(id)).html_base_id).toBe(2);
  });
});
