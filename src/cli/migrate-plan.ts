import type { Command } from 'commander';
import { renderPlanReport } from '../report/migrate-plan.js';
import { type PlanOptions, folderOf } from '../workflows/migrate-state.js';
import { planMigrations } from '../workflows/migrate-plan.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { databaseReportOptions } from './options.js';
import { shadowOnDatabaseServer } from '../workflows/shadow-server.js';

async function runPlan(cli: CliContext, options: PlanOptions, globals: GlobalOptions): Promise<number> {
  const loaded = await cli.loadConfig(globals);
  const folder = await folderOf(options.dir, loaded);
  const ref = sourceRef(undefined, options, loaded);
  const config = shadowOnDatabaseServer(loaded, ref);
  const plan = await planMigrations(cli.workflow('schemaguard migrate plan'), folder, ref, config, options);
  await cli.writeResult(renderPlanReport(options.format, plan), options.output);
  return plan.problems.length > 0 && !plan.skipped ? 1 : 0;
}

/** `schemaguard migrate plan`: the pre-verification and the pending migrations with what they change. */
export function registerMigratePlan(migrate: Command, run: Run): void {
  const command = migrate
    .command('plan')
    .description(
      'Before a migration run, for review in CI or a pull request: pre-verification (nothing failed, changed or unknown in the history, no drift from the applied migrations), then the pending migrations and, computed on the shadow database, the schema difference they make with every hazard. Exit code 1 when verification fails (unless --skip-verification or SCHEMAGUARD_SKIP_VERIFICATION=true), else 0.',
    )
    .option('--skip-verification', 'report verification problems as a warning instead of failing (emergencies only)');
  for (const option of databaseReportOptions('write the plan here')) command.addOption(option);
  command
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate plan --env production\n  $ schemaguard migrate plan --env staging --format markdown >> "$GITHUB_STEP_SUMMARY"\n',
    )
    .action((options: PlanOptions, cmd: Command) =>
      run((cli) => runPlan(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
