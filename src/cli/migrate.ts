import { relative } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/load.js';
import { migration } from '../plan/migration.js';
import { dialectByName } from '../dialects/index.js';
import { SchemaguardError } from '../errors.js';
import { type MigrationFile } from '../migrations/formats.js';
import type { MigrationHistory } from '../migrations/history.js';
import type { MigrationStatus } from '../migrations/status.js';
import { writeNewMigration } from '../migrations/writer.js';
import { renderPlanSql } from '../plan/render.js';
import {
  type CompareReport,
  jsonDifference,
  renderGithub,
  renderJson,
  renderMarkdown,
  renderText,
} from '../report/compare.js';
import { emptySchema } from '../schema/model.js';
import { checkRefs } from '../sources/check-refs.js';
import { type LoadedSchema, loadSchema } from '../sources/load.js';
import { coverModels } from '../sources/models/coverage.js';
import { projectRef } from '../sources/project-ref.js';
import { TOOL_VERSION } from '../version.js';
import { type ApplyOptions, runApply } from './apply.js';
import { markUnfinished, reportUnfinished, unfinished } from '../workflows/repair.js';
import {
  confirmed,
  protocolTarget,
  requireConfirmation,
  underMigrationLock,
  writeEnvironmentSnapshot,
} from '../workflows/protocol.js';
import { type CheckOptions, type Finding, checkMigrationFolder } from '../workflows/migrate-check.js';
import { protocolFlags } from './protocol-run.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { type SourceOptions } from '../workflows/source-options.js';
import { requireGivenRefs } from './given-refs.js';
import {
  type DatabaseState,
  type DriftEntry,
  type PlanOptions,
  type StatusOptions,
  checkFormat,
  databaseState,
  folderOf,
  migrationsAfterSchema,
  pendingChanges,
  pendingMigrations,
  renderPlanReport,
  skipVerification,
  unrecordedCode,
  verificationProblems,
} from '../workflows/migrate-state.js';

/** `--strict` of the commands that read the migration folder. */
const STRICT_FLAG = [
  '--strict',
  'code migrations in the folder are an error (exit 1): they are not replayed, so not checked',
] as const;

// ---- status ----

/** Whether a status fails `migrate status`: anything not applied, except code migrations not run (unless strict). */
function failsStatus(status: MigrationStatus, strict: boolean | undefined): boolean {
  if (status.code) return strict === true || status.state === 'failed';
  return status.state !== 'applied';
}

function renderStatus(
  format: string,
  statuses: readonly MigrationStatus[],
  history: MigrationHistory | undefined,
  drift: readonly DriftEntry[],
  report: CompareReport,
  strict?: boolean,
): string {
  switch (format) {
    case 'json': {
      const json = {
        history: history ? { tool: history.tool, table: history.table } : null,
        migrations: statuses,
        drift: drift.map((d) => ({ ...jsonDifference(d.change), migration: d.migration ?? null })),
        ...(report.acrossVersions?.length ? { acrossVersions: report.acrossVersions } : {}),
      };
      return `${JSON.stringify(json, null, 2)}\n`;
    }
    case 'markdown': {
      const rows = statuses
        .map((s) => `| ${s.state}${s.code ? ', not replayed (code)' : ''} | ${s.version} | ${s.name} |`)
        .join('\n');
      return `### Migrations\n\n| State | Version | Name |\n| --- | --- | --- |\n${rows}\n\n${renderMarkdown(report)}`;
    }
    case 'github': {
      const lines = statuses
        .filter((s) => s.state !== 'applied' || (s.code && strict))
        .map((s) =>
          s.code
            ? `::${failsStatus(s, strict) ? 'error' : 'notice'} title=migration not replayed (code)::${s.path ?? s.version} is ${s.state}, a code migration: not replayed`
            : `::${s.state === 'pending' || s.state === 'interrupted' ? 'warning' : 'error'} title=migration ${s.state}::${s.path ?? s.version} is ${s.state}`,
        );
      return [...lines, renderGithub(report).trimEnd()].filter(Boolean).join('\n').concat('\n');
    }
    default:
      return renderStatusText(statuses, history, drift, report);
  }
}

