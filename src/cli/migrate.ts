import type { Command } from 'commander';
import type { Run } from './context.js';
import { registerMigrateApply } from './migrate-apply.js';
import { registerMigrateCheck } from './migrate-check.js';
import { registerMigrateNew } from './migrate-new.js';
import { registerMigratePlan } from './migrate-plan.js';
import { registerMigrateRepair } from './migrate-repair.js';
import { registerMigrateStatus } from './migrate-status.js';

/** `schemaguard migrate`: migration status, offline checks and new migrations. */
export function registerMigrate(program: Command, run: Run): void {
  const migrate = program
    .command('migrate')
    .summary('migration status, checks and new migrations')
    .description('Work with the migration folder: what a database has applied, offline checks for CI, new migrations.')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate status --env production\n  $ schemaguard migrate check --base-ref main\n  $ schemaguard migrate new add_course_level --from-models\n',
    );
  registerMigrateStatus(migrate, run);
  registerMigratePlan(migrate, run);
  registerMigrateApply(migrate, run);
  registerMigrateRepair(migrate, run);
  registerMigrateCheck(migrate, run);
  registerMigrateNew(migrate, run);
}
