import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import type { StateFaultError } from './state-fault.ts';

/** A connection whose storage faults surface as StateFaultErrors naming the database (`fault`: null for any other error). */
export function namingFaults(
  connection: DatabaseConnection,
  fault: (err: unknown) => StateFaultError | null,
): DatabaseConnection {
  const named = (err: unknown) => fault(err) ?? err;
  return {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      try {
        return await connection.executeQuery<R>(query);
      } catch (err) {
        throw named(err);
      }
    },
    async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
      try {
        yield* connection.streamQuery<R>(query, chunkSize);
      } catch (err) {
        throw named(err);
      }
    },
  };
}
