/**
 * The history tables of other migration tools: each tool's default table name, the columns
 * that recognise it, and what its rows mean, written once with the few pieces of SQL each
 * engine spells its own way. Engines without schemas (MySQL, SQLite) also find and read the
 * tables with the functions below; PostgreSQL looks for them in every schema itself.
 */
import type { AppliedMigration, HistoryTool, ReadHistoriesOptions } from '../migrations/history.js';

/** How one tool's history table is recognised and read. */
export interface ToolTable {
  readonly tool: HistoryTool;
  /** The table name the tool uses unless configured otherwise (matched without regard to case). */
  readonly table: string;
  /** Columns the table must have (lower case: column names are matched without regard to case). */
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

/** The SQL an engine spells its own way. */
export interface ToolTableSql {
  /** A time as ISO 8601 UTC text with milliseconds, however the tools store it on the engine. */
  iso(value: string): string;
  /** schemaguard's own `applied_at` as that text. */
  ownAppliedAt(value: string): string;
  /** An identifier, quoted (`timestamp` is a keyword on both). */
  quote(name: string): string;
  /** Text expressions joined. */
  concat(parts: readonly string[]): string;
  /** The type a value is cast to as text: `CHAR` on MySQL, `TEXT` on SQLite. */
  readonly textType: string;
  /** A true value: `TRUE`, `1`. */
  readonly truth: string;
  /** Whether a boolean column (a number where the engine has no boolean type) is true. */
  isTrue(column: string): string;
  /** Whether it is false. */
  isFalse(column: string): string;
  /** The name an unquoted identifier gets (PostgreSQL folds it to lower case). */
  unquotedName(name: string): string;
}

/** The parts of {@link ToolTableSql} of an engine that keeps booleans as numbers and names as written (MySQL, SQLite). */
export const NUMERIC_BOOLEANS_AS_WRITTEN: Pick<ToolTableSql, 'isTrue' | 'isFalse' | 'unquotedName'> = {
  isTrue: (column) => `${column} <> 0`,
  isFalse: (column) => `${column} = 0`,
  unquotedName: (name) => name,
};

/** Flyway rows that do not stand for an applied migration, or that a later undo or repair cancelled. */
function flywayApplied(sql: ToolTableSql): (table: string) => string {
  return (table) => `h.type NOT IN ('SCHEMA', 'DELETE') AND h.type NOT LIKE 'UNDO%'
    AND NOT EXISTS (SELECT 1 FROM ${table} AS later WHERE later.version = h.version
      AND later.installed_rank > h.installed_rank
      AND (later.type = 'DELETE' OR (later.type LIKE 'UNDO%' AND ${sql.isTrue('later.success')})))`;
}

/** The tools in the order a table is tried against them (the columns mean what they mean on PostgreSQL). */
export function toolHistoryTables(sql: ToolTableSql): readonly ToolTable[] {
  const timestamp = `h.${sql.quote('timestamp')}`;
  return [
    {
      tool: 'schemaguard',
      table: 'schemaguard_migrations',
      columns: ['version', 'name', 'checksum', 'applied_at', 'success', 'statements_done', 'kind', 'rolled_back_at'],
      exact: false,
      select: {
        version: 'h.version',
        name: 'h.name',
        checksum: 'h.checksum',
        appliedAt: sql.ownAppliedAt('h.applied_at'),
        appliedBy: 'h.applied_by',
        success: sql.isTrue('h.success'),
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
        appliedAt: sql.iso('COALESCE(h.finished_at, h.started_at)'),
        success: 'h.finished_at IS NOT NULL',
      },
      where: () => 'h.rolled_back_at IS NULL',
      orderBy: 'h.started_at, h.migration_name',
    },
    {
      // drizzle-orm's migrators record the journal's `when` (milliseconds) as created_at.
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
        appliedAt: sql.iso('h.installed_on'),
        appliedBy: 'h.installed_by',
        success: sql.isTrue('h.success'),
      },
      where: flywayApplied(sql),
      orderBy: 'h.installed_rank',
    },
    {
      tool: 'golang-migrate',
      table: 'schema_migrations',
      columns: ['version', 'dirty'],
      exact: true,
      select: { version: 'h.version', success: sql.isFalse('h.dirty') },
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
      tool: 'diesel',
      table: '__diesel_schema_migrations',
      columns: ['version', 'run_on'],
      exact: false,
      select: { version: 'h.version', appliedAt: sql.iso('h.run_on') },
      orderBy: 'h.run_on, h.version',
    },
    {
      tool: 'knex',
      table: 'knex_migrations',
      columns: ['id', 'name', 'batch', 'migration_time'],
      exact: false,
      select: { version: 'h.name', appliedAt: sql.iso('h.migration_time') },
      orderBy: 'h.id',
    },
    {
      tool: 'kysely',
      table: 'kysely_migration',
      columns: ['name', 'timestamp'],
      exact: true,
      select: { version: 'h.name', appliedAt: sql.iso(timestamp) },
      orderBy: `${timestamp}, h.name`,
    },
    {
      tool: 'typeorm',
      table: 'migrations',
      columns: ['id', 'timestamp', 'name'],
      exact: true,
      select: { version: timestamp, name: 'h.name' },
      orderBy: 'h.id',
    },
    {
      // Django's MigrationRecorder: a row is an applied migration (unapplying deletes it).
      tool: 'django',
      table: 'django_migrations',
      columns: ['id', 'app', 'name', 'applied'],
      exact: false,
      select: { version: sql.concat(['h.app', "'.'", 'h.name']), name: 'h.name', appliedAt: sql.iso('h.applied') },
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
      // Liquibase creates its table unquoted, as DATABASECHANGELOG (so in lower case on
      // PostgreSQL). A changeset is `filename::id::author`, as Liquibase names it in its messages.
      tool: 'liquibase',
      table: sql.unquotedName('DATABASECHANGELOG'),
      columns: ['id', 'author', 'filename', 'dateexecuted', 'orderexecuted', 'exectype', 'md5sum'],
      exact: false,
      select: {
        version: sql.concat(['h.FILENAME', "'::'", 'h.ID', "'::'", 'h.AUTHOR']),
        name: 'h.DESCRIPTION',
        checksum: 'h.MD5SUM',
        appliedAt: sql.iso('h.DATEEXECUTED'),
        success: "h.EXECTYPE <> 'FAILED'",
      },
      // EXECUTED, RERAN and MARK_RAN count as applied; a SKIPPED changeset did not run.
      where: () => "h.EXECTYPE <> 'SKIPPED'",
      orderBy: 'h.DATEEXECUTED, h.ORDEREXECUTED',
    },
  ];
}

