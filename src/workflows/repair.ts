/**
 * `migrate repair` as a workflow: for a migration whose run did not complete (failed or
 * interrupted), what of it is in the database, and marking it for retry or as rolled
 * back; for migrations the history records as applied whose changes are not in the
 * database, marking them as not applied.
 */
import { relative } from 'node:path';
import { dialectByName } from '../dialects/index.js';
import type { ResolvedConfig } from '../config/load.js';
import type { Change } from '../diff/change.js';
import { diff } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import type { MigrationFile, MigrationFolder } from '../migrations/formats.js';
import type { MigrationStatus } from '../migrations/status.js';
import type { Schema } from '../schema/model.js';
import { loadFromSteps } from '../sources/load.js';
import { replaySteps } from '../sources/shadow-refs.js';
import type { WorkflowContext } from './context.js';
import { type DatabaseState, databaseState, migrationsAfterSchema } from './migrate-state.js';
import {
  type ProtocolTarget,
  confirmed,
  requireConfirmation,
  underMigrationLock,
  writeEnvironmentSnapshot,
} from './protocol.js';
import type { SourceOptions } from './source-options.js';

/** Whether a status is a migration whose run did not complete: what `--retry` and `--rolled-back` mark. */
function unfinished(status: MigrationStatus): boolean {
  return !status.code && (status.state === 'failed' || status.state === 'interrupted');
}

/** `index public.t.t_a`: how the report names the object of a change. */
const objectOf = (change: Change) => `${change.objectType} ${change.path}`;

/** The indexes of a schema that are INVALID (a failed or killed concurrent build), by path. */
function invalidIndexes(schema: Schema): Set<string> {
  return new Set(
    schema.tables.flatMap((t) =>
      (t.indexes ?? []).filter((i) => i.invalid).map((i) => `${t.schema}.${t.name}.${i.name}`),
    ),
  );
}

/**
 * What a failed or interrupted migration left in the database: its statements with
 * those the history records as done, then each object it makes (from the replay of the
 * migrations applied before it to the replay with it) as the live database has it —
 * `done`, `not done`, `INVALID` (an index a concurrent build left), or `differs`
 * (neither as before it nor as it makes it).
 */
export async function unfinishedReport(
  folder: MigrationFolder,
  state: DatabaseState,
  status: MigrationStatus,
  config: ResolvedConfig,
): Promise<string> {
  const file = folder.migrations.find((m) => m.path === status.path) as MigrationFile;
  const statements = folder.lexer.split(file.sql);
  const done = status.statementsDone ?? 0;
  const lines = [
    status.state === 'interrupted'
      ? `${file.path} (version ${file.version}) is interrupted: ${done} of its ${statements.length} statements completed.`
      : `${file.path} (version ${file.version}) is failed${status.statementsDone === undefined ? '' : `: ${done} of its ${statements.length} statements completed`}; the file has changed since that run (the statements below are the file's as it is now).`,
    '',
    'Its statements, as the history records them:',
    ...statements.map(
      (s, i) =>
        `  ${(i < done ? 'done' : i === done ? 'stopped' : 'not run').padEnd(8)} ${i + 1}. line ${s.line}: ${s.sql.split('\n')[0]}`,
    ),
  ];
  const [before, after] = await Promise.all([
    loadFromSteps(replaySteps(folder, state.applied, config), 'the migrations applied', config, {}),
    loadFromSteps(
      replaySteps(folder, [...state.applied, file], config),
      `the migrations applied and ${file.path}`,
      config,
      {},
    ),
  ]);
  const dialect = dialectByName(state.live.dialect);
  const makes = diff(dialect, before.schema, after.schema);
  const unlikeAfter = new Set(diff(dialect, after.schema, state.live.schema).map(objectOf));
  const unlikeBefore = new Set(diff(dialect, before.schema, state.live.schema).map(objectOf));
  const invalid = invalidIndexes(state.live.schema);
  lines.push('', `What it makes, in ${state.live.source} now:`);
  for (const change of makes) {
    const label =
      change.objectType === 'index' && invalid.has(change.path)
        ? 'INVALID'
        : !unlikeAfter.has(objectOf(change))
          ? 'done'
          : !unlikeBefore.has(objectOf(change))
            ? 'not done'
            : 'differs';
    lines.push(`  ${label.padEnd(8)} ${change.action} ${objectOf(change)}`);
  }
  if (makes.length === 0) lines.push('  (no schema change)');
  return `${lines.join('\n')}\n`;
}

