/** Triggers of tables and views, and event triggers. */

import type { Change } from '../../../diff/change.js';
import { attributeChanged, syntheticChange } from '../../../plan/changes.js';
import type { EventTriggerDef, TriggerDef } from '../../../schema/model.js';
import { EVENT_TRIGGER_ENABLE, TRIGGER_ENABLE, createTriggerSql } from '../ddl.js';
import { quoteIdent } from '../quote.js';
import { type PlanState, qname } from './state.js';

export function planTrigger(p: PlanState, c: Change): void {
  if (p.wholeTables.has(c.table ?? '') || p.wholeViews.has(c.table ?? '')) return;
  const { table, fromTable, before, after } = p.member<TriggerDef>(c);
  const target = (t: TriggerDef, on: { schema: string; name: string }) =>
    `TRIGGER ${quoteIdent(t.name)} ON ${p.table(on)}`;
  if (
    c.action === 'alter' &&
    (c.attributes ?? []).every((a) => a.attribute === 'enabled' || a.attribute === 'comment')
  ) {
    const a = after as TriggerDef;
    if (attributeChanged(c, 'enabled')) {
      p.emit(
        'triggers',
        `ALTER TABLE ${p.table(table)} ${a.enabled ? TRIGGER_ENABLE[a.enabled] : 'ENABLE TRIGGER'} ${quoteIdent(a.name)};`,
        c,
      );
    }
    if (attributeChanged(c, 'comment')) p.comment(target(a, table), a.comment, c);
    return;
  }
  if (before) p.emit('drop dependents', `DROP ${target(before, fromTable)};`, c);
  if (after) createTrigger(p, table, after, c);
}

/** Creates a trigger on a table or view, with its comment. */
export function createTrigger(
  p: PlanState,
  table: { schema: string; name: string },
  trigger: TriggerDef,
  change: Change,
): void {
  p.emit('triggers', createTriggerSql(table.schema, table.name, trigger), change);
  if (trigger.comment !== undefined)
    p.comment(`TRIGGER ${quoteIdent(trigger.name)} ON ${p.table(table)}`, trigger.comment, change);
}

/** Triggers whose function is dropped and created again go before it and come back after it. */
export function rebuildTriggersOfFunctions(p: PlanState): void {
  for (const table of p.to.tables) {
    const fromTable = p.fromTable(qname(table));
    if (!fromTable || p.wholeTables.has(qname(table))) continue;
    for (const trigger of table.triggers ?? []) {
      const previous = fromTable.triggers?.find((t) => t.name === trigger.name);
      if (
        !previous ||
        p.changes.some((c) => c.objectType === 'trigger' && c.path === `${qname(table)}.${trigger.name}`)
      )
        continue;
      const rebuilt = [...p.rebuiltFunctions].some((key) => key.startsWith(`function:${previous.function}(`));
      if (!rebuilt) continue;
      const change = syntheticChange('trigger', `${qname(table)}.${trigger.name}`, qname(table));
      p.emit('drop dependents', `DROP TRIGGER ${quoteIdent(previous.name)} ON ${p.table(fromTable)};`, change);
      createTrigger(p, table, trigger, change);
    }
  }
}

export function planEventTrigger(p: PlanState, c: Change): void {
  const e = (c.after ?? c.before) as EventTriggerDef;
  const name = quoteIdent(e.name);
  if (c.action === 'add') return void p.created.eventTriggers.push(e);
  if (c.action === 'drop') return p.emit('drop dependents', `DROP EVENT TRIGGER ${name};`, c);
  if ((c.attributes ?? []).every((a) => a.attribute === 'enabled' || a.attribute === 'comment')) {
    if (attributeChanged(c, 'enabled'))
      p.emit(
        'event triggers',
        `ALTER EVENT TRIGGER ${name} ${e.enabled ? EVENT_TRIGGER_ENABLE[e.enabled] : 'ENABLE'};`,
        c,
      );
    if (attributeChanged(c, 'comment')) p.comment(`EVENT TRIGGER ${name}`, e.comment, c);
    return;
  }
  p.emit('drop dependents', `DROP EVENT TRIGGER ${name};`, c);
  p.created.eventTriggers.push(e);
}
