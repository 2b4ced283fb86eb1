/**
 * Django's own checks and fixes inside schemaguard's workflows: model changes without a
 * migration (Django's autodetector), the tables of an app, `makemigrations` as the fix, and
 * the applied migrations whose changes a database lacks (the seeds' incident), which
 * Django marks as not applied with `migrate APP PREVIOUS --fake`.
 */
import { isAbsolute } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { dialectByName } from '../dialects/index.js';
import { diff } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import { awaitsRun } from '../migrations/status.js';
import {
  type DjangoPendingChange,
  type DjangoProject,
  djangoAsk,
  djangoMigrationGraph,
  djangoProject,
} from '../sources/django/runner.js';
import { parseRef } from '../sources/ref.js';
import { appliedDjangoMigrations, djangoReplay } from './django-state.js';
import type { DatabaseState } from './migrate-state.js';

/** The Django project a models ref builds from (`django:`, `django:./manage.py`); undefined for other refs. */
export function djangoProjectOfModels(models: string | undefined, config: ResolvedConfig): DjangoProject | undefined {
  if (!models?.trim().startsWith('django:')) return undefined;
  const parsed = parseRef(models);
  return parsed.kind === 'django' ? djangoProject(config, parsed.manage) : undefined;
}

/** The apps of a list of model changes without a migration, each once, in order. */
export function appsOf(changes: readonly DjangoPendingChange[]): string[] {
  return [...new Set(changes.map((c) => c.app))];
}

/** One model change without a migration, as Django describes it: `content: Add field rating to asset (makemigrations would write 0003_asset_rating)`. */
export function pendingChangeLine(change: DjangoPendingChange): string {
  return `${change.app}: ${change.operations.join('; ')} (makemigrations would write ${change.migration})`;
}

/** The sentence for model changes without a migration, with Django's command that writes them. */
export function missingMigrationSentence(changes: readonly DjangoPendingChange[]): string {
  const apps = appsOf(changes);
  return `The models of ${apps.join(', ')} have changes without a migration: write ${changes.length === 1 ? 'it' : 'them'} with "python manage.py makemigrations ${apps.join(' ')}" (or "schemaguard verify --fix") and commit the files.`;
}

/** What Django says of the models before a comparison: the tables of the apps asked for, and the changes without a migration. */
export interface DjangoModelsCheck {
  /** The tables of the apps asked for (their models' and many-to-many tables); absent when no app was asked for. */
  readonly tables?: string[];
  readonly pending: DjangoPendingChange[];
}

/**
 * Asks the project (in one Python run) for the tables of `apps` (when any) and for its
 * model changes that have no migration yet (those of `apps`, when given). Throws one
 * sentence for an app without tables.
 */
export async function djangoModelsCheck(project: DjangoProject, apps: readonly string[]): Promise<DjangoModelsCheck> {
  if (apps.length === 0) {
    const [pending] = await djangoAsk(project, [{ command: 'pending-changes' }]);
    return { pending };
  }
  const [byApp, pending] = await djangoAsk(project, [{ command: 'app-tables', apps }, { command: 'pending-changes' }]);
  const empty = apps.filter((app) => (byApp[app] ?? []).length === 0);
  if (empty.length > 0) {
    throw new SchemaguardError(
      `The app${empty.length === 1 ? '' : 's'} ${empty.join(', ')} ${empty.length === 1 ? 'has' : 'have'} no tables of ${empty.length === 1 ? 'its' : 'their'} own (no concrete managed models): nothing to verify.`,
    );
  }
  // The changes of other apps are outside what was asked for.
  return {
    tables: [...new Set(apps.flatMap((app) => byApp[app] ?? []))],
    pending: pending.filter((change) => apps.includes(change.app)),
  };
}

