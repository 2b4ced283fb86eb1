/**
 * The protocol commands on a Django project: `migrate apply` runs Django's own migrate
 * (`migrations.command`) inside the safety protocol, its plan showing each pending
 * migration's SQL from `sqlmigrate` with schemaguard's hazards; `migrate repair` marks
 * applied migrations whose changes the database lacks as not applied, the way Django does
 * (`migrate APP PREVIOUS --fake`).
 */
import type { ResolvedConfig } from '../config/load.js';
import { dialectByName } from '../dialects/index.js';
import type { Change } from '../diff/change.js';
import { diff } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import { djangoMigrationStatus } from '../migrations/django-status.js';
import { readHistories } from '../migrations/history.js';
import { type MigrationStatus, awaitsRun } from '../migrations/status.js';
import { hazardMessage } from '../plan/hazard-text.js';
import { type CompareReport, renderText } from '../report/compare.js';
import { hazardCounts } from '../report/migrate-plan.js';
import { canonicalSchema } from '../schema/canonical.js';
import { filterSchema } from '../schema/filter.js';
import type { Schema } from '../schema/model.js';
import {
  type DjangoProject,
  djangoApplyMigrations,
  djangoMigrate,
  djangoMigrationGraph,
  djangoSqlMigrate,
} from '../sources/django/runner.js';
import { combinedFilter, loadSchema } from '../sources/load.js';
import { runExternalCommand } from './apply.js';
import type { WorkflowContext } from './context.js';
import { fakeBackCommands, djangoMigrationsNotTaken } from './django.js';
import { appliedDjangoMigrations, djangoDatabaseState } from './django-state.js';
import {
  type DatabaseState,
  type PlanOptions,
  openDatabase,
  skipVerification,
  verificationProblems,
} from './migrate-state.js';
import {
  type ProtocolOptions,
  type ProtocolOutcome,
  type ProtocolSession,
  type ProtocolSubject,
  type ProtocolTarget,
  confirmed,
  requireConfirmation,
  runProtocol,
} from './protocol.js';
import type { SourceOptions } from './source-options.js';

/** What `migrate apply` runs on a Django project. */
export interface DjangoApplyRequest {
  readonly config: ResolvedConfig;
  readonly project: DjangoProject;
  /** The database as a ref (`env:NAME` or a URL). */
  readonly ref: string;
  readonly target: ProtocolTarget;
  /** `migrations.command`: Django's migrate (`python manage.py migrate`), run in step 5. */
  readonly command: string;
  readonly options: PlanOptions & ProtocolOptions;
}

/** A pending migration as the plan shows it: the changes it makes (with hazards) and Django's SQL for it. */
interface PendingStep {
  readonly status: MigrationStatus;
  readonly changes: readonly Change[];
  readonly sql: string;
}

/**
 * What each pending migration changes: on one shadow database, Django applies the applied
 * migrations, then each pending one in turn (a Python run each), and the schema is read
 * between them. Returns the changes of each and the schemas before and after them all.
 */
async function pendingSchemaChanges(
  project: DjangoProject,
  state: DatabaseState,
  pending: readonly MigrationStatus[],
  config: ResolvedConfig,
  progress: { update(step: string): void },
): Promise<{ changes: Change[][]; before: Schema; after: Schema }> {
  const dialect = dialectByName(config.dialect);
  const shadow = await dialect.shadow.open({
    server: config.shadow,
    cacheDir: config.cacheDir,
    connectTimeoutMs: config.connectTimeoutMs,
    env: config.env,
    scripts: [],
    onStart: (kind) => progress.update(`starting a shadow database (${kind})`),
  });
  try {
    if (!shadow.serve) {
      throw new SchemaguardError(
        `${dialect.title} shadow databases cannot be reached by Django: set "shadow" in the config to a server URL.`,
      );
    }
    const read = async () =>
      canonicalSchema(filterSchema((await shadow.connection.introspect()).schema, combinedFilter(config)));
    const served = await shadow.serve();
    const done = appliedDjangoMigrations(state.statuses);
    const changes: Change[][] = [];
    let before: Schema;
    let current: Schema;
    try {
      progress.update('Django applies the applied migrations on the shadow database');
      if (done.length > 0) await djangoApplyMigrations(project, served.url, done);
      before = await read();
      current = before;
      for (const status of pending) {
        progress.update(`Django applies ${status.version} on the shadow database`);
        const migration = [status.app as string, status.name] as const;
        await djangoApplyMigrations(project, served.url, [migration], done);
        done.push(migration);
        const next = await read();
        changes.push(diff(dialect, current, next));
        current = next;
      }
    } finally {
      await served.close();
    }
    return { changes, before, after: current };
  } finally {
    await shadow.dispose();
  }
}

