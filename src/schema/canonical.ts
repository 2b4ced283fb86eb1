import { createHash } from 'node:crypto';
import type { Grant, Schema, TableDef, ViewDef } from './model.js';

/** The lists of a {@link Schema}, in the order a snapshot shows them (dependencies first). */
const SCHEMA_LISTS: readonly (keyof Schema)[] = [
  'schemas',
  'extensions',
  'collations',
  'enums',
  'domains',
  'compositeTypes',
  'sequences',
  'tables',
  'views',
  'functions',
  'eventTriggers',
];

/** Keys written first, in this order; then all others alphabetically; then {@link TRAILING_KEYS}. */
const LEADING_KEYS = [
  'formatVersion',
  'dialect',
  'hash',
  'meta',
  'schema',
  'table',
  'name',
  'kind',
  'type',
  'column',
  'columns',
  ...SCHEMA_LISTS,
  'start',
  'increment',
  'min',
  'max',
  'cache',
];

/** Long or derived keys written last, so the short facts of an object stay together at its top. */
const TRAILING_KEYS = ['definition', 'body', 'dependsOn'];

const KEY_RANKS = new Map<string, number>([
  ...LEADING_KEYS.map((key, i) => [key, i] as const),
  ...TRAILING_KEYS.map((key, i) => [key, LEADING_KEYS.length + 1 + i] as const),
]);

function compareKeys(a: string, b: string): number {
  const rankA = KEY_RANKS.get(a) ?? LEADING_KEYS.length;
  const rankB = KEY_RANKS.get(b) ?? LEADING_KEYS.length;
  return rankA - rankB || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sorted key lists by the object's own key list: most objects share a handful of shapes. */
const keyOrderCache = new Map<string, string[]>();

function orderedKeys(value: object): string[] {
  const keys = Object.keys(value);
  const shape = keys.join('\u0000');
  let ordered = keyOrderCache.get(shape);
  if (!ordered) {
    ordered = keys.sort(compareKeys);
    keyOrderCache.set(shape, ordered);
  }
  return ordered;
}

/** Values {@link canonicalize} produced, which need no second pass. */
const canonicalValues = new WeakSet<object>();

/**
 * A copy of a JSON value with object keys in canonical order and `undefined` members,
 * empty optional arrays and `false` flags removed, so that equal schemas serialise
 * identically whatever produced them.
 */
export function canonicalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || canonicalValues.has(value)) return value;
  if (Array.isArray(value)) {
    const out = value.map(canonicalize);
    canonicalValues.add(out);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of orderedKeys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || member === false) continue;
    if (Array.isArray(member) && member.length === 0 && !REQUIRED_ARRAYS.has(key)) continue;
    out[key] = canonicalize(member);
  }
  canonicalValues.add(out);
  return out;
}

/** Array members that are always written, even when empty. */
const REQUIRED_ARRAYS = new Set<string>([
  ...SCHEMA_LISTS,
  'columns',
  'values',
  'attributes',
  'keys',
  'roles',
  'rows',
  // Present only when privileges were read; then an empty list means "nothing granted",
  // which differs from the defaults (functions are executable by PUBLIC).
  'grants',
]);

/** The snapshot's JSON text form: canonical key order, two-space indent, trailing newline. */
export function toCanonicalJson(value: unknown): string {
  return `${JSON.stringify(canonicalize(value), null, 2)}\n`;
}

/** `sha256:<hex>` of the canonical form of a schema: equal hashes mean equal schemas. */
export function hashSchema(schema: Schema): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(canonicalize(schema)))
    .digest('hex');
  return `sha256:${digest}`;
}

const collator = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => collator(key(a), key(b));
}

const byName = byKey<{ readonly name: string }>((x) => x.name);
const byQualifiedName = byKey<{ readonly schema: string; readonly name: string }>((x) => `${x.schema}\u0000${x.name}`);
const byGrant = byKey<Grant>((g) => `${g.grantee}\u0000${g.privilege}`);

function sortedGrants(grants: readonly Grant[] | undefined): readonly Grant[] | undefined {
  return grants && [...grants].sort(byGrant);
}

function normalizeTable(table: TableDef): TableDef {
  return {
    ...table,
    grants: sortedGrants(table.grants),
    columns: table.columns.map((c) => ({ ...c, grants: sortedGrants(c.grants) })),
    constraints: table.constraints && [...table.constraints].sort(byName),
    indexes: table.indexes && [...table.indexes].sort(byName),
    triggers: table.triggers && [...table.triggers].sort(byName),
    policies: table.policies && [...table.policies].sort(byName),
    dependsOn: table.dependsOn && [...table.dependsOn].sort(),
  };
}

function normalizeView(view: ViewDef): ViewDef {
  return {
    ...view,
    grants: sortedGrants(view.grants),
    indexes: view.indexes && [...view.indexes].sort(byName),
    triggers: view.triggers && [...view.triggers].sort(byName),
    dependsOn: view.dependsOn && [...view.dependsOn].sort(),
  };
}

/** Schemas {@link normalizeSchema} produced, which need no second pass. */
const normalizedSchemas = new WeakSet<Schema>();

/**
 * The schema with every list in canonical order (objects by qualified name, members
 * by name, columns left in table order). Sources call this so that equality and
 * hashing never depend on catalog order.
 */
export function normalizeSchema(schema: Schema): Schema {
  if (normalizedSchemas.has(schema)) return schema;
  const normalized: Schema = {
    schemas: [...schema.schemas].map((s) => ({ ...s, grants: sortedGrants(s.grants) })).sort(byName),
    extensions: [...schema.extensions].sort(byName),
    collations: [...schema.collations].sort(byQualifiedName),
    enums: [...schema.enums].sort(byQualifiedName),
    domains: [...schema.domains]
      .map((d) => ({
        ...d,
        checks: d.checks && [...d.checks].sort(byName),
        dependsOn: d.dependsOn && [...d.dependsOn].sort(),
      }))
      .sort(byQualifiedName),
    compositeTypes: [...schema.compositeTypes]
      .map((c) => ({ ...c, dependsOn: c.dependsOn && [...c.dependsOn].sort() }))
      .sort(byQualifiedName),
    sequences: [...schema.sequences].map((s) => ({ ...s, grants: sortedGrants(s.grants) })).sort(byQualifiedName),
    tables: schema.tables.map(normalizeTable).sort(byQualifiedName),
    views: schema.views.map(normalizeView).sort(byQualifiedName),
    functions: [...schema.functions]
      .map((f) => ({ ...f, grants: sortedGrants(f.grants), dependsOn: f.dependsOn && [...f.dependsOn].sort() }))
      .sort(byKey((f) => `${f.schema}\u0000${f.name}\u0000${f.identityArguments}`)),
    eventTriggers: [...schema.eventTriggers].sort(byName),
  };
  normalizedSchemas.add(normalized);
  return normalized;
}
