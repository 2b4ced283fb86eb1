import { createHash } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { PostgresClient } from '../dialects/postgres/connection.js';
import { qualify, quoteLiteral } from '../dialects/postgres/quote.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { type MigrationFile, splitStatements } from './formats.js';
import { schemaguardHistoryDdl } from './history.js';

/** How the runner records and guards its work. */
export interface RunnerOptions {
  /** schemaguard's history table (default `public.schemaguard_migrations`). */
  readonly historySchema?: string;
  readonly historyTable?: string;
  /** How long to wait for another run's lock before giving up (default 60 s). */
  readonly lockTimeoutMs?: number;
  /** `lock_timeout` for the statements of each migration (default: the server's). */
  readonly statementLockTimeoutMs?: number;
  /** `statement_timeout` for the statements of each migration (default: the server's). */
  readonly statementTimeoutMs?: number;
  /** Recorded with each migration. */
  readonly gitCommit?: string;
  /** Recorded with each migration: the run went ahead although pre-verification found problems. */
  readonly skippedVerification?: boolean;
  /** What the runs record: migrations (default), or a rollback, which `migrate status` does not list. */
  readonly kind?: 'migration' | 'rollback';
  /**
   * Migrations a rollback undoes: marked rolled back in the same transaction as the
   * rollback (or, outside one, once it completed), so that they count as pending again.
   */
  readonly rollsBack?: readonly string[];
  /** Called as the run goes, for progress. */
  readonly onEvent?: (event: RunnerEvent) => void;
}

export type RunnerEvent =
  | { readonly kind: 'waiting-for-lock'; readonly holder: string }
  | { readonly kind: 'start'; readonly migration: MigrationFile; readonly resumeAt: number }
  | { readonly kind: 'done'; readonly migration: MigrationFile; readonly ms: number };

/** A migration that failed: its transaction was rolled back (or, outside one, its progress kept for a rerun). */
export class MigrationFailedError extends SchemaguardError {
  constructor(
    readonly migration: MigrationFile,
    readonly line: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface RunnerResult {
  /** The migrations applied by this run, in order. */
  readonly applied: readonly { readonly version: string; readonly ms: number }[];
}

/** The advisory lock key of a history table: one run at a time per database and table. */
function lockKey(table: string): bigint {
  return createHash('sha256').update(`schemaguard migrations ${table}`).digest().readBigInt64BE(0);
}

/** Who holds the advisory lock, for the message when it cannot be had. */
async function lockHolder(client: PostgresClient, key: bigint): Promise<string> {
  const [row] = await client.query<{ pid: number; application_name: string | null; since: string | null }>(
    `SELECT a.pid, a.application_name, a.backend_start::text AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint
      LIMIT 1`,
    [key.toString()],
  );
  if (!row) return 'another session';
  return `process ${row.pid}${row.application_name ? ` (${row.application_name})` : ''}${row.since ? `, connected since ${row.since}` : ''}`;
}

async function acquireLock(client: PostgresClient, key: bigint, options: RunnerOptions): Promise<void> {
  const deadline = Date.now() + (options.lockTimeoutMs ?? 60_000);
  let reported = false;
  for (;;) {
    const [row] = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      key.toString(),
    ]);
    if (row?.locked) return;
    const holder = await lockHolder(client, key);
    if (Date.now() >= deadline) {
      throw new SchemaguardError(
        `Another migration run holds the lock of this database (${holder}); waited ${Math.round((options.lockTimeoutMs ?? 60_000) / 1000)} s (--lock-timeout): try again when it has finished.`,
      );
    }
    if (!reported) options.onEvent?.({ kind: 'waiting-for-lock', holder });
    reported = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface HistoryRow {
  readonly version: string;
  readonly checksum: string;
  readonly success: boolean;
  readonly statements_done: number;
}

function sessionSettings(options: RunnerOptions): string[] {
  return [
    ...(options.statementLockTimeoutMs !== undefined
      ? [`SET lock_timeout = ${Math.floor(options.statementLockTimeoutMs)}`]
      : []),
    ...(options.statementTimeoutMs !== undefined
      ? [`SET statement_timeout = ${Math.floor(options.statementTimeoutMs)}`]
      : []),
  ];
}

/**
 * Applies the migrations the history table does not record as applied, in order:
 * one run at a time (an advisory lock held for the whole run), each migration in its
 * own transaction together with its history row, or, when it cannot run in a
 * transaction, statement by statement with its progress recorded so that a rerun
 * after a failure continues where it stopped. A failure rolls its migration back and
 * records nothing as applied.
 */
export async function applyMigrations(
  client: PostgresClient,
  migrations: readonly MigrationFile[],
  options: RunnerOptions = {},
): Promise<RunnerResult> {
  const table = qualify(options.historySchema ?? 'public', options.historyTable ?? 'schemaguard_migrations');
  await client.exec(schemaguardHistoryDdl(options.historySchema, options.historyTable));
  const key = lockKey(table);
  await acquireLock(client, key, options);
  try {
    for (const setting of sessionSettings(options)) await client.exec(setting);
    const rows = await client.query<HistoryRow>(
      `SELECT version, checksum, success, statements_done FROM ${table} WHERE kind = 'migration' AND rolled_back_at IS NULL`,
    );
    const history = new Map(rows.map((r) => [r.version, r]));
    const applied: { version: string; ms: number }[] = [];
    for (const migration of migrations) {
      const row = history.get(migration.version);
      if (row?.success) continue;
      const started = performance.now();
      if (migration.transactional) await applyInTransaction(client, table, migration, options);
      else await applyStepByStep(client, table, migration, row, options);
      const ms = Math.round(performance.now() - started);
      applied.push({ version: migration.version, ms });
      options.onEvent?.({ kind: 'done', migration, ms });
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]).catch(() => {});
  }
}

/** Who ran it: the operating-system user, when the system can say. */
function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME;
  }
}