/** The plan's text: the pre-verification, then each pending migration with its hazards and its SQL. */
function djangoPlanText(
  problems: readonly string[],
  skipped: boolean,
  steps: readonly PendingStep[],
  report: CompareReport,
  command: string,
): string {
  const verification = problems.length === 0 ? 'passed' : skipped ? 'SKIPPED' : 'failed';
  const lines = [`Verification: ${verification}`, ...problems.map((p) => `  ✗ ${p}`), ''];
  if (steps.length === 0) return `${[...lines, 'No pending migrations.'].join('\n')}\n`;
  lines.push(`Pending migrations (${steps.length}), run by "${command}":`);
  for (const step of steps) lines.push(`  ${step.status.version}${step.status.path ? `  (${step.status.path})` : ''}`);
  lines.push('', "Each migration's SQL (Django's sqlmigrate on this database), with its hazards:");
  for (const step of steps) {
    const hazards = step.changes.flatMap((change) =>
      change.hazards.map((hazard) => `-- hazard ${hazard}: ${hazardMessage(hazard, change)}`),
    );
    lines.push(
      '',
      `-- ${step.status.version}`,
      ...hazards,
      step.sql.trimEnd() || '-- (no SQL: a state-only migration)',
    );
  }
  lines.push(
    '',
    'The schema difference they make (Django on the shadow database):',
    '',
    renderText(report, { color: false }).trimEnd(),
    '',
    `Hazards: ${hazardCounts(report.changes)}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Django's history read against the project's migrations, without a replay: what is still pending. */
async function djangoStatuses(
  project: DjangoProject,
  ref: string,
  config: ResolvedConfig,
  options: SourceOptions,
  snapshot: string | undefined,
): Promise<MigrationStatus[]> {
  const client = await openDatabase(ref, config, options);
  try {
    const [history] = await readHistories(client, { tool: 'django', table: config.migrations?.table, snapshot });
    return djangoMigrationStatus(await djangoMigrationGraph(project), history?.applied ?? []);
  } finally {
    await client.close();
  }
}

/**
 * `migrate apply` on a Django project: pre-verify (Django's history against the project's
 * migrations, drift against what the applied ones make), plan (each pending migration's
 * `sqlmigrate` SQL on the target with the hazards of what it changes), then Django's migrate
 * as step 5, and post-verify: nothing pending, and the database equal to the `django:`
 * schema (every migration applied on a shadow database).
 */
export async function applyDjangoPending(
  context: WorkflowContext,
  request: DjangoApplyRequest,
): Promise<ProtocolOutcome> {
  const { config, project, ref, target, command, options } = request;
  const { reporter } = context;
  const progress = { update: reporter.progress };
  let state: DatabaseState | undefined;
  const subject: ProtocolSubject = {
    command: 'migrate apply',
    async preVerify(session: ProtocolSession) {
      state = await session
        .consistently((snapshot) =>
          djangoDatabaseState(reporter, project, ref, config, options, progress, { snapshot }),
        )
        .finally(() => reporter.doneProgress());
      return { problems: verificationProblems(state, options.strict), live: state.live };
    },
    async plan() {
      if (!state) throw new Error('plan before pre-verify');
      const pending = state.statuses.filter(awaitsRun);
      const problems = verificationProblems(state, options.strict);
      const skipped = problems.length > 0 && skipVerification(options, context.env);
      const from = `the migrations applied (${state.statuses.length - pending.length})`;
      const to = `the migrations applied with the ${pending.length} pending`;
      let steps: PendingStep[] = [];
      let report: CompareReport = { from, to, changes: [] };
      if (pending.length > 0) {
        try {
          const [schemas, sql] = await Promise.all([
            pendingSchemaChanges(project, state, pending, config, progress),
            djangoSqlMigrate(
              project,
              target.url,
              pending.map((s) => ({ app: s.app as string, name: s.name })),
            ),
          ]);
          steps = pending.map((status, i) => ({ status, changes: schemas.changes[i] ?? [], sql: sql[i] ?? '' }));
          report = { from, to, changes: diff(dialectByName(config.dialect), schemas.before, schemas.after) };
        } finally {
          reporter.doneProgress();
        }
      }
      return {
        items: pending.map((s) => ({ label: s.version, transactional: true })),
        report,
        text: djangoPlanText(problems, skipped, steps, report, command),
        json: { sql: Object.fromEntries(steps.map((s) => [s.status.version, s.sql])) },
      };
    },
    async execute({ say, applied }) {
      say(`5. running ${command}`);
      applied(command, await runExternalCommand(context, command, target.url, config.root));
    },
    async postVerify(session: ProtocolSession) {
      try {
        progress.update('reading the history and the schema');
        const [statuses, live, models] = await session.consistently((snapshot) =>
          Promise.all([
            djangoStatuses(project, ref, config, options, snapshot),
            loadSchema(ref, { config, snapshot }),
            loadSchema(`django:${project.manage}`, { config, onProgress: progress.update }),
          ]),
        );
        const sides = { from: models, to: live };
        const problems = [
          ...statuses.filter(awaitsRun).map((s) => `migration ${s.version} is still ${s.state}`),
          ...diff(dialectByName(live.dialect), models.schema, live.schema, { sides }).map(
            (c) => `${c.objectType} ${c.path} differs from what the project's migrations make (django:)`,
          ),
        ];
        return { problems, live };
      } finally {
        reporter.doneProgress();
      }
    },
  };
  return runProtocol(context, subject, target, options);
}

