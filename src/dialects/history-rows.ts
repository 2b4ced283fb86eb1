/**
 * What schemaguard's history table holds on every engine with `?` placeholders (MySQL,
 * SQLite): the same columns, so the same reads.
 */
import type { Connection, RunRecord } from './dialect.js';

/** schemaguard's rows of migrations (not rollback runs) that no rollback has undone. */
export const NOT_ROLLED_BACK = "kind = 'migration' AND rolled_back_at IS NULL";

/** The rows of migrations not rolled back, by version (`success` read from 0/1). */
export async function readRunRecords(connection: Connection, table: string): Promise<Map<string, RunRecord>> {
  const rows = await connection.query<{ version: string; checksum: string; success: number; statements_done: number }>(
    `SELECT version, checksum, success, statements_done FROM ${table} WHERE ${NOT_ROLLED_BACK}`,
  );
  return new Map(
    rows.map((r) => [
      r.version,
      {
        version: r.version,
        checksum: r.checksum,
        success: Number(r.success) !== 0,
        statementsDone: Number(r.statements_done),
      },
    ]),
  );
}

/** How many statements the row of a version records as done; undefined when it has no row. */
export async function readStatementsDone(
  connection: Connection,
  table: string,
  version: string,
): Promise<number | undefined> {
  const [row] = await connection.query<{ statements_done: number }>(
    `SELECT statements_done FROM ${table} WHERE version = ?`,
    [version],
  );
  return row === undefined ? undefined : Number(row.statements_done);
}
