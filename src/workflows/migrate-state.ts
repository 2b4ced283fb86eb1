/**
 * What the migrate commands share: the migration folder and database of a run, the
 * state of the database against the folder (history, drift), the pre-verification and the
 * pending migrations.
 */
import { join, relative } from 'node:path';
import { type ResolvedConfig, environmentUrl } from '../config/load.js';
import type { Connection } from '../dialects/dialect.js';
import { closedOnAbort, connect, dialectByName } from '../dialects/index.js';
import type { Change } from '../diff/change.js';
import { compareSchemas, diff } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import { type MigrationFile, type MigrationFolder, readMigrationFolder } from '../migrations/formats.js';
import { type MigrationHistory, type ReadHistoriesOptions, readHistories } from '../migrations/history.js';
import {
  type MigrationStatus,
  appliedFiles,
  awaitsRun,
  introducedBy,
  migrationLabel,
  migrationStatus,
} from '../migrations/status.js';
import type { CompareReport } from '../report/compare.js';
import { type ShadowStep, ShadowStepError } from '../shadow/shadow.js';
import { type LoadedSchema, loadFromSteps, loadSchema } from '../sources/load.js';
import { parseRef } from '../sources/ref.js';
import { replaySteps } from '../sources/shadow-refs.js';
import { TOOL_OF_FORMAT, historyTableName } from '../migrations/tool-tables.js';
import type { Reporter } from './context.js';
import { type SourceOptions, connectTimeoutMs } from './source-options.js';
import { noteVersionSkew } from './version-note.js';

/** The options of `migrate status`. */
export interface StatusOptions extends SourceOptions {
  readonly dir?: string;
  readonly format: string;
  readonly output?: string;
  /** Code migrations in the folder are an error: they are not replayed, so not checked. */
  readonly strict?: boolean;
}

/** The options of `migrate plan`. */
export interface PlanOptions extends StatusOptions {
  readonly skipVerification?: boolean;
}

/** The migration folder: --dir, else the config's. */
export async function folderOf(dir: string | undefined, config: ResolvedConfig): Promise<MigrationFolder> {
  const path = dir ?? config.migrations?.dir;
  if (!path) throw new SchemaguardError('Name the migration folder: --dir PATH, or "migrations" in the config.');
  return readMigrationFolder(
    path,
    dir ? undefined : config.migrations?.format,
    config.cwd,
    dialectByName(config.dialect).lexer,
  );
}

/**
 * Opens the database a migrate command works on (--db or --env); for a schema-per-tenant
 * target (`config.scope`), with the tenant's schema as the session's, where the unqualified
 * names of the migrations are found and created.
 */
export async function openDatabase(ref: string, config: ResolvedConfig, options: SourceOptions): Promise<Connection> {
  const parsed = parseRef(ref);
  const url =
    parsed.kind === 'environment'
      ? environmentUrl(config, parsed.name)
      : parsed.kind === 'database'
        ? parsed.url
        : undefined;
  if (!url) throw new SchemaguardError(`migrate works on a database: --db URL or --env NAME, not ${ref}.`);
  const timeout = connectTimeoutMs(options) ?? config.connectTimeoutMs;
  const connection = await connect(url, {
    connectTimeoutMs: timeout,
    cwd: config.cwd,
    env: config.env,
    ...(config.scope ? { schema: config.scope.schema } : {}),
  });
  return closedOnAbort(connection, config.abort);
}

/**
 * Where a migrate command looks for the history table: the config's `migrations.table`, and for
 * a schema-per-tenant target (`config.scope`) the tenant's schema, unless that table names another.
 */
export function historyLookup(config: ResolvedConfig): Pick<ReadHistoriesOptions, 'table' | 'schema'> {
  const { scope } = config;
  const table = config.migrations?.table;
  const inTenant = scope && (table === undefined || historyTableName(table).schema === undefined);
  return { table, ...(inTenant ? { schema: scope.schema } : {}) };
}

