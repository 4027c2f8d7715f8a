import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { ArchiveQueries } from './archive-queries.ts';
import { Articles } from './articles.ts';
import { Checks } from './checks.ts';
import { Cursors } from './cursors.ts';
import type { Db } from './db.ts';
import { Feeds } from './feeds.ts';
import { migrationProvider } from './migrations/index.ts';
import { Outbox } from './outbox.ts';
import { Pauses } from './pauses.ts';
import { Requests } from './requests.ts';
import type { Database } from './schema.ts';
import { StoreDialect } from './sqlite-dialect.ts';
import { stateFault } from './state-fault.ts';
import { Versions } from './versions.ts';

export * from './types.ts';
export { contentHash, BadRowError } from './values.ts';
export { POST_MOVES, PostMoveError } from './post-moves.ts';

/**
 * The state: one SQLite file, opened, migrated and closed here, read and written through one repository
 * per topic. The repositories share the connection; a write that spans topics is one transaction.
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
  /** The web archive's read-only queries. */
  readonly archive: ArchiveQueries;

  private constructor(readonly db: Db) {
    this.articles = new Articles(db);
    this.versions = new Versions(db);
    this.checks = new Checks(db);
    this.outbox = new Outbox(db);
    this.requests = new Requests(db);
    this.feeds = new Feeds(db);
    this.cursors = new Cursors(db);
    this.pauses = new Pauses(db);
    this.archive = new ArchiveQueries(db);
  }

  /**
   * Opens (creating if needed) the SQLite file in WAL mode and brings its schema up to date. A file that
   * cannot be used (read-only, damaged, not a database, no space) is a StateFaultError naming it.
   */
  static async open(file: string, options: { trace?: (sql: string) => void } = {}): Promise<Store> {
    let sqlite: SQLite.Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      // `trace` is told each statement run, with its values (the query-plan test reads them).
      sqlite = new SQLite(file, options.trace ? { verbose: (sql) => options.trace!(String(sql)) } : {});
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      const store = new Store(new Kysely<Database>({ dialect: new StoreDialect(sqlite) }));
      await store.migrate();
      return store;
    } catch (err) {
      if (sqlite?.open) sqlite.close();
      throw stateFault(err, file) ?? err;
    }
  }

  private async migrate(): Promise<void> {
    const { error, results } = await new Migrator({ db: this.db, provider: migrationProvider }).migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error)
      throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`, {
        cause: error,
      });
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
