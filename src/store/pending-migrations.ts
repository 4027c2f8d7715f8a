import { existsSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { isDatabaseUrl } from './location.ts';
import { MIGRATION_NAMES } from './migrations/index.ts';
import { stateFault } from './state-fault.ts';

/**
 * Whether opening the database would change its schema (a new file, or migrations not yet applied). Never
 * so for PostgreSQL here: it runs the migrations under a lock of its own (an advisory lock), so no command
 * needs the state folder's write lock for them.
 */
export function hasPendingMigrations(location: string): boolean {
  if (isDatabaseUrl(location)) return false;
  const file = location;
  if (!existsSync(file)) return true;
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { fileMustExist: true });
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    const applied = new Set(table ? (db.prepare('select name from kysely_migration').pluck().all() as string[]) : []);
    return MIGRATION_NAMES.some((name) => !applied.has(name));
  } catch (err) {
    throw stateFault(err, file) ?? err;
  } finally {
    db?.close();
  }
}
