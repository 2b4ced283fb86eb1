import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/load.js';
import { SchemaguardError } from '../errors.js';
import { type DjangoProject, djangoProject } from '../sources/django/runner.js';
import { loadSchema } from '../sources/load.js';
import { rollBackDjango } from '../workflows/django-apply.js';
import { folderOf } from '../workflows/migrate-state.js';
import { protocolTarget, requireConfirmation, statementTimeouts } from '../workflows/protocol.js';
import { rollBack } from '../workflows/rollback.js';
import type { ApplyOptions } from './migrate-apply.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef, wholeNumber } from './context.js';
import { requireGivenRefs } from './given-refs.js';
import { printProtocolOutcome, protocolFlags } from './protocol-run.js';
import { shadowOnDatabaseServer } from '../workflows/shadow-server.js';

interface RollbackOptions extends ApplyOptions {
  readonly to: string;
  readonly schemaOnly?: boolean;
}

/** `--to`: a snapshot or backup file, else a git revision (the baseline file as it was there). */
function targetRef(to: string, cwd: string): string {
  if (to.startsWith('git:')) return to;
  if (existsSync(resolve(cwd, to))) return resolve(cwd, to);
  // A snapshot file's name is not a revision: say that the file is missing.
  if (to.endsWith('.json')) requireGivenRefs(cwd, to);
  return `git:${to}`;
}

async function runRollback(cli: CliContext, options: RollbackOptions, globals: GlobalOptions): Promise<number> {
  const lockWaitMs = wholeNumber(options.lockTimeout, '--lock-timeout') * 1000;
  const to = targetRef(options.to, cli.cwd);
  const config = await cli.loadConfig(globals);
  const timeouts = statementTimeouts(config, options);
  if (options.dir === undefined && config.django) {
    return rollBackDjangoProject(cli, djangoProject(config), to, options, config, lockWaitMs);
  }
  // Read first: a bad --to file or revision stops the rollback before it starts.
  const expected = await loadSchema(to, { config });
  const folder = options.dir || config.migrations ? await folderOf(options.dir, config) : undefined;
  const ref = sourceRef(undefined, options, config);
  const target = protocolTarget(ref, config, options);
  requireConfirmation(target, options, cli.prompter);
  const outcome = await rollBack(cli.workflow('schemaguard rollback'), {
    config: shadowOnDatabaseServer(config, ref),
    expected,
    folder,
    ref,
    target,
    timeouts,
    ...(to.startsWith('git:') ? {} : { toFile: to }),
    options: { ...options, lockWaitMs },
  });
  return printProtocolOutcome(cli, outcome, target, options.format);
}

/**
 * `rollback` on a Django project: back to a git revision, Django reversing its migrations
 * (`migrate APP NNNN`), so that `django_migrations` stays true; a snapshot is refused.
 */
async function rollBackDjangoProject(
  cli: CliContext,
  project: DjangoProject,
  to: string,
  options: RollbackOptions,
  config: ResolvedConfig,
  lockWaitMs: number,
): Promise<number> {
  if (!to.startsWith('git:') || to.slice(4).includes(':')) {
    throw new SchemaguardError(
      `A Django project goes back to a git revision (--to HEAD~1, --to v1.4.0): Django reverses the migrations that revision does not have; restoring ${options.to} by SQL would leave django_migrations recording them as applied.`,
    );
  }
  const ref = sourceRef(undefined, options, config);
  const target = protocolTarget(ref, config, options);
  requireConfirmation(target, options, cli.prompter);
  const outcome = await rollBackDjango(cli.workflow('schemaguard rollback'), {
    config,
    project,
    ref,
    target,
    revision: to.slice(4),
    options: { ...options, lockWaitMs },
  });
  return printProtocolOutcome(cli, outcome, target, options.format);
}

/** `schemaguard rollback`: back to an earlier schema through the safety protocol. */
export function registerRollback(program: Command, run: Run): void {
  const rollback = program
    .command('rollback')
    .summary('take a database back to an earlier schema, safely')
    .description(
      'Computes the plan from the live database to an earlier schema — a git revision (the baseline file as it was there), a snapshot file, or a backup written by migrate apply — shows it with its hazards and the reverse plan, and applies it through the same protocol as migrate apply (pre-verify, backup, plan, confirm, execute with its own history row, post-verify that the database now equals the target, system checks, snapshot). Migrations the rollback undoes are recorded as rolled back, so they count as pending again. On a SQLite file, --to a backup whose data backup (.db) is beside it restores the whole file from it (rows and history as they were; --allow-data-loss, since the rows written since are lost), unless --schema-only. In a Django project (a django block in the config), --to is a git revision and Django reverses the migrations it does not have: schemaguard runs python manage.py migrate APP NNNN for each app (its last migration at the revision, zero when it had none). Exit code 1 when a step fails, 2 when it could not run.',
    )
    .requiredOption('--to <ref>', 'the schema to go back to: a git revision, a snapshot file or a backup')
    .option(
      '--schema-only',
      'with a backup whose data backup can be restored whole (a SQLite file): bring back the schema alone, keeping the rows',
    );
  protocolFlags(rollback)
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard rollback --env staging --to HEAD~1 --dry-run\n  $ schemaguard rollback --env production --to "$(ls database_schema/backups/production/*.json | tail -n 1)"\n  $ schemaguard rollback --db "$DATABASE_URL" --to v1.4.0 --yes --allow-data-loss\n',
    )
    .action((options: RollbackOptions, cmd: Command) =>
      run((cli) => runRollback(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
