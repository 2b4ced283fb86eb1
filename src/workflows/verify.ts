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
import { TOOL_VERSION } from '../version.js';
import { writeFileAtomic } from '../write-file.js';
import { type WorkflowContext, shownPath } from './context.js';
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
}

/** Compares the database with the models; with `request.fix`, writes the migration that closes the difference. */
export async function verifySchema(context: WorkflowContext, request: VerifyRequest): Promise<VerifyResult> {
  const { config, database, models, fix } = request;
  const { reporter } = context;
  const migrationsDir = config.migrations?.dir;
  if (fix && !fix.output && !migrationsDir) {
    throw new SchemaguardError(
      '--fix writes a migration, but the config names no migration folder: set "migrations" in the config, or give --output FILE.',
    );
  }
  const refused = fix && !fix.output && migrationsDir ? await lyingHistory(context, request) : undefined;
  const loaded = await loadPair(models, database, config, () => ({
    ...request.reading,
    connectTimeoutMs: connectTimeoutMs(request),
    onProgress: (step) => reporter.progress(step),
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
    notCompared: notComparedPhrases(loaded.to, loaded.from),
  };
  const result = { changes, report, sql };
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
    await writeFileAtomic(resolve(context.cwd, fix.output), sql, fix.output);
    paths = [fix.output];
  } else {
    const folder = await folderOf(undefined, config);
    const transactional = plan.statements.every((s) => s.transactional);
    paths = await writeNewMigration(folder, fix.name, sql, { transactional });
  }
  reporter.info(
    `Wrote ${paths.map((p) => shownPath(context.cwd, p)).join(', ')}: review it, then apply it with your migration tool.`,
  );
  return { ...result, fix: { kind: 'written', paths } };
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
