import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, sql, type LogEvent } from 'kysely';
import { ArchiveQueries } from './archive-queries.ts';
import { Articles } from './articles.ts';
import { Checks } from './checks.ts';
import { Cursors } from './cursors.ts';
import type { Db } from './db.ts';
import type { Dialect } from './dialect.ts';
import { Feeds } from './feeds.ts';
import { DatabaseMedia } from './media.ts';
import { MIGRATION_NAMES, migrationProvider } from './migrations/index.ts';
import { SqliteLikeColumns } from './migrations/portable.ts';
import { Outbox } from './outbox.ts';
import { Pauses } from './pauses.ts';
import { Requests } from './requests.ts';
import type { Database } from './schema.ts';
import { StoreDialect } from './sqlite-dialect.ts';
import { databaseFault, stateFault } from './state-fault.ts';
import { Versions } from './versions.ts';
import { Workers } from './workers.ts';
import { databaseName, isDatabaseUrl } from './location.ts';

export * from './types.ts';
export type { CardFile, CardMedia } from './media.ts';
export { contentHash, BadRowError } from './values.ts';
export { POST_MOVES, PostMoveError } from './post-moves.ts';
export { LeaseLostError } from './lease-lost.ts';

/** Told each statement the store runs: its SQL, and on PostgreSQL its parameters (SQLite's SQL holds its values). */
type Trace = (sql: string, parameters?: readonly unknown[]) => void;

/** The SQLite page cache of a state's connection, in KB. */
export const SQLITE_CACHE_KB = 4000;

/**
 * The state: one database (a SQLite file, or PostgreSQL), opened, migrated and closed here, read and
 * written through one repository per topic. The repositories share the database; a write that spans
 * topics is one transaction.
 */
export class Store {
  /** The articles watched: tracking, the queue of checks, retirement. */
  readonly articles: Articles;
  /** Each article's versions and the changes between them (a new version is stored with its check, change and posts). */
  readonly versions: Versions;
  /** The checks made of each article. */
  readonly checks: Checks;
  /** The posts to make, and how each moves (POST_MOVES). */
  readonly outbox: Outbox;
  /** Tracking requests (mentions) and their answers. */
  readonly requests: Requests;
  /** Outlets' feeds. */
  readonly feeds: Feeds;
  /** Where each reader of mentions left off. */
  readonly cursors: Cursors;
  /** Waits servers asked for, kept across cycles. */
  readonly pauses: Pauses;
  /** The processes that run check cycles, and the jobs one of them at a time does. */
  readonly workers: Workers;
  /** The web archive's read-only queries. */
  readonly archive: ArchiveQueries;
  /** Cards kept in the database (what a PostgreSQL state uses; a SQLite state keeps them in a folder). */
  readonly media: DatabaseMedia;

  private constructor(
    readonly db: Db,
    /** Which database: where their SQL differs, a repository asks. */
    readonly dialect: Dialect,
    /** The database as errors may name it (a URL without its password). */
    readonly name: string,
  ) {
    this.articles = new Articles(db, dialect);
    this.versions = new Versions(db);
    this.checks = new Checks(db);
    this.outbox = new Outbox(db);
    this.requests = new Requests(db);
    this.feeds = new Feeds(db);
    this.cursors = new Cursors(db);
    this.pauses = new Pauses(db);
    this.workers = new Workers(db);
    this.archive = new ArchiveQueries(db, dialect);
    this.media = new DatabaseMedia(db, `the media table of ${name}`);
  }

  /**
   * Opens the database at `location` and brings its schema up to date: a PostgreSQL server given a
   * postgres:// URL, else a SQLite file. A database that cannot be used (unreachable, read-only, damaged,
   * no space) is a StateFaultError naming it (a URL without its password).
   */
  static open(location: string, options: { trace?: Trace } = {}): Promise<Store> {
    return isDatabaseUrl(location) ? Store.openPostgres(location, options) : Store.openSqlite(location, options);
  }

  private static async openPostgres(url: string, options: { trace?: Trace }): Promise<Store> {
    const { PostgresStoreDialect } = await import('./postgres-dialect.ts');
    const name = databaseName(url);
    const db = new Kysely<Database>({
      dialect: new PostgresStoreDialect(url, name),
      ...(options.trace
        ? {
            log: (event: LogEvent) => {
              if (event.level === 'query') options.trace!(event.query.sql, event.query.parameters);
            },
          }
        : {}),
    });
    try {
      const store = new Store(db, 'postgres', name);
      await store.migrate();
      return store;
    } catch (err) {
      await db.destroy();
      throw databaseFault(err, name) ?? err;
    }
  }

  /** In WAL mode, created if needed. */
  private static async openSqlite(file: string, options: { trace?: Trace }): Promise<Store> {
    let sqlite: SQLite.Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      // `trace` is told each statement run, with its values (the query-plan test reads them).
      sqlite = new SQLite(file, options.trace ? { verbose: (sql) => options.trace!(String(sql)) } : {});
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      // A 4 MB page cache, not better-sqlite3's 16 MB: at 100,000 articles a check's pages are scattered,
      // so the larger cache filled without saving time (`npm run bench -- sqlite-cache`: RSS 2-9 MB less
      // over 4,000 checks in two runs, the same time a check).
      sqlite.pragma(`cache_size = -${SQLITE_CACHE_KB}`);
      const store = new Store(new Kysely<Database>({ dialect: new StoreDialect(sqlite) }), 'sqlite', file);
      await store.migrate();
      return store;
    } catch (err) {
      if (sqlite?.open) sqlite.close();
      throw stateFault(err, file) ?? err;
    }
  }

  private async migrate(): Promise<void> {
    if (await this.upToDate()) return;
    // On PostgreSQL, the migrations' columns behave as SQLite's (64-bit integers, text by its bytes).
    const db = this.dialect === 'postgres' ? this.db.withPlugin(new SqliteLikeColumns()) : this.db;
    const { error, results } = await new Migrator({ db, provider: migrationProvider(this.dialect) }).migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error)
      throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`, {
        cause: error,
      });
  }

  /**
   * Whether every migration has run and no other: one read, where Kysely's migrator would look up every
   * table, take its lock and sort the names by locale (a fifth of a read-only command's start).
   */
  private async upToDate(): Promise<boolean> {
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(this.db);
      const applied = new Set(rows.map((r) => r.name));
      return applied.size === MIGRATION_NAMES.length && MIGRATION_NAMES.every((name) => applied.has(name));
    } catch {
      return false; // a new database: no migration table yet
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
