/**
 * The estimated size of each table of the connected PostgreSQL database, from the planner's
 * statistics in `pg_class` (`ANALYZE` and autovacuum refresh them).
 */
import type { Connection } from '../dialect.js';
import type { TableSize, TableSizes } from '../../plan/table-size.js';

// reltuples is -1 for a table never analyzed or vacuumed (PostgreSQL 14+): its rows are unknown.
// The bytes are the pages the same statistics count, of the table, its TOAST table and its
// indexes: read from pg_class alone, so that no lock is taken (pg_total_relation_size would
// wait behind a migration holding the table's ACCESS EXCLUSIVE lock).
const SIZES = `SELECT n.nspname AS schema, c.relname AS name, c.reltuples::float8 AS estimated_rows,
    (c.relpages::float8 + COALESCE(t.relpages, 0)
      + COALESCE((SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                   WHERE x.indrelid = c.oid), 0))
      * current_setting('block_size')::float8 AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))`;

/**
 * Every table's estimated rows and bytes (with indexes and TOAST), by its path (`schema.name`),
 * in one query that takes no lock; with `schemas`, the tables of these schemas alone.
 */
export async function postgresTableSizes(connection: Connection, schemas?: readonly string[]): Promise<TableSizes> {
  const rows = await connection.query<{ schema: string; name: string; estimated_rows: unknown; bytes: unknown }>(
    SIZES,
    [schemas ? [...schemas] : null],
  );
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
