import type { Command } from 'commander';
import { SchemaguardError } from '../errors.js';
import { appLabels } from '../workflows/django.js';
import { verifySchema } from '../workflows/verify.js';
import { FORMATS, exitCode, renderReport } from './compare.js';
import { type CliContext, type GlobalOptions, type Run, collect, sourceRef } from './context.js';
import { requireGivenRefs } from './given-refs.js';
import { type SchemaOptions, addSchemaOptions, compareOptions, readingOptions } from './schema-options.js';
import { dbOption, envOption, formatOption, outputOption } from './options.js';
import { shadowOnDatabaseServer } from '../workflows/shadow-server.js';

interface VerifyOptions extends SchemaOptions {
  readonly models?: string;
  readonly format: string;
  readonly output?: string;
  readonly strict?: boolean;
  readonly fix?: boolean;
  readonly name: string;
  readonly app: string[];
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
  requireGivenRefs(cli.cwd, options.models);
  const config = await cli.loadConfig(globals);
  const models = options.models ?? config.models;
  if (!models) {
    throw new SchemaguardError(
      'Name the models to verify against: --models REF (e.g. drizzle:./src/db/schema.ts), or "models" in the config.',
    );
  }
  const database = sourceRef(undefined, options, config);
  const result = await verifySchema(cli.workflow('schemaguard verify'), {
    config: shadowOnDatabaseServer(config, database),
    database,
    models,
    reading: readingOptions(options),
    compare: compareOptions(options),
    connectTimeout: options.connectTimeout,
    strictModels: options.strict,
    ...(options.fix ? { fix: { name: options.name, output: options.output } } : {}),
    apps: appLabels(options.app),
  });
  const missing = result.missingMigrations?.length ? 1 : 0;
  if (result.fix?.kind === 'matching') return missing;
  await cli.writeResult(
    renderReport(options.format, result.report, () => result.sql, !options.output && cli.colored.stdout),
    options.fix ? undefined : options.output,
  );
  return Math.max(exitCode(result.changes, options.strict), missing);
}

/** `schemaguard verify` (the seeds' `verify_schema`): does the database match the models? */
export function registerVerify(program: Command, run: Run): void {
  const command = program
    .command('verify')
    .summary('check that a database matches the application models')
    .description(
      "Compare the live database (--db / --env, default the config's default environment) with the models (--models, default the config's): missing and extra tables and columns, type, nullability and default differences, foreign keys. Exit code 1 on a breaking difference (any with --strict), 0 otherwise, 2 when it could not run. --fix writes a migration that brings the database to the models; it never applies it. With Django models (django:), model changes without a migration are reported too (exit code 1), --app limits the comparison to an app's tables, and --fix runs Django's makemigrations, or says what to run when the database is what is wrong.",
    )
    .addOption(dbOption('the database to verify'))
    .addOption(envOption('the database to verify, from the config'))
    .option(
      '--models <ref>',
      'the models: drizzle:MODULE, sql:PATH, migrations:PATH or any ref (default: the config\'s "models")',
    )
    .addOption(
      formatOption(
        FORMATS,
        'text',
        'how to write the report (sql: the statements that bring the database to the models)',
      ),
    )
    .addOption(
      outputOption('write the report here (with --fix: write the migration SQL here instead of the migration folder)'),
    )
    .option(
      '--strict',
      'exit 1 on any difference, not only breaking ones; compare the models on everything, also what their ORM cannot express',
    )
    .option(
      '--fix',
      'write a new migration, in the configured folder and format, that brings the database to the models',
    )
    .option('--name <name>', 'the name of the migration --fix writes', 'fix_schema_drift')
    .option(
      '--app <label>',
      "Django models: only the tables of this app's models (repeatable, or a comma list)",
      collect,
      [],
    );
  addSchemaOptions(command)
    .addHelpText('after', EXAMPLES)
    .action((options: VerifyOptions, cmd: Command) =>
      run((cli) => runVerify(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
