/**
 * `migrate plan` as a workflow: before a migration run, the pre-verification of the
 * database against the folder, the pending migrations and the schema difference they make.
 */
import type { ResolvedConfig } from '../config/load.js';
import type { MigrationFolder } from '../migrations/formats.js';
import type { PlanReport } from '../report/migrate-plan.js';
import type { WorkflowContext } from './context.js';
import {
  type PlanOptions,
  databaseState,
  pendingChanges,
  pendingMigrations,
  skipVerification,
  unrecordedCode,
  verificationProblems,
} from './migrate-state.js';

/**
 * The plan of a run of `folder`'s pending migrations on the database `ref`, computed on
 * the shadow database; warns when verification problems are skipped
 * (`--skip-verification` or `SCHEMAGUARD_SKIP_VERIFICATION=true`).
 */
export async function planMigrations(
  context: WorkflowContext,
  folder: MigrationFolder,
  ref: string,
  config: ResolvedConfig,
  options: PlanOptions,
): Promise<PlanReport> {
  const { reporter } = context;
  try {
    const state = await databaseState(reporter, folder, ref, config, options, { update: reporter.progress });
    const problems = verificationProblems(state, options.strict);
    const skipped = skipVerification(options, context.env) && problems.length > 0;
    if (skipped) {
      reporter.warn(
        `WARNING: verification SKIPPED (--skip-verification or SCHEMAGUARD_SKIP_VERIFICATION): ${problems.length} problems ignored.`,
      );
    }
    const pending = pendingMigrations(folder, state);
    reporter.progress('replaying the pending migrations');
    const report = await pendingChanges(folder, state, pending, config);
    return { problems, skipped, pending, report, code: unrecordedCode(state) };
  } finally {
    reporter.doneProgress();
  }
}
