/**
 * schemaguard's history table on SQLite (`schemaguard_migrations` in the `main` database),
 * with times as ISO 8601 text in UTC, and the history tables of the other tools as they keep
 * them on SQLite (their columns mean what they mean on PostgreSQL and MySQL).
 */
import { SchemaguardError, errorMessage } from '../../errors.js';
import type {
  AppliedMigration,
  HistoryTool,
  MigrationHistory,
  ReadHistoriesOptions,
} from '../../migrations/history.js';
import type { Connection, HistoryStore, HistoryTableName, RunEntry } from '../dialect.js';
import { NOT_ROLLED_BACK, readRunRecords, readStatementsDone } from '../history-rows.js';
import { quoteIdent } from './tokens.js';
import { sqliteToolTableSql } from './tool-tables.js';

/** The current time as the history writes it: `2026-12-06T18:40:00.123Z`. */
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/** How one tool's history table is recognised and read. */
interface ToolTable {
  readonly tool: HistoryTool;
  /** The table name the tool uses unless configured otherwise (matched without regard to case). */
  readonly table: string;
  /** Columns the table must have (lower case: SQLite's column names are not case-sensitive). */
  readonly columns: readonly string[];
  /** Whether it may have no other column: for names a user's own table could have. */
  readonly exact: boolean;
  /** SQL over the table aliased `h`; `success` is a truth value, the others text. */
  readonly select: {
    readonly version: string;
    readonly name?: string;
    readonly checksum?: string;
    readonly appliedAt?: string;
    readonly appliedBy?: string;
    readonly success?: string;
    readonly statementsDone?: string;
  };
  /** A condition on the rows that count, given the quoted table. */
  readonly where?: (table: string) => string;
  readonly orderBy: string;
}

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

/** Flyway rows that do not stand for an applied migration, or that a later undo or repair cancelled. */
function flywayApplied(table: string): string {
  return `h.type NOT IN ('SCHEMA', 'DELETE') AND h.type NOT LIKE 'UNDO%'
    AND NOT EXISTS (SELECT 1 FROM ${table} AS later WHERE later.version = h.version
      AND later.installed_rank > h.installed_rank
      AND (later.type = 'DELETE' OR (later.type LIKE 'UNDO%' AND later.success <> 0)))`;
}

/** The tools in the order a table is tried against them (the columns mean what they mean on PostgreSQL and MySQL). */
const TOOLS: readonly ToolTable[] = [
  {
    tool: 'schemaguard',
    table: 'schemaguard_migrations',
    columns: ['version', 'name', 'checksum', 'applied_at', 'success', 'statements_done', 'kind', 'rolled_back_at'],
    exact: false,
    select: {
      version: 'h.version',
      name: 'h.name',
      checksum: 'h.checksum',
      appliedAt: 'h.applied_at',
      appliedBy: 'h.applied_by',
      success: 'h.success <> 0',
      statementsDone: 'h.statements_done',
    },
    // Rollback runs have rows of their own; migrations a rollback undid count as not applied.
    where: () => "h.kind = 'migration' AND h.rolled_back_at IS NULL",
    orderBy: 'h.applied_at, h.version',
  },
  {
    tool: 'prisma',
    table: '_prisma_migrations',
    columns: [
      'id',
      'checksum',
      'finished_at',
      'migration_name',
      'logs',
      'rolled_back_at',
      'started_at',
      'applied_steps_count',
    ],
    exact: false,
    select: {
      version: 'h.migration_name',
      checksum: 'h.checksum',
      appliedAt: iso('coalesce(h.finished_at, h.started_at)'),
      success: 'h.finished_at IS NOT NULL',
    },
    where: () => 'h.rolled_back_at IS NULL',
    orderBy: 'h.started_at, h.migration_name',
  },
  {
    // drizzle-orm's SQLite migrator records the journal's `when` (milliseconds) as created_at.
    tool: 'drizzle',
    table: '__drizzle_migrations',
    columns: ['id', 'hash', 'created_at'],
    exact: false,
    select: { version: 'h.created_at', checksum: 'h.hash' },
    orderBy: 'h.id',
  },
  {
    tool: 'flyway',
    table: 'flyway_schema_history',
    columns: [
      'installed_rank',
      'version',
      'description',
      'type',
      'script',
      'checksum',
      'installed_by',
      'installed_on',
      'execution_time',
      'success',
    ],
    exact: false,
    select: {
      version: 'h.version',
      name: 'h.description',
      checksum: 'h.checksum',
      appliedAt: iso('h.installed_on'),
      appliedBy: 'h.installed_by',
      success: 'h.success <> 0',
    },
    where: flywayApplied,
    orderBy: 'h.installed_rank',
  },
  {
    tool: 'golang-migrate',
    table: 'schema_migrations',
    columns: ['version', 'dirty'],
    exact: true,
    select: { version: 'h.version', success: 'h.dirty = 0' },
    orderBy: 'h.version',
  },
  {
    tool: 'dbmate',
    table: 'schema_migrations',
    columns: ['version'],
    exact: true,
    select: { version: 'h.version' },
    orderBy: 'h.version',
  },
  {
    tool: 'knex',
    table: 'knex_migrations',
    columns: ['id', 'name', 'batch', 'migration_time'],
    exact: false,
    select: { version: 'h.name', appliedAt: iso('h.migration_time') },
    orderBy: 'h.id',
  },
  {
    tool: 'kysely',
    table: 'kysely_migration',
    columns: ['name', 'timestamp'],
    exact: true,
    select: { version: 'h.name', appliedAt: iso('h."timestamp"') },
    orderBy: 'h."timestamp", h.name',
  },
  {
    tool: 'typeorm',
    table: 'migrations',
    columns: ['id', 'timestamp', 'name'],
    exact: true,
    select: { version: 'h."timestamp"', name: 'h.name' },
    orderBy: 'h.id',
  },
  {
    // Django's MigrationRecorder: a row is an applied migration (unapplying deletes it).
    tool: 'django',
    table: 'django_migrations',
    columns: ['id', 'app', 'name', 'applied'],
    exact: false,
    select: { version: "h.app || '.' || h.name", name: 'h.name', appliedAt: iso('h.applied') },
    orderBy: 'h.id',
  },
  {
    // sequelize-cli (umzug's SequelizeStorage): one row per applied file, in name order.
    tool: 'sequelize',
    table: 'SequelizeMeta',
    columns: ['name'],
    exact: true,
    select: { version: 'h.name' },
    orderBy: 'h.name',
  },
  {
    // A changeset is `filename::id::author`, as Liquibase names it in its messages.
    tool: 'liquibase',
    table: 'DATABASECHANGELOG',
    columns: ['id', 'author', 'filename', 'dateexecuted', 'orderexecuted', 'exectype', 'md5sum'],
    exact: false,
    select: {
      version: "h.FILENAME || '::' || h.ID || '::' || h.AUTHOR",
      name: 'h.DESCRIPTION',
      checksum: 'h.MD5SUM',
      appliedAt: iso('h.DATEEXECUTED'),
      success: "h.EXECTYPE <> 'FAILED'",
    },
    // EXECUTED, RERAN and MARK_RAN count as applied; a SKIPPED changeset did not run.
    where: () => "h.EXECTYPE <> 'SKIPPED'",
    orderBy: 'h.DATEEXECUTED, h.ORDEREXECUTED',
  },
];

