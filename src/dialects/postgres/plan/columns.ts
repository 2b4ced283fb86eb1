/** Columns of tables. */

import type { Change, Hazard } from '../../../diff/change.js';
import { attributeChanged, syntheticChange } from '../../../plan/changes.js';
import type { ColumnDef, Schema, TableDef } from '../../../schema/model.js';
import { columnSql, sequenceOptionsSql } from '../ddl.js';
import { addColumnHazards, typeChangeEffect } from '../hazards.js';
import { planColumnStorage, planRulesAroundColumnType } from '../kinds/index.js';
import { qualify, quoteIdent } from '../quote.js';
import { rebuildPolicies } from './policies.js';
import { mustRestart } from './sequences.js';
import { type PlanState, mentionsIdentifier, qname } from './state.js';
import { rebuildUsers } from './users.js';

export function planColumn(p: PlanState, c: Change): void {
  if (p.wholeTables.has(c.table ?? '')) return;
  const table = p.toTable(c.table) ?? (p.fromTableOf(c.table) as TableDef);
  const fromTable = p.fromTableOf(c.table);
  const name = p.table(table);
  const before = c.before as ColumnDef | undefined;
  const after = c.after as ColumnDef | undefined;
  // A partition's (or child's) inherited columns change with the parent's.
  const inherited = p.inheritsColumns(table) || (after?.inherited ?? before?.inherited ?? false);
  if (c.action === 'add') {
    if (!inherited)
      p.emit(
        'alter tables',
        `ALTER TABLE ${name} ADD COLUMN ${columnSql(after as ColumnDef)};`,
        c,
        addColumnHazards(after as ColumnDef),
      );
    if (after?.comment !== undefined) p.comment(`COLUMN ${name}.${quoteIdent(after.name)}`, after.comment, c);
    if (after?.grants) p.grants(`TABLE ${name}`, [], after.grants, c, after.name);
    if (!inherited) planColumnStorage(p.kindContext(c), table, undefined, after as ColumnDef);
    return;
  }
  if (c.action === 'drop') {
    if (!inherited)
      p.emit(
        'drop objects',
        `ALTER TABLE ${p.table(fromTable as TableDef)} DROP COLUMN ${quoteIdent((before as ColumnDef).name)};`,
        c,
        c.hazards,
      );
    return;
  }
  if (c.action === 'rename') {
    if (!inherited)
      p.emit(
        'renames',
        `ALTER TABLE ${name} RENAME COLUMN ${quoteIdent((before as ColumnDef).name)} TO ${quoteIdent((after as ColumnDef).name)};`,
        c,
        c.hazards,
      );
    return;
  }
  alterColumn(p, c, table, before as ColumnDef, after as ColumnDef, inherited);
}

