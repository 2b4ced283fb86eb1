/**
 * What an interrupted MySQL migration leaves. MySQL 8 and MariaDB 10.6+ run each DDL
 * statement atomically (InnoDB's atomic DDL): a statement that was interrupted either
 * completed or left nothing, and the server itself removes the temporary copy of a table
 * (`#sql-…`) an interrupted `ALTER TABLE` was building. There is no half-built index to
 * drop, as PostgreSQL's `CREATE INDEX CONCURRENTLY` leaves. What can happen is that a
 * statement completed and the run stopped before it recorded it: run again, it would fail
 * (the table exists). For the statements whose effect can be read back, the catalog says so.
 */
import type { Connection, Recovery } from '../dialect.js';

/** An identifier as written: bare or between backquotes. */
const NAME = '(`(?:[^`]|``)+`|[A-Za-z0-9_$]+)';

/** An identifier without its backquotes. */
function unquoted(name: string): string {
  return name.startsWith('`') ? name.slice(1, -1).replace(/``/g, '`') : name;
}

/** The statements whose completion the catalog shows: what to look for, and whether its presence means done. */
const CHECKS: readonly {
  readonly pattern: RegExp;
  readonly present: boolean;
  readonly sql: string;
  readonly evidence: (names: string[]) => string;
}[] = [
  {
    pattern: new RegExp(`^CREATE\\s+TABLE\\s+${NAME}\\s*\\(`, 'i'),
    present: true,
    sql: 'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    evidence: ([table]) => `the table ${table} exists`,
  },
  {
    pattern: new RegExp(`^DROP\\s+TABLE\\s+${NAME}\\s*$`, 'i'),
    present: false,
    sql: 'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    evidence: ([table]) => `the table ${table} is gone`,
  },
  {
    pattern: new RegExp(`^CREATE\\s+(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX\\s+${NAME}\\s+ON\\s+${NAME}`, 'i'),
    present: true,
    sql: 'SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = ? AND TABLE_NAME = ?',
    evidence: ([index, table]) => `the index ${index} on ${table} exists`,
  },
  {
    pattern: new RegExp(`^DROP\\s+INDEX\\s+${NAME}\\s+ON\\s+${NAME}\\s*$`, 'i'),
    present: false,
    sql: 'SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = ? AND TABLE_NAME = ?',
    evidence: ([index, table]) => `the index ${index} on ${table} is gone`,
  },
  {
    pattern: new RegExp(`^ALTER\\s+TABLE\\s+${NAME}\\s+ADD\\s+(?:COLUMN\\s+)?${NAME}\\s+[A-Za-z][^,]*$`, 'i'),
    present: true,
    sql: 'SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?',
    evidence: ([table, column]) => `the column ${table}.${column} exists`,
  },
];

/**
 * Whether a statement an interrupted run may have been running completed: for a
 * `CREATE TABLE`, `DROP TABLE`, `CREATE INDEX`, `DROP INDEX` or single `ALTER TABLE … ADD
 * COLUMN`, the catalog says; any other statement runs again (atomic DDL left nothing of it
 * if it did not complete).
 */
export async function mysqlRecovery(connection: Connection, sql: string): Promise<Recovery> {
  const statement = sql.trim();
  for (const check of CHECKS) {
    const match = check.pattern.exec(statement);
    if (!match) continue;
    const names = match.slice(1).map(unquoted);
    // An ADD of a key, index or constraint is not a column.
    if (
      check.present &&
      /^ALTER/i.test(statement) &&
      /^(?:INDEX|KEY|UNIQUE|PRIMARY|CONSTRAINT|FOREIGN|FULLTEXT|SPATIAL|CHECK)$/i.test(names[1] ?? '')
    ) {
      return { kind: 'rerun' };
    }
    const rows = await connection.query(check.sql, names);
    return rows.length > 0 === check.present
      ? { kind: 'completed', evidence: check.evidence(names) }
      : { kind: 'rerun' };
  }
  return { kind: 'rerun' };
}