/** What `--retry` and `--rolled-back` say for a migration. */
function markingAdvice(file: MigrationFile, status: MigrationStatus, selector: string): string {
  const next = (status.statementsDone ?? 0) + 1;
  const retry = file.transactional
    ? 'it runs in one transaction, so nothing of it stayed: the next apply runs it whole'
    : `the next apply continues from statement ${next} of the file as it is now; an INVALID index that statement left is dropped and built again`;
  return [
    `  schemaguard migrate repair ${selector} --retry ${file.version}        (${retry})`,
    `  schemaguard migrate repair ${selector} --rolled-back ${file.version}  (you have undone what it did: it counts as pending, and the next apply runs it from statement 1)`,
  ].join('\n');
}

/**
 * Without `--retry`/`--rolled-back`: each failed or interrupted migration, what it left
 * and what to do. Resolves to 1 when one is failed (it needs a decision), else 0.
 */
async function reportUnfinished(
  context: WorkflowContext,
  folder: MigrationFolder,
  state: DatabaseState,
  target: ProtocolTarget,
  config: ResolvedConfig,
): Promise<number> {
  let decisions = 0;
  for (const status of state.statuses.filter(unfinished)) {
    const file = folder.migrations.find((m) => m.path === status.path) as MigrationFile;
    context.reporter.show(await unfinishedReport(folder, state, status, config));
    if (status.state === 'interrupted') {
      context.reporter.show(
        `\nNothing to repair: "schemaguard migrate apply ${target.selector}" continues it from statement ${(status.statementsDone ?? 0) + 1}. To decide otherwise:\n${markingAdvice(file, status, target.selector)}\n\n`,
      );
    } else {
      decisions++;
      context.reporter.show(`\nDecide what happens to it:\n${markingAdvice(file, status, target.selector)}\n\n`);
    }
  }
  return decisions > 0 ? 1 : 0;
}

/**
 * `migrate repair --retry VERSION` / `--rolled-back VERSION`: shows what the migration
 * left, then (confirmed, not with `--dry-run`) marks it. Retry: a non-transactional one
 * takes the file's checksum as it is now, so that the next apply continues it from the
 * statement that did not complete; a transactional one left nothing and is marked not
 * applied. Rolled back: its row is marked so, and it counts as pending.
 */
async function markUnfinished(
  context: WorkflowContext,
  folder: MigrationFolder,
  state: DatabaseState,
  target: ProtocolTarget,
  mark: { readonly version: string; readonly as: 'retry' | 'rolled-back' },
  options: { readonly yes?: boolean; readonly dryRun?: boolean },
  config: ResolvedConfig,
): Promise<number> {
  const flag = `--${mark.as}`;
  const status = state.statuses.find((s) => s.version === mark.version && !s.code);
  if (!status || !status.path) {
    throw new SchemaguardError(
      `${flag} ${mark.version}: the migration folder has no migration with that version; "schemaguard migrate status" lists them.`,
    );
  }
  if (!unfinished(status)) {
    throw new SchemaguardError(
      `${flag} ${mark.version}: ${status.path} is ${status.state}, not failed or interrupted; ${flag} marks a migration whose run did not complete.`,
    );
  }
  const history = state.history;
  if (history?.tool !== 'schemaguard') {
    throw new SchemaguardError(
      `migrate repair marks migrations in schemaguard's own history; ${history?.table ?? 'this history'} is ${history?.tool ?? 'unknown'}'s: mark it with that tool (e.g. prisma migrate resolve --rolled-back NAME, flyway repair).`,
    );
  }
  const file = folder.migrations.find((m) => m.path === status.path) as MigrationFile;
  context.reporter.show(await unfinishedReport(folder, state, status, config));
  const retryWhole = mark.as === 'retry' && file.transactional;
  const plan =
    mark.as === 'rolled-back'
      ? `Marking ${file.path} as rolled back: it counts as pending, and the next apply runs it from statement 1; pre-verification reports anything of it still in the database as drift.`
      : retryWhole
        ? `Marking ${file.path} for retry: it runs in one transaction, so nothing of it stayed; it counts as pending, and the next apply runs it whole.`
        : `Marking ${file.path} for retry: the next apply continues it from statement ${(status.statementsDone ?? 0) + 1} of the file as it is now${status.statementsDone ? ` (${status.statementsDone === 1 ? 'statement 1 is' : `statements 1–${status.statementsDone} are`} taken as done)` : ''}.`;
  context.reporter.show(`\n${plan}\n`);
  if (options.dryRun) return 0;
  if (
    !(await confirmed(
      target,
      options,
      mark.as === 'retry' ? 'mark it for retry' : 'mark it as rolled back',
      context.prompter,
    ))
  ) {
    context.reporter.info('Not confirmed: the history was not changed.');
    return 1;
  }
  await underMigrationLock(context, target, (client) =>
    mark.as === 'rolled-back' || retryWhole
      ? client.dialect.history.markRolledBack(client, history.table, [file.version])
      : client.dialect.history.setChecksum(client, history.table, file.version, file.checksum),
  );
  context.reporter.show(`Marked: next, schemaguard migrate apply ${target.selector}\n`);
  return 0;
}

