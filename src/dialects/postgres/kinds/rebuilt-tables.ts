import type { PublicationDef } from '../../../schema/model-kinds.js';
import { quoteIdent } from '../quote.js';
import { type KindPlanContext, changed } from './context.js';
import { entryKey, tableSql } from './publications.js';
import { createRuleSql, ruleComments } from './rules.js';
import { createStatisticsSql, statisticsComments } from './statistics.js';

/**
 * A table the plan drops and creates again whole (a new partition key) loses its
 * rules, statistics and place in publications: they are created again as the target
 * has them, unless a change of their own already does.
 */
export function planRebuiltTableKinds(
  ctx: KindPlanContext,
  table: { readonly schema: string; readonly name: string },
): void {
  const late = 'rules, statistics and publications';
  const on = (schema: string, name: string) => schema === table.schema && name === table.name;
  const own = (objectType: string, path: string) =>
    ctx.changes.find((c) => c.objectType === objectType && c.path === path);
  for (const rule of ctx.to.rules ?? []) {
    if (!on(rule.schema, rule.table) || own('rule', `${rule.schema}.${rule.table}.${rule.name}`)) continue;
    ctx.emit(late, createRuleSql(rule));
    ctx.emit('comments', ruleComments([rule]));
  }
  for (const s of ctx.to.statistics ?? []) {
    if (!on(s.table.schema, s.table.table) || own('statistics', `${s.schema}.${s.name}`)) continue;
    ctx.emit(late, createStatisticsSql(s));
    ctx.emit('comments', statisticsComments([s]));
  }
  for (const p of ctx.to.publications ?? []) {
    const entry = p.tables?.find((t) => on(t.schema, t.table));
    if (!entry) continue;
    const change = own('publication', p.name);
    if (change && (change.action === 'add' || changed(change, 'allTables'))) continue;
    // A changed publication adds the entries it did not have; this one it had.
    const had =
      !change || ((change.before as PublicationDef).tables ?? []).some((t) => entryKey(t) === entryKey(entry));
    if (had) ctx.emit(late, `ALTER PUBLICATION ${quoteIdent(p.name)} ADD ${tableSql(entry)};`);
  }
}
