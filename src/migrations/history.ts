import type { PostgresClient } from '../dialects/postgres/connection.js';
import { qualify, quoteLiteral } from '../dialects/postgres/quote.js';
import { SchemaguardError, errorMessage } from '../errors.js';

/** A migration tool whose history table schemaguard can read. */
export type HistoryTool =
  'schemaguard' | 'prisma' | 'drizzle' | 'flyway' | 'golang-migrate' | 'dbmate' | 'knex' | 'kysely' | 'typeorm';

/** One migration a tool records as applied (or attempted). */
export interface AppliedMigration {
  readonly tool: HistoryTool;
  /**
   * The key that matches a migration file's `version`: prisma's folder name, drizzle's
   * journal `when`, flyway's version, knex's and kysely's migration name, typeorm's timestamp.
   */
  readonly version: string;
  readonly name?: string;
  /** As the tool stores it (sha256 hex for prisma/drizzle/schemaguard, flyway's CRC32 as a decimal string); undefined when the tool stores none. */
  readonly checksum?: string;
  /** ISO 8601, when the tool records it. */
  readonly appliedAt?: string;
  /** Who applied it (schemaguard: `user@host`), when the tool records it. */
  readonly appliedBy?: string;
  /**
   * False for a migration the tool records as failed or dirty (prisma: finished_at null,
   * not rolled back; flyway: success = false; golang-migrate: dirty; schemaguard: success = false).
   */
  readonly success: boolean;
  /** schemaguard only: the statements of a failed non-transactional migration that completed before it stopped. */
  readonly statementsDone?: number;
}

/**
 * The history found in a database, in the order the tool applied the migrations.
 * golang-migrate keeps only its current version: every earlier file version is implied
 * as applied. A flyway `BASELINE` row likewise stands for every version up to its own.
 */
export interface MigrationHistory {
  readonly tool: HistoryTool;
  /** The qualified table, e.g. `public._prisma_migrations`. */
  readonly table: string;
  readonly applied: readonly AppliedMigration[];
}

/** How one tool's history table is recognised and read. */
interface ToolTable {
  readonly tool: HistoryTool;
  /** The table name the tool uses unless configured otherwise. */
  readonly table: string;
  /** Columns the table must have. */
  readonly columns: readonly string[];
  /** Whether it may have no other column: for names a user's own table could have. */
  readonly exact: boolean;
  /** SQL over the table aliased `h`; `success` is boolean, the others text. */
  readonly select: {
    readonly version: string;
    readonly name?: string;
    readonly checksum?: string;
    readonly appliedAt?: string;
    readonly appliedBy?: string;
    readonly success?: string;
    /** How many statements of a migration run outside a transaction completed. */
    readonly statementsDone?: string;
  };
  /** A condition on the rows that count, given the qualified table. */
  readonly where?: (table: string) => string;
  readonly orderBy: string;
}

