import {
  DataTypeNode,
  OperationNodeTransformer,
  RawNode,
  type ColumnDefinitionNode,
  type ColumnDefinitionBuilder,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * What the migrations write differently for each database. SQLite's output stays exactly what it was
 * before PostgreSQL came, so that existing files and new ones have the same schema.
 */

/** A migration told which database it runs on (Kysely's migrations are given the connection only). */
export interface PortableMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** An integer key the database numbers, never reusing one: SQLite's autoincrement, PostgreSQL's identity. */
export const idColumn =
  (dialect: Dialect) =>
  (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

/** Bytes (Brotli-compressed HTML): SQLite's blob, PostgreSQL's bytea. */
export const bytesType = (dialect: Dialect) => (dialect === 'postgres' ? 'bytea' : 'blob');

/**
 * The migrations' columns on PostgreSQL, made to behave as SQLite's: `integer` becomes `bigint` (SQLite's
 * integers are 64-bit; milliseconds of quiet time pass 2^31 after 25 days), and `text` compares by its
 * bytes, as SQLite's does (`collate "C"`), whatever the database's locale: ISO times, URLs and keys sort
 * the same on both, and a range of keys means the same.
 */
export class SqliteLikeColumns implements KyselyPlugin {
  private readonly transformer = new (class extends OperationNodeTransformer {
    protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
      const column = super.transformColumnDefinition(node);
      const type = DataTypeNode.is(column.dataType) ? column.dataType.dataType : null;
      if (type === 'integer') return { ...column, dataType: DataTypeNode.create('bigint') };
      if (type === 'text') return { ...column, dataType: RawNode.createWithSql('text collate "C"') };
      return column;
    }
  })();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
