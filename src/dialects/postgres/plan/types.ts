/** Enums, domains and composite types, and types replaced rather than altered. */

import type { Change } from '../../../diff/change.js';
import { attributeChanged, syntheticChange } from '../../../plan/changes.js';
import { type DependencyNode, topologicalOrder } from '../../../plan/graph.js';
import { objectKey } from '../../../schema/keys.js';
import type { CompositeTypeDef, DomainDef, EnumDef, ObjectKey } from '../../../schema/model.js';
import { emptySchema } from '../../../schema/model.js';
import { addDomainCheckSql, schemaPhases } from '../ddl.js';
import { enumOnlyAddsValues } from '../hazards.js';
import { qualify, quoteIdent, quoteLiteral } from '../quote.js';
import { type PlanState, qname } from './state.js';
import { rebuildUsers } from './users.js';

export function planEnum(p: PlanState, c: Change): void {
  const e = (c.after ?? c.before) as EnumDef;
  const name = qualify(e.schema, e.name);
  if (c.action === 'add') return void p.created.enums.push(e);
  if (c.action === 'drop') return p.dropLast(`DROP TYPE ${name};`, c, objectKey('type', e.schema, e.name));
  p.docs(c, `TYPE ${name}`, undefined, 'TYPE');
  if (!attributeChanged(c, 'values')) return;
  const before = c.before as EnumDef;
  const after = c.after as EnumDef;
  if (enumOnlyAddsValues(before, after)) {
    // New values, each placed next to its neighbour; ADD VALUE cannot share a transaction with their use.
    const present = new Set(before.values);
    after.values.forEach((value, i) => {
      if (present.has(value)) return;
      const next = after.values.slice(i + 1).find((v) => present.has(v));
      const position = next !== undefined ? ` BEFORE ${quoteLiteral(next)}` : '';
      p.steps.push(
        'alter types',
        p.statement(`ALTER TYPE ${name} ADD VALUE ${quoteLiteral(value)}${position};`, c, ['not-transactional'], false),
      );
      present.add(value);
    });
    return;
  }
  // Values removed or reordered: the type is replaced (planTypeReplacements).
}

export function planDomain(p: PlanState, c: Change): void {
  const d = (c.after ?? c.before) as DomainDef;
  const name = qualify(d.schema, d.name);
  if (c.action === 'add') return void p.created.domains.push(d);
  if (c.action === 'drop')
    return p.dropLast(`DROP DOMAIN ${name};`, c, objectKey('type', d.schema, d.name), d.dependsOn);
  // A new base type or collation: the domain is replaced (planTypeReplacements).
  if (p.replacedTypes.has(objectKey('type', d.schema, d.name))) return;
  p.docs(c, `DOMAIN ${name}`, undefined, 'DOMAIN');
  const before = c.before as DomainDef;
  const after = c.after as DomainDef;
  if (attributeChanged(c, 'default')) {
    p.emit(
      'alter types',
      after.default === undefined
        ? `ALTER DOMAIN ${name} DROP DEFAULT;`
        : `ALTER DOMAIN ${name} SET DEFAULT ${after.default};`,
      c,
    );
  }
  if (attributeChanged(c, 'notNull'))
    p.emit('alter types', `ALTER DOMAIN ${name} ${after.notNull ? 'SET' : 'DROP'} NOT NULL;`, c, c.hazards);
  if (attributeChanged(c, 'checks')) {
    const key = (x: NonNullable<DomainDef['checks']>[number]) => `${x.expression}|${x.notValid === true}`;
    const afterChecks = new Map((after.checks ?? []).map((x) => [x.name, x]));
    const beforeChecks = new Map((before.checks ?? []).map((x) => [x.name, x]));
    // Old checks go early, new ones come once the functions they may call exist.
    for (const [checkName, check] of beforeChecks) {
      const next = afterChecks.get(checkName);
      if (!next || key(next) !== key(check))
        p.emit('drop dependents', `ALTER DOMAIN ${name} DROP CONSTRAINT ${quoteIdent(checkName)};`, c);
    }
    for (const [checkName, check] of afterChecks) {
      const previous = beforeChecks.get(checkName);
      if (!previous || key(previous) !== key(check))
        p.emit('alter tables', addDomainCheckSql(after, check), c, c.hazards);
      if (previous?.comment !== check.comment)
        p.comment(`CONSTRAINT ${quoteIdent(checkName)} ON DOMAIN ${name}`, check.comment, c);
    }
  }
}

