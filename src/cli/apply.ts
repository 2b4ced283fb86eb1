import { SchemaguardError } from '../errors.js';
import { toolApplyCommand } from '../migrations/tool-command.js';
import { applyPending } from '../workflows/apply.js';
import type { MigrationFolder } from '../migrations/formats.js';
import { type PlanOptions, folderOf } from '../workflows/migrate-state.js';
import { type TimeoutFlags, protocolTarget, requireConfirmation, statementTimeouts } from '../workflows/protocol.js';
import { type CliContext, type GlobalOptions, sourceRef, wholeNumber } from './context.js';
import { printProtocolOutcome } from './protocol-run.js';

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
export async function runApply(cli: CliContext, options: ApplyOptions, globals: GlobalOptions): Promise<number> {
  if (!['text', 'json'].includes(options.format)) {
    throw new SchemaguardError(`--format takes text or json, not "${options.format}".`);
  }
  const lockWaitMs = wholeNumber(options.lockTimeout, '--lock-timeout') * 1000;
  const config = await cli.loadConfig(globals);
  const timeouts = statementTimeouts(config, options);
  const folder: MigrationFolder = await folderOf(options.dir, config);
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
    config,
    folder,
    ref,
    target,
    command,
    timeouts,
    options: { ...options, lockWaitMs },
  });
  return printProtocolOutcome(cli, outcome, target, options.format);
}
