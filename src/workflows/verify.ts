/**
 * `verify` as a workflow (the seeds' `verify_schema`): does the database match the
 * models? With `fix`, the migration that brings the database to the models is written
 * (never applied).
 */
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import type { Change } from '../diff/change.js';
import type { CompareOptions } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import { writeNewMigration } from '../migrations/writer.js';
import { fixMigration } from '../plan/fix.js';
import { renderPlanSql } from '../plan/render.js';
import type { CompareReport } from '../report/compare.js';
import { notComparedPhrases } from '../report/not-compared.js';
import type { LoadOptions } from '../sources/load.js';
import { loadPair } from '../sources/load-pair.js';
import { coverModels } from '../sources/models/coverage.js';
import { projectRef } from '../sources/project-ref.js';
import { type DjangoPendingChange, type DjangoProject, djangoMakeMigrations } from '../sources/django/runner.js';
import { TOOL_VERSION } from '../version.js';
import { writeFileAtomic } from '../write-file.js';
import { type WorkflowContext, shownPath } from './context.js';
import {
  appsOf,
  djangoModelsCheck,
  djangoNoFixReason,
  djangoProjectOfModels,
  missingMigrationSentence,
  pendingChangeLine,
} from './django.js';
import { djangoDatabaseState } from './django-state.js';
import { databaseState, folderOf, migrationsAfterSchema } from './migrate-state.js';
import { type SourceOptions, connectTimeoutMs } from './source-options.js';
import { noteVersionSkew } from './version-note.js';

/** What `verify` compares, and how. */
export interface VerifyRequest extends Pick<SourceOptions, 'connectTimeout'> {
  readonly config: ResolvedConfig;
  /** The database, as a ref: `env:NAME` or a URL. */
  readonly database: string;
  /** The models, as a ref: `drizzle:./src/db/schema.ts`, `sql:…`, `migrations:…`, any ref (the command's default is the config's `models`). */
  readonly models: string;
  /** What to read of both sides: a filter, privileges, owners (as `loadSchema` takes them). */
  readonly reading?: Pick<LoadOptions, 'filter' | 'includePrivileges' | 'includeOwners'>;
  /** How to compare them: equivalences, renames. */
  readonly compare?: CompareOptions;
  /** Compare the models on everything, also what their ORM cannot express (also with the config's `strictModels`). */
  readonly strictModels?: boolean;
  /**
   * Write the migration that brings the database to the models: to the file `output`
   * (relative to the context's cwd), else as a new migration called `name` in the
   * config's migration folder and format. It is never applied.
   */
  readonly fix?: { readonly name: string; readonly output?: string };
  /** Django models (`django:`): only the tables of these apps (their models' and many-to-many tables). */
  readonly apps?: readonly string[];
}

/** What `fix` did. */
export type VerifyFixOutcome =
  /** The migration was written to these files. */
  | { readonly kind: 'written'; readonly paths: readonly string[] }
  /** The database matches the models: nothing was written. */
  | { readonly kind: 'matching' }
  /**
   * Nothing was written: the database's history records migrations as applied whose
   * changes it lacks, and a new migration would not replay after them; `reason` says what
   * to do instead.
   */
  | { readonly kind: 'refused'; readonly reason: string };

/** What `verify` found. */
export interface VerifyResult {
  /** The differences, read the way the fix goes: from the database to the models. */
  readonly changes: readonly Change[];
  /** The comparison as the reports write it: from the database to the models, with what was not compared. */
  readonly report: CompareReport;
  /** The SQL that brings the database to the models, with a header naming both (no statements when they match). */
  readonly sql: string;
  /** What `fix` did; absent without it. */
  readonly fix?: VerifyFixOutcome;
  /** Django models: the model changes that have no migration yet (none written by `fix`). */
  readonly missingMigrations?: readonly DjangoPendingChange[];
}

