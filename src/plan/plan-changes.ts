import type { Change } from '../diff/change.js';
import type { Schema } from '../schema/model.js';
import type { MigrationRules } from './migration.js';
import type { Plan, PlanOptions } from './plan.js';

/**
 * The statements that turn `from` into `to`, for changes `diff` found between them, in the
 * order the engine can run them, each with its hazards; `options.safe` withholds those that
 * destroy data.
 */
export function plan(
  dialect: Pick<MigrationRules, 'plan'>,
  changes: readonly Change[],
  from: Schema,
  to: Schema,
  options: PlanOptions = {},
): Plan {
  return dialect.plan(changes, from, to, options);
}
