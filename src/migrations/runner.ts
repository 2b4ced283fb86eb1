import { hostname, userInfo } from 'node:os';
import type { Connection, RunEntry, RunRecord } from '../dialects/dialect.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import type { MigrationFile } from './formats.js';
import { takeMigrationLock } from './lock.js';

/** How the runner records and guards its work. */
export interface RunnerOptions {
  /** schemaguard's history table (default `public.schemaguard_migrations`). */
  readonly historySchema?: string;
  readonly historyTable?: string;
  /** How long to wait for another run's lock before giving up (default 60 s). */
  readonly lockTimeoutMs?: number;
  /** `lock_timeout` for the statements of each migration (default {@link DEFAULT_TIMEOUTS}; 0: none). */
  readonly statementLockTimeoutMs?: number;
  /** `statement_timeout` for the statements of each migration (default {@link DEFAULT_TIMEOUTS}; 0: none). */
  readonly statementTimeoutMs?: number;
  /** How many times a migration that hit `lock_timeout` is tried again (default 3). */
  readonly lockRetries?: number;
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
  /** SQL run on the session before the migrations, as the team's tool does (the config's `migrations.sessionSql`). */
  readonly sessionSql?: string;
  /** Called as the run goes, for progress. */
  readonly onEvent?: (event: RunnerEvent) => void;
  /** Once aborted, the run stops before its next migration (the one under way completes). */
  readonly signal?: AbortSignal;
}

export type RunnerEvent =
  | { readonly kind: 'waiting-for-lock'; readonly holder: string }
  | {
      readonly kind: 'lock-retry';
      readonly migration: MigrationFile;
      readonly attempt: number;
      readonly of: number;
      readonly waitMs: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'start';
      readonly migration: MigrationFile;
      /** The statements already done (0-based index of the first to run). */
      readonly resumeAt: number;
      /** It continues a run of it that failed or was killed. */
      readonly resuming: boolean;
    }
  /** What rerunning an interrupted statement does first, e.g. dropping the INVALID index it left. */
  | { readonly kind: 'hazard'; readonly migration: MigrationFile; readonly message: string }
  /** A statement an interrupted run completed without recording it: recorded now, not run again. */
  | { readonly kind: 'recovered'; readonly migration: MigrationFile; readonly message: string }
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

/** The run was stopped (its signal aborted) between two migrations: `next` and those after it did not run. */
export class RunInterruptedError extends SchemaguardError {
  constructor(
    readonly next: MigrationFile,
    readonly appliedCount: number,
  ) {
    super(
      `the run was interrupted after ${appliedCount} migration${appliedCount === 1 ? '' : 's'}, before ${next.path}; run it again to apply the rest`,
    );
  }
}

export interface RunnerResult {
  /** The migrations applied by this run, in order. */
  readonly applied: readonly { readonly version: string; readonly ms: number }[];
}

/** The history table of the runner on a connection's engine, qualified: `public.schemaguard_migrations` by default. */
export function runnerHistoryTable(
  connection: Connection,
  options: Pick<RunnerOptions, 'historySchema' | 'historyTable'>,
): string {
  return connection.dialect.history.table({ schema: options.historySchema, table: options.historyTable });
}

/** The timeouts a migration's statements run under, unless the config or the command line says otherwise. */
export const DEFAULT_TIMEOUTS = {
  /** Waiting longer for a lock queues every reader of the table behind the migration. */
  lockTimeoutMs: 5_000,
  /** Long enough for a backfill, short enough to stop a runaway statement. */
  statementTimeoutMs: 30 * 60_000,
  lockRetries: 3,
} as const;

/** The timeouts of a run, with the defaults filled in (0: none). */
export function runnerTimeouts(options: RunnerOptions): {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly lockRetries: number;
} {
  return {
    lockTimeoutMs: options.statementLockTimeoutMs ?? DEFAULT_TIMEOUTS.lockTimeoutMs,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_TIMEOUTS.statementTimeoutMs,
    lockRetries: options.lockRetries ?? DEFAULT_TIMEOUTS.lockRetries,
  };
}

/** A migration whose statement gave up waiting for a lock: worth another attempt. */
function isLockTimeout(connection: Connection, error: unknown): boolean {
  return error instanceof MigrationFailedError && connection.dialect.migrations.isLockTimeout(error.cause);
}

/**
 * Whether the runner applies a migration in one transaction: its file allows it and the
 * engine's DDL rolls back with a transaction (`capabilities.transactionalDdl`). Otherwise
 * it runs statement by statement with its progress recorded, so that a rerun continues.
 */
