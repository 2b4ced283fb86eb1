import type { Command } from 'commander';
import { fixMigration } from '../plan/fix.js';
import { SchemaguardError } from '../errors.js';
import { readMigrationFolder } from '../migrations/formats.js';
import { writeNewMigration } from '../migrations/writer.js';
import { renderPlanSql } from '../plan/render.js';
import { projectRef } from '../sources/project-ref.js';
import { TOOL_VERSION } from '../version.js';
import { FORMATS, exitCode, renderReport } from './compare.js';
import type { ResolvedConfig } from '../config/load.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { requireGivenRefs } from './given-refs.js';
import { databaseState, folderOf, migrationsAfterSchema } from '../workflows/migrate-state.js';
import { noteVersionSkew } from '../workflows/version-note.js';
import { type SchemaOptions, addSchemaOptions, compareOptions, loadTwo } from './schema-options.js';
import { notComparedPhrases } from '../report/not-compared.js';
import { coverModels } from '../sources/models/coverage.js';

interface VerifyOptions extends SchemaOptions {
  readonly models?: string;
  readonly format: string;
  readonly output?: string;
  readonly strict?: boolean;
  readonly fix?: boolean;
  readonly name: string;
}

const EXAMPLES = `
Examples:
  # Does the development database match the models? (the config names both)
  $ schemaguard verify

  # Production against the drizzle models, only the content tables
  $ schemaguard verify --env production --models drizzle:./src/db/schema.ts --table 'content.*'

  # Write a migration that brings the database to the models (never applied)
  $ schemaguard verify --fix --name add_resource_id
`;

async function runVerify(cli: CliContext, options: VerifyOptions, globals: GlobalOptions): Promise<number> {
  if (!FORMATS.includes(options.format)) {
    throw new SchemaguardError(`--format takes ${FORMATS.join(', ')}, not "${options.format}".`);
  }
  requireGivenRefs(cli.cwd, options.models);
  const config = await cli.loadConfig(globals);
  const models = options.models ?? config.models;
  if (!models) {
    throw new SchemaguardError(
      'Name the models to verify against: --models REF (e.g. drizzle:./src/db/schema.ts), or "models" in the config.',
    );
  }
  const database = sourceRef(undefined, options, config);
  const migrationsDir = config.migrations?.dir;
  if (options.fix && !options.output && !migrationsDir) {
    throw new SchemaguardError(
      '--fix writes a migration, but the config names no migration folder: set "migrations" in the config, or give --output FILE.',
    );
  }
  const lyingHistory =
    options.fix && !options.output && migrationsDir
      ? await lyingHistoryAdvice(cli, database, config, options)
      : undefined;
  const progress = cli.progressReporter('schemaguard verify');
  const loaded = await loadTwo(models, database, options, config, (step) => progress.update(step)).finally(() =>
    progress.done(),
  );
  noteVersionSkew(cli, 'the models were built on', 'the database runs', { from: loaded.from, to: loaded.to });
  // The differences read the way the fix goes: from the database to the models.
  const covered = coverModels(loaded.from, loaded.to, Boolean(options.strict || config.strictModels));
  const { changes, plan, acrossVersions } = fixMigration(loaded.dialect, covered.to, covered.from, {
    ...compareOptions(options),
    sides: { from: loaded.to, to: loaded.from },
  });
  // The header names the sources as the project does: it goes into a committed migration.
  const header = `schemaguard ${TOOL_VERSION}: bring ${projectRef(loaded.to.source, config.root)} to ${projectRef(loaded.from.source, config.root)}`;
  const sql = renderPlanSql(plan, header);
  if (lyingHistory) cli.err(lyingHistory);
  else if (options.fix) {
    if (changes.length === 0) {
      cli.err('The database matches the models: no migration written.\n');
      return 0;
    }
    const paths = options.output
      ? (await cli.writeResult(sql, options.output), [options.output])
      : await writeNewMigration(
          await readMigrationFolder(migrationsDir as string, config.migrations?.format, config.cwd),
          options.name,
          sql,
          {
            transactional: plan.statements.every((s) => s.transactional),
          },
        );
    cli.err(`Wrote ${paths.map((p) => cli.shown(p)).join(', ')}: review it, then apply it with your migration tool.\n`);
  }
  const notDescribed = covered.orm ? { orm: covered.orm, objects: covered.notDescribed } : undefined;
  const report = {
    from: loaded.to.source,
    to: loaded.from.source,
    changes,
    fix: true,
    notDescribed,
    acrossVersions,
    notCompared: notComparedPhrases(loaded.to, loaded.from),
  };
  await cli.writeResult(
    renderReport(options.format, report, () => sql, !options.output && cli.colored.stdout),
    options.fix ? undefined : options.output,
  );
  return exitCode(changes, options.strict);
}

/**
 * The seeds' incident: the history records a migration as applied whose changes are not
 * in the database. A new migration written from the database would not replay after
 * that one on a new database, so none is written; the history is what needs fixing.
 */
async function lyingHistoryAdvice(
  cli: CliContext,
  database: string,
  config: ResolvedConfig,
  options: VerifyOptions,
): Promise<string | undefined> {
  const folder = await folderOf(undefined, config);
  const state = await databaseState(cli, folder, database, config, options, { update: () => {} });
  if (state.drift.length === 0 || state.history?.tool !== 'schemaguard') return undefined;
  const missing = await migrationsAfterSchema(folder, state, state.live, config);
  if (missing.length === 0) return undefined;
  return `No migration written: the database lacks the changes of ${missing.map((m) => m.path).join(', ')}, which its history records as applied, and a new migration would not replay after them on a new database; mark them as not applied with "schemaguard migrate repair${database.startsWith('env:') ? ` --env ${database.slice(4)}` : ''}", then run "schemaguard migrate apply".\n`;
}

/** `schemaguard verify` (the seeds' `verify_schema`): does the database match the models? */
export function registerVerify(program: Command, run: Run): void {
  const command = program
    .command('verify')
    .summary('check that a database matches the application models')
    .description(
      "Compare the live database (--db / --env, default the config's default environment) with the models (--models, default the config's): missing and extra tables and columns, type, nullability and default differences, foreign keys. Exit code 1 on a breaking difference (any with --strict), 0 otherwise, 2 when it could not run. --fix writes a migration that brings the database to the models; it never applies it.",
    )
    .option('--db <url>', 'the database to verify')
    .option('--env <name>', 'the database to verify, from the config')
    .option(
      '--models <ref>',
      'the models: drizzle:MODULE, sql:PATH, migrations:PATH or any ref (default: the config\'s "models")',
    )
    .option('--format <format>', 'text, json, markdown, github or sql', 'text')
    .option(
      '-o, --output <file>',
      'write the report here (with --fix: write the migration SQL here instead of the migration folder)',
    )
    .option(
      '--strict',
      'exit 1 on any difference, not only breaking ones; compare the models on everything, also what their ORM cannot express',
    )
    .option(
      '--fix',
      'write a new migration, in the configured folder and format, that brings the database to the models',
    )
    .option('--name <name>', 'the name of the migration --fix writes', 'fix_schema_drift');
  addSchemaOptions(command)
    .addHelpText('after', EXAMPLES)
    .action((options: VerifyOptions, cmd: Command) =>
      run((cli) => runVerify(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