/** What `migrate repair` works on in a Django project. */
export interface DjangoRepairRequest {
  readonly config: ResolvedConfig;
  readonly project: DjangoProject;
  readonly ref: string;
  readonly target: ProtocolTarget;
  readonly options: SourceOptions & { readonly yes?: boolean; readonly dryRun?: boolean };
}

/**
 * `migrate repair` on a Django project (the seeds' incident): finds the applied migrations
 * whose changes the database lacks, and (confirmed, not with `--dry-run`) marks them as not
 * applied as Django does, `migrate APP PREVIOUS --fake` for each app: nothing in the schema
 * changes, and `migrate apply` runs them again through the protocol. Resolves to the exit
 * code: 1 when the drift is something else or the marking was not confirmed.
 */
export async function repairDjango(context: WorkflowContext, request: DjangoRepairRequest): Promise<number> {
  const { config, project, ref, target, options } = request;
  const { reporter } = context;
  const progress = { update: reporter.progress };
  requireConfirmation(target, options, context.prompter);
  let notTaken;
  let state: DatabaseState;
  try {
    state = await djangoDatabaseState(reporter, project, ref, config, options, progress);
    if (state.drift.length === 0) {
      reporter.show('Nothing to repair: the database matches the migrations it has applied.\n');
      return 0;
    }
    notTaken = await djangoMigrationsNotTaken(project, state, config, progress);
  } finally {
    reporter.doneProgress();
  }
  const table = state.history?.table ?? 'django_migrations';
  if (!notTaken) {
    reporter.show(
      `The drift is not migrations that did not take effect: the database is not what the migrations ${table} records make, without the last of an app's. Run "schemaguard migrate status ${target.selector}" for the differences; "schemaguard rollback" goes back to a snapshot.\n`,
    );
    return 1;
  }
  const commands = fakeBackCommands(notTaken);
  reporter.show(
    `${table} of ${target.envName} records these migrations as applied, but the database does not have their changes (it is exactly what the migrations before them make):\n${notTaken.migrations.map((m) => `  ${m}`).join('\n')}\nschemaguard marks them as not applied the way Django does, changing nothing in the schema:\n${commands.map((c) => `  ${c}`).join('\n')}\nThen they are pending, and "schemaguard migrate apply ${target.selector}" runs them through the safety protocol.\n`,
  );
  if (options.dryRun) return 0;
  if (!(await confirmed(target, options, 'mark them as not applied', context.prompter))) {
    reporter.info('Not confirmed: the history was not changed.');
    return 1;
  }
  for (const back of notTaken.fakeBack) {
    await djangoMigrate(project, target.url, { app: back.app, migration: back.migration, fake: true });
  }
  reporter.show(`Repaired: next, schemaguard migrate apply ${target.selector}\n`);
  return 0;
}