/** The history row of a migration, inserted or (for a resumed one) replaced. */
function recordSql(
  table: string,
  migration: MigrationFile,
  options: RunnerOptions,
  state: { readonly success: boolean; readonly done: number; readonly ms?: number },
): string {
  // Who and where, as `user@host`.
  const by = `${currentUser() ?? 'unknown'}@${hostname()}`;
  const values = [
    quoteLiteral(migration.version),
    quoteLiteral(migration.name),
    quoteLiteral(migration.checksum),
    quoteLiteral(by),
    options.gitCommit ? quoteLiteral(options.gitCommit) : 'NULL',
    String(state.success),
    String(state.done),
    state.ms === undefined ? 'NULL' : String(state.ms),
    String(options.skippedVerification === true),
    quoteLiteral(options.kind ?? 'migration'),
  ];
  return `INSERT INTO ${table} (version, name, checksum, applied_by, git_commit, success, statements_done, execution_ms, skipped_verification, kind)
    VALUES (${values.join(', ')})
    ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, success = EXCLUDED.success,
      statements_done = EXCLUDED.statements_done, execution_ms = EXCLUDED.execution_ms, applied_by = EXCLUDED.applied_by,
      git_commit = EXCLUDED.git_commit, skipped_verification = EXCLUDED.skipped_verification, kind = EXCLUDED.kind,
      rolled_back_at = NULL, applied_at = now()`;
}

/** Marks the migrations a rollback undid, so that they count as pending again. */
function rolledBackSql(table: string, options: RunnerOptions): string | undefined {
  if (!options.rollsBack?.length) return undefined;
  return `UPDATE ${table} SET rolled_back_at = now() WHERE kind = 'migration' AND rolled_back_at IS NULL
    AND version IN (${options.rollsBack.map(quoteLiteral).join(', ')})`;
}

function failure(
  migration: MigrationFile,
  statement: { sql: string; line: number },
  error: unknown,
): MigrationFailedError {
  const first = statement.sql.split('\n')[0] ?? '';
  return new MigrationFailedError(
    migration,
    statement.line,
    `${migration.path}, line ${statement.line} (${first.length > 60 ? `${first.slice(0, 57)}…` : first}), failed: ${errorMessage(error)}; the migration was not applied.`,
    { cause: error },
  );
}

async function applyInTransaction(
  client: PostgresClient,
  table: string,
  migration: MigrationFile,
  options: RunnerOptions,
): Promise<void> {
  options.onEvent?.({ kind: 'start', migration, resumeAt: 0 });
  const statements = splitStatements(migration.sql);
  await client.exec('BEGIN');
  const started = performance.now();
  for (const statement of statements) {
    try {
      await client.exec(statement.sql);
    } catch (error) {
      await client.exec('ROLLBACK').catch(() => {});
      throw failure(migration, statement, error);
    }
  }
  const ms = Math.round(performance.now() - started);
  await client.exec(recordSql(table, migration, options, { success: true, done: statements.length, ms }));
  const rolledBack = rolledBackSql(table, options);
  if (rolledBack) await client.exec(rolledBack);
  await client.exec('COMMIT');
}

async function applyStepByStep(
  client: PostgresClient,
  table: string,
  migration: MigrationFile,
  previous: HistoryRow | undefined,
  options: RunnerOptions,
): Promise<void> {
  const statements = splitStatements(migration.sql);
  // A rerun of the same file continues after the statements that already ran.
  const resumeAt = previous && previous.checksum === migration.checksum ? previous.statements_done : 0;
  options.onEvent?.({ kind: 'start', migration, resumeAt });
  if (resumeAt === 0) await client.exec(recordSql(table, migration, options, { success: false, done: 0 }));
  const started = performance.now();
  const version = quoteLiteral(migration.version);
  for (let i = resumeAt; i < statements.length; i++) {
    const statement = statements[i] as { sql: string; line: number };
    try {
      await client.exec(statement.sql);
    } catch (error) {
      throw failure(migration, statement, error);
    }
    await client.exec(`UPDATE ${table} SET statements_done = ${i + 1} WHERE version = ${version}`);
  }
  const ms = Math.round(performance.now() - started);
  const rolledBack = rolledBackSql(table, options);
  await client.exec(
    `${rolledBack ? `BEGIN; ${rolledBack};\n` : ''}UPDATE ${table} SET success = true, execution_ms = ${ms} WHERE version = ${version}${rolledBack ? '; COMMIT' : ''}`,
  );
}
