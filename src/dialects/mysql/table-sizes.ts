/**
 * The estimated size of each table of the connected MySQL database, from InnoDB's statistics as
 * `information_schema.TABLES` shows them (`ANALYZE TABLE` refreshes them).
 */
import type { Connection } from '../dialect.js';
import type { TableSize, TableSizes } from '../../plan/table-size.js';
import { NAMESPACE } from './introspect.js';

const SIZES = `SELECT TABLE_NAME AS name, TABLE_ROWS AS estimatedRows, DATA_LENGTH + INDEX_LENGTH AS bytes
  FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`;

/** A statistic as a number; undefined when the server has none (NULL). */
const statistic = (value: unknown): number | undefined =>
  value === null || value === undefined ? undefined : Number(value);

/** Every table's estimated rows and bytes (data and indexes), by its path (`db.name`), in one query. */
export async function mysqlTableSizes(connection: Connection): Promise<TableSizes> {
  const rows = await connection.query<{ name: string; estimatedRows: unknown; bytes: unknown }>(SIZES);
  const sizes: Record<string, TableSize> = {};
  for (const row of rows) {
    const [estimatedRows, bytes] = [statistic(row.estimatedRows), statistic(row.bytes)];
    sizes[`${NAMESPACE}.${row.name}`] = {
      ...(estimatedRows !== undefined ? { rows: estimatedRows } : {}),
      ...(bytes !== undefined ? { bytes } : {}),
    };
  }
  return sizes;
}
