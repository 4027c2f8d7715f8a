import { sql, type Kysely } from 'kysely';
import type { Store } from './index.ts';
import { DatabaseMedia, type CardMedia } from './media.ts';

/** Any table of the store, as rows of columns: the copy moves rows as they are. */
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/**
 * The tables a state holds, in the order their foreign keys allow, each with the key it is read in order
 * of and the rows a batch takes (fewer where rows carry HTML). Tallies, outlets and the search index are
 * not copied: the target's triggers build them from the rows as they arrive.
 */
const TABLES = [
  { table: 'articles', key: 'id', batch: 1000 },
  { table: 'html_bases', key: 'id', batch: 50 },
  { table: 'versions', key: 'id', batch: 200 },
  { table: 'changes', key: 'id', batch: 500 },
  { table: 'checks', key: 'id', batch: 2000 },
  { table: 'posts', key: 'queue_seq', batch: 500 },
  { table: 'requests', key: 'id', batch: 1000 },
  { table: 'feeds', key: 'id', batch: 1000 },
  { table: 'cursors', key: 'name', batch: 1000 },
  { table: 'pauses', key: 'scope', batch: 1000 },
] as const;

/** Columns the database numbers: after a copy with the source's numbers, it goes on from the highest. */
const NUMBERED = [
  ['articles', 'id'],
  ['html_bases', 'id'],
  ['versions', 'id'],
  ['changes', 'id'],
  ['checks', 'id'],
  ['posts', 'queue_seq'],
  ['requests', 'id'],
  ['feeds', 'id'],
] as const;

/** Why a copy was refused, before anything was written. */
export class CopyRefusedError extends Error {}

export type CopyCounts = Record<(typeof TABLES)[number]['table'], number>;

/**
 * The cards copied with the posts that show them; those the source no longer had, or that a post names
 * in an images column that cannot be read (post id and why).
 */
export interface CopiedMedia {
  files: number;
  missing: string[];
  unreadable: { post: string; error: string }[];
}

/**
 * SQLite keeps what it is given: a fraction in an integer column (milliseconds computed as a float)
 * stays a fraction there, which PostgreSQL's bigint refuses. Every number column of the schema is an
 * integer, so such a value is rounded, and counted by column for the report.
 */
function wholeNumbers(table: string, row: Record<string, unknown>, rounded: Map<string, number>): void {
  for (const [column, value] of Object.entries(row))
    if (typeof value === 'number' && !Number.isInteger(value)) {
      row[column] = Math.round(value);
      const name = `${table}.${column}`;
      rounded.set(name, (rounded.get(name) ?? 0) + 1);
    }
}

/**
 * Copies every row of `source` into `target`, an empty database of the same schema (both migrated to
 * the latest), keeping ids, so versions, changes, posts, requests and cursors stay linked and the outbox
 * keeps its order and its posts' keys. One transaction: a copy that fails leaves the target empty, and
 * can be run again. Checks the rows arrived (a count per table) and returns the counts. `progress` is
 * told after each batch: a table's rows copied of its total, or ('cards') the folders of cards.
 */
export async function copyState(
  source: Store,
  target: Store,
  sourceMedia: CardMedia,
  progress: (table: string, copied: number, total: number) => void,
): Promise<{ counts: CopyCounts; media: CopiedMedia; rounded: Map<string, number> }> {
  const media: CopiedMedia = { files: 0, missing: [], unreadable: [] };
  const rounded = new Map<string, number>();
  const from = source.db as unknown as AnyDb;
  const counts = await countRows(from);
  const already = await countRows(target.db as unknown as AnyDb);
  const held = Object.entries(already).filter(([, n]) => n > 0);
  if (held.length)
    throw new CopyRefusedError(
      `the database to copy into is not empty (${held.map(([t, n]) => `${n} ${t}`).join(', ')}); copy into a new, empty database`,
    );
  await target.db.transaction().execute(async (trx) => {
    const to = trx as unknown as AnyDb;
    const duplicates: { id: unknown; duplicate_of: unknown }[] = [];
    for (const { table, key, batch } of TABLES) {
      let last: unknown = null;
      let copied = 0;
      for (;;) {
        let page = from.selectFrom(table).selectAll().orderBy(key).limit(batch);
        if (last !== null) page = page.where(key, '>', last);
        const rows = await page.execute();
        if (!rows.length) break;
        // An article may name as its duplicate one copied after it: linked once all are in.
        if (table === 'articles')
          for (const row of rows)
            if (row.duplicate_of !== null) {
              duplicates.push({ id: row.id, duplicate_of: row.duplicate_of });
              row.duplicate_of = null;
            }
        for (const row of rows) wholeNumbers(table, row, rounded);
        await to.insertInto(table).values(rows).execute();
        last = rows.at(-1)![key];
        copied += rows.length;
        progress(table, copied, counts[table]);
      }
    }
    // The posts' cards, into the target's own card store (the database's).
    const targetMedia = new DatabaseMedia(trx, target.name);
    const posts = await from
      .selectFrom('posts')
      .select(['id', 'media', 'images'])
      .where('media', 'is not', null)
      .execute();
    const files = new Map<string, Set<string>>();
    for (const { id, media: folder, images } of posts) {
      let named: { file: string }[];
      try {
        named = JSON.parse(String(images)) as { file: string }[];
        if (!Array.isArray(named)) throw new Error('not a list of images');
      } catch (err) {
        // The post is copied as it is (the outbox sets it aside when it comes to send it); its cards cannot be named.
        media.unreadable.push({ post: String(id), error: (err as Error).message });
        continue;
      }
      for (const { file } of named) files.set(String(folder), (files.get(String(folder)) ?? new Set()).add(file));
    }
    let folders = 0;
    for (const [folder, names] of files) {
      const found = [];
      for (const name of names) {
        const bytes = await sourceMedia.read(folder, name);
        if (bytes) found.push({ name, bytes });
        else media.missing.push(`${folder}/${name}`);
      }
      await targetMedia.put(folder, found);
      media.files += found.length;
      progress('cards', ++folders, files.size);
    }
    for (const { id, duplicate_of } of duplicates)
      await to.updateTable('articles').set({ duplicate_of }).where('id', '=', id).execute();
    if (target.dialect === 'postgres')
      for (const [table, column] of NUMBERED)
        await sql`select setval(pg_get_serial_sequence(${table}, ${column}),
          coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
  });
  const arrived = await countRows(target.db as unknown as AnyDb);
  const short = TABLES.filter(({ table }) => arrived[table] !== counts[table]);
  if (short.length)
    throw new Error(
      `the copy does not hold what the source does: ${short.map(({ table }) => `${table} ${arrived[table]} of ${counts[table]}`).join(', ')}`,
    );
  return { counts, media, rounded };
}

async function countRows(db: AnyDb): Promise<CopyCounts> {
  const counts = {} as CopyCounts;
  for (const { table } of TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
