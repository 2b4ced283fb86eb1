import type { Command } from 'commander';
import { folderOf } from '../workflows/migrate-state.js';
import { newMigration } from '../workflows/new-migration.js';
import { type CliContext, type GlobalOptions, type Run } from './context.js';
import { requireGivenRefs } from './given-refs.js';
import { SchemaguardError } from '../errors.js';
import { renderOffline } from '../plan/render.js';
import { migrationDirOption, onlineOption } from './options.js';

interface NewOptions {
  readonly dir?: string;
  readonly fromModels?: boolean;
  readonly strictModels?: boolean;
  readonly models?: string;
  readonly online?: boolean;
}

async function runNew(cli: CliContext, name: string, options: NewOptions, globals: GlobalOptions): Promise<number> {
  if (options.online && !options.fromModels) {
    throw new SchemaguardError('--online shapes the SQL --from-models writes: use them together.');
  }
  requireGivenRefs(cli.cwd, options.models);
  const config = await cli.loadConfig(globals);
  const folder = await folderOf(options.dir, config);
  const fromModels = options.fromModels
    ? { models: options.models, strict: options.strictModels, online: options.online }
    : undefined;
  const written = await newMigration(folder, name, config, fromModels);
  if (!written) {
    cli.err('The migrations already match the models: no migration written.\n');
    return 0;
  }
  cli.out(`${written.paths.map((p) => cli.shown(p)).join('\n')}\n`);
  const offline = renderOffline(written.offline);
  if (offline) cli.err(offline);
  return 0;
}

/** `schemaguard migrate new`: the next migration file, empty or from the models. */
export function registerMigrateNew(migrate: Command, run: Run): void {
  migrate
    .command('new')
    .description(
      "Create the next migration file in the folder's format (prints its path); --from-models fills it with the SQL from the replay of the migrations to the models.",
    )
    .argument('<name>', 'what the migration does, e.g. add_resource_id')
    .addOption(migrationDirOption())
    .option('--from-models', 'fill it with what the models need')
    .option('--strict-models', 'with --from-models: also drop what the ORM cannot express, and reorder enums')
    .option('--models <ref>', 'the models (default: the config\'s "models")')
    .addOption(onlineOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate new add_course_level\n  $ schemaguard migrate new sync_models --from-models\n',
    )
    .action((name: string, options: NewOptions, cmd: Command) =>
      run((cli) => runNew(cli, name, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
