import type { RuleDef } from '../../../schema/model-kinds.js';
import {
  type CatalogScope,
  commentJoin,
  ifFewObjects,
  inScope,
  notExtensionMember,
  userNamespace,
} from '../catalog-sql.js';
import { qualify, quoteIdent } from '../quote.js';
import { type KindPlanContext, type Rows, changed, commentsOf, optStr, planDocs, planNewDocs, str } from './context.js';

/** Rewrite rules of user tables and views, other than the `_RETURN` rule that makes a view. */
export const rulesQuery = (few: boolean, scope: CatalogScope | undefined) => `
SELECT n.nspname AS schema, c.relname AS table_name, r.rulename AS name, r.ev_enabled AS enabled,
  pg_get_ruledef(r.oid, true) AS definition, d.description AS comment
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
${commentJoin('d', 'pg_rewrite', 'r.oid')}
WHERE ${inScope(scope, 'relations', 'r.ev_class')}${ifFewObjects(few, 'r.oid')}r.rulename <> '_RETURN' AND ${userNamespace(scope)} AND ${notExtensionMember('pg_class', 'c.oid')}`;

const ENABLED: Record<string, RuleDef['enabled']> = { O: undefined, D: 'DISABLED', R: 'REPLICA', A: 'ALWAYS' };

const ENABLE_SQL: Record<NonNullable<RuleDef['enabled']> | 'ORIGIN', string> = {
  ORIGIN: 'ENABLE RULE',
  DISABLED: 'DISABLE RULE',
  REPLICA: 'ENABLE REPLICA RULE',
  ALWAYS: 'ENABLE ALWAYS RULE',
};

export function readRules(rows: Rows): RuleDef[] {
  return rows.map((r) => ({
    schema: str(r.schema),
    table: str(r.table_name),
    name: str(r.name),
    enabled: ENABLED[str(r.enabled)],
    definition: str(r.definition),
    comment: optStr(r.comment),
  }));
}

const target = (r: RuleDef) => `RULE ${quoteIdent(r.name)} ON ${qualify(r.schema, r.table)}`;

export const ruleComments = (list: readonly RuleDef[]) => commentsOf(list, target);

/** `CREATE RULE` (or `CREATE OR REPLACE RULE`) and its enabled state. */
export function createRuleSql(r: RuleDef, orReplace = false): string[] {
  const create = orReplace ? r.definition.replace(/^CREATE RULE /, 'CREATE OR REPLACE RULE ') : r.definition;
  return [
    create,
    ...(r.enabled ? [`ALTER TABLE ${qualify(r.schema, r.table)} ${ENABLE_SQL[r.enabled]} ${quoteIdent(r.name)};`] : []),
  ];
}

/**
 * A rule added, dropped or changed. A changed definition is replaced in place
 * (`CREATE OR REPLACE RULE`), after the tables and views its actions use exist.
 */
export function planRule(ctx: KindPlanContext): void {
  const { change } = ctx;
  const before = change.before as RuleDef | undefined;
  const after = change.after as RuleDef | undefined;
  // Dropped before anything else goes, as the rule may use other tables that go too.
  if (change.action === 'drop' && before) return ctx.emit('drop dependents', `DROP ${target(before)};`, change.hazards);
  if (!after) return;
  if (change.action === 'add') {
    ctx.emit('rules, statistics and publications', createRuleSql(after), change.hazards);
    return planNewDocs(ctx, target(after));
  }
  if (changed(change, 'definition')) {
    ctx.emit('rules, statistics and publications', createRuleSql(after, true)[0] as string, change.hazards);
  }
  if (changed(change, 'enabled')) {
    ctx.emit(
      'rules, statistics and publications',
      `ALTER TABLE ${qualify(after.schema, after.table)} ${ENABLE_SQL[after.enabled ?? 'ORIGIN']} ${quoteIdent(after.name)};`,
    );
  }
  planDocs(ctx, target(after));
}

/** Rules already dropped and created again around a column's new type, per migration. */
const rebuiltRules = new WeakMap<readonly unknown[], Set<string>>();

/**
 * A column whose type changes: PostgreSQL refuses while a rule uses it, so every rule
 * that names the column's table and the column is dropped before the change and
 * created again (as the target has it) after.
 */
export function planRulesAroundColumnType(
  ctx: KindPlanContext,
  table: { readonly schema: string; readonly name: string },
  column: string,
): void {
  const done = rebuiltRules.get(ctx.changes) ?? new Set<string>();
  rebuiltRules.set(ctx.changes, done);
  const word = new RegExp(
    `(^|[^A-Za-z0-9_$])("?)${column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\2($|[^A-Za-z0-9_$])`,
  );
  const tableName = qualify(table.schema, table.name);
  for (const rule of ctx.from.rules ?? []) {
    const path = `${rule.schema}.${rule.table}.${rule.name}`;
    const onTable = rule.schema === table.schema && rule.table === table.name;
    if (done.has(path) || !(onTable || rule.definition.includes(tableName)) || !word.test(rule.definition)) continue;
    done.add(path);
    // A rule the migration drops is dropped early anyway; one it replaces is replaced too late, so it goes first too.
    if (ctx.changes.some((c) => c.objectType === 'rule' && c.path === path && c.action === 'drop')) continue;
    ctx.emit('drop dependents', `DROP ${target(rule)};`);
    const next = (ctx.to.rules ?? []).find((r) => `${r.schema}.${r.table}.${r.name}` === path);
    if (!next) continue;
    ctx.emit('rules, statistics and publications', createRuleSql(next));
    ctx.emit('comments', ruleComments([next]));
  }
}