/** A difference between the database and the replay of its applied migrations, with the migration that made the object. */
export interface DriftEntry {
  readonly change: Change;
  readonly migration?: string;
}

/** What a database has applied of a folder, and how it differs from the replay of that. */
export interface DatabaseState {
  readonly history: MigrationHistory | undefined;
  readonly statuses: readonly MigrationStatus[];
  readonly applied: readonly MigrationFile[];
  readonly drift: readonly DriftEntry[];
  readonly report: CompareReport;
  readonly live: LoadedSchema;
  /** The replay of the applied migrations on the shadow database. */
  readonly replay: LoadedSchema;
}

/**
 * Reads the history, matches it with the folder, and compares the database with the
 * replay of what it applied. With `at.snapshot` (exported by the session that holds the
 * migration lock), the history and the schema are read at that one moment.
 */
export async function databaseState(
  notes: Pick<Reporter, 'noteOnce'>,
  folder: MigrationFolder,
  ref: string,
  config: ResolvedConfig,
  options: SourceOptions,
  progress: { update(step: string): void },
  at: { readonly snapshot?: string } = {},
): Promise<DatabaseState> {
  progress.update('reading the history');
  const client = await openDatabase(ref, config, options);
  let history: MigrationHistory | undefined;
  const { transactionalDdl } = client.dialect.capabilities;
  try {
    // Only the tool that owns the folder: its table is then known even if a migration altered it.
    const tool = TOOL_OF_FORMAT[folder.format];
    [history] = await readHistories(client, { ...historyLookup(config), tool, snapshot: at.snapshot });
  } finally {
    await client.close();
  }
  const statuses = migrationStatus(folder, history, transactionalDdl);
  const applied = appliedFiles(folder, statuses);
  progress.update('replaying the applied migrations');
  const [replay, live] = await Promise.all([
    // Even with none applied: the replay of nothing is the empty database the migrations start from.
    loadFromSteps(
      [...replaySteps(folder, applied, config), ...interruptedSteps(folder, statuses, config.cwd)],
      `the migrations applied (${applied.length})`,
      config,
      {},
    ),
    // With the sizes of its tables, for the hazards of a rollback planned from it.
    loadSchema(ref, { config, connectTimeoutMs: connectTimeoutMs(options), snapshot: at.snapshot, tableSizes: true }),
  ]);
  const sides = { from: replay, to: live };
  noteVersionSkew(notes, 'the migrations were replayed on', 'the database runs', sides);
  const compared = compareSchemas(dialectByName(live.dialect), replay.schema, live.schema, { sides });
  const { acrossVersions } = compared;
  const changes = await driftAllowingInFlight(folder, statuses, applied, live, compared.changes, config);
  const drift = changes.map((change) => ({ change, migration: introducedBy(change, applied)?.path }));
  const from = `the migrations applied (${applied.length})`;
  const report: CompareReport = { from, to: live.source, changes, acrossVersions };
  return { history, statuses, applied, drift, report, live, replay };
}

/**
 * The statements interrupted migrations completed, as shadow steps: they are in the
 * database too; with `inFlight`, also the statement each was running when it stopped.
 */
function interruptedSteps(
  folder: MigrationFolder,
  statuses: readonly MigrationStatus[],
  cwd: string,
  inFlight = 0,
): ShadowStep[] {
  return statuses.flatMap((status) => {
    const file = folder.migrations.find((m) => m.path === status.path);
    if (status.state !== 'interrupted' || !file) return [];
    const done = folder.lexer.split(file.sql).slice(0, (status.statementsDone ?? 0) + inFlight);
    if (done.length === 0) return [];
    return [
      {
        label: `${relative(cwd, join(folder.path, file.path))} (its first ${done.length} statements)`,
        sql: done.map((statement) => `${statement.sql};`).join('\n'),
        transactional: false,
      },
    ];
  });
}