function alterColumn(
  p: PlanState,
  c: Change,
  table: TableDef,
  before: ColumnDef,
  after: ColumnDef,
  inherited: boolean,
): void {
  const name = p.table(table);
  const col = quoteIdent(after.name);
  const fromName = () => p.table(p.fromTableOf(c.table) as TableDef);
  const alter = (sql: string, hazards: readonly Hazard[] = []) =>
    p.emit('alter tables', `ALTER TABLE ${name} ALTER COLUMN ${col} ${sql};`, c, hazards);
  if (attributeChanged(c, 'comment')) p.comment(`COLUMN ${name}.${col}`, after.comment, c);
  if (attributeChanged(c, 'grants')) p.grants(`TABLE ${name}`, before.grants ?? [], after.grants ?? [], c, after.name);
  if (
    ['generated', 'virtual'].some((a) => attributeChanged(c, a)) &&
    (before.generated !== undefined || after.generated !== undefined)
  ) {
    if (before.generated !== undefined && after.generated === undefined && !before.virtual) {
      alter('DROP EXPRESSION');
    } else if (!inherited) {
      // A generated column cannot be altered into another: it is dropped and added again.
      p.emit('drop objects', `ALTER TABLE ${fromName()} DROP COLUMN ${quoteIdent(before.name)};`, c, c.hazards);
      p.emit('alter tables', `ALTER TABLE ${name} ADD COLUMN ${columnSql(after)};`, c);
      return;
    }
  }
  const typeChanged = attributeChanged(c, 'type') || attributeChanged(c, 'collation');
  const identityChanged = attributeChanged(c, 'identity');
  const defaultChanged = attributeChanged(c, 'default');
  const restoreDefault = p.defaultsToRestore.has(`${qname(table)}.${after.name}`);
  // The old default goes first (early): it may use a sequence, function or type that changes.
  if (before.default !== undefined && (defaultChanged || typeChanged || identityChanged || restoreDefault)) {
    p.emit('drop dependents', `ALTER TABLE ${fromName()} ALTER COLUMN ${quoteIdent(before.name)} DROP DEFAULT;`, c);
  }
  if (identityChanged && before.identity && !after.identity) {
    p.emit('drop dependents', `ALTER TABLE ${fromName()} ALTER COLUMN ${quoteIdent(before.name)} DROP IDENTITY;`, c);
  }
  if (typeChanged && !inherited) {
    planRulesAroundColumnType(p.kindContext(c), p.fromTableOf(c.table) as TableDef, before.name);
    const effect = typeChangeEffect(before.type, after.type);
    const hazards: Hazard[] = [
      ...(effect.rewrite ? (['table-rewrite'] as const) : []),
      ...(effect.narrowing ? (['data-loss', 'may-fail'] as const) : []),
    ];
    const collate = after.collation ? ` COLLATE ${after.collation}` : '';
    alter(`TYPE ${after.type}${collate} USING ${conversion(p, col, before.type, after.type)}`, hazards);
  }
  if (attributeChanged(c, 'notNull') && !(inherited && !after.notNull)) {
    alter(after.notNull ? 'SET NOT NULL' : 'DROP NOT NULL', after.notNull ? ['may-fail', 'long-lock'] : []);
  }
  if (identityChanged && after.identity) {
    const seq = after.identity.sequence;
    if (!before.identity) {
      alter(`ADD GENERATED ${after.identity.generation} AS IDENTITY (${sequenceOptionsSql(seq, false)})`);
    } else {
      const generation =
        after.identity.generation !== before.identity.generation ? `SET GENERATED ${after.identity.generation} ` : '';
      const restart = mustRestart(before.identity.sequence, seq) ? ` RESTART WITH ${seq.start}` : '';
      alter(
        `${generation}SET START WITH ${seq.start} SET INCREMENT BY ${seq.increment} SET MINVALUE ${seq.min} SET MAXVALUE ${seq.max} SET CACHE ${seq.cache} SET ${seq.cycle ? '' : 'NO '}CYCLE${restart}`,
        restart ? ['may-fail'] : [],
      );
    }
  }
  if (
    after.default !== undefined &&
    (defaultChanged || typeChanged || identityChanged || p.defaultsToRestore.has(`${qname(table)}.${after.name}`))
  ) {
    alter(`SET DEFAULT ${after.default}`);
    p.defaultsToRestore.delete(`${qname(table)}.${after.name}`);
  }
  if (!inherited) planColumnStorage(p.kindContext(c), table, before, after);
}

/**
 * The USING expression of a column's new type. PostgreSQL has no cast from one enum to
 * another (nor between their arrays): such values go through text.
 */
function conversion(p: PlanState, col: string, before: string, after: string): string {
  const arrays = (type: string) => /(\[\])*$/.exec(type)?.[0] ?? '';
  const isEnum = (schema: Schema, type: string) =>
    schema.enums.some((e) => qualify(e.schema, e.name) === type.slice(0, type.length - arrays(type).length));
  const viaText = isEnum(p.from, before) && isEnum(p.to, after) && arrays(before) === arrays(after);
  return `${col}${viaText ? `::text${arrays(before)}` : ''}::${after}`;
}

/**
 * Columns whose type changes: PostgreSQL refuses while a generated column, a policy or a
 * trigger's condition uses them, so those are rebuilt around the change.
 */
export function planColumnTypeUsers(p: PlanState): void {
  for (const c of p.changes) {
    if (c.objectType !== 'column' || c.action !== 'alter' || !attributeChanged(c, 'type') || !c.table) continue;
    const column = (c.before as ColumnDef).name;
    rebuildUsers(p, (text) => mentionsIdentifier(text, column), c, {
      table: c.table,
      generated: true,
      skipOwn: column,
    });
    // A policy of another table may read the column through a subquery.
    const owner = p.fromTableOf(c.table);
    const readsColumn = (text: string | undefined) =>
      mentionsIdentifier(text, owner?.name ?? '') && mentionsIdentifier(text, column);
    for (const table of p.from.tables) {
      // Most tables have no policy to rebuild: no need to find their new version.
      if (!table.policies?.length) continue;
      const target = p.toTable(qname(table));
      if (table !== owner && target && !p.wholeTables.has(qname(target)))
        rebuildPolicies(p, table, target, readsColumn, c);
    }
  }
}

/** Defaults dropped before a type or function changed, set again after it. */
export function restoreDefaults(p: PlanState): void {
  for (const [key, { table, column }] of p.defaultsToRestore) {
    const change = syntheticChange('column', key, qname(table));
    p.emit(
      'alter tables',
      `ALTER TABLE ${p.table(table)} ALTER COLUMN ${quoteIdent(column.name)} SET DEFAULT ${column.default};`,
      change,
    );
  }
  p.defaultsToRestore.clear();
}
