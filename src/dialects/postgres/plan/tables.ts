/** Tables: created, dropped, renamed, altered, or rebuilt whole. */

import type { Change } from '../../../diff/change.js';
import { attributeChanged, syntheticChange } from '../../../plan/changes.js';
import { objectKey } from '../../../schema/keys.js';
import type { Schema, TableDef } from '../../../schema/model.js';
import { addConstraintSql } from '../ddl.js';
import { keepRowsSql } from '../inheritance.js';
import { planRebuiltTableKinds, planTableStorage } from '../kinds/index.js';
import { dollarQuote, qualify, quoteIdent, quoteLiteral } from '../quote.js';
import type { PlanState } from './state.js';

export function planTable(p: PlanState, c: Change): void {
  if (c.action === 'add') return void p.created.tables.push(c.after as TableDef);
  if (c.action === 'drop') return dropTable(p, c, c.before as TableDef);
  if (c.action === 'rename') {
    const before = c.before as TableDef;
    const after = c.after as TableDef;
    let current = p.table(before);
    if (before.schema !== after.schema) {
      p.emit('renames', `ALTER TABLE ${current} SET SCHEMA ${quoteIdent(after.schema)};`, c, c.hazards);
      current = qualify(after.schema, before.name);
    }
    if (before.name !== after.name)
      p.emit('renames', `ALTER TABLE ${current} RENAME TO ${quoteIdent(after.name)};`, c, c.hazards);
    return;
  }
  const before = c.before as TableDef;
  const after = c.after as TableDef;
  const name = p.table(after);
  // Rebuilt whole (planRebuiltTables): nothing to alter.
  if (p.wholeTables.has(c.path)) return;
  p.docs(c, `TABLE ${name}`, `TABLE ${name}`, 'TABLE');
  planTableStorage(p.kindContext(c), after);
  if (attributeChanged(c, 'unlogged'))
    p.emit('alter tables', `ALTER TABLE ${name} SET ${after.unlogged ? 'UNLOGGED' : 'LOGGED'};`, c, c.hazards);
  if (attributeChanged(c, 'options')) {
    const keyOf = (o: string) => o.split('=')[0] ?? o;
    const removed = (before.options ?? []).map(keyOf).filter((k) => !(after.options ?? []).some((o) => keyOf(o) === k));
    if (removed.length > 0) p.emit('alter tables', `ALTER TABLE ${name} RESET (${removed.join(', ')});`, c);
    if (after.options) p.emit('alter tables', `ALTER TABLE ${name} SET (${after.options.join(', ')});`, c);
  }
  if (attributeChanged(c, 'rowLevelSecurity')) {
    p.emit(
      'row-level security',
      `ALTER TABLE ${name} ${after.rowLevelSecurity ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY;`,
      c,
      c.hazards,
    );
  }
  if (attributeChanged(c, 'forceRowLevelSecurity')) {
    p.emit(
      'row-level security',
      `ALTER TABLE ${name} ${after.forceRowLevelSecurity ? '' : 'NO '}FORCE ROW LEVEL SECURITY;`,
      c,
    );
  }
  if (attributeChanged(c, 'partitionOf')) {
    if (before.partitionOf) p.emit('drop dependents', detachSql(p, before), c);
    if (after.partitionOf) {
      const parent = after.partitionOf;
      p.emit(
        'alter tables',
        `ALTER TABLE ${qualify(parent.schema, parent.table)} ATTACH PARTITION ${name} ${parent.bound};`,
        c,
        c.hazards,
      );
    }
  }
  if (attributeChanged(c, 'inherits')) planInheritance(p, c, name, before, after);
  if (attributeChanged(c, 'columnOrder')) {
    p.emit(
      'comments',
      `-- column order of ${name} differs; PostgreSQL cannot reorder columns without rebuilding the table`,
      c,
    );
  }
}

/** NO INHERIT and INHERIT for the parents a table leaves and joins, with the checks that go with them. */
function planInheritance(p: PlanState, c: Change, name: string, before: TableDef, after: TableDef): void {
  const key = (parent: { schema: string; table: string }) => qualify(parent.schema, parent.table);
  const old = new Set((before.inherits ?? []).map(key));
  const next = new Set((after.inherits ?? []).map(key));
  const checksOf = (schema: Schema, parent: string) =>
    (schema.tables.find((t) => p.table(t) === parent)?.constraints ?? []).filter(
      (x) => x.type === 'check' && !x.noInherit,
    );
  const has = (t: TableDef, constraint: string) => (t.constraints ?? []).some((x) => x.name === constraint);
  for (const parent of old) {
    if (next.has(parent)) continue;
    p.emit('alter tables', `ALTER TABLE ${name} NO INHERIT ${parent};`, c);
    // The parent's checks stay behind as the table's own; the target may not have them.
    for (const check of checksOf(p.from, parent)) {
      if (!has(after, check.name))
        p.emit('alter tables', `ALTER TABLE ${name} DROP CONSTRAINT ${quoteIdent(check.name)};`, c);
    }
  }
  for (const parent of next) {
    if (old.has(parent)) continue;
    // INHERIT requires the child to have the parent's checks already.
    for (const check of checksOf(p.to, parent)) {
      if (!has(before, check.name)) p.emit('alter tables', addConstraintSql(after, check), c);
    }
    p.emit('alter tables', `ALTER TABLE ${name} INHERIT ${parent};`, c);
  }
}

