/** Schemas, extensions and collations. */

import type { Change } from '../../../diff/change.js';
import { attributeChanged, onlyDocs, syntheticChange } from '../../../plan/changes.js';
import { objectKey } from '../../../schema/keys.js';
import type { CollationDef, Schema } from '../../../schema/model.js';
import { createCollationSql, createExtensionSql } from '../ddl.js';
import { qualify, quoteIdent, quoteLiteral } from '../quote.js';
import { rebuildIndexes } from './indexes.js';
import { type PlanState, mentionsIdentifier, qname } from './state.js';

export function planSchema(p: PlanState, c: Change): void {
  const s = (c.after ?? c.before) as { name: string };
  const name = quoteIdent(s.name);
  if (c.action === 'add') p.created.schemas.push(c.after as Schema['schemas'][number]);
  else if (c.action === 'drop') p.dropLast(`DROP SCHEMA ${name};`, c, objectKey('type', s.name, '\u0000schema'));
  else p.docs(c, `SCHEMA ${name}`, `SCHEMA ${name}`, 'SCHEMA');
}

export function planExtension(p: PlanState, c: Change): void {
  const x = (c.after ?? c.before) as Schema['extensions'][number];
  if (c.action === 'add') p.created.extensions.push(x);
  else if (c.action === 'drop') p.dropLast(`DROP EXTENSION ${quoteIdent(x.name)};`, c, `extension:${x.name}`);
  else if (p.downgradedExtensions.has(c)) {
    p.emit('create early', [`DROP EXTENSION ${quoteIdent(x.name)};`, createExtensionSql(x)], c, c.hazards);
    p.docs(c, `EXTENSION ${quoteIdent(x.name)}`, undefined, undefined);
  } else {
    if (attributeChanged(c, 'schema'))
      p.emit('create early', `ALTER EXTENSION ${quoteIdent(x.name)} SET SCHEMA ${quoteIdent(x.schema)};`, c);
    if (attributeChanged(c, 'version'))
      p.emit('create early', `ALTER EXTENSION ${quoteIdent(x.name)} UPDATE TO ${quoteLiteral(x.version)};`, c);
    p.docs(c, `EXTENSION ${quoteIdent(x.name)}`, undefined, undefined);
  }
}

/**
 * Columns of a downgraded extension's types go to text before the extension is dropped
 * and come back once it is created again; their defaults and indexes go and come back
 * around it (an index may use the extension's operator classes).
 */
export function planExtensionDowngrades(p: PlanState): void {
  for (const [change, uses] of p.downgradedExtensions) {
    for (const { table, target, column, after } of uses) {
      const col = quoteIdent(column.name);
      const arrays = /(\[\])*$/.exec(column.type)?.[0] ?? '';
      p.setDefaultAside({ table, target, column, after }, change);
      const mentions = (e: string | undefined) => mentionsIdentifier(e, column.name);
      rebuildIndexes(
        p,
        table,
        target,
        (i) => mentions(i.where) || i.keys.some((k) => k.column === column.name || mentions(k.expression)),
        change,
      );
      const alter = `ALTER TABLE ${p.table(target)} ALTER COLUMN ${col} TYPE`;
      const moved = syntheticChange('column', `${qname(target)}.${after.name}`, qname(target));
      p.emit('drop objects', `${alter} text${arrays} USING ${col}::text${arrays};`, moved, ['table-rewrite']);
      p.emit('alter types', `${alter} ${after.type} USING ${col}::${after.type};`, moved, ['table-rewrite']);
    }
  }
}

export function planCollation(p: PlanState, c: Change): void {
  const x = (c.after ?? c.before) as Schema['collations'][number];
  const name = qualify(x.schema, x.name);
  if (c.action === 'add') p.created.collations.push(x);
  else if (c.action === 'drop') p.dropLast(`DROP COLLATION ${name};`, c, `collation:${name}`);
  else {
    p.docs(c, `COLLATION ${name}`, undefined, undefined);
    if (!onlyDocs(c)) replaceCollation(p, c, c.before as CollationDef, c.after as CollationDef);
  }
}

/**
 * A collation is redefined by replacing it: the old one set aside under another name,
 * the new one created, the columns that use it moved over, the old one dropped last.
 */
function replaceCollation(p: PlanState, change: Change, before: CollationDef, after: CollationDef): void {
  const name = qualify(after.schema, after.name);
  const aside = `${before.name}__schemaguard_old`;
  p.emit(
    'drop dependents',
    `ALTER COLLATION ${qualify(before.schema, before.name)} RENAME TO ${quoteIdent(aside)};`,
    change,
  );
  p.emit('create early', createCollationSql(after), change);
  for (const table of p.from.tables) {
    const target = p.toTable(qname(table));
    if (!target || p.wholeTables.has(qname(target)) || p.inheritsColumns(table)) continue;
    for (const column of table.columns) {
      const next = target.columns.find((x) => x.name === column.name);
      if (column.collation !== name || !next || column.inherited) continue;
      p.emit(
        'alter tables',
        `ALTER TABLE ${p.table(target)} ALTER COLUMN ${quoteIdent(next.name)} TYPE ${next.type}${next.collation ? ` COLLATE ${next.collation}` : ''};`,
        change,
        ['long-lock'],
      );
    }
  }
  p.emit('drop last', `DROP COLLATION ${qualify(before.schema, aside)};`, change);
}
