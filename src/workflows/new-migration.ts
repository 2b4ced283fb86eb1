/**
 * `migrate new` as a workflow: the next migration file of a folder, empty or filled with
 * the SQL from the replay of the migrations to the models.
 */
import type { ResolvedConfig } from '../config/load.js';
import { dialectByName } from '../dialects/index.js';
import { SchemaguardError } from '../errors.js';
import type { MigrationFolder } from '../migrations/formats.js';
import { writeNewMigration } from '../migrations/writer.js';
import { migration } from '../plan/migration.js';
import { renderPlanSql } from '../plan/render.js';
import { emptySchema } from '../schema/model.js';
import { checkRefs } from '../sources/check-refs.js';
import { type LoadedSchema, loadSchema } from '../sources/load.js';
import { coverModels } from '../sources/models/coverage.js';
import { projectRef } from '../sources/project-ref.js';
import { TOOL_VERSION } from '../version.js';

/** With `migrate new --from-models`: the models to fill the migration from. */
export interface FromModels {
  /** The models' ref (default: the config's `models`). */
  readonly models?: string;
  /** Also drop what the ORM cannot express, and reorder enums. */
  readonly strict?: boolean;
  /** Each `ALTER TABLE` says the algorithm and lock that keep it online, where it can (MySQL's `--online`). */
  readonly online?: boolean;
}

/** The SQL that brings the replay of `folder` to the models, or undefined when they already match. */
async function sqlToModels(
  folder: MigrationFolder,
  fromModels: FromModels,
  config: ResolvedConfig,
): Promise<{ readonly sql: string; readonly transactional: boolean; readonly offline: readonly string[] } | undefined> {
  const models = fromModels.models ?? config.models;
  if (!models) throw new SchemaguardError('--from-models needs the models: --models REF, or "models" in the config.');
  await checkRefs([models], config);
  const [replay, expected] = await Promise.all([
    folder.migrations.length > 0 ? loadSchema(`migrations:${folder.path}`, { config }) : undefined,
    loadSchema(models, { config }),
  ]);
  const dialect = dialectByName(expected.dialect);
  const none: LoadedSchema = { dialect: expected.dialect, schema: emptySchema(), source: 'no migrations' };
  // What the models cannot express is never dropped, and enums are never reordered (unless strict).
  const covered = coverModels(expected, replay ?? none, Boolean(fromModels.strict || config.strictModels));
  const { changes, plan } = migration(dialect, covered.to, covered.from, {
    // The server the replay ran on, else the models' shadow: the online rules are that server's.
    serverVersion: replay?.serverVersion ?? expected.serverVersion,
    online: fromModels.online,
  });
  if (changes.length === 0) return undefined;
  return {
    sql: renderPlanSql(
      plan,
      `schemaguard ${TOOL_VERSION}: from the migrations to ${projectRef(expected.source, config.root)}`,
    ),
    transactional: plan.statements.every((s) => s.transactional),
    offline: plan.offline ?? [],
  };
}

/**
 * Writes the next migration of `folder`, named `name`, in the folder's format: a
 * placeholder to fill in, or with `fromModels` the SQL the models need. Resolves to the
 * paths written (and, with `fromModels.online`, why each statement that cannot run online
 * cannot), or undefined when the migrations already match the models (nothing is written).
 */
export async function newMigration(
  folder: MigrationFolder,
  name: string,
  config: ResolvedConfig,
  fromModels?: FromModels,
): Promise<{ readonly paths: string[]; readonly offline: readonly string[] } | undefined> {
  const filled = fromModels
    ? await sqlToModels(folder, fromModels, config)
    : { sql: '-- Write the statements of this migration here.\n', transactional: true, offline: [] };
  if (!filled) return undefined;
  const paths = await writeNewMigration(folder, name, filled.sql, { transactional: filled.transactional });
  return { paths, offline: filled.offline };
}
