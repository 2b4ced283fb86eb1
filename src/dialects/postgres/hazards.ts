import type { AttributeChange, ChangeDraft, Hazard } from '../../diff/change.js';
import type {
  ColumnDef,
  ConstraintDef,
  EnumDef,
  ExtensionDef,
  IndexDef,
  Schema,
  TableDef,
} from '../../schema/model.js';
import { postgresEquivalence } from './equivalence.js';
import { kindHazards } from './kinds/index.js';
import { isExtensionDowngrade } from './extension-versions.js';

/** What changing a column's type does to the table and its data. */
export interface TypeChangeEffect {
  /** PostgreSQL rewrites the whole table (and rebuilds its indexes). */
  readonly rewrite: boolean;
  /** Values may not fit the new type: the change fails or loses precision. */
  readonly narrowing: boolean;
}

const INTEGER_WIDTH: Readonly<Record<string, number>> = { smallint: 2, integer: 4, bigint: 8 };

function parseType(type: string): { base: string; args: number[] } {
  const canonical = postgresEquivalence.type(type);
  const match = /^([^(]*)(?:\(([^)]*)\))?(.*)$/.exec(canonical);
  const base = `${match?.[1] ?? canonical}${match?.[3] ?? ''}`.trim();
  const args = (match?.[2] ?? '')
    .split(',')
    .filter((a) => a.trim() !== '')
    .map(Number);
  return { base, args };
}

/** Whether PostgreSQL can change a column from one type to the other in place, and whether values may not fit. */
export function typeChangeEffect(before: string, after: string): TypeChangeEffect {
  const b = parseType(before);
  const a = parseType(after);
  const textual = new Set(['character varying', 'text']);
  if (b.base === a.base) {
    if (b.base === 'numeric') {
      const [bp, bs = 0] = b.args;
      const [ap, as = 0] = a.args;
      if (ap === undefined) return { rewrite: false, narrowing: false };
      if (bp === undefined) return { rewrite: true, narrowing: true };
      return as === bs && ap >= bp
        ? { rewrite: false, narrowing: false }
        : { rewrite: true, narrowing: ap < bp || as < bs };
    }
    const [bn] = b.args;
    const [an] = a.args;
    const widening = an === undefined || (bn !== undefined && an >= bn);
    // Lengths of strings and bit strings: longer is free, shorter must check every row.
    return { rewrite: !widening && !textual.has(b.base), narrowing: !widening };
  }
  if (textual.has(b.base) && textual.has(a.base)) {
    return { rewrite: false, narrowing: a.base === 'character varying' && a.args[0] !== undefined };
  }
  const bw = INTEGER_WIDTH[b.base];
  const aw = INTEGER_WIDTH[a.base];
  if (bw !== undefined && aw !== undefined) return { rewrite: true, narrowing: aw < bw };
  return { rewrite: true, narrowing: true };
}

