import type { Command } from 'commander';
import { SchemaguardError } from '../errors.js';
import { toolApplyCommand } from '../migrations/tool-command.js';
import { applyPending } from '../workflows/apply.js';
import type { MigrationFolder } from '../migrations/formats.js';
import type { ResolvedConfig } from '../config/load.js';
import type { DjangoProject } from '../sources/django/runner.js';
import { applyDjangoPending } from '../workflows/django-apply.js';
import { migrationSourceOf } from '../workflows/django-state.js';
import type { PlanOptions } from '../workflows/migrate-state.js';
import { type TimeoutFlags, protocolTarget, requireConfirmation, statementTimeouts } from '../workflows/protocol.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef, wholeNumber } from './context.js';
import { strictCodeOption } from './options.js';
import { printProtocolOutcome, protocolFlags } from './protocol-run.js';
import { shadowOnDatabaseServer } from '../workflows/shadow-server.js';

/** The options of `migrate apply`. */
export interface ApplyOptions extends PlanOptions, TimeoutFlags {
  readonly yes?: boolean;
  readonly allowDataLoss?: boolean;
  readonly dryRun?: boolean;
  readonly lockTimeout: string;
}

/**
 * `migrate apply`: the pending migrations of the folder through the safety protocol,
 * run by schemaguard's runner (plain SQL folders) or the config's `migrations.command`.
 */
async function runApply(cli: CliContext, options: ApplyOptions, globals: GlobalOptions): Promise<number> {
  const lockWaitMs = wholeNumber(options.lockTimeout, '--lock-timeout') * 1000;
  const config = await cli.loadConfig(globals);
  const timeouts = statementTimeouts(config, options);
  const source = await migrationSourceOf(options.dir, config, {
    ref: sourceRef(undefined, options, config),
    options,
  });
  if (source.kind === 'django') return applyDjango(cli, source.project, options, config, lockWaitMs);
  const folder: MigrationFolder = source.folder;
  // The configured command belongs to the configured folder.
  const command = options.dir ? undefined : config.migrations?.command;
  if (!command && folder.format !== 'plain') {
    throw new SchemaguardError(
      `schemaguard's runner applies plain SQL folders; ${cli.shown(folder.path)} is a ${folder.format} folder: set "migrations.command" in the config (e.g. "${toolApplyCommand(folder, config.root)}") to run it inside the protocol.`,
    );
  }
  const ref = sourceRef(undefined, options, config);
  const target = protocolTarget(ref, config, options);
  requireConfirmation(target, options, cli.prompter);
  const outcome = await applyPending(cli.workflow('schemaguard migrate apply'), {
    config: shadowOnDatabaseServer(config, ref),
    folder,
    ref,
    target,
    command,
    timeouts,
    options: { ...options, lockWaitMs },
  });
  return printProtocolOutcome(cli, outcome, target, options.format);
}

/** `migrate apply` on a Django project: Django's migrate (the config's `migrations.command`) inside the protocol. */
async function applyDjango(
  cli: CliContext,
  project: DjangoProject,
  options: ApplyOptions,
  config: ResolvedConfig,
  lockWaitMs: number,
): Promise<number> {
  const command = config.migrations?.command;
  if (!command) {
    throw new SchemaguardError(
      'A Django project\'s migrations are applied by Django: set "migrations.command" in the config to "python manage.py migrate" (with the Python that has Django) to run it inside the protocol.',
    );
  }
  const ref = sourceRef(undefined, options, config);
  const target = protocolTarget(ref, config, options);
  requireConfirmation(target, options, cli.prompter);
  const outcome = await applyDjangoPending(cli.workflow('schemaguard migrate apply'), {
    config,
    project,
    ref,
    target,
    command,
    options: { ...options, lockWaitMs },
  });
  return printProtocolOutcome(cli, outcome, target, options.format);
}

/** `schemaguard migrate apply`: the pending migrations through the safety protocol. */
export function registerMigrateApply(migrate: Command, run: Run): void {
  const apply = migrate
    .command('apply')
    .description(
      "Applies the pending migrations through the safety protocol, under the migration lock taken before anything is read (a second run waits --lock-timeout, then reads afresh): 1. pre-verify (as migrate plan, and the environment's snapshot), 2. back up the schema (JSON and SQL, under <snapshotDir>/backups/<env>/; the data too with backup.data), 3. show the plan with its hazards, 4. confirm (on a terminal, or --yes; --allow-data-loss for data-loss hazards), 5. apply each migration of a plain SQL folder in its own transaction, each statement with lock_timeout 5 s and statement_timeout 30 min unless the config or the flags say otherwise, a migration that hit lock_timeout tried again (or run the config's migrations.command), 6. post-verify, 7. system checks (the config's assertions and checks), 8. rewrite the environment's snapshot. Stops at the first step that fails, naming it: exit code 1; 2 when it could not run.",
    );
  protocolFlags(apply)
    .addOption(strictCodeOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate apply --env staging\n  $ schemaguard migrate apply --env production --dry-run\n  $ schemaguard migrate apply --db "$DATABASE_URL" --yes\n',
    )
    .action((options: ApplyOptions, cmd: Command) =>
      run((cli) => runApply(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
