/**
 * The protocol commands on a Django project: `migrate apply` runs Django's own migrate
 * (`migrations.command`) inside the safety protocol, its plan showing each pending
 * migration's SQL from `sqlmigrate` with schemaguard's hazards; `migrate repair` marks
 * applied migrations whose changes the database lacks as not applied, the way Django does
 * (`migrate APP PREVIOUS --fake`); `rollback --to REVISION` has Django reverse the
 * migrations that revision does not have (`migrate APP NNNN`).
 */
import { isAbsolute } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { dialectByName } from '../dialects/index.js';
import type { Change } from '../diff/change.js';
import { diff } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import { filesAtRevision } from '../git/repo.js';
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
import { type LoadedSchema, combinedFilter, loadSchema } from '../sources/load.js';
import { runExternalCommand } from './apply.js';
import type { WorkflowContext } from './context.js';
import { fakeBackCommands, djangoMigrationsNotTaken } from './django.js';
import { appliedDjangoMigrations, djangoDatabaseState, djangoReplay } from './django-state.js';
import {
  type DatabaseState,
  type PlanOptions,
  historyLookup,
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
    served: true,
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
    const [history] = await readHistories(client, { tool: 'django', ...historyLookup(config), snapshot });
    return djangoMigrationStatus(await djangoMigrationGraph(project), history?.applied ?? []);
  } finally {
    await client.close();
  }
}

/**
 * A Django project's database state for the protocol's pre-verify: read at the moment the
 * protocol's session exported (`session.consistently`), the progress line cleared after.
 */
function djangoStateInProtocol(
  session: ProtocolSession,
  reporter: WorkflowContext['reporter'],
  project: DjangoProject,
  ref: string,
  config: ResolvedConfig,
  options: SourceOptions,
): Promise<DatabaseState> {
  const progress = { update: reporter.progress };
  return session
    .consistently((snapshot) => djangoDatabaseState(reporter, project, ref, config, options, progress, { snapshot }))
    .finally(() => reporter.doneProgress());
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
      state = await djangoStateInProtocol(session, reporter, project, ref, config, options);
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
      `The drift is not migrations that did not take effect: the database is not what the migrations ${table} records make, without an app's last one, two or three. Run "schemaguard migrate status ${target.selector}" for the differences; "schemaguard rollback" goes back to a snapshot.\n`,
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

/** What `rollback --to REVISION` runs on a Django project. */
export interface DjangoRollbackRequest {
  readonly config: ResolvedConfig;
  readonly project: DjangoProject;
  readonly ref: string;
  readonly target: ProtocolTarget;
  /** The git revision to go back to: each app back to its last migration there. */
  readonly revision: string;
  readonly options: PlanOptions & ProtocolOptions;
}

/** Per app, the migration Django goes back to (`zero`: none of the app's stays applied). */
export interface DjangoMigrateBack {
  readonly app: string;
  readonly migration: string;
}

/** `python manage.py migrate content 0001_initial`: Django's command that goes back to it. */
export function migrateBackCommand(back: DjangoMigrateBack): string {
  return `python manage.py migrate ${back.app} ${back.migration}`;
}

/**
 * `rollback --to REVISION` on a Django project, through the protocol: the migrations applied
 * whose files the revision does not have (and the applied ones that depend on them) are
 * reversed by Django itself, `migrate APP NNNN` per app (its last migration at the revision,
 * `zero` when it had none), so that `django_migrations` stays true. The plan shows the
 * commands and what they change (Django applies the migrations that stay on a shadow
 * database: the schema to go back to); post-verify compares the database with it.
 */
export async function rollBackDjango(
  context: WorkflowContext,
  request: DjangoRollbackRequest,
): Promise<ProtocolOutcome> {
  const { config, project, ref, target, revision, options } = request;
  const { reporter } = context;
  const progress = { update: reporter.progress };
  let state: DatabaseState | undefined;
  let expected: LoadedSchema | undefined;
  let backs: DjangoMigrateBack[] = [];
  const subject: ProtocolSubject = {
    command: 'rollback',
    async preVerify(session: ProtocolSession) {
      state = await djangoStateInProtocol(session, reporter, project, ref, config, options);
      return { problems: verificationProblems(state, options.strict), live: state.live };
    },
    async plan() {
      if (!state) throw new Error('plan before pre-verify');
      const live = state.live;
      try {
        progress.update(`reading the migrations at ${revision}`);
        const [atRevision, graph] = await Promise.all([
          filesAtRevision(revision, project.cwd, project.cwd),
          djangoMigrationGraph(project),
        ]);
        const there = new Set(atRevision);
        const key = (app: string, name: string) => `${app}.${name}`;
        const nodes = new Map(graph.map((n) => [key(n.app, n.name), n]));
        const applied = appliedDjangoMigrations(state.statuses);
        const reversed = new Set<string>();
        for (const [app, name] of applied) {
          const node = nodes.get(key(app, name));
          const own = node !== undefined && !isAbsolute(node.path);
          if ((own && !there.has(node.path)) || node?.dependencies.some(([a, n]) => reversed.has(key(a, n)))) {
            reversed.add(key(app, name));
          }
        }
        const kept = applied.filter(([a, n]) => !reversed.has(key(a, n)));
        const apps = [...new Set(applied.filter(([a, n]) => reversed.has(key(a, n))).map(([a]) => a))];
        backs = apps.map((app) => ({ app, migration: kept.filter(([a]) => a === app).at(-1)?.[1] ?? 'zero' }));
        expected = await djangoReplay(project, kept, config, progress, `the migrations at ${revision}`);
      } finally {
        reporter.doneProgress();
      }
      const changes = diff(dialectByName(live.dialect), live.schema, expected.schema, {
        sides: { from: live, to: expected },
      });
      const report: CompareReport = { from: live.source, to: expected.source, changes };
      const lines = [
        `Rollback of ${target.envName} to ${revision}: Django reverses the migrations that revision does not have.`,
        '',
        ...(backs.length
          ? [
              "schemaguard runs Django's migrate with the project's Python, as these commands would, in order:",
              ...backs.map((b) => `  ${migrateBackCommand(b)}`),
            ]
          : [`Nothing to reverse: every applied migration is at ${revision}.`]),
        '',
        'What they change (the migrations that stay, applied by Django on a shadow database):',
        '',
        renderText(report, { color: false }).trimEnd(),
      ];
      return {
        items: backs.map((b) => ({ label: migrateBackCommand(b), transactional: true })),
        report,
        text: `${lines.join('\n')}\n`,
        json: { commands: backs.map(migrateBackCommand) },
      };
    },
    async execute({ say, applied }) {
      for (const back of backs) {
        say(`5. running ${migrateBackCommand(back)}`);
        const started = performance.now();
        await djangoMigrate(project, target.url, { app: back.app, migration: back.migration });
        applied(migrateBackCommand(back), Math.round(performance.now() - started));
      }
    },
    async postVerify() {
      if (!expected) throw new Error('post-verify before plan');
      const after = await loadSchema(ref, { config });
      const sides = { from: expected, to: after };
      const changes = diff(dialectByName(after.dialect), expected.schema, after.schema, { sides });
      return {
        problems: changes.map((c) => `${c.objectType} ${c.path} differs from ${expected?.source}`),
        live: after,
      };
    },
  };
  return runProtocol(context, subject, target, options);
}
