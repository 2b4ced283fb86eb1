import { attributeChanged, onlyDocs } from '../../../plan/changes.js';
import { functionKey, objectKey } from '../../../schema/keys.js';
import type {
  ColumnDef,
  CompositeTypeDef,
  DomainDef,
  EnumDef,
  ExtensionDef,
  FunctionDef,
  TableDef,
} from '../../../schema/model.js';
import { extensionTypeTest, isExtensionDowngrade } from '../extension-versions.js';
import { enumOnlyAddsValues } from '../hazards.js';
import { columnLocality } from '../inheritance.js';
import { qualify } from '../quote.js';
import { type PlanState, mentionsIdentifier, qname } from './state.js';

const split = (t: { readonly schema: string; readonly name: string } | undefined): [string, string] => [
  t?.schema ?? '',
  t?.name ?? '',
];

/**
 * Before any change is planned: what must be rebuilt because something it depends on
 * changes (functions with a new signature, tables losing or retyping columns, types
 * dropped or replaced, extensions downgraded, tables PostgreSQL cannot alter).
 */
export function analyse(p: PlanState): void {
  for (const c of p.changes) {
    if (c.action === 'alter' && (c.objectType === 'function' || c.objectType === 'procedure') && !onlyDocs(c)) {
      const b = c.before as FunctionDef;
      const a = c.after as FunctionDef;
      if (b.returns !== a.returns || b.arguments !== a.arguments || b.kind !== a.kind)
        p.rebuiltFunctions.add(functionKey(b));
    }
    if (c.action === 'add' && c.objectType === 'table') p.wholeTables.add(c.path);
    if (c.objectType === 'column' && c.table) {
      const structural =
        c.action === 'drop' ||
        (c.action === 'alter' && ['type', 'collation', 'generated', 'virtual'].some((a) => attributeChanged(c, a)));
      if (structural) p.disturbedTables.add(objectKey('table', ...split(p.fromTableOf(c.table))));
    }
  }
  for (const c of p.changes) {
    if (c.action === 'drop' && c.objectType === 'table')
      p.disturbedTables.add(objectKey('table', ...split(c.before as TableDef)));
    if (c.action === 'drop' && (c.objectType === 'function' || c.objectType === 'procedure')) {
      p.rebuiltFunctions.add(functionKey(c.before as FunctionDef));
    }
    if (c.action === 'drop' && ['enum', 'domain', 'composite type'].includes(c.objectType)) {
      const t = c.before as { schema: string; name: string };
      p.swappedTypes.add(objectKey('type', t.schema, t.name));
    }
  }
  for (const c of p.changes) {
    if (c.objectType !== 'extension' || c.action !== 'alter' || !attributeChanged(c, 'version')) continue;
    if (!isExtensionDowngrade(c.before as ExtensionDef, c.after as ExtensionDef)) continue;
    const uses = p.columnsWhere(extensionTypeTest(p.from, c.before as ExtensionDef));
    p.downgradedExtensions.set(c, uses);
    for (const { table } of uses) p.disturbedTables.add(objectKey('table', table.schema, table.name));
  }
  findReplacedTypes(p);
  for (const key of p.replacedTypes.keys()) p.swappedTypes.add(key);
  findRebuiltTables(p);
  // Tables with columns of a swapped type are converted, which disturbs their views.
  for (const t of p.swappedTypes.size > 0 ? p.from.tables : []) {
    if (t.columns.some((col) => p.usesSwappedType(col.type)))
      p.disturbedTables.add(objectKey('table', t.schema, t.name));
  }
}

/**
 * Types PostgreSQL cannot alter in place (enum values removed or reordered, a domain's
 * base type or collation, a composite's attribute types while columns use it), and
 * every domain or composite type built on one of them.
 */
function findReplacedTypes(p: PlanState): void {
  const replace = (t: { schema: string; name: string }) => p.replacedTypes.set(objectKey('type', t.schema, t.name), t);
  for (const c of p.changes) {
    if (c.action !== 'alter') continue;
    if (c.objectType === 'enum' && !enumOnlyAddsValues(c.before as EnumDef, c.after as EnumDef))
      replace(c.after as EnumDef);
    if (c.objectType === 'domain' && (attributeChanged(c, 'baseType') || attributeChanged(c, 'collation'))) {
      replace(c.after as DomainDef);
    }
    if (c.objectType === 'composite type' && attributeChanged(c, 'attributes')) {
      const before = new Map((c.before as CompositeTypeDef).attributes.map((a) => [a.name, a]));
      const type = c.after as CompositeTypeDef;
      const retyped = type.attributes.some((a) => {
        const previous = before.get(a.name);
        return previous !== undefined && (previous.type !== a.type || previous.collation !== a.collation);
      });
      // ALTER ATTRIBUTE … TYPE is refused while a column uses the type.
      if (retyped && p.columnsOfTypes([qualify(type.schema, type.name)]).length > 0) replace(type);
    }
  }
  const inTo = (t: { schema: string; name: string }, list: readonly { schema: string; name: string }[]) =>
    list.some((x) => qname(x) === qname(t));
  for (let grew = true; grew;) {
    grew = false;
    const names = p.replacedTypeNames();
    const builtOn = (type: string) => names.includes(type.replace(/(\[\])+$/, ''));
    for (const d of p.from.domains) {
      if (!p.replacedTypes.has(objectKey('type', d.schema, d.name)) && inTo(d, p.to.domains) && builtOn(d.baseType)) {
        replace(d);
        grew = true;
      }
    }
    for (const t of p.from.compositeTypes) {
      const key = objectKey('type', t.schema, t.name);
      if (!p.replacedTypes.has(key) && inTo(t, p.to.compositeTypes) && t.attributes.some((a) => builtOn(a.type))) {
        replace(t);
        grew = true;
      }
    }
  }
}

/**
 * Tables PostgreSQL cannot alter into their new shape, dropped and created again (their
 * data is lost, and the hazard says so): a new partition key, or a new type for a
 * column of the partition key. Their partitions go with them.
 */
function findRebuiltTables(p: PlanState): void {
  for (const c of p.changes) {
    const table = p.toTable(c.table);
    if (!table || !p.fromTable(qname(table))) continue;
    const keyColumnRetyped =
      c.objectType === 'column' &&
      c.action === 'alter' &&
      attributeChanged(c, 'type') &&
      table.partitionBy !== undefined &&
      mentionsIdentifier(table.partitionBy, (c.after as ColumnDef).name);
    const newKey = c.objectType === 'table' && c.action === 'alter' && attributeChanged(c, 'partitionBy');
    if (keyColumnRetyped || newKey) rebuildTable(p, table);
  }
  for (const table of p.to.tables) {
    const before = p.fromTable(qname(table));
    const locality = before && !p.wholeTables.has(qname(table)) ? columnLocality(before, table) : undefined;
    if (locality === 'reattach') p.reattachedTables.add(qname(table));
    if (locality === 'rebuild') {
      rebuildTable(p, table);
      p.keptRows.add(qname(table));
    }
  }
}

function rebuildTable(p: PlanState, table: TableDef): void {
  if (p.wholeTables.has(qname(table))) return;
  p.wholeTables.add(qname(table));
  p.disturbedTables.add(objectKey('table', table.schema, table.name));
  for (const child of p.to.tables) {
    if (child.partitionOf && `${child.partitionOf.schema}.${child.partitionOf.table}` === qname(table))
      rebuildTable(p, child);
  }
}
