/** Row-level security policies. */

import type { Change } from '../../../diff/change.js';
import { attributeChanged, onlyDocs } from '../../../plan/changes.js';
import type { PolicyDef, TableDef } from '../../../schema/model.js';
import { createPolicySql } from '../ddl.js';
import { quoteIdent } from '../quote.js';
import type { PlanState } from './state.js';

export function planPolicy(p: PlanState, c: Change): void {
  if (p.wholeTables.has(c.table ?? '')) return;
  const { table, fromTable, before, after } = p.member<PolicyDef>(c);
  const target = (policy: PolicyDef, on: { schema: string; name: string }) =>
    `POLICY ${quoteIdent(policy.name)} ON ${p.table(on)}`;
  if (c.action === 'alter' && before && after) {
    if (onlyDocs(c)) return p.comment(target(after, table), after.comment, c);
    const alterable =
      before.command === after.command &&
      before.restrictive === after.restrictive &&
      (after.using !== undefined || before.using === undefined) &&
      (after.withCheck !== undefined || before.withCheck === undefined);
    if (alterable) {
      const roles = after.roles.map((r) => (r === 'PUBLIC' ? 'PUBLIC' : quoteIdent(r))).join(', ');
      let sql = `ALTER ${target(after, table)} TO ${roles}`;
      if (after.using !== undefined) sql += ` USING (${after.using})`;
      if (after.withCheck !== undefined) sql += ` WITH CHECK (${after.withCheck})`;
      p.emit('row-level security', `${sql};`, c);
      if (attributeChanged(c, 'comment')) p.comment(target(after, table), after.comment, c);
      return;
    }
  }
  if (before) p.emit('drop dependents', `DROP ${target(before, fromTable)};`, c);
  if (after) {
    p.emit('row-level security', createPolicySql(table, after), c);
    if (after.comment !== undefined) p.comment(target(after, table), after.comment, c);
  }
}

/** Drops a table's policies whose expressions match before the change and creates them again after it. */
export function rebuildPolicies(
  p: PlanState,
  table: TableDef,
  target: TableDef,
  matches: (text: string | undefined) => boolean,
  change: Change,
): void {
  for (const policy of table.policies ?? []) {
    const next = target.policies?.find((x) => x.name === policy.name);
    if (!next || !(matches(policy.using) || matches(policy.withCheck)) || !p.claimMember(target, policy.name)) continue;
    p.emit('drop dependents', `DROP POLICY ${quoteIdent(policy.name)} ON ${p.table(table)};`, change);
    p.emit('row-level security', createPolicySql(target, next), change);
  }
}