/** Compares the database with the models; with `request.fix`, writes the migration that closes the difference. */
export async function verifySchema(context: WorkflowContext, request: VerifyRequest): Promise<VerifyResult> {
  const { config, models, fix } = request;
  const { reporter } = context;
  const django = djangoProjectOfModels(models, config);
  if (request.apps?.length && !django) {
    throw new SchemaguardError(
      `--app names Django apps, but the models are ${models}: verify against django: models (--models django:./manage.py, or "models" in the config).`,
    );
  }
  if (django) return verifyDjango(context, request, django);
  const migrationsDir = config.migrations?.dir;
  if (fix && !fix.output && !migrationsDir) {
    throw new SchemaguardError(
      '--fix writes a migration, but the config names no migration folder: set "migrations" in the config, or give --output FILE.',
    );
  }
  const refused = fix && !fix.output && migrationsDir ? await lyingHistory(context, request) : undefined;
  const { changes, plan, result } = await compareWithModels(context, request, request.reading);
  if (!fix) return result;
  if (refused) {
    reporter.warn(refused);
    return { ...result, fix: { kind: 'refused', reason: refused } };
  }
  if (changes.length === 0) {
    reporter.info('The database matches the models: no migration written.');
    return { ...result, fix: { kind: 'matching' } };
  }
  let paths: string[];
  if (fix.output) {
    await writeFileAtomic(resolve(context.cwd, fix.output), result.sql, fix.output);
    paths = [fix.output];
  } else {
    const folder = await folderOf(undefined, config);
    const transactional = plan.statements.every((s) => s.transactional);
    paths = await writeNewMigration(folder, fix.name, result.sql, { transactional });
  }
  reporter.info(
    `Wrote ${paths.map((p) => shownPath(context.cwd, p)).join(', ')}: review it, then apply it with your migration tool.`,
  );
  return { ...result, fix: { kind: 'written', paths } };
}

/** The comparison of the database with the models, read the way the fix goes: from the database to the models. */
async function compareWithModels(
  context: WorkflowContext,
  request: VerifyRequest,
  reading: VerifyRequest['reading'],
): Promise<{ changes: readonly Change[]; plan: ReturnType<typeof fixMigration>['plan']; result: VerifyResult }> {
  const { config, database, models } = request;
  const { reporter } = context;
  const loaded = await loadPair(models, database, config, () => ({
    ...reading,
    connectTimeoutMs: connectTimeoutMs(request),
    onProgress: (step) => reporter.progress(step),
    // The fix runs on the database: its hazards say the sizes of the tables it rewrites.
    tableSizes: true,
  })).finally(() => reporter.doneProgress());
  noteVersionSkew(reporter, 'the models were built on', 'the database runs', { from: loaded.from, to: loaded.to });
  // The differences read the way the fix goes: from the database to the models.
  const covered = coverModels(loaded.from, loaded.to, Boolean(request.strictModels || config.strictModels));
  const { changes, plan, acrossVersions } = fixMigration(loaded.dialect, covered.to, covered.from, {
    ...request.compare,
    sides: { from: loaded.to, to: loaded.from },
  });
  // The header names the sources as the project does: it goes into a committed migration.
  const header = `schemaguard ${TOOL_VERSION}: bring ${projectRef(loaded.to.source, config.root)} to ${projectRef(loaded.from.source, config.root)}`;
  const sql = renderPlanSql(plan, header);
  const notDescribed = covered.orm ? { orm: covered.orm, objects: covered.notDescribed } : undefined;
  const report: CompareReport = {
    from: loaded.to.source,
    to: loaded.from.source,
    changes,
    fix: true,
    notDescribed,
    acrossVersions,
    ...(loaded.to.tableSizes ? { tableSizes: loaded.to.tableSizes } : {}),
    notCompared: notComparedPhrases(loaded.to, loaded.from),
  };
  return { changes, plan, result: { changes, report, sql } };
}

/** How the commands suggested name the database: ` --env NAME`, or nothing for a URL. */
function selectorOf(database: string): string {
  return database.startsWith('env:') ? ` --env ${database.slice(4)}` : '';
}

/**
 * `verify` against Django models: with `apps`, only their tables; model changes without a
 * migration are reported (Django's autodetector). `fix` is Django's own: `makemigrations`
 * for the apps whose models need it, or, when the models need none and the database is what
 * is wrong, no migration and what to run instead.
 */