function renderStatusText(
  statuses: readonly MigrationStatus[],
  history: MigrationHistory | undefined,
  drift: readonly DriftEntry[],
  report: CompareReport,
): string {
  const lines = [
    history ? `History: ${history.table} (${history.tool})` : 'History: none found in the database (nothing applied)',
    '',
    ...statuses.map(
      (s) =>
        `  ${s.state.padEnd(11)} ${s.version}${s.name ? ` ${s.name}` : ''}${s.path ? `  (${s.path})` : ''}${s.state === 'interrupted' ? `: ${s.statementsDone} of ${s.statements} statements done; migrate apply continues from statement ${(s.statementsDone ?? 0) + 1}` : ''}${s.code ? '  not replayed (code)' : ''}`,
    ),
    '',
  ];
  if (drift.length === 0) {
    lines.push('No drift: the database matches the migrations it has applied.');
    lines.push(...(report.acrossVersions ?? []).map((line) => `info: ${line}`));
  } else {
    lines.push('Drift: the database differs from the replay of the migrations it has applied:', '');
    lines.push(renderText(report, { color: false }).trimEnd());
    for (const d of drift.filter((x) => x.migration)) lines.push(`  ${d.change.path}: made by ${d.migration}`);
  }
  const counts = (state: MigrationStatus['state']) => statuses.filter((s) => s.state === state && !s.code).length;
  const code = statuses.filter((s) => s.code).length;
  lines.push(
    '',
    `${counts('applied')} applied, ${counts('pending')} pending, ${counts('interrupted')} interrupted, ${counts('failed')} failed, ${counts('changed')} changed, ${counts('unknown')} unknown, ${drift.length} drifted${code ? `, ${code} not replayed (code)` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

async function runStatus(cli: CliContext, options: StatusOptions, globals: GlobalOptions): Promise<number> {
  checkFormat(options.format);
  const config = await cli.loadConfig(globals);
  const folder = await folderOf(options.dir, config);
  const ref = sourceRef(undefined, options, config);
  const progress = cli.progressReporter('schemaguard migrate status');
  try {
    const state = await databaseState(cli, folder, ref, config, options, progress);
    await cli.writeResult(
      renderStatus(options.format, state.statuses, state.history, state.drift, state.report, options.strict),
      options.output,
    );
    const bad = state.statuses.some((s) => failsStatus(s, options.strict)) || state.drift.length > 0;
    return bad ? 1 : 0;
  } finally {
    progress.done();
  }
}

// ---- plan ----

async function runPlan(cli: CliContext, options: PlanOptions, globals: GlobalOptions): Promise<number> {
  checkFormat(options.format);
  const config = await cli.loadConfig(globals);
  const folder = await folderOf(options.dir, config);
  const ref = sourceRef(undefined, options, config);
  const progress = cli.progressReporter('schemaguard migrate plan');
  try {
    const state = await databaseState(cli, folder, ref, config, options, progress);
    const problems = verificationProblems(state, options.strict);
    const skipped = skipVerification(options, cli.env) && problems.length > 0;
    if (skipped) {
      cli.err(
        `WARNING: verification SKIPPED (--skip-verification or SCHEMAGUARD_SKIP_VERIFICATION): ${problems.length} problems ignored.\n`,
      );
    }
    const pending = pendingMigrations(folder, state);
    progress.update('replaying the pending migrations');
    const report = await pendingChanges(folder, state, pending, config);
    const code = unrecordedCode(state);
    await cli.writeResult(
      renderPlanReport(options.format, { problems, skipped, pending, report, code }),
      options.output,
    );
    return problems.length > 0 && !skipped ? 1 : 0;
  } finally {
    progress.done();
  }
}

// ---- check ----

async function runCheck(cli: CliContext, options: CheckOptions, globals: GlobalOptions): Promise<number> {
  checkFormat(options.format);
  requireGivenRefs(cli.cwd, options.models);
  return checkMigrations(cli, options, await cli.loadConfig(globals));
}

/** `migrate check` with a loaded config: prints its report and resolves to the exit code (0 or 1). */
export async function checkMigrations(cli: CliContext, options: CheckOptions, config: ResolvedConfig): Promise<number> {
  const result = await checkMigrationFolder(cli.workflow('schemaguard migrate check'), options, config);
  await cli.writeResult(
    renderFindings(
      result.findings,
      options.format,
      result.report,
      options.fix ? undefined : result.missingSql,
      result.modelsChecked,
    ),
    options.output,
  );
  return result.code;
}

function renderFindings(
  findings: readonly Finding[],
  format: string,
  report?: CompareReport,
  sql?: string,
  modelsChecked = false,
): string {
  if (format === 'json')
    return `${JSON.stringify({ findings, differences: report ? JSON.parse(renderJson(report)) : null, sql: sql ?? null }, null, 2)}\n`;
  if (format === 'github') {
    return findings
      .map(
        (f) =>
          `::${f.kind === 'hazard' || f.notice ? 'warning' : 'error'} title=migrate check: ${f.kind}::${f.message.replaceAll('%', '%25').replaceAll('\n', '%0A')}`,
      )
      .join('\n')
      .concat(findings.length ? '\n' : '');
  }
  if (format === 'markdown') {
    const rows = findings.map((f) => `| ${f.kind} | ${f.message.replaceAll('|', '\\|')} |`);
    return `### Migration check\n\n${findings.length ? `| Finding | Detail |\n| --- | --- |\n${rows.join('\n')}\n` : 'All good.\n'}${report ? `\n${renderMarkdown(report)}` : ''}`;
  }
  const lines = findings.map((f) => `${f.kind === 'hazard' || f.notice ? '!' : '✗'} ${f.kind}: ${f.message}`);
  if (report) lines.push('', renderText(report, { color: false }).trimEnd());
  if (sql) lines.push('', 'The missing migration:', '', sql.trimEnd());
  if (findings.every((f) => f.notice)) {
    lines.push(
      `✓ The migrations load and have no conflicts${modelsChecked ? ', and they match the models' : ' (no models to compare them with)'}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---- new ----

interface NewOptions {
  readonly dir?: string;
  readonly fromModels?: boolean;
  readonly strictModels?: boolean;
  readonly models?: string;
}

async function runNew(cli: CliContext, name: string, options: NewOptions, globals: GlobalOptions): Promise<number> {
  requireGivenRefs(cli.cwd, options.models);
  const config = await cli.loadConfig(globals);
  const folder = await folderOf(options.dir, config);
  let sql = '-- Write the statements of this migration here.\n';
  let transactional = true;
  if (options.fromModels) {
    const models = options.models ?? config.models;
    if (!models) throw new SchemaguardError('--from-models needs the models: --models REF, or "models" in the config.');
    await checkRefs([models], config);
    const [replay, expected] = await Promise.all([
      folder.migrations.length > 0 ? loadSchema(`migrations:${folder.path}`, { config }) : undefined,
      loadSchema(models, { config }),
    ]);
    const dialect = dialectByName(expected.dialect);
    const none: LoadedSchema = { dialect: expected.dialect, schema: emptySchema(), source: 'no migrations' };
    // What the models cannot express is never dropped, and enums are never reordered (unless strict).
    const covered = coverModels(expected, replay ?? none, Boolean(options.strictModels || config.strictModels));
    const { changes, plan } = migration(dialect, covered.to, covered.from);
    if (changes.length === 0) {
      cli.err('The migrations already match the models: no migration written.\n');
      return 0;
    }
    sql = renderPlanSql(
      plan,
      `schemaguard ${TOOL_VERSION}: from the migrations to ${projectRef(expected.source, config.root)}`,
    );
    transactional = plan.statements.every((s) => s.transactional);
  }
  const paths = await writeNewMigration(folder, name, sql, { transactional });
  cli.out(`${paths.map((p) => cli.shown(p)).join('\n')}\n`);
  return 0;
}

// ---- repair ----

interface RepairOptions extends SourceOptions {
  readonly dir?: string;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  /** A failed or interrupted migration to mark for retry. */
  readonly retry?: string;
  /** A failed or interrupted migration to mark as rolled back (undone by the user). */
  readonly rolledBack?: string;
}

/**
 * `migrate repair`: a migration whose run did not complete (failed or interrupted) is
 * shown with what it left, and with `--retry`/`--rolled-back` marked so; otherwise, when
 * the history records migrations as applied whose changes are not in the database (the
 * seeds' incident), marks them not applied, so that `migrate apply` runs them again
 * through the protocol.
 */
async function runRepair(cli: CliContext, options: RepairOptions, globals: GlobalOptions): Promise<number> {
  if (options.retry !== undefined && options.rolledBack !== undefined) {
    throw new SchemaguardError(
      'Give --retry or --rolled-back, not both: a migration is either retried or rolled back.',
    );
  }
  const config = await cli.loadConfig(globals);
  const folder = await folderOf(options.dir, config);
  const ref = sourceRef(undefined, options, config);
  const target = protocolTarget(ref, config, options);
  const version = options.retry ?? options.rolledBack;
  // Showing what a failed migration left changes nothing: only marking needs a terminal or --yes.
  if (version !== undefined) requireConfirmation(target, options, cli.prompter);
  const progress = cli.progressReporter('schemaguard migrate repair');
  let state: DatabaseState;
  let missing: MigrationFile[];
  try {
    state = await databaseState(cli, folder, ref, config, options, progress);
    if (version !== undefined) {
      progress.update('replaying the migration');
      const as = options.retry !== undefined ? 'retry' : 'rolled-back';
      return await markUnfinished(
        cli.workflow('schemaguard migrate repair'),
        folder,
        state,
        target,
        { version, as },
        options,
        config,
      );
    }
    if (state.statuses.some(unfinished)) {
      progress.update('replaying the migrations that did not complete');
      const code = await reportUnfinished(cli.workflow('schemaguard migrate repair'), folder, state, target, config);
      // A failed migration is decided first: until then, what it left counts as drift.
      if (code !== 0 || state.drift.length === 0) return code;
    }
    requireConfirmation(target, options, cli.prompter);
    if (state.drift.length === 0) {
      cli.out('Nothing to repair: the database matches the migrations it has applied.\n');
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
    progress.update('looking for migrations that did not take effect');
    missing = await migrationsAfterSchema(folder, state, state.live, config);
  } finally {
    progress.done();
  }
  if (missing.length === 0) {
    cli.out(
      `The drift is not migrations that did not take effect: the database is not the replay of any run of its applied migrations. Run "schemaguard migrate status" for the differences; "schemaguard verify --fix" writes the migration to the models, "schemaguard rollback" goes back to a snapshot.\n`,
    );
    return 1;
  }
  const listed = missing.map((m) => `  ${m.path}`).join('\n');
  cli.out(
    `The history of ${target.envName} records these migrations as applied, but the database does not have their changes (it is exactly the replay of the migrations before them):\n${listed}\nOnce marked as not applied (rolled back), they count as pending, and "schemaguard migrate apply" runs them again through the safety protocol.\n`,
  );
  if (options.dryRun) return 0;
  if (!(await confirmed(target, options, 'mark them as not applied', cli.prompter))) {
    cli.err('Not confirmed: the history was not changed.\n');
    return 1;
  }
  const table = state.history.table;
  await underMigrationLock(cli.workflow('schemaguard migrate repair'), target, (client) =>
    client.query(
      `UPDATE ${table} SET rolled_back_at = now() WHERE kind = 'migration' AND rolled_back_at IS NULL AND version = ANY ($1::text[])`,
      [missing.map((m) => m.version)],
    ),
  );
  // The team acknowledges the database as it is: its snapshot records that, as step 8 of a run would.
  const snapshot = await writeEnvironmentSnapshot(target, state.live);
  if (snapshot) cli.out(`Rewrote ${relative(cli.cwd, snapshot)}: it records ${target.envName} as it is.\n`);
  cli.out(`Repaired: next, schemaguard migrate apply ${target.selector}\n`);
  return 0;
}

/** `schemaguard migrate`: migration status, offline checks and new migrations. */
export function registerMigrate(program: Command, run: Run): void {
  const migrate = program
    .command('migrate')
    .summary('migration status, checks and new migrations')
    .description('Work with the migration folder: what a database has applied, offline checks for CI, new migrations.')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate status --env production\n  $ schemaguard migrate check --base-ref main\n  $ schemaguard migrate new add_course_level --from-models\n',
    );
  migrate
    .command('status')
    .description(
      'For a database: which migrations of the folder are applied, pending, failed, changed since they ran, or unknown to the folder (from the history table of prisma, drizzle, flyway, golang-migrate, dbmate, knex, kysely, TypeORM or schemaguard); then drift: the differences between the database and the replay of the migrations it has applied, each with the migration that made the object. Exit code 1 when anything is not applied or has drifted.',
    )
    .option('--db <url>', 'the database')
    .option('--env <name>', 'the database, from the config')
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--format <format>', 'text, json, markdown or github', 'text')
    .option('-o, --output <file>', 'write the report here')
    .option(...STRICT_FLAG)
    .option('--connect-timeout <seconds>', 'give up connecting after this long')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate status --env production\n  $ schemaguard migrate status --db "$DATABASE_URL" --dir migrations --format json\n',
    )
    .action((options: StatusOptions, cmd: Command) =>
      run((cli) => runStatus(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
  migrate
    .command('plan')
    .description(
      'Before a migration run, for review in CI or a pull request: pre-verification (nothing failed, changed or unknown in the history, no drift from the applied migrations), then the pending migrations and, computed on the shadow database, the schema difference they make with every hazard. Exit code 1 when verification fails (unless --skip-verification or SCHEMAGUARD_SKIP_VERIFICATION=true), else 0.',
    )
    .option('--db <url>', 'the database')
    .option('--env <name>', 'the database, from the config')
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--format <format>', 'text, json, markdown or github', 'text')
    .option('-o, --output <file>', 'write the plan here')
    .option('--skip-verification', 'report verification problems as a warning instead of failing (emergencies only)')
    .option(...STRICT_FLAG)
    .option('--connect-timeout <seconds>', 'give up connecting after this long')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate plan --env production\n  $ schemaguard migrate plan --env staging --format markdown >> "$GITHUB_STEP_SUMMARY"\n',
    )
    .action((options: PlanOptions, cmd: Command) =>
      run((cli) => runPlan(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
  const apply = migrate
    .command('apply')
    .description(
      "Applies the pending migrations through the safety protocol, under the migration lock taken before anything is read (a second run waits --lock-timeout, then reads afresh): 1. pre-verify (as migrate plan, and the environment's snapshot), 2. back up the schema (JSON and SQL, under <snapshotDir>/backups/<env>/; the data too with backup.data), 3. show the plan with its hazards, 4. confirm (on a terminal, or --yes; --allow-data-loss for data-loss hazards), 5. apply each migration of a plain SQL folder in its own transaction, each statement with lock_timeout 5 s and statement_timeout 30 min unless the config or the flags say otherwise, a migration that hit lock_timeout tried again (or run the config's migrations.command), 6. post-verify, 7. system checks (the config's assertions and checks), 8. rewrite the environment's snapshot. Stops at the first step that fails, naming it: exit code 1; 2 when it could not run.",
    );
  protocolFlags(apply)
    .option(...STRICT_FLAG)
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate apply --env staging\n  $ schemaguard migrate apply --env production --dry-run\n  $ schemaguard migrate apply --db "$DATABASE_URL" --yes\n',
    )
    .action((options: ApplyOptions, cmd: Command) =>
      run((cli) => runApply(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
  migrate
    .command('repair')
    .description(
      "A migration whose run did not complete (failed, or interrupted outside a transaction): shows its statements with those the history records as done, and each object it makes as the database has it (done, not done, INVALID); --retry VERSION marks it so that migrate apply continues it from the statement that did not complete (with the file as it is now), --rolled-back VERSION marks it as undone, so that it counts as pending. Otherwise, when the history records migrations as applied whose changes are not in the database (the seeds' incident: the history says the rename ran, the database still has the old column): finds them — the database is exactly the replay of the migrations before them — and marks them as not applied in schemaguard's history table, so that migrate apply runs them again through the safety protocol. Asks first (--yes without a terminal). Exit code 1 when a failed migration awaits a decision or the drift is something else.",
    )
    .option('--db <url>', 'the database')
    .option('--env <name>', 'the database, from the config')
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--retry <version>', 'mark this failed or interrupted migration for retry: the next apply continues it')
    .option('--rolled-back <version>', 'mark this failed or interrupted migration as undone: it counts as pending')
    .option('--yes', 'do not ask (required without a terminal)')
    .option('--dry-run', 'say what would be marked, change nothing')
    .option('--connect-timeout <seconds>', 'give up connecting after this long')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate repair --env production --dry-run\n  $ schemaguard migrate repair --env production --yes\n  $ schemaguard migrate repair --env production --retry 0003\n  $ schemaguard migrate repair --env production --rolled-back 0003 --yes\n',
    )
    .action((options: RepairOptions, cmd: Command) =>
      run((cli) => runRepair(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
  migrate
    .command('check')
    .description(
      'Offline (no database): every migration loads on the shadow database (the failing file and line are named), no two share a version, none is older than the newest on --base-ref, and the models match the replay of the migrations (else the missing migration is printed; --fix writes it). Also lists the hazards of each migration new since --base-ref. Exit code 1 on any failure.',
    )
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--models <ref>', 'the models (default: the config\'s "models")')
    .option('--base-ref <rev>', 'the git revision the branch starts from, e.g. main')
    .option('--strict-models', 'compare the models on everything, also what their ORM cannot express')
    .option('--fix', 'write the missing migration')
    .option('--name <name>', 'the name of the migration --fix writes', 'missing_migration')
    .option(...STRICT_FLAG)
    .option('--format <format>', 'text, json, markdown or github', 'text')
    .option('-o, --output <file>', 'write the report here')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate check\n  $ schemaguard migrate check --base-ref main --format github\n  $ schemaguard migrate check --fix --name add_resource_id\n',
    )
    .action((options: CheckOptions, cmd: Command) =>
      run((cli) => runCheck(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
  migrate
    .command('new')
    .description(
      "Create the next migration file in the folder's format (prints its path); --from-models fills it with the SQL from the replay of the migrations to the models.",
    )
    .argument('<name>', 'what the migration does, e.g. add_resource_id')
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--from-models', 'fill it with what the models need')
    .option('--strict-models', 'with --from-models: also drop what the ORM cannot express, and reorder enums')
    .option('--models <ref>', 'the models (default: the config\'s "models")')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate new add_course_level\n  $ schemaguard migrate new sync_models --from-models\n',
    )
    .action((name: string, options: NewOptions, cmd: Command) =>
      run((cli) => runNew(cli, name, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
