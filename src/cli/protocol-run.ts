import { connectTimeoutOption, dbOption, envOption, formatOption, migrationDirOption } from './options.js';
import type { Command } from 'commander';
import type { ProtocolOutcome, ProtocolTarget } from '../workflows/protocol.js';
import type { CliContext } from './context.js';

/** The flags every command that runs the protocol takes (`migrate apply`, `rollback`). */
export function protocolFlags(command: Command): Command {
  return command
    .addOption(dbOption('the database'))
    .addOption(envOption('the database, from the config'))
    .addOption(migrationDirOption())
    .option('--yes', 'do not ask (required without a terminal)')
    .option('--allow-data-loss', 'apply a plan with data-loss hazards')
    .option('--dry-run', 'stop after the plan: nothing is written or applied')
    .option(
      '--skip-verification',
      'go ahead although pre-verification fails (emergencies only; recorded in the history)',
    )
    .option('--lock-timeout <seconds>', "wait this long for another run's migration lock", '60')
    .option(
      '--statement-lock-timeout <seconds>',
      'how long each statement waits for a lock (lock_timeout; MySQL: lock_wait_timeout; SQLite: busy_timeout) (default: migrations.lockTimeout, else 5; 0: none)',
    )
    .option(
      '--statement-timeout <seconds>',
      'how long each statement may run (statement_timeout; MariaDB: max_statement_time) (default: migrations.statementTimeout, else 1800; 0: none)',
    )
    .option(
      '--lock-retries <n>',
      'tries again a migration whose statement gave up waiting for a lock (default: migrations.lockRetries, else 3)',
    )
    .addOption(formatOption(['text', 'json'], 'text', 'text, or json for the whole report on stdout'))
    .addOption(connectTimeoutOption('give up connecting after this long'));
}

/**
 * Prints how a protocol run ended: the whole report with `--format json`, else after an
 * applied run the summary (time, backup, checks, how to undo). Resolves to the exit code.
 */
export async function printProtocolOutcome(
  cli: CliContext,
  outcome: ProtocolOutcome,
  target: ProtocolTarget,
  format: string,
): Promise<number> {
  const { report } = outcome;
  if (format === 'json') await cli.writeResult(`${JSON.stringify(report, null, 2)}\n`, undefined);
  else if (report.result === 'applied') {
    const lines = [
      '',
      `Done in ${(report.ms / 1000).toFixed(1)} s: ${report.executed.map((e) => e.label).join(', ')} applied to ${target.envName}.`,
      ...(report.backup
        ? [
            `Backup: ${cli.shown(report.backup.snapshot)}${report.backup.data ? ` (data: ${cli.shown(report.backup.data)})` : ''}`,
          ]
        : []),
      `Checks: ${report.checks.length ? `${report.checks.length} passed` : 'none configured'}`,
      ...(report.backup
        ? [`To undo: schemaguard rollback ${target.selector} --to ${cli.shown(report.backup.snapshot)}`]
        : []),
    ];
    cli.out(`${lines.join('\n')}\n`);
  }
  return outcome.code;
}
