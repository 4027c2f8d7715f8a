import { existsSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { migrationProvider } from './migrations/index.ts';
import { stateFault } from './state-fault.ts';

/** Whether opening the database would change its schema (a new file, or migrations not yet applied). */
export async function hasPendingMigrations(file: string): Promise<boolean> {
  if (!existsSync(file)) return true;
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { fileMustExist: true });
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    const applied = new Set(table ? (db.prepare('select name from kysely_migration').pluck().all() as string[]) : []);
    return Object.keys(await migrationProvider.getMigrations()).some((name) => !applied.has(name));
  } catch (err) {
    throw stateFault(err, file) ?? err;
  } finally {
    db?.close();
  }
}