/** The `--app` values as app labels: repeatable, each possibly a comma list. */
export function appLabels(values: readonly string[] | undefined): string[] {
  return [
    ...new Set(
      (values ?? [])
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

/** Applied migrations of a Django database whose changes it lacks, and how Django marks them as not applied. */
export interface DjangoMigrationsNotTaken {
  /** `app.name` of each, in the order they were applied. */
  readonly migrations: string[];
  /** Per app, the migration to go back to with `--fake` (`zero` when none of the app's stays applied). */
  readonly fakeBack: { readonly app: string; readonly migration: string }[];
}

/** `python manage.py migrate content 0001_initial --fake` for each app of `fakeBack`. */
export function fakeBackCommands(notTaken: DjangoMigrationsNotTaken): string[] {
  return notTaken.fakeBack.map((b) => `python manage.py migrate ${b.app} ${b.migration} --fake`);
}

/** How many of an app's last applied migrations {@link djangoMigrationsNotTaken} tries leaving out. */
const LONGEST_TAIL = 3;

/**
 * The seeds' incident on a Django database: the applied migrations whose changes are not in
 * it. For each of the project's apps, its last applied migration (then its last two, then
 * three: a migration that changes nothing in the database, such as a new `help_text`, may
 * have been recorded after the one that was lost) and the applied ones that depend on them
 * are left out of a replay of the applied migrations; the first such replay that is exactly
 * the database names them. Undefined when none is (the drift is something else). Costs a
 * Python run per replay tried, each on a new shadow database.
 */
export async function djangoMigrationsNotTaken(
  project: DjangoProject,
  state: DatabaseState,
  config: ResolvedConfig,
  progress: { update(step: string): void },
): Promise<DjangoMigrationsNotTaken | undefined> {
  if (state.drift.length === 0) return undefined;
  const applied = appliedDjangoMigrations(state.statuses);
  const key = ([app, name]: readonly [string, string]) => `${app}.${name}`;
  const projectApps = new Set(
    state.statuses.filter((s) => s.app !== undefined && s.path && !isAbsolute(s.path)).map((s) => s.app),
  );
  const graph = await djangoMigrationGraph(project);
  const dependencies = new Map(graph.map((n) => [`${n.app}.${n.name}`, n.dependencies.map(key)]));
  const dialect = dialectByName(state.live.dialect);
  for (let tail = 1; tail <= LONGEST_TAIL; tail++) {
    for (const app of projectApps) {
      const own = applied.filter(([a]) => a === app);
      if (own.length < tail) continue;
      const left = new Set(own.slice(-tail).map(key));
      const first = applied.findIndex((m) => left.has(key(m)));
      for (const migration of applied.slice(first + 1)) {
        if ((dependencies.get(key(migration)) ?? []).some((d) => left.has(d))) left.add(key(migration));
      }
      const kept = applied.filter((m) => !left.has(key(m)));
      progress.update(`replaying the applied migrations without ${[...left].join(', ')}`);
      const replay = await djangoReplay(
        project,
        kept,
        config,
        progress,
        `the applied migrations without ${[...left].join(', ')}`,
      );
      if (diff(dialect, replay.schema, state.live.schema, { sides: { from: replay, to: state.live } }).length > 0)
        continue;
      const apps = [...new Set(applied.filter((m) => left.has(key(m))).map(([a]) => a))];
      const fakeBack = apps.map((a) => ({ app: a, migration: kept.filter(([k]) => k === a).at(-1)?.[1] ?? 'zero' }));
      return { migrations: applied.filter((m) => left.has(key(m))).map(key), fakeBack };
    }
  }
  return undefined;
}

/**
 * Why `verify --fix` writes no migration for a Django project whose models have none
 * missing, though the database differs: migrations recorded as applied whose changes it
 * lacks (what to run instead), other drift, or migrations not applied yet. Undefined when
 * the database matches what its applied migrations make and none is pending.
 */
export async function djangoNoFixReason(
  project: DjangoProject,
  state: DatabaseState,
  selector: string,
  config: ResolvedConfig,
  progress: { update(step: string): void },
): Promise<string | undefined> {
  const table = state.history?.table ?? 'django_migrations';
  if (state.drift.length > 0) {
    const notTaken = await djangoMigrationsNotTaken(project, state, config, progress);
    if (notTaken) {
      return `No migration written: the models need none; the database is what is wrong: it lacks the changes of ${notTaken.migrations.join(', ')}, which ${table} records as applied. Mark ${notTaken.migrations.length === 1 ? 'it' : 'them'} as not applied with "schemaguard migrate repair${selector}" (Django's "${fakeBackCommands(notTaken).join('" and "')}"), then run "schemaguard migrate apply${selector}".`;
    }
    return `No migration written: the models need none; the database is what is wrong: it differs from what the migrations ${table} records make (${state.drift.length} differences; "schemaguard migrate status${selector}" lists them). Undo those changes, or go back with "schemaguard rollback${selector}".`;
  }
  const pending = state.statuses.filter(awaitsRun);
  if (pending.length > 0) {
    return `No migration written: the models need none; the database has not applied ${pending.length} migration${pending.length === 1 ? '' : 's'} yet (${pending
      .slice(0, 5)
      .map((s) => s.version)
      .join(', ')}${pending.length > 5 ? ', …' : ''}): run "schemaguard migrate apply${selector}".`;
  }
  return undefined;
}