/** What `migrate repair` works on, and how it was asked. */
export interface RepairRequest {
  readonly config: ResolvedConfig;
  readonly folder: MigrationFolder;
  /** The database as a ref (`env:NAME` or a URL). */
  readonly ref: string;
  readonly target: ProtocolTarget;
  /** `--retry VERSION` or `--rolled-back VERSION`: the failed or interrupted migration to mark. */
  readonly mark?: { readonly version: string; readonly as: 'retry' | 'rolled-back' };
  readonly options: SourceOptions & { readonly yes?: boolean; readonly dryRun?: boolean };
}

/**
 * `migrate repair`: a migration whose run did not complete (failed or interrupted) is
 * shown with what it left, and with `request.mark` marked so; otherwise, when the
 * history records migrations as applied whose changes are not in the database (the
 * seeds' incident), marks them not applied, so that `migrate apply` runs them again
 * through the protocol. Resolves to the exit code: 1 when a failed migration awaits a
 * decision, the drift is something else, or the marking was not confirmed.
 */
export async function repairMigrations(context: WorkflowContext, request: RepairRequest): Promise<number> {
  const { config, folder, ref, target, mark, options } = request;
  const { reporter } = context;
  // Showing what a failed migration left changes nothing: only marking needs a terminal or --yes.
  if (mark) requireConfirmation(target, options, context.prompter);
  let state: DatabaseState;
  let missing: MigrationFile[];
  try {
    state = await databaseState(reporter, folder, ref, config, options, { update: reporter.progress });
    if (mark) {
      reporter.progress('replaying the migration');
      return await markUnfinished(context, folder, state, target, mark, options, config);
    }
    if (state.statuses.some(unfinished)) {
      reporter.progress('replaying the migrations that did not complete');
      const code = await reportUnfinished(context, folder, state, target, config);
      // A failed migration is decided first: until then, what it left counts as drift.
      if (code !== 0 || state.drift.length === 0) return code;
    }
    requireConfirmation(target, options, context.prompter);
    if (state.drift.length === 0) {
      reporter.show('Nothing to repair: the database matches the migrations it has applied.\n');
      return 0;
    }
    if (!state.history) {
      throw new SchemaguardError(
        'This database has no migration history to repair: its schema differs from the empty database the migrations start from.',
      );
    }
    if (state.history.tool !== 'schemaguard') {
      throw new SchemaguardError(
        `migrate repair corrects schemaguard's own history; ${state.history.table} is ${state.history.tool}'s: correct it with that tool (e.g. prisma migrate resolve --rolled-back NAME, flyway repair).`,
      );
    }
    reporter.progress('looking for migrations that did not take effect');
    missing = await migrationsAfterSchema(folder, state, state.live, config);
  } finally {
    reporter.doneProgress();
  }
  if (missing.length === 0) {
    reporter.show(
      `The drift is not migrations that did not take effect: the database is not the replay of any run of its applied migrations. Run "schemaguard migrate status" for the differences; "schemaguard verify --fix" writes the migration to the models, "schemaguard rollback" goes back to a snapshot.\n`,
    );
    return 1;
  }
  const listed = missing.map((m) => `  ${m.path}`).join('\n');
  reporter.show(
    `The history of ${target.envName} records these migrations as applied, but the database does not have their changes (it is exactly the replay of the migrations before them):\n${listed}\nOnce marked as not applied (rolled back), they count as pending, and "schemaguard migrate apply" runs them again through the safety protocol.\n`,
  );
  if (options.dryRun) return 0;
  if (!(await confirmed(target, options, 'mark them as not applied', context.prompter))) {
    reporter.info('Not confirmed: the history was not changed.');
    return 1;
  }
  const table = state.history.table;
  await underMigrationLock(context, target, (client) =>
    client.dialect.history.markRolledBack(
      client,
      table,
      missing.map((m) => m.version),
    ),
  );
  // The team acknowledges the database as it is: its snapshot records that, as step 8 of a run would.
  const snapshot = await writeEnvironmentSnapshot(target, state.live);
  if (snapshot) reporter.show(`Rewrote ${relative(context.cwd, snapshot)}: it records ${target.envName} as it is.\n`);
  reporter.show(`Repaired: next, schemaguard migrate apply ${target.selector}\n`);
  return 0;
}