export function planCompositeType(p: PlanState, c: Change): void {
  const t = (c.after ?? c.before) as CompositeTypeDef;
  const name = qualify(t.schema, t.name);
  if (c.action === 'add') return void p.created.compositeTypes.push(t);
  if (c.action === 'drop') return p.dropLast(`DROP TYPE ${name};`, c, objectKey('type', t.schema, t.name), t.dependsOn);
  // Attribute types changed while columns use the type: it is replaced (planTypeReplacements).
  if (p.replacedTypes.has(objectKey('type', t.schema, t.name))) return;
  p.docs(c, `TYPE ${name}`, undefined, 'TYPE');
  if (!attributeChanged(c, 'attributes')) return;
  const before = new Map((c.before as CompositeTypeDef).attributes.map((a) => [a.name, a]));
  const after = (c.after as CompositeTypeDef).attributes;
  const actions: string[] = [];
  for (const [attr] of before)
    if (!after.some((a) => a.name === attr)) actions.push(`DROP ATTRIBUTE ${quoteIdent(attr)}`);
  for (const a of after) {
    const previous = before.get(a.name);
    const collate = a.collation ? ` COLLATE ${a.collation}` : '';
    if (!previous) actions.push(`ADD ATTRIBUTE ${quoteIdent(a.name)} ${a.type}${collate}`);
    else if (previous.type !== a.type || previous.collation !== a.collation)
      actions.push(`ALTER ATTRIBUTE ${quoteIdent(a.name)} TYPE ${a.type}${collate}`);
    if (previous?.comment !== a.comment) p.comment(`COLUMN ${name}.${quoteIdent(a.name)}`, a.comment, c);
  }
  if (actions.length > 0) p.emit('alter types', `ALTER TYPE ${name} ${actions.join(', ')};`, c, c.hazards);
}

/**
 * Replaces types in one move: every column using one goes to text (composites to
 * jsonb, which keeps attributes by name), the old types are dropped, the new ones
 * created, and the columns converted to them; what names the types in an expression is
 * rebuilt around it.
 */
export function planTypeReplacements(p: PlanState): void {
  if (p.replacedTypes.size === 0) return;
  const names = p.replacedTypeNames();
  const change: Change = {
    ...syntheticChange('enum', names.join(', ')),
    hazards: ['may-fail', 'backward-incompatible'],
  };
  const composites = new Set(p.from.compositeTypes.map((t) => qualify(t.schema, t.name)));
  const columns = p.columnsOfTypes(names);
  for (const { table, target, column, after } of columns) {
    const col = quoteIdent(column.name);
    const arrays = /(\[\])*$/.exec(column.type)?.[0] ?? '';
    const composite = composites.has(column.type.replace(/(\[\])+$/, '')) && arrays === '';
    p.setDefaultAside({ table, target, column, after }, change);
    const staging = composite ? `jsonb USING to_jsonb(${col})` : `text${arrays} USING ${col}::text${arrays}`;
    p.emit(
      'alter types',
      `ALTER TABLE ${p.table(target)} ALTER COLUMN ${col} TYPE ${staging};`,
      change,
      change.hazards,
    );
  }
  const key = (t: { schema: string; name: string }) => objectKey('type', t.schema, t.name);
  const replaced = (t: { schema: string; name: string }) => p.replacedTypes.has(key(t));
  const dropNodes: DependencyNode[] = [...p.from.enums, ...p.from.domains, ...p.from.compositeTypes]
    .filter(replaced)
    .map((t) => ({
      key: key(t),
      rank: 0,
      sortName: qname(t),
      dependsOn: (t as { dependsOn?: readonly ObjectKey[] }).dependsOn ?? [],
      statements: [`DROP ${p.from.domains.includes(t as DomainDef) ? 'DOMAIN' : 'TYPE'} ${qualify(t.schema, t.name)};`],
    }));
  for (const node of topologicalOrder(dropNodes).reverse()) p.emit('alter types', node.statements, change);
  const created = schemaPhases({
    ...emptySchema(),
    enums: p.to.enums.filter(replaced),
    domains: p.to.domains.filter(replaced),
    compositeTypes: p.to.compositeTypes.filter(replaced),
  });
  p.emit(
    'alter types',
    [...created['Types, sequences, functions, tables and views'], ...created.Comments, ...created.Owners],
    change,
  );
  for (const { target, column, after } of columns) {
    const col = quoteIdent(column.name);
    const arrays = /(\[\])*$/.exec(column.type)?.[0] ?? '';
    const composite = composites.has(column.type.replace(/(\[\])+$/, '')) && arrays === '';
    const using = composite
      ? `CASE WHEN ${col} IS NULL THEN NULL ELSE jsonb_populate_record(NULL::${after.type}, ${col}) END`
      : `${col}::${after.type}`;
    p.emit(
      'alter types',
      `ALTER TABLE ${p.table(target)} ALTER COLUMN ${col} TYPE ${after.type} USING ${using};`,
      change,
    );
  }
  const mentions = (text: string | undefined) => text !== undefined && names.some((n) => text.includes(n));
  rebuildUsers(p, mentions, change, { defaults: true, generated: true });
}