/** The tools' default table names, lower case, each once. */
export function defaultToolTableNames(tools: readonly ToolTable[]): string[] {
  return [...new Set(tools.map((t) => t.table.toLowerCase()))];
}

/** The first tool (allowed by the options) whose name and columns the table has (no others, unless the tool is given). */
export function toolOfTable(
  tools: readonly ToolTable[],
  table: { readonly name: string; readonly columns: readonly string[] },
  options: ReadHistoriesOptions,
): ToolTable | undefined {
  const present = new Set(table.columns);
  return tools.find(
    (tool) =>
      (options.tool === undefined || tool.tool === options.tool) &&
      (options.table !== undefined || tool.table.toLowerCase() === table.name.toLowerCase()) &&
      tool.columns.every((column) => present.has(column)) &&
      (!tool.exact || options.tool !== undefined || table.columns.length === tool.columns.length),
  );
}

/** A row of {@link toolHistorySql}. */
export interface ToolHistoryRow {
  readonly version: string;
  readonly name: string | null;
  readonly checksum: string | null;
  readonly applied_at: string | null;
  readonly applied_by: string | null;
  readonly success: number | string;
  readonly statements_done: number | string | null;
}

/** The query of a tool's rows that count, from the quoted `table`, in the tool's order. */
export function toolHistorySql(tool: ToolTable, table: string, sql: ToolTableSql): string {
  const { version, name, checksum, appliedAt, appliedBy, success, statementsDone } = tool.select;
  const text = (expression: string | undefined) =>
    expression === undefined ? 'NULL' : `CAST(${expression} AS ${sql.textType})`;
  const where = tool.where ? ` AND ${tool.where(table)}` : '';
  return `SELECT ${text(version)} AS version, ${text(name)} AS name, ${text(checksum)} AS checksum,
    ${text(appliedAt)} AS applied_at, ${text(appliedBy)} AS applied_by,
    (${success ?? sql.truth}) AS success, ${statementsDone ?? 'NULL'} AS statements_done
  FROM ${table} AS h WHERE (${version}) IS NOT NULL${where} ORDER BY ${tool.orderBy}`;
}

/** A row of {@link toolHistorySql} as an applied migration. */
export function appliedMigrationOf(tool: HistoryTool, row: ToolHistoryRow): AppliedMigration {
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