async function verifyDjango(
  context: WorkflowContext,
  request: VerifyRequest,
  project: DjangoProject,
): Promise<VerifyResult> {
  const { config, database, fix } = request;
  const { reporter } = context;
  if (fix?.output) {
    throw new SchemaguardError(
      "--fix on Django models writes migrations with Django's makemigrations, in each app's migrations folder: leave out --output.",
    );
  }
  const apps = request.apps ?? [];
  if (apps.length > 0 && request.reading?.filter?.tables?.length) {
    throw new SchemaguardError('Give --app or --table, not both: --app stands for the tables of its models.');
  }
  reporter.progress('asking Django about the models');
  const checked = await djangoModelsCheck(project, apps).finally(() => reporter.doneProgress());
  const reading = checked.tables
    ? { ...request.reading, filter: { ...request.reading?.filter, tables: checked.tables } }
    : request.reading;
  let written: string[] | undefined;
  let missing: readonly DjangoPendingChange[] = checked.pending;
  if (fix && missing.length > 0) {
    reporter.progress('writing the migrations with makemigrations');
    written = await djangoMakeMigrations(project, appsOf(missing)).finally(() => reporter.doneProgress());
    reporter.info(
      `Wrote ${written.map((p) => shownPath(context.cwd, resolve(project.cwd, p))).join(', ')} with Django's makemigrations (${missing.map((c) => `${c.app}: ${c.operations.join('; ')}`).join('; ')}): review ${written.length === 1 ? 'it' : 'them'}, then apply with "schemaguard migrate apply${selectorOf(database)}".`,
    );
    missing = [];
  }
  for (const change of missing) reporter.warn(`missing migration: ${pendingChangeLine(change)}`);
  if (missing.length > 0) reporter.warn(missingMigrationSentence(missing));
  const { changes, result } = await compareWithModels(context, request, reading);
  const done = { ...result, missingMigrations: missing };
  if (!fix) return done;
  if (written) return { ...done, fix: { kind: 'written', paths: written.map((p) => resolve(project.cwd, p)) } };
  const state = await djangoDatabaseState(reporter, project, database, config, request, {
    update: reporter.progress,
  }).finally(() => reporter.doneProgress());
  const reason = await djangoNoFixReason(project, state, selectorOf(database), config, {
    update: reporter.progress,
  }).finally(() => reporter.doneProgress());
  if (reason) {
    reporter.warn(reason);
    return { ...done, fix: { kind: 'refused', reason } };
  }
  if (changes.length === 0) {
    reporter.info('The database matches the models: no migration written.');
    return { ...done, fix: { kind: 'matching' } };
  }
  const refused = `No migration written: the models need none, and the database matches what its applied migrations make; the ${changes.length} differences above are outside Django's migrations.`;
  reporter.warn(refused);
  return { ...done, fix: { kind: 'refused', reason: refused } };
}

/**
 * The seeds' incident: the history records a migration as applied whose changes are not
 * in the database. A new migration written from the database would not replay after
 * that one on a new database, so none is written; the history is what needs fixing.
 * Returns what to do instead, or undefined when the history does not lie.
 */
async function lyingHistory(context: WorkflowContext, request: VerifyRequest): Promise<string | undefined> {
  const { config, database } = request;
  const folder = await folderOf(undefined, config);
  const state = await databaseState(
    context.reporter,
    folder,
    database,
    config,
    { connectTimeout: request.connectTimeout },
    { update: () => {} },
  );
  if (state.drift.length === 0 || state.history?.tool !== 'schemaguard') return undefined;
  const missing = await migrationsAfterSchema(folder, state, state.live, config);
  if (missing.length === 0) return undefined;
  return `No migration written: the database lacks the changes of ${missing.map((m) => m.path).join(', ')}, which its history records as applied, and a new migration would not replay after them on a new database; mark them as not applied with "schemaguard migrate repair${database.startsWith('env:') ? ` --env ${database.slice(4)}` : ''}", then run "schemaguard migrate apply".`;
}
