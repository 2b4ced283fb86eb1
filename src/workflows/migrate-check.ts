/**
 * `migrate check` as a workflow: what can be known of a migration folder without a
 * database (also run by the pre-commit hook on the staged files).
 */
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { dialectByName } from '../dialects/index.js';
import type { Hazard } from '../diff/change.js';
import { diff } from '../diff/index.js';
import { filesAtRevision } from '../git/repo.js';
import { MigrationConflictError, type MigrationFile, type MigrationFolder } from '../migrations/formats.js';
import { writeNewMigration } from '../migrations/writer.js';
import { fixMigration } from '../plan/fix.js';
import { renderPlanSql } from '../plan/render.js';
import type { CompareReport } from '../report/compare.js';
import { emptySchema } from '../schema/model.js';
import { ShadowStepError } from '../shadow/shadow.js';
import { checkRefs } from '../sources/check-refs.js';
import { loadSchema } from '../sources/load.js';
import { coverModels } from '../sources/models/coverage.js';
import { type DjangoProject, djangoAsk, djangoMakeMigrations, djangoProject } from '../sources/django/runner.js';
import { TOOL_VERSION } from '../version.js';
import { type WorkflowContext, shownPath } from './context.js';
import { appsOf, djangoProjectOfModels, pendingChangeLine } from './django.js';
import { codeProblem, folderOf } from './migrate-state.js';
import { compareVersions } from '../migrations/versions.js';

/** The options of `migrate check` (also run by the pre-commit hook). */
export interface CheckOptions {
  readonly dir?: string;
  readonly models?: string;
  readonly baseRef?: string;
  /** Compare the models on everything, also what their ORM cannot express. */
  readonly strictModels?: boolean;
  readonly fix?: boolean;
  readonly name: string;
  readonly format: string;
  readonly output?: string;
  /** Code migrations in the folder are an error: they are not replayed, so not checked. */
  readonly strict?: boolean;
}

export interface Finding {
  readonly kind: 'conflict' | 'broken' | 'missing-migration' | 'hazard' | 'code';
  readonly message: string;
  readonly path?: string;
  readonly hazards?: readonly Hazard[];
  /** Said, but not a failure: a code migration without --strict. */
  readonly notice?: true;
}

/** A code migration of the folder, as a finding: a failure with --strict, else a notice. */
function codeFinding(path: string, strict: boolean | undefined): Finding {
  return strict
    ? { kind: 'code', path, message: codeProblem(path) }
    : { kind: 'code', path, message: `${path}: not replayed (code); the SQL migrations are checked`, notice: true };
}

/** Migrations new on this branch that sort before the newest one on the base: they would run out of order. */
async function orderConflicts(
  cwd: string,
  folder: MigrationFolder,
  baseRef: string,
): Promise<{ findings: Finding[]; added: MigrationFile[] }> {
  const atBase = new Set(await filesAtRevision(baseRef, folder.path, cwd));
  const base = folder.migrations.filter((m) => atBase.has(m.path));
  const added = folder.migrations.filter((m) => !atBase.has(m.path));
  const newest = base
    .map((m) => m.version)
    .sort((a, b) => compareVersions(folder.format, a, b))
    .at(-1);
  const findings = newest
    ? added
        .filter((m) => compareVersions(folder.format, m.version, newest) < 0)
        .map((m) => ({
          kind: 'conflict' as const,
          path: m.path,
          message: `${m.path} is new on this branch but older than ${newest}, the newest migration on ${baseRef}: it would run out of order; give it a newer version.`,
        }))
    : [];
  return { findings, added };
}

/** What `migrate check` found: its findings, the models' differences and the migration they need. */
export interface MigrationCheck {
  readonly findings: readonly Finding[];
  /** With models: how they differ from the replay of the migrations (none when they agree). */
  readonly report?: CompareReport;
  /** The SQL of the migration the models need, when they differ. */
  readonly missingSql?: string;
  /** Whether models were compared with the migrations. */
  readonly modelsChecked: boolean;
  /** 1 when a finding fails the check (hazards and notices do not; a missing migration written by `fix` does not). */
  readonly code: 0 | 1;
}

/** The exit code of a set of findings. */
function codeOf(findings: readonly Finding[], fixed: boolean | undefined): 0 | 1 {
  const failing = findings.filter(
    (f) => f.kind !== 'hazard' && !f.notice && !(f.kind === 'missing-migration' && fixed),
  );
  return failing.length > 0 ? 1 : 0;
}

/**
 * `migrate check`: the migration folder reads (no duplicate versions, journal in step), its
 * migrations replay, no migration new since `baseRef` sorts before the base's newest, and
 * the models need no migration (with `fix`, it is written).
 */
