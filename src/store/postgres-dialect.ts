import pg from 'pg';
import { PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver } from 'kysely';
import { namingFaults } from './naming-faults.ts';
import { databaseFault } from './state-fault.ts';

/** int8 (what count(*) and sum give) and numeric as numbers, as SQLite gives them: the store's counts are far below 2^53. */
const AS_NUMBERS = new Set([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (AS_NUMBERS.has(oid)) return Number;
    return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  },
};

/**
 * Kysely's PostgreSQL dialect on a pool of `pg` connections, with the server's faults (unreachable, login
 * refused, disk full …) surfacing as StateFaultErrors that name it by `name`, its URL without the password.
 */
export class PostgresStoreDialect extends PostgresDialect {
  readonly pool: pg.Pool;

  constructor(url: string, name: string) {
    const pool = new pg.Pool({
      connectionString: url,
      types,
      application_name: 'editwatch',
      // A server that does not answer is a fault to report, not a cycle that waits for ever.
      connectionTimeoutMillis: 15_000,
      // No transaction of the store waits on the network: one left idle is a bug, and must not hold locks.
      idle_in_transaction_session_timeout: 60_000,
    });
    // A connection the server closed (a restart, a network cut) errors on the pool when idle, and on its
    // client when checked out between two queries: either would end the process unheard. The query in
    // hand fails with the error itself, and the next one reconnects.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    super({ pool });
    this.pool = pool;
    this.name = name;
  }

  private readonly name: string;

  override createDriver(): Driver {
    return new StoreDriver(this.pool, this.name);
  }
}

type PostgresConnection = Parameters<PostgresDriver['releaseConnection']>[0];

class StoreDriver extends PostgresDriver {
  /** Each pooled connection's wrapper, and the wrapper's connection: Kysely releases the one it gave. */
  private readonly wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  private readonly original = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    pool: pg.Pool,
    private readonly name: string,
  ) {
    super({ pool });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    let connection: DatabaseConnection;
    try {
      connection = await super.acquireConnection();
    } catch (err) {
      throw databaseFault(err, this.name) ?? err;
    }
    let named = this.wrapped.get(connection);
    if (!named) {
      named = namingFaults(connection, (err) => databaseFault(err, this.name));
      this.wrapped.set(connection, named);
      this.original.set(named, connection);
    }
    return named;
  }

  // Kysely's own methods on the connection it gave out (release, discard after a failed rollback).
  private unwrapped(connection: DatabaseConnection): PostgresConnection {
    return (this.original.get(connection) ?? connection) as PostgresConnection;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(this.unwrapped(connection));
    } catch (err) {
      throw databaseFault(err, this.name) ?? err;
    }
  }

  override releaseConnection(connection: DatabaseConnection): Promise<void> {
    return super.releaseConnection(this.unwrapped(connection));
  }
}