export function runsInTransaction(connection: Connection, migration: MigrationFile): boolean {
  return migration.transactional && connection.dialect.capabilities.transactionalDdl;
}

/**
 * Applies the migrations the history table does not record as applied, in order:
 * one run at a time (the migration lock held for the whole run), each migration in its
 * own transaction together with its history row, or, when it cannot run in a
 * transaction, statement by statement with its progress recorded so that a rerun
 * after a failure continues where it stopped. A failure rolls its migration back and
 * records nothing as applied.
 */
export async function applyMigrations(
  client: Connection,
  migrations: readonly MigrationFile[],
  options: RunnerOptions = {},
): Promise<RunnerResult> {
  const { history: store, migrations: support } = client.dialect;
  const table = runnerHistoryTable(client, options);
  await client.prepareFor?.(migrations.map((migration) => migration.sql));
  // The lock first: two first runs would otherwise race to create the history table.
  const lock = await takeMigrationLock(client, table, {
    timeoutMs: options.lockTimeoutMs,
    onWait: (holder) => options.onEvent?.({ kind: 'waiting-for-lock', holder }),
  });
  try {
    await client.exec(store.createSql({ schema: options.historySchema, table: options.historyTable }));
    const { lockTimeoutMs, statementTimeoutMs } = runnerTimeouts(options);
    await support.setTimeouts(client, { lockTimeoutMs, statementTimeoutMs });
    if (options.sessionSql) await client.exec(options.sessionSql);
    const history = await store.readRuns(client, table);
    const applied: { version: string; ms: number }[] = [];
    const { lockRetries } = runnerTimeouts(options);
    for (const migration of migrations) {
      if (history.get(migration.version)?.success) continue;
      if (options.signal?.aborted) throw new RunInterruptedError(migration, applied.length);
      const started = performance.now();
      for (let attempt = 1; ; attempt++) {
        try {
          if (runsInTransaction(client, migration)) await applyInTransaction(client, table, migration, options);
          else {
            // A retry continues after what the failed attempt recorded as done.
            const row =
              attempt === 1
                ? history.get(migration.version)
                : (await store.readRuns(client, table)).get(migration.version);
            await applyStepByStep(client, table, migration, row, options);
          }
          break;
        } catch (error) {
          if (!isLockTimeout(client, error) || attempt > lockRetries) throw error;
          const waitMs = Math.min(1000 * 2 ** (attempt - 1), 10_000);
          options.onEvent?.({
            kind: 'lock-retry',
            migration,
            attempt,
            of: lockRetries,
            waitMs,
            reason: errorMessage((error as MigrationFailedError).cause),
          });
          await new Promise((resolve) => setTimeout(resolve, waitMs));
        }
      }
      const ms = Math.round(performance.now() - started);
      applied.push({ version: migration.version, ms });
      options.onEvent?.({ kind: 'done', migration, ms });
    }
    return { applied };
  } finally {
    await lock.release();
  }
}

/** Who ran it: the operating-system user, when the system can say. */
function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // The user this process runs as, as the system names it: not a setting of the run.
    // eslint-disable-next-line no-restricted-properties
    return process.env.USER ?? process.env.USERNAME;
  }
}

/** The history entry of a migration run. */
function entryOf(
  migration: MigrationFile,
  options: RunnerOptions,
  state: { readonly success: boolean; readonly done: number; readonly ms?: number },
): RunEntry {
  return {
    version: migration.version,
    name: migration.name,
    checksum: migration.checksum,
    // Who and where, as `user@host`.
    appliedBy: `${currentUser() ?? 'unknown'}@${hostname()}`,
    ...(options.gitCommit ? { gitCommit: options.gitCommit } : {}),
    success: state.success,
    statementsDone: state.done,
    ...(state.ms === undefined ? {} : { executionMs: state.ms }),
    skippedVerification: options.skippedVerification === true,
    kind: options.kind ?? 'migration',
  };
}

/** Marks the migrations a rollback undid, so that they count as pending again. */
async function markRolledBack(connection: Connection, table: string, options: RunnerOptions): Promise<void> {
  if (options.rollsBack?.length) await connection.dialect.history.markRolledBack(connection, table, options.rollsBack);
}

/** The first line of a statement, shortened for messages. */
function firstLine(sql: string): string {
  const first = sql.split('\n')[0] ?? '';
  return first.length > 60 ? `${first.slice(0, 57)}…` : first;
}

