/**
 * schemaguard's history table on MySQL and MariaDB (in the connected database), and the
 * history tables of the other tools as they keep them there.
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
import { quoteIdent } from './introspect.js';

/**
 * A `TIMESTAMP` or `DATETIME` as ISO 8601 UTC with milliseconds, as PostgreSQL's history
 * reads it. The read runs with the session's time zone set to UTC (see {@link readHistories}),
 * so that a `TIMESTAMP` is shown in UTC; a `DATETIME` is taken as written (the tools write UTC).
 */
function iso(value: string): string {
  return `CONCAT(DATE_FORMAT(${value}, '%Y-%m-%dT%H:%i:%s.'), LPAD(FLOOR(MICROSECOND(${value}) / 1000), 3, '0'), 'Z')`;
}

/** How MySQL spells the SQL of the other tools' history tables. */
const TOOL_TABLE_SQL: ToolTableSql = {
  iso,
  ownAppliedAt: iso,
  quote: quoteIdent,
  concat: (parts) => `CONCAT(${parts.join(', ')})`,
  textType: 'CHAR',
  truth: 'TRUE',
  ...NUMERIC_BOOLEANS_AS_WRITTEN,
};

const TOOLS = toolHistoryTables(TOOL_TABLE_SQL);
const DEFAULT_TABLES = defaultToolTableNames(TOOLS);

/** A base table of the connected database (or of the database `options.table` names) with its columns. */
interface FoundTable {
  readonly database: string;
  readonly name: string;
  /** Lower case, in order. */
  readonly columns: readonly string[];
}

/** `table` or `database.table`, as the config's `migrations.table` names it, without quotes. */
function splitName(name: string): { database?: string; table: string } {
  const parts = name.replace(/`/g, '').split('.');
  return parts.length === 2 ? { database: parts[0], table: parts[1] as string } : { table: name.replace(/`/g, '') };
}

