/** Views and materialized views: replaced in place, or dropped and created again with what they read. */

import type { Change } from '../../../diff/change.js';
import { isDocAttribute, onlyDocs, syntheticChange } from '../../../plan/changes.js';
import { type DependencyNode, topologicalOrder } from '../../../plan/graph.js';
import { objectKey } from '../../../schema/keys.js';
import type { ConstraintDef, ObjectKey, ViewDef } from '../../../schema/model.js';
import { createViewSql } from '../ddl.js';
import { qualify, quoteIdent } from '../quote.js';
import { type PlanState, qname } from './state.js';

export function planView(p: PlanState, c: Change): void {
  const v = (c.after ?? c.before) as ViewDef;
  if (c.action === 'add') {
    p.created.views.push(v);
    p.wholeViews.add(c.path);
    return;
  }
  if (c.action === 'drop') {
    p.viewDrops.set(objectKey('view', v.schema, v.name), c.before as ViewDef);
    return;
  }
  const before = c.before as ViewDef;
  const after = c.after as ViewDef;
  const name = qualify(after.schema, after.name);
  const kind = after.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
  const structural = (c.attributes ?? []).filter(
    (a) => !isDocAttribute(a.attribute) && !(a.attribute === 'columns' && sameViewColumns(before, after)),
  );
  if (structural.length === 0) {
    p.docs(c, `${kind} ${name}`, `TABLE ${name}`, kind);
    for (const column of after.columns) {
      const previous = before.columns.find((x) => x.name === column.name);
      if (previous?.comment !== column.comment)
        p.comment(`COLUMN ${name}.${quoteIdent(column.name)}`, column.comment, c);
    }
    return;
  }
  if (replaceable(before, after)) {
    p.replacedViews.set(objectKey('view', before.schema, before.name), c);
    p.docs(c, `${kind} ${name}`, `TABLE ${name}`, kind);
    return;
  }
  rebuildView(p, before, after);
}

function rebuildView(p: PlanState, before: ViewDef, after: ViewDef): void {
  p.replacedViews.delete(objectKey('view', before.schema, before.name));
  p.viewDrops.set(objectKey('view', before.schema, before.name), before);
  if (!p.created.views.includes(after)) p.created.views.push(after);
  p.wholeViews.add(qname(after));
}

function sameViewColumns(before: ViewDef, after: ViewDef): boolean {
  const shape = (v: ViewDef) => v.columns.map((c) => `${c.name}:${c.type}`).join(',');
  return shape(before) === shape(after);
}

/** CREATE OR REPLACE VIEW keeps the old columns (same names and types) and may only add new ones at the end. */
function replaceable(before: ViewDef, after: ViewDef): boolean {
  if (before.materialized || after.materialized) return false;
  if (
    JSON.stringify(before.options ?? []) !== JSON.stringify(after.options ?? []) ||
    before.checkOption !== after.checkOption
  )
    return false;
  return before.columns.every((c, i) => after.columns[i]?.name === c.name && after.columns[i]?.type === c.type);
}

/**
 * A view that groups by a primary key may select the table's other columns, and then
 * depends on the key itself: views with GROUP BY over a table whose primary key is
 * dropped or replaced go before the key and come back after it.
 */
export function rebuildGroupingViews(p: PlanState): void {
  const tables = new Set<ObjectKey>();
  for (const c of p.changes) {
    const before = c.before as ConstraintDef | undefined;
    if (c.objectType !== 'constraint' || before?.type !== 'primary key' || c.action === 'add' || onlyDocs(c)) continue;
    const table = p.fromTableOf(c.table);
    if (table) tables.add(objectKey('table', table.schema, table.name));
  }
  for (const view of p.from.views) {
    if (!/\bGROUP\s+BY\b/i.test(view.definition) || !(view.dependsOn ?? []).some((k) => tables.has(k))) continue;
    const key = objectKey('view', view.schema, view.name);
    const after = p.to.views.find((v) => qname(v) === qname(view));
    if (p.viewDrops.has(key)) continue;
    p.viewDrops.set(key, view);
    if (after) rebuildView(p, view, after);
  }
}

/** Views reading what is dropped, converted or rebuilt are dropped and created again, transitively. */
export function rebuildDisturbedViews(p: PlanState): void {
  let grew = true;
  while (grew) {
    grew = false;
    for (const view of p.from.views) {
      const key = objectKey('view', view.schema, view.name);
      if (p.viewDrops.has(key) || !p.disturbed(view.dependsOn)) continue;
      const after = p.to.views.find((v) => qname(v) === qname(view));
      p.viewDrops.set(key, view);
      if (after) rebuildView(p, view, after);
      grew = true;
    }
  }
}

/** CREATE OR REPLACE VIEW for the views changed in place that nothing forced to rebuild. */
export function planReplacedViews(p: PlanState): void {
  for (const change of p.replacedViews.values()) {
    p.emit(
      'views',
      createViewSql(change.after as ViewDef).replace(/^CREATE VIEW/, 'CREATE OR REPLACE VIEW'),
      change,
      change.hazards,
    );
  }
}

/** The views to drop, dependents first. */
export function planViewDrops(p: PlanState): void {
  const nodes: DependencyNode[] = [...p.viewDrops.values()].map((v) => ({
    key: objectKey('view', v.schema, v.name),
    rank: 0,
    sortName: qname(v),
    dependsOn: v.dependsOn ?? [],
    statements: [`DROP ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualify(v.schema, v.name)};`],
  }));
  for (const node of topologicalOrder(nodes).reverse()) {
    const change =
      p.changes.find((c) => c.path === node.sortName && c.action === 'drop') ?? syntheticChange('view', node.sortName);
    p.emit('drop dependents', node.statements, change, change.hazards);
  }
}