const DEFAULT_TABLES = [...new Set(TOOLS.map((t) => t.table.toLowerCase()))];

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

/** The first tool (allowed by the options) whose name and columns the table has (no others, unless the tool is given). */
function toolOf(table: FoundTable, options: ReadHistoriesOptions): ToolTable | undefined {
  const present = new Set(table.columns);
  return TOOLS.find(
    (tool) =>
      (options.tool === undefined || tool.tool === options.tool) &&
      (options.table !== undefined || tool.table.toLowerCase() === table.name.toLowerCase()) &&
      tool.columns.every((column) => present.has(column)) &&
      (!tool.exact || options.tool !== undefined || table.columns.length === tool.columns.length),
  );
}

interface ToolHistoryRow {
  readonly version: string;
  readonly name: string | null;
  readonly checksum: string | null;
  readonly applied_at: string | null;
  readonly applied_by: string | null;
  readonly success: number;
  readonly statements_done: number | null;
}

function historySql(tool: ToolTable, table: string): string {
  const { version, name, checksum, appliedAt, appliedBy, success, statementsDone } = tool.select;
  const text = (sql: string | undefined) => (sql === undefined ? 'NULL' : `CAST(${sql} AS TEXT)`);
  const where = tool.where ? ` AND ${tool.where(table)}` : '';
  return `SELECT ${text(version)} AS version, ${text(name)} AS name, ${text(checksum)} AS checksum,
    ${text(appliedAt)} AS applied_at, ${text(appliedBy)} AS applied_by,
    (${success ?? '1'}) AS success, ${statementsDone ?? 'NULL'} AS statements_done
  FROM ${table} AS h WHERE (${version}) IS NOT NULL${where} ORDER BY ${tool.orderBy}`;
}

function toApplied(tool: HistoryTool, row: ToolHistoryRow): AppliedMigration {
  const success = Number(row.success) !== 0;
  return {
    tool,
    version: row.version,
    ...(row.name === null ? {} : { name: row.name }),
    ...(row.checksum === null ? {} : { checksum: row.checksum }),
    ...(row.applied_at === null ? {} : { appliedAt: row.applied_at }),
    ...(row.applied_by === null ? {} : { appliedBy: row.applied_by }),
    success,
    ...(row.statements_done === null || success ? {} : { statementsDone: Number(row.statements_done) }),
  };
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
        const tool = toolOf(table, options);
        if (!tool) continue;
        let rows: ToolHistoryRow[];
        try {
          rows = await tx.query<ToolHistoryRow>(historySql(tool, quoteIdent(table.name)));
        } catch (error) {
          throw new SchemaguardError(`Cannot read the migration history table ${table.name}: ${errorMessage(error)}.`, {
            cause: error,
          });
        }
        histories.push({ tool: tool.tool, table: table.name, applied: rows.map((row) => toApplied(tool.tool, row)) });
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