export async function checkMigrationFolder(
  context: WorkflowContext,
  options: CheckOptions,
  config: ResolvedConfig,
): Promise<MigrationCheck> {
  const { reporter } = context;
  const django =
    options.dir === undefined
      ? config.django
        ? djangoProject(config)
        : djangoProjectOfModels(options.models ?? config.models, config)
      : undefined;
  if (django) return checkDjangoMigrations(context, options, django);
  const findings: Finding[] = [];
  let folder: MigrationFolder;
  try {
    folder = await folderOf(options.dir, config);
  } catch (error) {
    // Duplicate versions and a journal that disagrees with its folder are what this check is for.
    if (error instanceof MigrationConflictError) {
      findings.push({ kind: 'conflict', message: error.message });
      return { findings, modelsChecked: false, code: codeOf(findings, options.fix) };
    }
    throw error;
  }
  findings.push(...folder.code.map((c) => codeFinding(c.path, options.strict)));
  const models = options.models ?? config.models;
  // Models that cannot be read fail now, not after the replay.
  await checkRefs([models], config);
  try {
    // Hazards are listed for the migrations new since --base-ref; without it, for none.
    let added: MigrationFile[] = [];
    if (options.baseRef) {
      const order = await orderConflicts(context.cwd, folder, options.baseRef);
      findings.push(...order.findings);
      added = order.added;
    }
    reporter.progress('replaying the migrations');
    const all = `migrations:${folder.path}`;
    let replay;
    try {
      replay = await loadSchema(all, { config, onProgress: (s) => reporter.progress(s) });
    } catch (error) {
      if (!(error instanceof ShadowStepError)) throw error;
      findings.push({ kind: 'broken', message: error.message });
      return { findings, modelsChecked: false, code: codeOf(findings, options.fix) };
    }
    const dialect = dialectByName(replay.dialect);
    // Hazards of each migration not yet on the base: the difference it makes, classified.
    for (const m of added) {
      const index = folder.migrations.indexOf(m);
      const before = index === 0 ? undefined : folder.migrations[index - 1];
      const [from, to] = await Promise.all([
        before ? loadSchema(`${all}@${before.version}`, { config }) : undefined,
        loadSchema(`${all}@${m.version}`, { config }),
      ]);
      const changes = diff(dialect, from?.schema ?? emptySchema(), to.schema);
      const hazards = [...new Set(changes.flatMap((c) => c.hazards))];
      if (hazards.length > 0) {
        findings.push({ kind: 'hazard', path: m.path, hazards, message: `${m.path}: ${hazards.join(', ')}` });
      }
    }
    let missingSql: string | undefined;
    let report: CompareReport | undefined;
    if (models) {
      reporter.progress('loading the models');
      const expected = await loadSchema(models, { config });
      const covered = coverModels(expected, replay, Boolean(options.strictModels || config.strictModels));
      // Read the way the missing migration goes: from the replay of the migrations to the models.
      const { changes, plan } = fixMigration(dialect, covered.to, covered.from);
      const notDescribed = covered.orm ? { orm: covered.orm, objects: covered.notDescribed } : undefined;
      if (changes.length > 0 || notDescribed?.objects.length) {
        report = { from: 'the replay of the migrations', to: expected.source, changes, fix: true, notDescribed };
      }
      if (changes.length > 0) {
        missingSql = renderPlanSql(plan, `schemaguard ${TOOL_VERSION}: the migration the models need`);
        const transactional = plan.statements.every((s) => s.transactional);
        findings.push({
          kind: 'missing-migration',
          message: `The models differ from the migrations: ${changes.length} differences need a new migration.`,
        });
        if (options.fix) {
          const paths = await writeNewMigration(folder, options.name, missingSql, { transactional });
          reporter.info(`Wrote ${paths.map((p) => shownPath(context.cwd, p)).join(', ')}.`);
        }
      }
    }
    return {
      findings,
      ...(report ? { report } : {}),
      ...(missingSql ? { missingSql } : {}),
      modelsChecked: Boolean(models),
      code: codeOf(findings, options.fix),
    };
  } finally {
    reporter.doneProgress();
  }
}

/**
 * `migrate check` on a Django project: its migrations load (Django's graph), and its models
 * have no change without a migration (Django's autodetector, as `makemigrations --check`),
 * each named with its app; with `fix`, `makemigrations` writes them.
 */
async function checkDjangoMigrations(
  context: WorkflowContext,
  options: CheckOptions,
  project: DjangoProject,
): Promise<MigrationCheck> {
  const { reporter } = context;
  reporter.progress("asking Django about the project's migrations and models");
  const [, pending] = await djangoAsk(project, [{ command: 'graph' }, { command: 'pending-changes' }]).finally(() =>
    reporter.doneProgress(),
  );
  const findings: Finding[] = pending.map((change) => ({
    kind: 'missing-migration',
    message: `${pendingChangeLine(change)}: run "python manage.py makemigrations ${change.app}"`,
  }));
  if (options.fix && pending.length > 0) {
    reporter.progress('writing the migrations with makemigrations');
    const written = await djangoMakeMigrations(project, appsOf(pending)).finally(() => reporter.doneProgress());
    reporter.info(`Wrote ${written.map((p) => shownPath(context.cwd, resolve(project.cwd, p))).join(', ')}.`);
  }
  return { findings, modelsChecked: true, code: codeOf(findings, options.fix) };
}