/** The statement each interrupted migration was running when it stopped (the first not recorded as done). */
function inFlightStatements(folder: MigrationFolder, statuses: readonly MigrationStatus[]): string[] {
  return statuses.flatMap((status) => {
    const file = folder.migrations.find((m) => m.path === status.path);
    if (status.state !== 'interrupted' || !file) return [];
    const statement = folder.lexer.split(file.sql)[status.statementsDone ?? 0];
    return statement ? [statement.sql] : [];
  });
}

/**
 * The drift of a database holding partially applied (interrupted) migrations, once
 * what their statements in flight may have done is allowed for. The database may or
 * may not have the effect of the statement that was running when the run stopped:
 * it is compared with the replay of the statements recorded as done (`changes`) and,
 * when that differs, with the replay including the statement in flight; either
 * matching is no drift. An index such a statement builds or drops (a `CREATE INDEX
 * CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, the `_ccnew` copies of a `REINDEX
 * CONCURRENTLY`) is expected in any state, INVALID included: the next run drops and
 * rebuilds it.
 */
async function driftAllowingInFlight(
  folder: MigrationFolder,
  statuses: readonly MigrationStatus[],
  applied: readonly MigrationFile[],
  live: LoadedSchema,
  changes: readonly Change[],
  config: ResolvedConfig,
): Promise<Change[]> {
  const inFlight = inFlightStatements(folder, statuses);
  if (inFlight.length === 0 || changes.length === 0) return [...changes];
  const { mayLeaveInvalid } = dialectByName(live.dialect).migrations;
  const leftovers = inFlight.flatMap((sql) => mayLeaveInvalid(sql) ?? []);
  const expected = (change: Change) =>
    change.objectType === 'index' && leftovers.some((matches) => matches(change.path.split('.').at(-1) ?? ''));
  const remaining = changes.filter((change) => !expected(change));
  if (remaining.length === 0) return [];
  let withInFlight: LoadedSchema;
  try {
    withInFlight = await loadFromSteps(
      [...replaySteps(folder, applied, config), ...interruptedSteps(folder, statuses, config.cwd, 1)],
      `the migrations applied (${applied.length}) and the statements in flight`,
      config,
      {},
    );
  } catch (error) {
    // The statement in flight does not even run on the shadow database: it did not run here either.
    if (error instanceof ShadowStepError) return remaining;
    throw error;
  }
  const sides = { from: withInFlight, to: live };
  const other = diff(dialectByName(live.dialect), withInFlight.schema, live.schema, { sides });
  return other.some((change) => !expected(change)) ? remaining : [];
}

/**
 * Whether a difference is about an object the interrupted migrations change (each
 * whole, from the replay of the applied migrations to the replay with them): what the
 * database may differ from the environment's snapshot in, since the snapshot was
 * written after the last complete run.
 */
export async function changedByInterrupted(
  folder: MigrationFolder,
  state: DatabaseState,
  config: ResolvedConfig,
): Promise<(change: Change) => boolean> {
  const interrupted = folder.migrations.filter((m) =>
    state.statuses.some((s) => !s.code && s.version === m.version && s.state === 'interrupted'),
  );
  if (interrupted.length === 0) return () => false;
  const [before, after] = await Promise.all([
    loadFromSteps(
      replaySteps(folder, state.applied, config),
      `the migrations applied (${state.applied.length})`,
      config,
      {},
    ),
    loadFromSteps(
      replaySteps(folder, [...state.applied, ...interrupted], config),
      `the migrations applied and the interrupted ones`,
      config,
      {},
    ),
  ]);
  const key = (change: Change) => `${change.objectType} ${change.path}`;
  const touched = new Set(diff(dialectByName(state.live.dialect), before.schema, after.schema).map(key));
  return (change) => touched.has(key(change));
}

/**
 * The pre-verification of a migration run: what must be true before anything is
 * applied; with `strict`, no code migration in the folder.
 */
