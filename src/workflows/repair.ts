/**
 * `migrate repair` for a migration whose run did not complete (failed or interrupted):
 * what of it is in the database, and marking it for retry or as rolled back.
 */
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
import type { DatabaseState } from './migrate-state.js';
import { type ProtocolTarget, confirmed, underMigrationLock } from './protocol.js';

/** Whether a status is a migration whose run did not complete: what `--retry` and `--rolled-back` mark. */
export function unfinished(status: MigrationStatus): boolean {
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
export async function reportUnfinished(
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
export async function markUnfinished(
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