/** A failed statement of a migration run in one transaction: nothing of it stayed. */
function failure(
  migration: MigrationFile,
  statement: { sql: string; line: number },
  error: unknown,
): MigrationFailedError {
  return new MigrationFailedError(
    migration,
    statement.line,
    `${migration.path}, line ${statement.line} (${firstLine(statement.sql)}), failed: ${errorMessage(error)}; the migration was not applied.`,
    { cause: error },
  );
}

/** `statements 1–2`, `statement 1`. */
function statementRange(from: number, to: number): string {
  return from === to ? `statement ${from}` : `statements ${from}–${to}`;
}

/**
 * A failed statement of a migration run statement by statement: what stayed applied
 * (the statements the history records as done), what did not, what it left behind,
 * and where the next run continues. Where every migration runs statement by statement
 * (an engine whose DDL cannot be rolled back), the statement is named by its number too.
 */
function stepFailure(
  migration: MigrationFile,
  statement: { sql: string; line: number; number?: number },
  progress: { readonly done: number; readonly total: number; readonly leftovers: readonly string[] },
  error: unknown,
): MigrationFailedError {
  const { done, total, leftovers } = progress;
  const which =
    statement.number === undefined
      ? `line ${statement.line} (${firstLine(statement.sql)})`
      : `statement ${statement.number} of ${total} (line ${statement.line}: ${firstLine(statement.sql)})`;
  const stayed =
    done === 0
      ? 'no statement of it stayed applied'
      : `${statementRange(1, done)} stayed applied (recorded in the history)`;
  const notRun = `${statementRange(done + 1, total)} did not run to completion`;
  const left = leftovers.length
    ? `; it left the INVALID index ${leftovers.join(', ')}, which the next run drops and builds again`
    : '';
  return new MigrationFailedError(
    migration,
    statement.line,
    `${migration.path}, ${which}, failed: ${errorMessage(error)}; ${stayed}, ${notRun}${left}; \`schemaguard migrate apply\` continues from statement ${done + 1}.`,
    { cause: error },
  );
}

async function applyInTransaction(
  client: Connection,
  table: string,
  migration: MigrationFile,
  options: RunnerOptions,
): Promise<void> {
  options.onEvent?.({ kind: 'start', migration, resumeAt: 0, resuming: false });
  const { lexer } = client.dialect;
  const all = lexer.split(migration.sql);
  // Session settings that take effect only outside a transaction (SQLite's foreign keys off for a rebuild).
  const { before, body, after } = lexer.around?.(all) ?? { before: [], body: all, after: [] };
  const started = performance.now();
  const run = async () => {
    for (const statement of before) {
      try {
        await client.exec(statement.sql);
      } catch (error) {
        throw failure(migration, statement, error);
      }
    }
    await client.transaction(async (tx) => {
      for (const statement of body) {
        try {
          await tx.exec(statement.sql);
        } catch (error) {
          throw failure(migration, statement, error);
        }
      }
      const ms = Math.round(performance.now() - started);
      await tx.dialect.history.record(tx, table, entryOf(migration, options, { success: true, done: all.length, ms }));
      await markRolledBack(tx, table, options);
    });
  };
  const outcome = await run().then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  // Put the session back whether the migration committed or not; a failure here after a commit is the run's.
  for (const statement of after) {
    try {
      await client.exec(statement.sql);
    } catch (error) {
      if (outcome.ok) throw failure(migration, statement, error);
    }
  }
  if (!outcome.ok) throw outcome.error;
}

/**
 * Runs a migration that cannot run in one transaction, statement by statement, its
 * progress (`statements_done`) recorded in its history row. A rerun of the same file
 * (checksum) continues with the statement that did not complete, whether the last run
 * failed or was killed; the first statement of a continued run is looked at first
 * (see {@link runStatementOutsideTransaction}).
 */
async function applyStepByStep(
  client: Connection,
  table: string,
  migration: MigrationFile,
  previous: RunRecord | undefined,
  options: RunnerOptions,
): Promise<void> {
  const { lexer, history } = client.dialect;
  const statements = lexer.split(migration.sql);
  const resuming = previous !== undefined && previous.checksum === migration.checksum;
  const resumeAt = resuming ? previous.statementsDone : 0;
  options.onEvent?.({ kind: 'start', migration, resumeAt, resuming });
  if (!resuming) await history.record(client, table, entryOf(migration, options, { success: false, done: 0 }));
  await client.dialect.migrations.watchClient(client);
  // A script with its own BEGIN/COMMIT keeps them: its statements are not wrapped in another transaction.
  const ownTransactions = lexer.controlsTransactions(migration.sql);
  const started = performance.now();
  for (let i = resumeAt; i < statements.length; i++) {
    const statement = statements[i] as { sql: string; line: number };
    await runStatementOutsideTransaction(client, table, migration, i, statement, {
      ...options,
      alone: ownTransactions || lexer.runsOutsideTransaction(statement.sql),
      mayBeInterrupted: resuming && i === resumeAt,
      total: statements.length,
    });
  }
  const ms = Math.round(performance.now() - started);
  if (options.rollsBack?.length) {
    await client.transaction(async (tx) => {
      await markRolledBack(tx, table, options);
      await history.recordSuccess(tx, table, migration.version, ms);
    });
  } else await history.recordSuccess(client, table, migration.version, ms);
}