export function verificationProblems(state: DatabaseState, strict = false): string[] {
  const problems = state.statuses
    .filter((s) => s.state === 'failed' || s.state === 'changed' || s.state === 'unknown')
    .map((s) =>
      s.state === 'failed' && state.history?.tool === 'schemaguard' && !s.code
        ? `migration ${s.path ?? s.version} is failed: "schemaguard migrate repair --retry ${s.version}" (or --rolled-back ${s.version}) decides what happens to it`
        : s.state === 'unknown' && s.app !== undefined
          ? `migration ${s.version} is recorded in ${state.history?.table ?? 'the history'} but not on disk`
          : `migration ${migrationLabel(s)} is ${s.state}`,
    );
  if (strict) problems.push(...state.statuses.filter((s) => s.code).map((s) => codeProblem(s.path ?? s.version)));
  for (const d of state.drift) {
    const object = `${d.change.objectType} ${d.change.path}`;
    const what =
      d.change.action === 'add'
        ? `the database has ${object}, which no applied migration makes`
        : d.change.action === 'drop'
          ? `the database lacks ${object}`
          : `${object} differs from what the applied migrations make`;
    problems.push(`drift: ${what}${d.migration ? ` (made by ${d.migration})` : ''}`);
  }
  return problems;
}

/** What --strict says of a code migration. */
export function codeProblem(path: string): string {
  return `${path} is a code migration: not replayed, so not checked (--strict)`;
}

/** `SCHEMAGUARD_SKIP_VERIFICATION=true` in `env` or the flag: the seeds' emergency override. */
export function skipVerification(
  options: { readonly skipVerification?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return options.skipVerification === true || env.SCHEMAGUARD_SKIP_VERIFICATION === 'true';
}

/**
 * The migrations of the folder the database has not run (or not finished), in the folder's
 * order; found by version, as one file may hold several (a Liquibase changelog's changesets).
 */
export function pendingMigrations(folder: MigrationFolder, state: DatabaseState): MigrationFile[] {
  return folder.migrations.filter((m) => state.statuses.some((s) => s.version === m.version && awaitsRun(s)));
}

/** The schema difference the pending migrations make, replayed after the applied ones on the shadow database. */
export async function pendingChanges(
  folder: MigrationFolder,
  state: DatabaseState,
  pending: readonly MigrationFile[],
  config: ResolvedConfig,
): Promise<CompareReport> {
  const from = `the migrations applied (${state.applied.length})`;
  const to = `the migrations applied with the ${pending.length} pending`;
  if (pending.length === 0) return { from, to, changes: [] };
  const after = await loadFromSteps(replaySteps(folder, [...state.applied, ...pending], config), to, config, {});
  const changes = diff(dialectByName(state.live.dialect), state.replay.schema, after.schema);
  // They run on the live database: its tables' sizes say how long a rewrite or a lock lasts.
  return { from, to, changes, ...(state.live.tableSizes ? { tableSizes: state.live.tableSizes } : {}) };
}

/** The code migrations of a state that its history does not record as run. */
export function unrecordedCode(state: DatabaseState): string[] {
  return state.statuses.filter((s) => s.code && s.state === 'pending').map((s) => s.path ?? s.version);
}

/**
 * The applied migrations after the longest run of applied migrations whose replay is
 * exactly `target`'s schema: what a rollback to it undoes, or, for the live schema, the
 * migrations the history records but whose changes are not in the database. None when
 * no shorter run replays to it.
 */
export async function migrationsAfterSchema(
  folder: MigrationFolder,
  state: DatabaseState,
  target: Pick<LoadedSchema, 'schema' | 'serverVersion'>,
  config: ResolvedConfig,
): Promise<MigrationFile[]> {
  const dialect = dialectByName(state.live.dialect);
  for (let k = state.applied.length - 1; k >= 0; k--) {
    const replay = await loadFromSteps(
      replaySteps(folder, state.applied.slice(0, k), config),
      `the first ${k} migrations`,
      config,
      {},
    );
    const sides = { from: replay, to: target };
    if (diff(dialect, replay.schema, target.schema, { sides }).length === 0) return state.applied.slice(k);
  }
  return [];
}