/** The candidate history tables: the tools' default names in the connected database, or the one table named. */
async function findTables(connection: Connection, named: string | undefined): Promise<FoundTable[]> {
  const wanted = named === undefined ? undefined : splitName(named);
  const rows = await connection.query<{ db: string; name: string; column_name: string }>(
    `SELECT c.TABLE_SCHEMA AS db, c.TABLE_NAME AS name, c.COLUMN_NAME AS column_name
       FROM information_schema.COLUMNS c
       JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
      WHERE t.TABLE_TYPE = 'BASE TABLE' AND c.TABLE_SCHEMA = COALESCE(?, DATABASE())
        AND ${wanted ? 'c.TABLE_NAME = ?' : `LOWER(c.TABLE_NAME) IN (${DEFAULT_TABLES.map(() => '?').join(', ')})`}
      ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
    [wanted?.database ?? null, ...(wanted ? [wanted.table] : DEFAULT_TABLES)],
  );
  const tables = new Map<string, { database: string; name: string; columns: string[] }>();
  for (const row of rows) {
    const table = tables.get(row.name) ?? { database: row.db, name: row.name, columns: [] };
    table.columns.push(row.column_name.toLowerCase());
    tables.set(row.name, table);
  }
  return [...tables.values()];
}

function historyError(error: unknown, table: string): SchemaguardError {
  const code = (error as { code?: string }).code;
  const message =
    code === 'ER_TABLEACCESS_DENIED_ERROR' || code === 'ER_COLUMNACCESS_DENIED_ERROR'
      ? `Permission denied reading the migration history table ${table}: grant SELECT on it to this user, or connect as one that has it.`
      : `Cannot read the migration history table ${table}: ${errorMessage(error)}.`;
  return new SchemaguardError(message, { cause: error });
}

/** The table as history records and messages name it: bare in the connected database, else `database.table`. */
function shownTable(table: FoundTable, named: string | undefined): string {
  return named !== undefined && splitName(named).database ? `${table.database}.${table.name}` : table.name;
}

/**
 * The history tables present in the connected database (all tools found), read in one
 * read-only transaction with the session's time zone at UTC; [] when there is none. A MySQL
 * session cannot read at another session's snapshot: `options.snapshot` is never given here.
 */
async function readHistories(connection: Connection, options: ReadHistoriesOptions = {}): Promise<MigrationHistory[]> {
  const [zone] = await connection.query<{ zone: string }>('SELECT @@session.time_zone AS zone');
  await connection.exec("SET SESSION time_zone = '+00:00'");
  try {
    return await connection.transaction(
      async (tx) => {
        const histories: MigrationHistory[] = [];
        for (const table of await findTables(tx, options.table)) {
          const tool = toolOfTable(TOOLS, table, options);
          if (!tool) continue;
          const quoted = `${quoteIdent(table.database)}.${quoteIdent(table.name)}`;
          let rows: ToolHistoryRow[];
          try {
            rows = await tx.query<ToolHistoryRow>(toolHistorySql(tool, quoted, TOOL_TABLE_SQL));
          } catch (error) {
            throw historyError(error, table.name);
          }
          histories.push({
            tool: tool.tool,
            table: shownTable(table, options.table),
            applied: rows.map((row) => appliedMigrationOf(tool.tool, row)),
          });
        }
        return histories;
      },
      { readOnly: true },
    );
  } finally {
    await connection.query('SET SESSION time_zone = ?', [zone?.zone ?? 'SYSTEM']).catch(() => {});
  }
}

/** schemaguard's history table, quoted: `` `schemaguard_migrations` `` in the connected database by default. */
function historyTable(name: Partial<HistoryTableName> = {}): string {
  const table = quoteIdent(name.table ?? 'schemaguard_migrations');
  return name.schema ? `${quoteIdent(name.schema)}.${table}` : table;
}

/**
 * schemaguard's own history table: idempotent DDL. The columns are PostgreSQL's, in
 * MySQL's types; versions compare byte for byte (`utf8mb4_bin`), as PostgreSQL's text does.
 */
export function historyTableDdl(name: Partial<HistoryTableName> = {}): string {
  return `CREATE TABLE IF NOT EXISTS ${historyTable(name)} (
  version varchar(255) NOT NULL PRIMARY KEY,
  name varchar(1000) NOT NULL,
  checksum varchar(128) NOT NULL,
  applied_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  execution_ms int NULL,
  applied_by varchar(1000) NULL,
  git_commit varchar(64) NULL,
  success boolean NOT NULL,
  statements_done int NOT NULL DEFAULT 0,
  skipped_verification boolean NOT NULL DEFAULT false,
  kind varchar(16) NOT NULL DEFAULT 'migration' CHECK (kind IN ('migration', 'rollback')),
  rolled_back_at timestamp(3) NULL DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;`;
}

/** schemaguard's history table on MySQL, and the other tools' tables as MySQL keeps them. */
export function mysqlHistory(toolTableSql: HistoryStore['toolTableSql']): HistoryStore {
  return {
    table: historyTable,
    createSql: historyTableDdl,
    readRuns: readRunRecords,
    readProgress: readStatementsDone,
    async record(connection, table, entry: RunEntry) {
      await connection.query(
        `INSERT INTO ${table} (version, name, checksum, applied_by, git_commit, success, statements_done, execution_ms, skipped_verification, kind)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE name = VALUES(name), checksum = VALUES(checksum), success = VALUES(success),
           statements_done = VALUES(statements_done), execution_ms = VALUES(execution_ms), applied_by = VALUES(applied_by),
           git_commit = VALUES(git_commit), skipped_verification = VALUES(skipped_verification), kind = VALUES(kind),
           rolled_back_at = NULL, applied_at = CURRENT_TIMESTAMP(3)`,
        [
          entry.version,
          entry.name,
          entry.checksum,
          entry.appliedBy,
          entry.gitCommit ?? null,
          entry.success,
          entry.statementsDone,
          entry.executionMs ?? null,
          entry.skippedVerification,
          entry.kind,
        ],
      );
    },
    async recordProgress(connection, table, version, done) {
      await connection.query(`UPDATE ${table} SET statements_done = ? WHERE version = ?`, [done, version]);
    },
    async recordSuccess(connection, table, version, ms) {
      await connection.query(`UPDATE ${table} SET success = TRUE, execution_ms = ? WHERE version = ?`, [ms, version]);
    },
    async markRolledBack(connection, table, versions) {
      if (versions.length === 0) return;
      await connection.query(
        `UPDATE ${table} SET rolled_back_at = CURRENT_TIMESTAMP(3) WHERE ${NOT_ROLLED_BACK} AND version IN (${versions
          .map(() => '?')
          .join(', ')})`,
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
    toolTableSql,
  };
}
