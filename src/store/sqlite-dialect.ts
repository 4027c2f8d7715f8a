import type SQLite from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
import { namingFaults } from './naming-faults.ts';
import { stateFault } from './state-fault.ts';

/**
 * Kysely's SQLite dialect, with the real error always surfacing: a storage fault (disk full, read-only,
 * damaged file) becomes a StateFaultError naming the database file, and no ROLLBACK is sent after SQLite
 * has rolled back by itself, which would fail with "cannot rollback - no transaction is active" and
 * replace the error that caused it.
 */
export class StoreDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override createDriver(): SqliteDriver {
    return new StoreDriver(this.sqlite);
  }
}

class StoreDriver extends SqliteDriver {
  private named?: DatabaseConnection;

  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.named ??= namingFaults(connection, (err) => stateFault(err, this.sqlite.name));
    return this.named;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // After SQLITE_FULL, SQLITE_IOERR and some others SQLite has already rolled the transaction back.
    if (!this.sqlite.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}