/** A timestamp (with or without time zone, the latter read in the session's zone) as ISO 8601 UTC. */
function iso(timestamp: string): string {
  return `to_char((${timestamp})::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Flyway rows that do not stand for an applied migration, or that a later undo or repair cancelled. */
function flywayApplied(table: string): string {
  return `h.type NOT IN ('SCHEMA', 'DELETE') AND h.type NOT LIKE 'UNDO%'
    AND NOT EXISTS (SELECT FROM ${table} AS later WHERE later.version = h.version
      AND later.installed_rank > h.installed_rank
      AND (later.type = 'DELETE' OR (later.type LIKE 'UNDO%' AND later.success)))`;
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
      success: 'h.success',
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
    tool: 'drizzle',
    table: '__drizzle_migrations',
    columns: ['id', 'hash', 'created_at'],
    exact: false,
    select: { version: 'h.created_at::text', checksum: 'h.hash' },
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
      checksum: 'h.checksum::text',
      appliedAt: iso('h.installed_on'),
      appliedBy: 'h.installed_by',
      success: 'h.success',
    },
    where: flywayApplied,
    orderBy: 'h.installed_rank',
  },
  {
    tool: 'golang-migrate',
    table: 'schema_migrations',
    columns: ['version', 'dirty'],
    exact: true,
    select: { version: 'h.version::text', success: 'NOT h.dirty' },
    orderBy: 'h.version',
  },
  {
    tool: 'dbmate',
    table: 'schema_migrations',
    columns: ['version'],
    exact: true,
    select: { version: 'h.version::text' },
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
    select: { version: 'h.name', appliedAt: 'h."timestamp"' },
    orderBy: 'h."timestamp", h.name',
  },
  {
    tool: 'typeorm',
    table: 'migrations',
    columns: ['id', 'timestamp', 'name'],
    exact: true,
    select: { version: 'h."timestamp"::text', name: 'h.name' },
    orderBy: 'h.id',
  },
];

const DEFAULT_TABLES = [...new Set(TOOLS.map((t) => t.table))];

/** Tables with a tool's default name ($1), or the one table named by $2 (bare, `schema.table` or quoted), with their columns. */
const FIND_TABLES = `
SELECT n.nspname AS schema, c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
  AND CASE WHEN $2::text IS NULL THEN c.relname::text = ANY ($1::text[])
      ELSE $2 IN (c.relname::text, n.nspname || '.' || c.relname, format('%I.%I', n.nspname, c.relname)) END
GROUP BY n.nspname, c.relname
ORDER BY n.nspname, c.relname`;

interface FoundTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly string[];
}

interface HistoryRow {
  readonly version: string;
  readonly name: string | null;
  readonly checksum: string | null;
  readonly applied_at: string | null;
  readonly applied_by: string | null;
  readonly success: boolean;
  readonly statements_done: number | null;
}

/** Which history tables {@link readHistories} reads. */
export interface ReadHistoriesOptions {
  /**
   * Only this tool's table: the tool known to own the migrations. Its table is then
   * recognised by the columns it must have, even when a migration added others to it.
   */
  readonly tool?: HistoryTool;
  /** Only this table (`table`, `schema.table`, quoted as needed), whatever its name. */
  readonly table?: string;
  /** Read at the moment of this snapshot, exported by another session (`pg_export_snapshot()`). */
  readonly snapshot?: string;
}

/**
 * The history tables present in the database (all tools found), read in one read-only
 * transaction; [] when there is none. Tables are found by their tools' default names in
 * any schema, or `options.table` (`table`, `schema.table`) whatever its name; a table is
 * taken as a tool's only when it has that tool's columns. A role without SELECT on a
 * history table gets a {@link SchemaguardError} naming the table.
 */
export async function readHistories(
  client: PostgresClient,
  options: ReadHistoriesOptions = {},
): Promise<MigrationHistory[]> {
  await client.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    if (options.snapshot) await client.exec(`SET TRANSACTION SNAPSHOT ${quoteLiteral(options.snapshot)}`);
    const found = await client.query<FoundTable>(FIND_TABLES, [DEFAULT_TABLES, options.table ?? null]);
    const histories: MigrationHistory[] = [];
    for (const table of found) {
      const tool = toolOf(table, options);
      if (tool) histories.push(await readHistory(client, tool, qualify(table.schema, table.name)));
    }
    await client.exec('COMMIT');
    return histories;
  } catch (error) {
    await client.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** The first tool (allowed by the options) whose name and columns the table has (no others, unless the tool is given). */
function toolOf(table: FoundTable, options: ReadHistoriesOptions): ToolTable | undefined {
  const present = new Set(table.columns);
  return TOOLS.find(
    (tool) =>
      (options.tool === undefined || tool.tool === options.tool) &&
      (options.table !== undefined || tool.table === table.name) &&
      tool.columns.every((column) => present.has(column)) &&
      (!tool.exact || options.tool !== undefined || table.columns.length === tool.columns.length),
  );
}

async function readHistory(client: PostgresClient, tool: ToolTable, table: string): Promise<MigrationHistory> {
  let rows: HistoryRow[];
  try {
    rows = await client.query<HistoryRow>(historySql(tool, table));
  } catch (error) {
    throw historyError(error, table);
  }
  return { tool: tool.tool, table, applied: rows.map((row) => toApplied(tool.tool, row)) };
}

function historySql(tool: ToolTable, table: string): string {
  const { version, name, checksum, appliedAt, appliedBy, success, statementsDone } = tool.select;
  const where = tool.where ? ` AND ${tool.where(table)}` : '';
  return `SELECT (${version})::text AS version, (${name ?? 'NULL'})::text AS name,
    (${checksum ?? 'NULL'})::text AS checksum, (${appliedAt ?? 'NULL'})::text AS applied_at,
    (${appliedBy ?? 'NULL'})::text AS applied_by,
    (${success ?? 'true'}) AS success, (${statementsDone ?? 'NULL'})::integer AS statements_done
  FROM ${table} AS h WHERE (${version}) IS NOT NULL${where} ORDER BY ${tool.orderBy}`;
}

function historyError(error: unknown, table: string): SchemaguardError {
  const message =
    (error as { code?: string }).code === '42501'
      ? `Permission denied reading the migration history table ${table}: grant SELECT on it (and USAGE on its schema) to this role, or connect as one that has it.`
      : `Cannot read the migration history table ${table}: ${errorMessage(error)}.`;
  return new SchemaguardError(message, { cause: error });
}

function toApplied(tool: HistoryTool, row: HistoryRow): AppliedMigration {
  return {
    tool,
    version: row.version,
    ...(row.name === null ? {} : { name: row.name }),
    ...(row.checksum === null ? {} : { checksum: row.checksum }),
    ...(row.applied_at === null ? {} : { appliedAt: row.applied_at }),
    ...(row.applied_by === null ? {} : { appliedBy: row.applied_by }),
    success: row.success,
    ...(row.statements_done === null || row.success ? {} : { statementsDone: row.statements_done }),
  };
}

/**
 * schemaguard's own history table: idempotent DDL (CREATE TABLE IF NOT EXISTS) for
 * `schema.table`, default `public.schemaguard_migrations`. The schema must exist.
 */
export function schemaguardHistoryDdl(schema = 'public', table = 'schemaguard_migrations'): string {
  return `CREATE TABLE IF NOT EXISTS ${qualify(schema, table)} (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  execution_ms integer,
  applied_by text,
  git_commit text,
  success boolean NOT NULL,
  statements_done integer NOT NULL DEFAULT 0,
  skipped_verification boolean NOT NULL DEFAULT false,
  kind text NOT NULL DEFAULT 'migration' CHECK (kind IN ('migration', 'rollback')),
  rolled_back_at timestamptz
);`;
}
