import type { Change, ChangeAction, ChangeDraft, Hazard } from '../diff/change.js';
import { severityOf } from '../diff/severity.js';
import type { Schema } from '../schema/model.js';
import { type MigrationOptions, type MigrationRules, migration } from './migration.js';
import type { Plan } from './plan.js';

const OPPOSITE: Record<ChangeAction, ChangeAction> = { add: 'drop', drop: 'add', alter: 'alter', rename: 'rename' };

/** The same difference read the other way: what `to` lacks, `from` has. */
function opposite(change: Change): ChangeDraft {
  return {
    ...change,
    action: OPPOSITE[change.action],
    before: change.after,
    after: change.before,
    attributes: change.attributes?.map((a) => ({ attribute: a.attribute, before: a.after, after: a.before })),
  };
}

/**
 * The fix of a report that comes with one (`verify`, `migrate check`): the differences read
 * the way the fix goes, from the database (or the replay of the migrations) to the target
 * (the models), and the plan. Each change's `hazards` are those of the statements the plan
 * writes for it, as the SQL's hazard comments say: creating a table has none, dropping a
 * column loses data. Its `severity` is that of the difference seen from the target: a table
 * the database lacks is breaking, whatever the fix risks.
 */
export function fixMigration(
  dialect: MigrationRules,
  database: Schema,
  target: Schema,
  options: MigrationOptions = {},
): { changes: Change[]; plan: Plan; acrossVersions: readonly string[] } {
  const { changes, plan, acrossVersions } = migration(dialect, database, target, options);
  const hazards = new Map<string, Set<Hazard>>();
  for (const statement of [...plan.statements, ...plan.withheld]) {
    if (statement.change === undefined) continue;
    const set = hazards.get(statement.change) ?? new Set<Hazard>();
    for (const h of statement.hazards) set.add(h.hazard);
    hazards.set(statement.change, set);
  }
  return {
    changes: changes.map((c) => ({
      ...c,
      severity: severityOf(opposite(c), dialect.model.severity),
      hazards: [...(hazards.get(c.path) ?? [])],
    })),
    plan,
    acrossVersions,
  };
}
