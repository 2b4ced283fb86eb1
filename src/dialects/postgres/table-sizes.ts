/**
 * The estimated size of each table of the connected PostgreSQL database, from the planner's
 * statistics in `pg_class` (`ANALYZE` and autovacuum refresh them).
 */
import type { Connection } from '../dialect.js';
import type { TableSize, TableSizes } from '../../plan/table-size.js';

// reltuples is -1 for a table never analyzed or vacuumed (PostgreSQL 14+): its rows are unknown.
// pg_total_relation_size counts the table with its indexes and TOAST data.
const SIZES = `SELECT n.nspname AS schema, c.relname AS name, c.reltuples::float8 AS estimated_rows,
    pg_total_relation_size(c.oid)::float8 AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;

/** Every table's estimated rows and bytes (with indexes and TOAST), by its path (`schema.name`), in one query. */
export async function postgresTableSizes(connection: Connection): Promise<TableSizes> {
  const rows = await connection.query<{ schema: string; name: string; estimated_rows: unknown; bytes: unknown }>(SIZES);
  const sizes: Record<string, TableSize> = {};
  for (const row of rows) {
    const estimatedRows = Number(row.estimated_rows);
    const bytes = row.bytes === null ? undefined : Number(row.bytes);
    sizes[`${row.schema}.${row.name}`] = {
      ...(estimatedRows >= 0 ? { rows: estimatedRows } : {}),
      ...(bytes !== undefined ? { bytes } : {}),
    };
  }
  return sizes;
}
