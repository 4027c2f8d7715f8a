import { existsSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { migrationProvider } from './migrations.ts';

/** Whether opening the database would change its schema (a new file, or migrations not yet applied). */
export async function hasPendingMigrations(file: string): Promise<boolean> {
  if (!existsSync(file)) return true;
  const db = new SQLite(file, { fileMustExist: true });
  try {
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    const applied = new Set(table ? (db.prepare('select name from kysely_migration').pluck().all() as string[]) : []);
    return Object.keys(await migrationProvider.getMigrations()).some((name) => !applied.has(name));
  } finally {
    db.close();
  }
}