/** How {@link runStatementOutsideTransaction} runs one statement. */
interface StatementOptions extends RunnerOptions {
  /** It cannot run in a transaction block (or the script runs its own): it runs alone, then its progress is recorded. */
  readonly alone: boolean;
  /** The statement an earlier run of the migration was running when it stopped: it may have left something. */
  readonly mayBeInterrupted: boolean;
  /** How many statements the migration has, for messages. */
  readonly total: number;
}

/**
 * Runs statement `index` of a migration run outside one transaction and records it as
 * done (`statements_done = index + 1`). A statement that can run in a transaction block
 * runs in a small one with its progress update, so that it and its record commit
 * together; one that cannot runs alone, its record written right after it. When the
 * statement may have been interrupted by an earlier run, the catalog is looked at
 * first: a `CREATE INDEX CONCURRENTLY` whose index is there and VALID completed (it is
 * recorded, not rerun); the INVALID index of a failed or killed build (or the
 * `_ccnew`/`_ccold` copies of a `REINDEX CONCURRENTLY`) is dropped before it runs again;
 * a `DROP INDEX CONCURRENTLY` whose index is gone completed. Throws
 * {@link MigrationFailedError} saying what stayed applied.
 */
async function runStatementOutsideTransaction(
  client: Connection,
  table: string,
  migration: MigrationFile,
  index: number,
  statement: { readonly sql: string; readonly line: number },
  options: StatementOptions,
): Promise<void> {
  const { history, migrations: support } = client.dialect;
  const record = (connection: Connection) => history.recordProgress(connection, table, migration.version, index + 1);
  try {
    if (options.mayBeInterrupted) {
      const recovery = await support.recovery(client, statement.sql);
      if (recovery.kind === 'completed') {
        await record(client);
        options.onEvent?.({
          kind: 'recovered',
          migration,
          message: `statement ${index + 1} (line ${statement.line}) had completed before the last run stopped (${recovery.evidence}): recorded as done, not run again`,
        });
        return;
      }
      if (recovery.kind === 'drop-leftovers') {
        for (const leftover of recovery.indexes) {
          options.onEvent?.({
            kind: 'hazard',
            migration,
            message: `dropping the INVALID index ${leftover} left by the interrupted ${recovery.what} of statement ${index + 1} (line ${statement.line}), then ${recovery.what === 'build' ? 'building it' : 'running it'} again`,
          });
          await support.dropLeftover(client, leftover);
        }
      }
    }
    if (options.alone) {
      await client.exec(statement.sql);
      await record(client);
    } else {
      await client.transaction(async (tx) => {
        await tx.exec(statement.sql);
        await record(tx);
      });
    }
  } catch (error) {
    throw stepFailure(
      migration,
      client.dialect.capabilities.transactionalDdl ? statement : { ...statement, number: index + 1 },
      await progressAfterFailure(client, table, migration, statement, index, options),
      error,
    );
  }
}

/**
 * What a failed statement leaves: the statements its history row records as done (read
 * back, so that a script's own rolled-back transaction counts right), and the INVALID
 * indexes it left, which the next run drops.
 */
async function progressAfterFailure(
  client: Connection,
  table: string,
  migration: MigrationFile,
  statement: { readonly sql: string },
  index: number,
  options: StatementOptions,
): Promise<{ done: number; total: number; leftovers: string[] }> {
  let done = index;
  let leftovers: string[] = [];
  try {
    done = (await client.dialect.history.readProgress(client, table, migration.version)) ?? done;
    const recovery = await client.dialect.migrations.recovery(client, statement.sql);
    if (recovery.kind === 'drop-leftovers') leftovers = [...recovery.indexes];
  } catch {
    // The connection is gone: the count is the runner's own.
  }
  return { done, total: options.total, leftovers };
}
