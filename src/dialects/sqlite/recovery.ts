/**
 * What an interrupted SQLite migration leaves. Every SQLite statement is atomic, and the runner
 * runs each migration in one transaction with its history row (or, for a migration that cannot
 * run in one, each statement in a small transaction with its progress): a killed run leaves
 * nothing half-done, and SQLite's journal rolls an unfinished transaction back when the file is
 * next opened. What can happen is that a statement that runs alone (a script with its own
 * `BEGIN … COMMIT`) completed and the run stopped before it recorded it: run again, a `CREATE
 * TABLE` would fail. For the statements whose effect the catalog shows, it says so.
 */
import type { Connection, Recovery } from '../dialect.js';

/** An identifier as written: bare, or quoted with "", [], or ``. */
const NAME = '("(?:[^"]|"")+"|\\[[^\\]]+\\]|`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_$]*)';

/** An identifier without its quotes. */
function unquoted(name: string): string {
  if (name.startsWith('"')) return name.slice(1, -1).replace(/""/g, '"');
  if (name.startsWith('`')) return name.slice(1, -1).replace(/``/g, '`');
  if (name.startsWith('[')) return name.slice(1, -1);
  return name;
}

const SCHEMA_OBJECT = 'SELECT 1 FROM sqlite_schema WHERE type = ? AND name = ? COLLATE NOCASE';

/** The statements whose completion the catalog shows: what to look for, and whether its presence means done. */
const CHECKS: readonly {
  readonly pattern: RegExp;
  readonly present: boolean;
  readonly sql: string;
  readonly params: (names: string[]) => string[];
  readonly evidence: (names: string[]) => string;
}[] = [
  {
    pattern: new RegExp(`^CREATE\\s+(?:STRICT\\s+)?TABLE\\s+(?:main\\.)?${NAME}\\s*\\(`, 'i'),
    present: true,
    sql: SCHEMA_OBJECT,
    params: ([table]) => ['table', table as string],
    evidence: ([table]) => `the table ${table} exists`,
  },
  {
    pattern: new RegExp(`^DROP\\s+TABLE\\s+(?:main\\.)?${NAME}\\s*$`, 'i'),
    present: false,
    sql: SCHEMA_OBJECT,
    params: ([table]) => ['table', table as string],
    evidence: ([table]) => `the table ${table} is gone`,
  },
  {
    pattern: new RegExp(`^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:main\\.)?${NAME}\\s+ON\\b`, 'i'),
    present: true,
    sql: SCHEMA_OBJECT,
    params: ([index]) => ['index', index as string],
    evidence: ([index]) => `the index ${index} exists`,
  },
  {
    pattern: new RegExp(`^DROP\\s+INDEX\\s+(?:main\\.)?${NAME}\\s*$`, 'i'),
    present: false,
    sql: SCHEMA_OBJECT,
    params: ([index]) => ['index', index as string],
    evidence: ([index]) => `the index ${index} is gone`,
  },
  {
    pattern: new RegExp(`^ALTER\\s+TABLE\\s+(?:main\\.)?${NAME}\\s+ADD\\s+(?:COLUMN\\s+)?${NAME}`, 'i'),
    present: true,
    sql: 'SELECT 1 FROM pragma_table_xinfo(?) WHERE name = ? COLLATE NOCASE',
    params: ([table, column]) => [table as string, column as string],
    evidence: ([table, column]) => `the column ${table}.${column} exists`,
  },
];

/**
 * Whether a statement an interrupted run may have been running completed: for a `CREATE TABLE`,
 * `DROP TABLE`, `CREATE INDEX`, `DROP INDEX` or `ALTER TABLE … ADD COLUMN`, the catalog says; any
 * other statement runs again (being atomic, it left nothing if it did not complete).
 */
export async function sqliteRecovery(connection: Connection, sql: string): Promise<Recovery> {
  const statement = sql.trim();
  for (const check of CHECKS) {
    const match = check.pattern.exec(statement);
    if (!match) continue;
    const names = match.slice(1).map(unquoted);
    const rows = await connection.query(check.sql, check.params(names));
    return rows.length > 0 === check.present
      ? { kind: 'completed', evidence: check.evidence(names) }
      : { kind: 'rerun' };
  }
  return { kind: 'rerun' };
}
