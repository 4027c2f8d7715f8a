import type { Db } from './db.ts';

/**
 * Counts over whole tables that triggers keep as rows change (migration 0013), read in one short lookup
 * instead of counting every row: `articles:active`, `articles:retired`, `changes:edits`, `posts:<state>`.
 */
export async function tallies<const N extends string>(db: Db, names: readonly N[]): Promise<Record<N, number>> {
  const rows = await db.selectFrom('tallies').select(['name', 'n']).where('name', 'in', names).execute();
  const counts = Object.fromEntries(names.map((name) => [name, 0])) as Record<N, number>;
  for (const row of rows) counts[row.name as N] = Number(row.n);
  return counts;
}