/**
 * DETACH PARTITION leaves behind, as the table's own, the constraints, indexes and
 * triggers it had from its parent. They are dropped so that the table ends up with
 * exactly the objects the target schema gives it.
 */
function detachSql(p: PlanState, t: TableDef): string {
  const parent = t.partitionOf as NonNullable<TableDef['partitionOf']>;
  const table = p.table(t);
  const body = `
DECLARE
  table_oid oid := ${quoteLiteral(table)}::regclass;
  inherited_constraints text[];
  inherited_indexes text[];
  inherited_triggers text[];
  item text;
BEGIN
  SELECT coalesce(array_agg(conname), '{}') INTO inherited_constraints FROM pg_catalog.pg_constraint
    WHERE conrelid = table_oid AND contype <> 'n' AND (conparentid <> 0 OR coninhcount > 0);
  SELECT coalesce(array_agg(c.relname), '{}') INTO inherited_indexes FROM pg_catalog.pg_index x
    JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid JOIN pg_catalog.pg_inherits i ON i.inhrelid = x.indexrelid
    WHERE x.indrelid = table_oid AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid);
  SELECT coalesce(array_agg(tgname), '{}') INTO inherited_triggers FROM pg_catalog.pg_trigger
    WHERE tgrelid = table_oid AND tgparentid <> 0;
  ALTER TABLE ${qualify(parent.schema, parent.table)} DETACH PARTITION ${table};
  FOREACH item IN ARRAY inherited_constraints LOOP
    EXECUTE format('ALTER TABLE ${table.replaceAll("'", "''")} DROP CONSTRAINT IF EXISTS %I', item);
  END LOOP;
  FOREACH item IN ARRAY inherited_indexes LOOP
    EXECUTE format('DROP INDEX IF EXISTS ${quoteIdent(t.schema).replaceAll("'", "''")}.%I', item);
  END LOOP;
  FOREACH item IN ARRAY inherited_triggers LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON ${table.replaceAll("'", "''")}', item);
  END LOOP;
END`;
  return `DO ${dollarQuote(body, 'detach')};`;
}

function dropTable(p: PlanState, c: Change, t: TableDef): void {
  // Foreign keys between tables that all go are dropped first, or a cycle could not be dropped.
  const going = (schema: string, table: string) =>
    p.wholeTables.has(`${schema}.${table}`) ||
    p.changes.some((x) => x.action === 'drop' && x.objectType === 'table' && x.path === `${schema}.${table}`);
  for (const fk of t.constraints ?? []) {
    if (fk.type !== 'foreign key' || !going(fk.references.schema, fk.references.table)) continue;
    if (fk.references.schema === t.schema && fk.references.table === t.name) continue;
    p.emit('drop foreign keys', `ALTER TABLE ${p.table(t)} DROP CONSTRAINT ${quoteIdent(fk.name)};`, c);
  }
  const parent = t.partitionOf ? [objectKey('table', t.partitionOf.schema, t.partitionOf.table)] : [];
  const parents = [...parent, ...(t.inherits ?? []).map((x) => objectKey('table', x.schema, x.table))];
  // A child depends on its parent: it is dropped first (the reverse order of creation).
  p.dropLast(`DROP TABLE ${p.table(t)};`, c, objectKey('table', t.schema, t.name), [
    ...parents,
    ...(t.dependsOn ?? []),
  ]);
}

/** Tables dropped and created again whole (see analysis), and children attached to their parents again. */
export function planRebuiltTables(p: PlanState): void {
  for (const name of p.wholeTables) {
    const before = p.fromTable(name);
    const after = p.toTable(name);
    if (!before || !after) continue;
    const kept = p.keptRows.has(name);
    const change: Change = {
      ...syntheticChange('table', name, name),
      severity: 'breaking',
      hazards: [kept ? 'table-rewrite' : 'data-loss', 'backward-incompatible'],
    };
    if (kept) {
      const { save, restore } = keepRowsSql(before, after);
      p.emit('drop dependents', save, change);
      p.emit('alter tables', restore, change);
    }
    dropTable(p, change, before);
    p.created.tables.push(after);
    planRebuiltTableKinds(p.kindContext(change), after);
  }
  for (const name of p.reattachedTables) {
    const before = p.fromTable(name) as TableDef;
    const after = p.toTable(name) as TableDef;
    const change = syntheticChange('table', name, name);
    for (const parent of after.inherits ?? []) {
      const qualified = qualify(parent.schema, parent.table);
      if (!(before.inherits ?? []).some((x) => qualify(x.schema, x.table) === qualified)) continue;
      p.emit(
        'alter tables',
        [
          `ALTER TABLE ${p.table(after)} NO INHERIT ${qualified};`,
          `ALTER TABLE ${p.table(after)} INHERIT ${qualified};`,
        ],
        change,
      );
    }
  }
}
