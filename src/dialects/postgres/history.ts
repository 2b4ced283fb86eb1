/**
 * schemaguard's history table on PostgreSQL, and the history tables of the other tools
 * as they keep them there.
 */
import { SchemaguardError, errorMessage } from '../../errors.js';
import type {
  AppliedMigration,
  HistoryTool,
  MigrationHistory,
  ReadHistoriesOptions,
} from '../../migrations/history.js';
import type { HistoryTableName, RunEntry, RunRecord } from '../dialect.js';
import type { PostgresClient } from './connection.js';
import { type ToolTable, toolHistoryTables } from '../tool-history-tables.js';
import { qualify, quoteIdent, quoteLiteral } from './quote.js';

/** A timestamp (with or without time zone, the latter read in the session's zone) as ISO 8601 UTC. */
function iso(timestamp: string): string {
  return `to_char((${timestamp})::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The tools' tables as PostgreSQL keeps them: real booleans, unquoted names in lower case. */
const TOOLS: readonly ToolTable[] = toolHistoryTables({
  iso,
  ownAppliedAt: iso,
  quote: quoteIdent,
  concat: (parts) => parts.join(' || '),
  textType: 'text',
  truth: 'true',
  isTrue: (column) => column,
  isFalse: (column) => `NOT ${column}`,
  unquotedName: (name) => name.toLowerCase(),
});

const DEFAULT_TABLES = [...new Set(TOOLS.map((t) => t.table))];

/**
 * Tables with a tool's default name ($1), or the one table named by $2 (bare, `schema.table` or
 * quoted), in schema $3 when it is given, with their columns.
 */
const FIND_TABLES = `
SELECT n.nspname AS schema, c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
  AND CASE WHEN $2::text IS NULL THEN c.relname::text = ANY ($1::text[])
      ELSE $2 IN (c.relname::text, n.nspname || '.' || c.relname, format('%I.%I', n.nspname, c.relname)) END
  AND ($3::text IS NULL OR n.nspname = $3)
GROUP BY n.nspname, c.relname
ORDER BY n.nspname, c.relname`;

interface FoundTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly string[];
}

interface ToolHistoryRow {
  readonly version: string;
  readonly name: string | null;
  readonly checksum: string | null;
  readonly applied_at: string | null;
  readonly applied_by: string | null;
  readonly success: boolean;
  readonly statements_done: number | null;
}

/**
 * The history tables present in the database (all tools found), read in one read-only
 * transaction; [] when there is none. Tables are found by their tools' default names in
 * any schema (or `options.schema`), or `options.table` (`table`, `schema.table`) whatever its name; a table is
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
    const found = await client.query<FoundTable>(FIND_TABLES, [
      DEFAULT_TABLES,
      options.table ?? null,
      options.schema ?? null,
    ]);
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
  let rows: ToolHistoryRow[];
  try {
    rows = await client.query<ToolHistoryRow>(historySql(tool, table));
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

function toApplied(tool: HistoryTool, row: ToolHistoryRow): AppliedMigration {
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

/** schemaguard's history table, qualified: `public.schemaguard_migrations` by default. */
export function schemaguardHistoryTable(name: Partial<HistoryTableName> = {}): string {
  return qualify(name.schema ?? 'public', name.table ?? 'schemaguard_migrations');
}

/** schemaguard's history rows of migrations not rolled back, by version. */
export async function readRuns(client: PostgresClient, table: string): Promise<Map<string, RunRecord>> {
  const rows = await client.query<{ version: string; checksum: string; success: boolean; statements_done: number }>(
    `SELECT version, checksum, success, statements_done FROM ${table} WHERE kind = 'migration' AND rolled_back_at IS NULL`,
  );
  return new Map(
    rows.map((r) => [
      r.version,
      { version: r.version, checksum: r.checksum, success: r.success, statementsDone: r.statements_done },
    ]),
  );
}

/** How many statements the row of a version records as done; undefined when there is no row. */
export async function readProgress(
  client: PostgresClient,
  table: string,
  version: string,
): Promise<number | undefined> {
  const [row] = await client.query<{ statements_done: number }>(
    `SELECT statements_done FROM ${table} WHERE version = $1`,
    [version],
  );
  return row?.statements_done;
}

/** The history row of a migration, inserted or (for a resumed one) replaced. */
export async function recordRun(client: PostgresClient, table: string, entry: RunEntry): Promise<void> {
  const values = [
    quoteLiteral(entry.version),
    quoteLiteral(entry.name),
    quoteLiteral(entry.checksum),
    quoteLiteral(entry.appliedBy),
    entry.gitCommit ? quoteLiteral(entry.gitCommit) : 'NULL',
    String(entry.success),
    String(entry.statementsDone),
    entry.executionMs === undefined ? 'NULL' : String(entry.executionMs),
    String(entry.skippedVerification),
    quoteLiteral(entry.kind),
  ];
  await client.exec(`INSERT INTO ${table} (version, name, checksum, applied_by, git_commit, success, statements_done, execution_ms, skipped_verification, kind)
    VALUES (${values.join(', ')})
    ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, success = EXCLUDED.success,
      statements_done = EXCLUDED.statements_done, execution_ms = EXCLUDED.execution_ms, applied_by = EXCLUDED.applied_by,
      git_commit = EXCLUDED.git_commit, skipped_verification = EXCLUDED.skipped_verification, kind = EXCLUDED.kind,
      rolled_back_at = NULL, applied_at = now()`);
}

/** Records the statements of a migration run outside a transaction that are done. */
export async function recordProgress(
  client: PostgresClient,
  table: string,
  version: string,
  done: number,
): Promise<void> {
  await client.exec(`UPDATE ${table} SET statements_done = ${done} WHERE version = ${quoteLiteral(version)}`);
}

/** Marks a migration run statement by statement as applied. */
export async function recordSuccess(client: PostgresClient, table: string, version: string, ms: number): Promise<void> {
  await client.exec(
    `UPDATE ${table} SET success = true, execution_ms = ${ms} WHERE version = ${quoteLiteral(version)}`,
  );
}

/** schemaguard's rows of migrations (not rollback runs) that no rollback has undone. */
const NOT_ROLLED_BACK = "kind = 'migration' AND rolled_back_at IS NULL";

/** Marks migrations as rolled back, so that they count as pending again. */
export async function markRolledBack(
  client: PostgresClient,
  table: string,
  versions: readonly string[],
): Promise<void> {
  await client.query(
    `UPDATE ${table} SET rolled_back_at = now() WHERE ${NOT_ROLLED_BACK} AND version = ANY ($1::text[])`,
    [[...versions]],
  );
}

/** Replaces the checksum a migration not rolled back is recorded with. */
export async function setChecksum(
  client: PostgresClient,
  table: string,
  version: string,
  checksum: string,
): Promise<void> {
  await client.query(`UPDATE ${table} SET checksum = $2 WHERE ${NOT_ROLLED_BACK} AND version = $1`, [
    version,
    checksum,
  ]);
}
