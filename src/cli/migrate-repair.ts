import type { Command } from 'commander';
import { SchemaguardError } from '../errors.js';
import { repairDjango } from '../workflows/django-apply.js';
import { migrationSourceOf } from '../workflows/django-state.js';
import { protocolTarget } from '../workflows/protocol.js';
import { repairMigrations } from '../workflows/repair.js';
import { type SourceOptions } from '../workflows/source-options.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { connectTimeoutOption, dbOption, envOption, migrationDirOption } from './options.js';
import { shadowOnDatabaseServer } from '../workflows/shadow-server.js';

interface RepairOptions extends SourceOptions {
  readonly dir?: string;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  /** A failed or interrupted migration to mark for retry. */
  readonly retry?: string;
  /** A failed or interrupted migration to mark as rolled back (undone by the user). */
  readonly rolledBack?: string;
}

async function runRepair(cli: CliContext, options: RepairOptions, globals: GlobalOptions): Promise<number> {
  if (options.retry !== undefined && options.rolledBack !== undefined) {
    throw new SchemaguardError(
      'Give --retry or --rolled-back, not both: a migration is either retried or rolled back.',
    );
  }
  const loaded = await cli.loadConfig(globals);
  const ref = sourceRef(undefined, options, loaded);
  const config = shadowOnDatabaseServer(loaded, ref);
  const source = await migrationSourceOf(options.dir, config, { ref, options });
  const target = protocolTarget(ref, config, options);
  if (source.kind === 'django') {
    if (options.retry !== undefined || options.rolledBack !== undefined) {
      throw new SchemaguardError(
        "--retry and --rolled-back mark a migration schemaguard's runner left unfinished; a Django project's migrations are run by Django, whose history records only the ones that finished.",
      );
    }
    const project = source.project;
    return repairDjango(cli.workflow('schemaguard migrate repair'), { config, project, ref, target, options });
  }
  const folder = source.folder;
  const version = options.retry ?? options.rolledBack;
  const mark =
    version === undefined
      ? undefined
      : ({ version, as: options.retry !== undefined ? 'retry' : 'rolled-back' } as const);
  return repairMigrations(cli.workflow('schemaguard migrate repair'), { config, folder, ref, target, mark, options });
}

/** `schemaguard migrate repair`: decide on migrations that did not complete, or did not take effect. */
export function registerMigrateRepair(migrate: Command, run: Run): void {
  migrate
    .command('repair')
    .description(
      "A migration whose run did not complete (failed, or interrupted outside a transaction): shows its statements with those the history records as done, and each object it makes as the database has it (done, not done, INVALID); --retry VERSION marks it so that migrate apply continues it from the statement that did not complete (with the file as it is now), --rolled-back VERSION marks it as undone, so that it counts as pending. Otherwise, when the history records migrations as applied whose changes are not in the database (the seeds' incident: the history says the rename ran, the database still has the old column): finds them — the database is exactly the replay of the migrations before them — and marks them as not applied in schemaguard's history table, so that migrate apply runs them again through the safety protocol; in a Django project, Django's own way: migrate APP PREVIOUS --fake. Asks first (--yes without a terminal). Exit code 1 when a failed migration awaits a decision or the drift is something else.",
    )
    .addOption(dbOption('the database'))
    .addOption(envOption('the database, from the config'))
    .addOption(migrationDirOption())
    .option('--retry <version>', 'mark this failed or interrupted migration for retry: the next apply continues it')
    .option('--rolled-back <version>', 'mark this failed or interrupted migration as undone: it counts as pending')
    .option('--yes', 'do not ask (required without a terminal)')
    .option('--dry-run', 'say what would be marked, change nothing')
    .addOption(connectTimeoutOption('give up connecting after this long'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate repair --env production --dry-run\n  $ schemaguard migrate repair --env production --yes\n  $ schemaguard migrate repair --env production --retry 0003\n  $ schemaguard migrate repair --env production --rolled-back 0003 --yes\n',
    )
    .action((options: RepairOptions, cmd: Command) =>
      run((cli) => runRepair(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
