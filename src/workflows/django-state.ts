/**
 * What a migrate command works on — a migration folder, or a Django project's migrations
 * (one folder per app, known only to Django) — and, for a Django project, the state of a
 * database: its `django_migrations` rows matched with the project's migrations by Django's
 * rules, and its drift from what those migrations make when Django applies them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { dialectByName } from '../dialects/index.js';
import { compareSchemas } from '../diff/index.js';
import { canonicalSchema } from '../schema/canonical.js';
import { filterSchema } from '../schema/filter.js';
import { djangoMigrationStatus } from '../migrations/django-status.js';
import type { MigrationFolder } from '../migrations/formats.js';
import { type MigrationHistory, readHistories } from '../migrations/history.js';
import type { MigrationStatus } from '../migrations/status.js';
import { runDebug } from '../debug.js';
import { type DjangoProject, djangoMigrationGraph, djangoProject } from '../sources/django/runner.js';
import { djangoShadowBuild } from '../sources/django/schema.js';
import { type LoadedSchema, combinedFilter, loadSchema } from '../sources/load.js';
import type { Reporter } from './context.js';
import { type DatabaseState, databaseState, folderOf, historyLookup, openDatabase } from './migrate-state.js';
import { type SourceOptions, connectTimeoutMs } from './source-options.js';
import { noteVersionSkew } from './version-note.js';

/** The migrations a migrate command works on: a folder, or a Django project's (per app). */
export type MigrationSource =
  | { readonly kind: 'folder'; readonly folder: MigrationFolder }
  | { readonly kind: 'django'; readonly project: DjangoProject };

/**
 * The Django project whose `manage.py` is next to the config, when the database at `ref`
 * records its migrations in Django's `django_migrations`; undefined when it does not.
 */
export async function djangoProjectOfHistory(
  ref: string,
  config: ResolvedConfig,
  options: SourceOptions,
): Promise<DjangoProject | undefined> {
  const client = await openDatabase(ref, config, options);
  let histories: MigrationHistory[];
  try {
    histories = await readHistories(client, { tool: 'django', ...historyLookup(config) });
  } finally {
    await client.close();
  }
  return histories.length > 0 ? djangoProject(config) : undefined;
}

/**
 * The migrations of a migrate command: `--dir`'s folder; else the Django project of the
 * config's `django` block; else the config's folder; else, when there is a `manage.py` next to
 * the config and the database at `ref` keeps Django's history, that Django project. Throws one
 * sentence when none of these applies.
 */
export async function migrationSourceOf(
  dir: string | undefined,
  config: ResolvedConfig,
  database?: { readonly ref: string; readonly options: SourceOptions },
): Promise<MigrationSource> {
  if (dir === undefined && config.django) return { kind: 'django', project: djangoProject(config) };
  if (dir === undefined && !config.migrations && database && existsSync(join(config.root, 'manage.py'))) {
    const project = await djangoProjectOfHistory(database.ref, config, database.options);
    if (project) return { kind: 'django', project };
  }
  return { kind: 'folder', folder: await folderOf(dir, config) };
}

/** The state of the database against the migrations of a source (see {@link databaseState}). */
export function sourceState(
  notes: Pick<Reporter, 'noteOnce'>,
  source: MigrationSource,
  ref: string,
  config: ResolvedConfig,
  options: SourceOptions,
  progress: { update(step: string): void },
  at: { readonly snapshot?: string } = {},
): Promise<DatabaseState> {
  return source.kind === 'django'
    ? djangoDatabaseState(notes, source.project, ref, config, options, progress, at)
    : databaseState(notes, source.folder, ref, config, options, progress, at);
}

/** The applied migrations of Django statuses, in order, as `[app, name]`. */
export function appliedDjangoMigrations(statuses: readonly MigrationStatus[]): (readonly [string, string])[] {
  return statuses.flatMap((s) => (s.state === 'applied' && s.app !== undefined ? [[s.app, s.name] as const] : []));
}

/**
 * The schema these migrations make: Django applies exactly them, in order, on a fresh
 * shadow database (served to the project's Python), which is then read like any other
 * source, named `source`.
 */
export async function djangoReplay(
  project: DjangoProject,
  applied: readonly (readonly [string, string])[],
  config: ResolvedConfig,
  progress: { update(step: string): void },
  source = `the migrations applied (${applied.length})`,
): Promise<LoadedSchema> {
  const dialect = dialectByName(config.dialect);
  const options = {
    dialect,
    server: config.shadow,
    cacheDir: config.cacheDir,
    connectTimeoutMs: config.connectTimeoutMs,
    env: config.env,
    onStart: (kind: string) => progress.update(`starting a shadow database (${kind})`),
    onProgress: (step: string) => progress.update(step),
  };
  const result = await djangoShadowBuild(project, options, applied);
  if (result.cached) runDebug(config)(`shadow result for ${source} taken from the cache`);
  return {
    dialect: dialect.name,
    schema: canonicalSchema(filterSchema(result.schema, combinedFilter(config))),
    source,
    serverVersion: result.serverVersion,
    notIncluded: result.notIncluded,
  };
}

/**
 * A Django project's database: its `django_migrations` rows against every migration of the
 * project (Django's rules: squashed migrations, rows not on disk; `djangoMigrationStatus`),
 * and the differences between the database and the schema Django makes by applying the
 * applied migrations on a shadow database. With `at.snapshot`, the history and the schema
 * are read at that one moment.
 */
export async function djangoDatabaseState(
  notes: Pick<Reporter, 'noteOnce'>,
  project: DjangoProject,
  ref: string,
  config: ResolvedConfig,
  options: SourceOptions,
  progress: { update(step: string): void },
  at: { readonly snapshot?: string } = {},
): Promise<DatabaseState> {
  progress.update('reading the history');
  const client = await openDatabase(ref, config, options);
  let history: MigrationHistory | undefined;
  try {
    [history] = await readHistories(client, { tool: 'django', ...historyLookup(config), snapshot: at.snapshot });
  } finally {
    await client.close();
  }
  progress.update("reading the project's migrations");
  const statuses = djangoMigrationStatus(await djangoMigrationGraph(project), history?.applied ?? []);
  const [replay, live] = await Promise.all([
    djangoReplay(project, appliedDjangoMigrations(statuses), config, progress),
    loadSchema(ref, { config, connectTimeoutMs: connectTimeoutMs(options), snapshot: at.snapshot }),
  ]);
  const sides = { from: replay, to: live };
  noteVersionSkew(notes, 'the migrations were applied on', 'the database runs', sides);
  const { changes, acrossVersions } = compareSchemas(dialectByName(live.dialect), replay.schema, live.schema, {
    sides,
  });
  return {
    history,
    statuses,
    applied: [],
    drift: changes.map((change) => ({ change })),
    report: { from: replay.source, to: live.source, changes, acrossVersions },
    live,
    replay,
  };
}
