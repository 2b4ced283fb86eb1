/** Members of existing tables rebuilt around a change to something their expressions use. */

import type { Change } from '../../../diff/change.js';
import { attributeChanged } from '../../../plan/changes.js';
import { columnSql } from '../ddl.js';
import { quoteIdent } from '../quote.js';
import { addConstraint, dropConstraint } from './constraints.js';
import { rebuildIndexes } from './indexes.js';
import { rebuildPolicies } from './policies.js';
import { type PlanState, qname } from './state.js';
import { createTrigger } from './triggers.js';

/** Which members {@link rebuildUsers} looks at. */
export interface UserScope {
  /** Only this table (its `to` name), else every table. */
  readonly table?: string;
  /** Column defaults, set aside and restored. */
  readonly defaults?: boolean;
  /** Generated columns, dropped and added again. */
  readonly generated?: boolean;
  /** The column whose type changes: PostgreSQL rebuilds its indexes itself, and its triggers are rebuilt. */
  readonly skipOwn?: string;
}

/**
 * Drops, before the change, the members of existing tables whose expressions match, and
 * creates them again (as the target has them) after it: check constraints, indexes,
 * policies, triggers, and optionally column defaults and generated columns.
 */
export function rebuildUsers(
  p: PlanState,
  matches: (text: string | undefined) => boolean,
  change: Change,
  scope: UserScope,
): void {
  const tables = scope.table ? [p.fromTableOf(scope.table)].filter((t) => t !== undefined) : p.from.tables;
  for (const table of tables) {
    const target = scope.table ? p.toTable(scope.table) : p.toTable(qname(table));
    if (!target || p.wholeTables.has(qname(target))) continue;
    const fresh = (name: string) => p.claimMember(target, name);
    for (const check of table.constraints ?? []) {
      const next = target.constraints?.find((x) => x.name === check.name);
      if (check.type !== 'check' || !next || !matches(check.expression) || !fresh(check.name)) continue;
      dropConstraint(p, table, check, change);
      addConstraint(p, target, next, change);
    }
    // PostgreSQL rebuilds the indexes of a column whose type changes by itself.
    if (scope.skipOwn === undefined)
      rebuildIndexes(p, table, target, (i) => matches(i.where) || i.keys.some((k) => matches(k.expression)), change);
    rebuildPolicies(p, table, target, matches, change);
    for (const trigger of table.triggers ?? []) {
      const next = target.triggers?.find((x) => x.name === trigger.name);
      const usesColumn = scope.skipOwn !== undefined && (trigger.columns ?? []).includes(scope.skipOwn);
      if (!next || !(matches(trigger.when) || usesColumn) || !fresh(trigger.name)) continue;
      p.emit('drop dependents', `DROP TRIGGER ${quoteIdent(trigger.name)} ON ${p.table(table)};`, change);
      createTrigger(p, target, next, change);
    }
    for (const column of table.columns) {
      const after = target.columns.find((x) => x.name === column.name);
      if (!after || column.name === scope.skipOwn || column.inherited || p.inheritsColumns(table)) continue;
      // A column whose own change sets its expression or default again needs no rebuild.
      const own = p.changes.find((c) => c.objectType === 'column' && c.path === `${qname(target)}.${after.name}`);
      const redone = (...attributes: string[]) => own !== undefined && attributes.some((a) => attributeChanged(own, a));
      if (
        scope.generated &&
        !redone('generated', 'virtual') &&
        column.generated !== undefined &&
        matches(column.generated) &&
        fresh(`${column.name}#generated`)
      ) {
        // A generated column is derived data: drop it and add it back, computed anew.
        p.emit('drop objects', `ALTER TABLE ${p.table(table)} DROP COLUMN ${quoteIdent(column.name)};`, change);
        p.emit('alter tables', `ALTER TABLE ${p.table(target)} ADD COLUMN ${columnSql(after)};`, change);
      } else if (
        scope.defaults &&
        !redone('default', 'type', 'collation', 'identity') &&
        column.default !== undefined &&
        matches(column.default)
      ) {
        p.setDefaultAside({ table, target, column, after }, change);
      }
    }
  }
}
