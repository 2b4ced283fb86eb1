/**
 * schemaguard's history table on SQLite (`schemaguard_migrations` in the `main` database),
 * with times as ISO 8601 text in UTC, and the history tables of the other tools as they keep
 * them on SQLite (their columns mean what they mean on PostgreSQL and MySQL).
 */
import { SchemaguardError, errorMessage } from '../../errors.js';
import type { MigrationHistory, ReadHistoriesOptions } from '../../migrations/history.js';
import type { Connection, HistoryStore, HistoryTableName, RunEntry } from '../dialect.js';
import { NOT_ROLLED_BACK, readRunRecords, readStatementsDone } from '../history-rows.js';
import {
  type ToolHistoryRow,
  NUMERIC_BOOLEANS_AS_WRITTEN,
  type ToolTableSql,
  appliedMigrationOf,
  defaultToolTableNames,
  toolHistorySql,
  toolHistoryTables,
  toolOfTable,
} from '../tool-history-tables.js';
import { quoteIdent } from './tokens.js';
import { sqliteToolTableSql } from './tool-tables.js';

/** The current time as the history writes it: `2026-12-06T18:40:00.123Z`. */
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/**
 * A time as ISO 8601 UTC with milliseconds, however the tools store it on SQLite: text
 * (`2026-12-06 18:40:00`, `2026-12-06T18:40:00.123Z`, Django's microseconds), or a number of
 * milliseconds (a JavaScript `Date` bound by knex's and Prisma's drivers) or of seconds since 1970.
 */
function iso(value: string): string {
  return `CASE WHEN ${value} IS NULL THEN NULL
    WHEN typeof(${value}) IN ('integer', 'real') THEN strftime('%Y-%m-%dT%H:%M:%fZ', CASE WHEN ${value} > 100000000000 THEN ${value} / 1000.0 ELSE ${value} END, 'unixepoch')
    ELSE strftime('%Y-%m-%dT%H:%M:%fZ', ${value}) END`;
}

/** How SQLite spells the SQL of the other tools' history tables. */
const TOOL_TABLE_SQL: ToolTableSql = {
  iso,
  // schemaguard writes its times as ISO 8601 text already.
  ownAppliedAt: (value) => value,
  quote: quoteIdent,
  concat: (parts) => parts.join(' || '),
  textType: 'TEXT',
  truth: '1',
  ...NUMERIC_BOOLEANS_AS_WRITTEN,
};

const TOOLS = toolHistoryTables(TOOL_TABLE_SQL);
const DEFAULT_TABLES = defaultToolTableNames(TOOLS);

/** A table of the database with its columns (lower case, in order). */
interface FoundTable {
  readonly name: string;
  readonly columns: readonly string[];
}

/** The table the config's `migrations.table` names, without `main.` and quotes. */
function bareName(name: string): string {
  const bare = name.replace(/^(?:"main"|main)\./i, '');
  return /^".*"$/.test(bare) ? bare.slice(1, -1).replace(/""/g, '"') : bare;
}

/** The candidate history tables: the tools' default names, or the one table named. */
async function findTables(connection: Connection, named: string | undefined): Promise<FoundTable[]> {
  const wanted = named === undefined ? DEFAULT_TABLES : [bareName(named).toLowerCase()];
  const rows = await connection.query<{ name: string; column_name: string }>(
    `SELECT s.name AS name, c.name AS column_name FROM sqlite_schema AS s, pragma_table_info(s.name) AS c
      WHERE s.type = 'table' AND lower(s.name) IN (${wanted.map(() => '?').join(', ')})
      ORDER BY s.name, c.cid`,
    wanted,
  );
  const tables = new Map<string, { name: string; columns: string[] }>();
  for (const row of rows) {
    const table = tables.get(row.name) ?? { name: row.name, columns: [] };
    table.columns.push(row.column_name.toLowerCase());
    tables.set(row.name, table);
  }
  return [...tables.values()];
}

