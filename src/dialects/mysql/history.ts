/**
 * schemaguard's history table on MySQL and MariaDB (in the connected database), and the
 * history tables of the other tools as they keep them there.
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
import { quoteIdent } from './introspect.js';

/** How one tool's history table is recognised and read. */
interface ToolTable {
  readonly tool: HistoryTool;
  /** The table name the tool uses unless configured otherwise (matched without regard to case). */
  readonly table: string;
  /** Columns the table must have (lower case: MySQL's column names are not case-sensitive). */
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
    /** How many statements of a migration run statement by statement completed. */
    readonly statementsDone?: string;
  };
  /** A condition on the rows that count, given the quoted table. */
  readonly where?: (table: string) => string;
  readonly orderBy: string;
}

/**
 * A `TIMESTAMP` or `DATETIME` as ISO 8601 UTC with milliseconds, as PostgreSQL's history
 * reads it. The read runs with the session's time zone set to UTC (see {@link readHistories}),
 * so that a `TIMESTAMP` is shown in UTC; a `DATETIME` is taken as written (the tools write UTC).
 */
function iso(value: string): string {
  return `CONCAT(DATE_FORMAT(${value}, '%Y-%m-%dT%H:%i:%s.'), LPAD(FLOOR(MICROSECOND(${value}) / 1000), 3, '0'), 'Z')`;
}

/** Flyway rows that do not stand for an applied migration, or that a later undo or repair cancelled. */
function flywayApplied(table: string): string {
  return `h.type NOT IN ('SCHEMA', 'DELETE') AND h.type NOT LIKE 'UNDO%'
    AND NOT EXISTS (SELECT 1 FROM ${table} AS later WHERE later.version = h.version
      AND later.installed_rank > h.installed_rank
      AND (later.type = 'DELETE' OR (later.type LIKE 'UNDO%' AND later.success <> 0)))`;
}

/** The tools in the order a table is tried against them. */
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
      appliedAt: iso('h.applied_at'),
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
      appliedAt: iso('COALESCE(h.finished_at, h.started_at)'),
      success: 'h.finished_at IS NOT NULL',
    },
    where: () => 'h.rolled_back_at IS NULL',
    orderBy: 'h.started_at, h.migration_name',
  },
  {
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
    select: { version: 'h.name', appliedAt: 'h.`timestamp`' },
    orderBy: 'h.`timestamp`, h.name',
  },
  {
    tool: 'typeorm',
    table: 'migrations',
    columns: ['id', 'timestamp', 'name'],
    exact: true,
    select: { version: 'h.`timestamp`', name: 'h.name' },
    orderBy: 'h.id',
  },
  {
    // Django's MigrationRecorder: a row is an applied migration (unapplying deletes it).
    tool: 'django',
    table: 'django_migrations',
    columns: ['id', 'app', 'name', 'applied'],
    exact: false,
    select: { version: "CONCAT(h.app, '.', h.name)", name: 'h.name', appliedAt: iso('h.applied') },
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
    // Liquibase keeps its upper-case names on MySQL: DATABASECHANGELOG. A changeset is
    // `filename::id::author`, as Liquibase names it in its messages.
    tool: 'liquibase',
    table: 'DATABASECHANGELOG',
    columns: ['id', 'author', 'filename', 'dateexecuted', 'orderexecuted', 'exectype', 'md5sum'],
    exact: false,
    select: {
      version: "CONCAT(h.FILENAME, '::', h.ID, '::', h.AUTHOR)",
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
  readonly success: number | string;
  readonly statements_done: number | string | null;
}

function historySql(tool: ToolTable, table: string): string {
  const { version, name, checksum, appliedAt, appliedBy, success, statementsDone } = tool.select;
  const text = (sql: string | undefined) => (sql === undefined ? 'NULL' : `CAST(${sql} AS CHAR)`);
  const where = tool.where ? ` AND ${tool.where(table)}` : '';
  return `SELECT ${text(version)} AS version, ${text(name)} AS name, ${text(checksum)} AS checksum,
    ${text(appliedAt)} AS applied_at, ${text(appliedBy)} AS applied_by,
    (${success ?? 'TRUE'}) AS success, ${statementsDone ?? 'NULL'} AS statements_done
  FROM ${table} AS h WHERE (${version}) IS NOT NULL${where} ORDER BY ${tool.orderBy}`;
}

function historyError(error: unknown, table: string): SchemaguardError {
  const code = (error as { code?: string }).code;
  const message =
    code === 'ER_TABLEACCESS_DENIED_ERROR' || code === 'ER_COLUMNACCESS_DENIED_ERROR'
      ? `Permission denied reading the migration history table ${table}: grant SELECT on it to this user, or connect as one that has it.`
      : `Cannot read the migration history table ${table}: ${errorMessage(error)}.`;
  return new SchemaguardError(message, { cause: error });
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
          const tool = toolOf(table, options);
          if (!tool) continue;
          const quoted = `${quoteIdent(table.database)}.${quoteIdent(table.name)}`;
          let rows: ToolHistoryRow[];
          try {
            rows = await tx.query<ToolHistoryRow>(historySql(tool, quoted));
          } catch (error) {
            throw historyError(error, table.name);
          }
          histories.push({
            tool: tool.tool,
            table: shownTable(table, options.table),
            applied: rows.map((row) => toApplied(tool.tool, row)),
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
