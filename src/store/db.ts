import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The database every topic of the store reads and writes: one connection, shared. */
export type Db = Kysely<Database>;

/**
 * Runs `work` in one transaction, or in the transaction `db` already is: a write that spans topics
 * (a version with its change and posts, a request with its reply) is all or nothing.
 */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
