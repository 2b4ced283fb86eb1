import { SchemaguardError, errorMessage } from '../../errors.js';
import type { Schema, TableData, TableDef } from '../../schema/model.js';
import type { ReadDataOptions } from '../dialect.js';
import type { PostgresClient } from './connection.js';
import { qualify, quoteIdent } from './quote.js';

/** Types whose values are exact JSON numbers or booleans; every other value is read as text. */
const NATIVE_JSON_TYPES = new Set(['smallint', 'integer', 'boolean']);

/**
 * Order of rows: the primary key, or else every column as text (some types have no
 * ordering), so the sample is deterministic.
 */
function orderBy(table: TableDef, columns: readonly string[]): string {
  const pk = table.constraints?.find((c) => c.type === 'primary key');
  if (pk?.type === 'primary key') return pk.columns.map(quoteIdent).join(', ');
  return columns.map((c) => `${quoteIdent(c)}::text COLLATE "C"`).join(', ');
}

/**
 * Reads up to `limit` rows of each named table in one read-only transaction.
 * Generated columns are left out: they cannot be inserted.
 */
export async function readTableData(
  client: PostgresClient,
  schema: Schema,
  options: ReadDataOptions,
): Promise<Record<string, TableData>> {
  const wanted = new Set(options.tables);
  const data: Record<string, TableData> = {};
  await client.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    for (const table of schema.tables) {
      const key = `${table.schema}.${table.name}`;
      if (!wanted.has(key) || table.partitionBy) continue;
      const columns = table.columns.filter((c) => c.generated === undefined);
      const select = columns.map((c) =>
        NATIVE_JSON_TYPES.has(c.type) ? quoteIdent(c.name) : `${quoteIdent(c.name)}::text`,
      );
      const sql = `SELECT ${select.join(', ')} FROM ONLY ${qualify(table.schema, table.name)} ORDER BY ${orderBy(
        table,
        columns.map((c) => c.name),
      )} LIMIT ${Math.max(0, Math.floor(options.limit))}`;
      const rows = await client.query<Record<string, unknown>>(sql).catch((error: unknown) => {
        throw new SchemaguardError(`Cannot read the rows of ${key}: ${errorMessage(error)}.`, { cause: error });
      });
      data[key] = { columns: columns.map((c) => c.name), rows: rows.map((r) => columns.map((c) => r[c.name] ?? null)) };
    }
    await client.exec('COMMIT');
  } catch (error) {
    await client.exec('ROLLBACK').catch(() => {});
    throw error;
  }
  return data;
}