/** Defaults that compute a new value per row, so adding the column rewrites the table. */
const VOLATILE_DEFAULT = /\b(nextval|random|gen_random_uuid|uuid_generate_v[14]|clock_timestamp|timeofday)\s*\(/i;

function isVolatileDefault(expression: string | undefined): boolean {
  return expression !== undefined && VOLATILE_DEFAULT.test(expression);
}

/** Hazards of adding a column to a table that already has rows. */
export function addColumnHazards(column: ColumnDef): Hazard[] {
  const hazards: Hazard[] = [];
  if (column.notNull && column.default === undefined && !column.identity && column.generated === undefined) {
    hazards.push('may-fail');
  }
  if (isVolatileDefault(column.default) || column.identity || (column.generated !== undefined && !column.virtual)) {
    hazards.push('table-rewrite');
  }
  return hazards;
}

/** Hazards of adding a constraint to a table that already has rows. */
export function addConstraintHazards(constraint: ConstraintDef): Hazard[] {
  if ((constraint.type === 'check' || constraint.type === 'foreign key') && constraint.notValid) return [];
  if (constraint.type === 'check' && constraint.notEnforced) return [];
  return ['may-fail', 'long-lock'];
}

/** Hazards of building an index on a table that already has rows. */
export function createIndexHazards(index: IndexDef, concurrently: boolean): Hazard[] {
  const hazards: Hazard[] = [concurrently ? 'not-transactional' : 'long-lock'];
  if (index.unique) hazards.push('may-fail');
  return hazards;
}

/** Whether an enum change only adds values, keeping the old ones in their order. */
export function enumOnlyAddsValues(before: EnumDef, after: EnumDef): boolean {
  let i = 0;
  for (const value of after.values) if (value === before.values[i]) i++;
  return i === before.values.length;
}

function columnAlterHazards(attributes: readonly AttributeChange[]): Hazard[] {
  const hazards = new Set<Hazard>();
  for (const a of attributes) {
    if (a.attribute === 'type' && typeof a.before === 'string' && typeof a.after === 'string') {
      const effect = typeChangeEffect(a.before, a.after);
      if (effect.rewrite) hazards.add('table-rewrite');
      if (effect.narrowing) {
        hazards.add('data-loss');
        hazards.add('may-fail');
      }
    }
    if (a.attribute === 'notNull' && a.after === true) {
      hazards.add('may-fail');
      hazards.add('long-lock');
    }
    if (a.attribute === 'generated' || a.attribute === 'virtual') hazards.add('table-rewrite');
    if (a.attribute === 'generated' && a.before === undefined) hazards.add('data-loss');
    if (a.attribute === 'collation') hazards.add('long-lock');
  }
  return [...hazards];
}

function tableAlterHazards(attributes: readonly AttributeChange[]): Hazard[] {
  const hazards = new Set<Hazard>();
  for (const a of attributes) {
    if (a.attribute === 'unlogged') hazards.add('table-rewrite');
    if (a.attribute === 'partitionBy') {
      hazards.add('data-loss');
      hazards.add('backward-incompatible');
    }
    if (a.attribute === 'partitionOf' && a.after !== undefined) hazards.add('long-lock');
    if (a.attribute === 'rowLevelSecurity' && a.after === true) hazards.add('backward-incompatible');
  }
  return [...hazards];
}

const DROP_DATA = new Set(['table', 'column', 'materialized view', 'sequence']);

/**
 * The hazards of applying one change, as PostgreSQL runs it: data loss, table
 * rewrites, long locks, statements that may fail on existing data, changes that break
 * running code, and statements that cannot run in a transaction.
 */
export function postgresHazards(change: ChangeDraft, _from: Schema, _to: Schema): Hazard[] {
  const hazards = new Set<Hazard>();
  const add = (...list: Hazard[]) => {
    for (const h of list) hazards.add(h);
  };
  switch (change.action) {
    case 'drop':
      if (DROP_DATA.has(change.objectType)) add('data-loss');
      if (change.objectType !== 'index' && change.objectType !== 'trigger' && change.objectType !== 'policy') {
        add('backward-incompatible');
      }
      break;
    case 'rename':
      if (change.objectType !== 'constraint' && change.objectType !== 'index') add('backward-incompatible');
      break;
    case 'add':
      if (change.objectType === 'column') add(...addColumnHazards(change.after as ColumnDef));
      if (change.objectType === 'constraint') add(...addConstraintHazards(change.after as ConstraintDef));
      if (change.objectType === 'index') add(...createIndexHazards(change.after as IndexDef, false));
      break;
    case 'alter': {
      const attributes = change.attributes ?? [];
      const changed = (name: string) => attributes.some((a) => a.attribute === name);
      const onlyDocs = attributes.every((a) => ['comment', 'grants', 'owner'].includes(a.attribute));
      if (onlyDocs) break;
      switch (change.objectType) {
        case 'column':
          add(...columnAlterHazards(attributes));
          break;
        case 'table':
          add(...tableAlterHazards(attributes));
          break;
        case 'constraint':
          add(...addConstraintHazards(change.after as ConstraintDef));
          break;
        case 'index':
          add(...createIndexHazards(change.after as IndexDef, false));
          break;
        case 'enum':
          if (enumOnlyAddsValues(change.before as EnumDef, change.after as EnumDef)) add('not-transactional');
          else add('may-fail', 'backward-incompatible');
          break;
        case 'domain':
          if (changed('baseType') || changed('notNull') || changed('checks')) add('may-fail');
          break;
        case 'extension':
          // Dropped and created again: refused while objects the plan does not rebuild use it.
          if (changed('version') && isExtensionDowngrade(change.before as ExtensionDef, change.after as ExtensionDef))
            add('may-fail', 'backward-incompatible');
          break;
        case 'view':
        case 'materialized view':
        case 'function':
        case 'procedure':
          if (changed('columns') || changed('returns') || changed('arguments')) add('backward-incompatible');
          break;
      }
      add(...kindHazards(change));
      break;
    }
  }
  return [...hazards];
}

/** The table a change is on, as it is in `from`; undefined when `from` does not have it. */
export function existingTable(from: Schema, qualifiedName: string | undefined): TableDef | undefined {
  return from.tables.find((t) => `${t.schema}.${t.name}` === qualifiedName);
}
