/** Constraints of tables: primary keys, unique, exclusion, check and foreign keys. */

import type { Change } from '../../../diff/change.js';
import { onlyDocs, syntheticChange } from '../../../plan/changes.js';
import type { ConstraintDef, IndexDef } from '../../../schema/model.js';
import { addConstraintSql } from '../ddl.js';
import { addConstraintHazards } from '../hazards.js';
import { quoteIdent } from '../quote.js';
import { type PlanState, type Step, qname } from './state.js';

export function planConstraint(p: PlanState, c: Change): void {
  if (p.wholeTables.has(c.table ?? '')) return;
  const { table, fromTable, before, after } = p.member<ConstraintDef>(c);
  if (c.action === 'rename') {
    const sql = `ALTER TABLE ${p.table(table)} RENAME CONSTRAINT ${quoteIdent((before as ConstraintDef).name)} TO ${quoteIdent((after as ConstraintDef).name)};`;
    return p.emit('renames', sql, c, c.hazards);
  }
  if (c.action === 'alter' && onlyDocs(c)) {
    return p.comment(`CONSTRAINT ${quoteIdent((after as ConstraintDef).name)} ON ${p.table(table)}`, after?.comment, c);
  }
  if (before) dropConstraint(p, fromTable, before, c);
  if (after) addConstraint(p, table, after, c);
}

/** Drops a constraint in the step its kind needs. */
export function dropConstraint(
  p: PlanState,
  table: { schema: string; name: string },
  constraint: ConstraintDef,
  change: Change,
): void {
  // Foreign keys first: a primary key or unique constraint cannot go while one references it.
  // Primary keys after the views, which may group by them.
  const step: Step =
    constraint.type === 'foreign key'
      ? 'drop foreign keys'
      : constraint.type === 'primary key'
        ? 'drop keys'
        : 'drop dependents';
  p.emit(
    step,
    `ALTER TABLE ${p.table(table)} DROP CONSTRAINT ${quoteIdent(constraint.name)};`,
    change,
    change.action === 'drop' ? change.hazards : [],
  );
}

/** Adds a constraint (foreign keys once the keys and indexes they reference exist), with its comment. */
export function addConstraint(
  p: PlanState,
  table: { schema: string; name: string },
  constraint: ConstraintDef,
  change: Change,
): void {
  const step: Step = constraint.type === 'foreign key' ? 'foreign keys' : 'keys';
  p.emit(step, addConstraintSql(table, constraint), change, addConstraintHazards(constraint));
  if (constraint.comment !== undefined)
    p.comment(`CONSTRAINT ${quoteIdent(constraint.name)} ON ${p.table(table)}`, constraint.comment, change);
}

/** Foreign keys whose referenced primary key or unique constraint (or index) is dropped and created again. */
export function rebuildForeignKeys(p: PlanState): void {
  const rebuiltKeys = new Set<string>();
  for (const c of p.changes) {
    if (c.action === 'add' || c.action === 'rename' || onlyDocs(c)) continue;
    const before = c.before as (ConstraintDef & IndexDef) | undefined;
    const key = c.objectType === 'constraint' && (before?.type === 'primary key' || before?.type === 'unique');
    if ((key || (c.objectType === 'index' && before?.unique)) && c.table)
      rebuiltKeys.add(qname(p.fromTableOf(c.table) ?? { schema: '', name: '' }));
  }
  for (const name of p.wholeTables) if (p.fromTable(name)) rebuiltKeys.add(name);
  if (rebuiltKeys.size === 0) return;
  for (const table of p.from.tables) {
    const target = p.toTable(qname(table));
    if (!target || p.wholeTables.has(qname(target))) continue;
    for (const fk of table.constraints ?? []) {
      if (fk.type !== 'foreign key' || !rebuiltKeys.has(`${fk.references.schema}.${fk.references.table}`)) continue;
      const path = `${qname(target)}.${fk.name}`;
      const next = target.constraints?.find((x) => x.name === fk.name);
      if (!next || p.changes.some((c) => c.objectType === 'constraint' && c.path === path)) continue;
      const change = syntheticChange('constraint', path, qname(target));
      dropConstraint(p, table, fk, change);
      addConstraint(p, target, next, change);
    }
  }
}