/** schemaguard's history table, quoted (SQLite's only namespace is the connected file). */
function historyTable(name: Partial<HistoryTableName> = {}): string {
  return quoteIdent(name.table ?? 'schemaguard_migrations');
}

/** Idempotent DDL of schemaguard's history table: PostgreSQL's columns in SQLite's types. */
export function historyTableDdl(name: Partial<HistoryTableName> = {}): string {
  return `CREATE TABLE IF NOT EXISTS ${historyTable(name)} (
  version TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL DEFAULT (${NOW}),
  execution_ms INTEGER,
  applied_by TEXT,
  git_commit TEXT,
  success INTEGER NOT NULL,
  statements_done INTEGER NOT NULL DEFAULT 0,
  skipped_verification INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL DEFAULT 'migration' CHECK (kind IN ('migration', 'rollback')),
  rolled_back_at TEXT
);`;
}

/** The history tables present (every tool's found), read in one read-only transaction; [] when there is none. */
async function readHistories(connection: Connection, options: ReadHistoriesOptions = {}): Promise<MigrationHistory[]> {
  return connection.transaction(
    async (tx) => {
      const histories: MigrationHistory[] = [];
      for (const table of await findTables(tx, options.table)) {
        const tool = toolOfTable(TOOLS, table, options);
        if (!tool) continue;
        let rows: ToolHistoryRow[];
        try {
          rows = await tx.query<ToolHistoryRow>(toolHistorySql(tool, quoteIdent(table.name), TOOL_TABLE_SQL));
        } catch (error) {
          throw new SchemaguardError(`Cannot read the migration history table ${table.name}: ${errorMessage(error)}.`, {
            cause: error,
          });
        }
        histories.push({
          tool: tool.tool,
          table: table.name,
          applied: rows.map((row) => appliedMigrationOf(tool.tool, row)),
        });
      }
      return histories;
    },
    { readOnly: true },
  );
}

/** schemaguard's history table on SQLite. */
export const sqliteHistory: HistoryStore = {
  table: historyTable,
  createSql: historyTableDdl,
  readRuns: readRunRecords,
  readProgress: readStatementsDone,
  async record(connection, table, entry: RunEntry) {
    await connection.query(
      `INSERT INTO ${table} (version, name, checksum, applied_by, git_commit, success, statements_done, execution_ms, skipped_verification, kind)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (version) DO UPDATE SET name = excluded.name, checksum = excluded.checksum, success = excluded.success,
         statements_done = excluded.statements_done, execution_ms = excluded.execution_ms, applied_by = excluded.applied_by,
         git_commit = excluded.git_commit, skipped_verification = excluded.skipped_verification, kind = excluded.kind,
         rolled_back_at = NULL, applied_at = ${NOW}`,
      [
        entry.version,
        entry.name,
        entry.checksum,
        entry.appliedBy,
        entry.gitCommit ?? null,
        entry.success ? 1 : 0,
        entry.statementsDone,
        entry.executionMs ?? null,
        entry.skippedVerification ? 1 : 0,
        entry.kind,
      ],
    );
  },
  async recordProgress(connection, table, version, done) {
    await connection.query(`UPDATE ${table} SET statements_done = ? WHERE version = ?`, [done, version]);
  },
  async recordSuccess(connection, table, version, ms) {
    await connection.query(`UPDATE ${table} SET success = 1, execution_ms = ? WHERE version = ?`, [ms, version]);
  },
  async markRolledBack(connection, table, versions) {
    if (versions.length === 0) return;
    await connection.query(
      `UPDATE ${table} SET rolled_back_at = ${NOW} WHERE ${NOT_ROLLED_BACK} AND version IN (${versions.map(() => '?').join(', ')})`,
      [...versions],
    );
  },
  async setChecksum(connection, table, version, checksum) {
    await connection.query(`UPDATE ${table} SET checksum = ? WHERE ${NOT_ROLLED_BACK} AND version = ?`, [
      checksum,
      version,
    ]);
  },
  readHistories,
  toolTableSql: sqliteToolTableSql,
};
