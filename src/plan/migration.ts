import type { DialectCapabilities } from '../dialects/dialect.js';
import type { Change } from '../diff/change.js';
import { type CompareOptions, type DiffRules, compareSchemas } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import type { Schema } from '../schema/model.js';
import type { Plan, PlanOptions } from './plan.js';
import type { TableSizes } from './table-size.js';

/** What planning a migration takes from an engine: its diff rules, what it can do and its planner. */
export interface MigrationRules extends DiffRules {
  /** The engine as people name it, for messages: `PostgreSQL`. */
  readonly title: string;
  readonly capabilities: Pick<DialectCapabilities, 'concurrentIndexes' | 'onlineAlter'>;
  /** The statements that turn `from` into `to`, in dependency order. */
  plan(changes: readonly Change[], from: Schema, to: Schema, options?: PlanOptions): Plan;
}

/**
 * How a migration is compared and planned. A `from` side read from a live database may carry its
 * tables' sizes (a loaded schema's `tableSizes`): the plan's hazards then say them, unless
 * `tableSizes` is given.
 */
export type MigrationOptions = CompareOptions &
  PlanOptions & {
    readonly sides?: CompareOptions['sides'] & { readonly from: { readonly tableSizes?: TableSizes } };
  };

/**
 * The migration from one schema to another: the differences, planned as ordered statements.
 * Throws one sentence when the options ask for what the engine cannot do.
 */
export function migration(
  dialect: MigrationRules,
  from: Schema,
  to: Schema,
  options: MigrationOptions = {},
): { changes: Change[]; plan: Plan; acrossVersions: readonly string[] } {
  if (options.concurrently && !dialect.capabilities.concurrentIndexes) {
    throw new SchemaguardError(
      `--concurrently builds indexes without blocking writes, which ${dialect.title} cannot do.`,
    );
  }
  if (options.online && !dialect.capabilities.onlineAlter) {
    throw new SchemaguardError(
      `--online writes the algorithm and lock of each ALTER TABLE, which ${dialect.title} does not take${
        dialect.capabilities.concurrentIndexes ? ': --concurrently builds its indexes without blocking writes' : ''
      }.`,
    );
  }
  const compared = compareSchemas(dialect, from, to, options);
  // The plan runs on the `from` side's server; a side read from no server (a file) may still say which.
  const serverVersion = options.serverVersion ?? options.sides?.from.serverVersion ?? options.sides?.to.serverVersion;
  // Only the sizes of the database the plan runs on mean anything.
  const tableSizes = options.tableSizes ?? options.sides?.from.tableSizes;
  return {
    changes: compared.changes,
    plan: dialect.plan(compared.changes, compared.from, compared.to, {
      ...options,
      ...(serverVersion ? { serverVersion } : {}),
      ...(tableSizes ? { tableSizes } : {}),
    }),
    acrossVersions: compared.acrossVersions,
  };
}
