import { createHash } from 'node:crypto';
import type { Grant, Schema, TableDef, ViewDef } from './model.js';
import { LIST_NAMES, normalizeLists } from './kind-lists.js';

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
  ...LIST_NAMES,
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
 * The members of an object as canonical form writes them: keys in canonical order, without
 * `undefined` members, `false` flags and empty optional arrays.
 */
function canonicalMembers(value: object): [string, unknown][] {
  const members: [string, unknown][] = [];
  for (const key of orderedKeys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (!leftOut(key, member)) members.push([key, member]);
  }
  return members;
}

/** Whether canonical form leaves a member out: `undefined`, a `false` flag, an empty optional array. */
function leftOut(key: string, member: unknown): boolean {
  return (
    member === undefined ||
    member === false ||
    (Array.isArray(member) && member.length === 0 && !REQUIRED_ARRAYS.has(key))
  );
}

/**
 * A copy of a JSON value with object keys in canonical order and `undefined` members,
 * empty optional arrays and `false` flags removed, so that equal schemas serialise
 * identically whatever produced them.
 */
export function canonicalize(value: unknown): unknown {
  const out = canonicalCopy(value);
  if (out !== null && typeof out === 'object') canonicalValues.add(out);
  return out;
}

/**
 * {@link canonicalize} without recording the copy's inner values: only a value a caller
 * keeps is recorded (a weak set of every nested object would cost more to fill, and to
 * collect, than the copy).
 */
function canonicalCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || canonicalValues.has(value)) return value;
  if (Array.isArray(value)) return value.map(canonicalCopy);
  const out: Record<string, unknown> = {};
  // Member by member, without the pairs canonicalMembers makes: this runs for every object of a schema.
  for (const key of orderedKeys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (!leftOut(key, member)) out[key] = canonicalCopy(member);
  }
  return out;
}

/**
 * Records a schema that is known to be in canonical form, such as one read back from a
 * snapshot file this version wrote (its hash verified), down to the objects of its lists:
 * {@link canonicalize} then takes them as they are instead of copying them.
 */
export function adoptCanonical(schema: Schema): void {
  canonicalValues.add(schema);
  for (const list of Object.values(schema) as unknown[]) {
    if (!Array.isArray(list)) continue;
    canonicalValues.add(list);
    for (const item of list) if (item !== null && typeof item === 'object') canonicalValues.add(item as object);
  }
}

/**
 * Records objects built in canonical form — members in canonical key order, no `undefined`
 * member, `false` flag or empty optional array, at every depth — such as the tables and views
 * a dialect's introspection builds that way: {@link canonicalize} then takes them as they are
 * instead of copying them. A test of the dialect holds its objects to this.
 */
export function adoptCanonicalItems(items: readonly object[]): void {
  for (const item of items) canonicalValues.add(item);
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

/** Text gathered into pieces of about this many characters before it is handed on. */
const PIECE = 1 << 20;

/** Collects text and hands it on in pieces of about {@link PIECE} characters. */
class Pieces {
  private pending: string[] = [];
  private length = 0;
  constructor(private readonly take: (piece: string) => void) {}
  add(text: string): void {
    this.pending.push(text);
    this.length += text.length;
    if (this.length >= PIECE) this.flush();
  }
  flush(): void {
    if (this.pending.length === 0) return;
    this.take(this.pending.join(''));
    this.pending = [];
    this.length = 0;
  }
  /** Hands on text already in pieces, after what is pending. */
  addPieces(pieces: readonly string[]): void {
    this.flush();
    for (const piece of pieces) this.take(piece);
  }
}

/**
 * The snapshot text of schemas, written in the pass that hashed them
 * ({@link hashSchemaForSnapshot}): writing the snapshot that holds one takes its text from
 * here, once, instead of serialising every object a second time. Taken, it is let go: a schema
 * kept in memory after its snapshot is written (the protocol's, a fleet's) does not keep its text.
 */
const writtenSchemas = new WeakMap<object, readonly string[]>();

/** For each indent, the text around a value that {@link indentedJson} nests it in: before and after it. */
const nestings = new Map<string, { array: (value: unknown) => unknown; before: number; after: number }>();

/**
 * `JSON.stringify(value, null, 2)` with every line but the first indented by `indent` (an even
 * number of spaces): the value is stringified nested in as many arrays as the indent has levels,
 * which JSON.stringify lays out at that depth, and the arrays' text is cut off (a copy of the
 * text with its newlines replaced would cost a second pass over it).
 */
function indentedJson(value: unknown, indent: string): string {
  if (indent === '') return JSON.stringify(value, null, 2) ?? 'null';
  let nesting = nestings.get(indent);
  if (!nesting) {
    const levels = indent.length / 2;
    const array = (inner: unknown) => {
      let nested = inner;
      for (let i = 0; i < levels; i++) nested = [nested];
      return nested;
    };
    const probe = JSON.stringify(array(0), null, 2);
    const at = probe.indexOf('0');
    nesting = { array, before: at, after: probe.length - at - 1 };
    nestings.set(indent, nesting);
  }
  // `?? null`: an array's undefined item, which JSON writes as null.
  const text = JSON.stringify(nesting.array(value ?? null), null, 2);
  return text.slice(nesting.before, text.length - nesting.after);
}

/**
 * Writes the canonical JSON of `value` to `indented` (two-space indent, nested at `indent`)
 * and to `compact` (no whitespace), laying out objects and arrays down to `depth` levels
 * itself and serialising what lies deeper one value at a time: the text is what
 * `JSON.stringify(canonicalize(value))` gives, without a canonical copy of the whole value.
 */
function writeCanonical(
  value: unknown,
  depth: number,
  indent: string,
  indented: Pieces | undefined,
  compact: Pieces | undefined,
): void {
  if (indented && !compact && depth === SCHEMA_DEPTH && indent === SCHEMA_INDENT && typeof value === 'object') {
    const written = value && writtenSchemas.get(value);
    if (written) {
      writtenSchemas.delete(value as object);
      indented.addPieces(written);
      return;
    }
  }
  if (depth === 0 || value === null || typeof value !== 'object') {
    const canonical = canonicalCopy(value);
    // `?? 'null'`: an array's undefined item, which JSON writes as null.
    compact?.add(JSON.stringify(canonical) ?? 'null');
    if (indented) indented.add(indentedJson(canonical, indent));
    return;
  }
  const both = (pretty: string, plain: string) => {
    indented?.add(pretty);
    compact?.add(plain);
  };
  const inner = `${indent}  `;
  const list = Array.isArray(value);
  const members: [string | undefined, unknown][] = list
    ? value.map((item: unknown) => [undefined, item])
    : canonicalMembers(value);
  const [open, close] = list ? ['[', ']'] : ['{', '}'];
  if (members.length === 0) {
    both(`${open}${close}`, `${open}${close}`);
    return;
  }
  both(`${open}\n`, open);
  members.forEach(([key, member], i) => {
    if (i > 0) both(',\n', ',');
    if (key === undefined) both(inner, '');
    else {
      const name = JSON.stringify(key);
      both(`${inner}${name}: `, `${name}:`);
    }
    writeCanonical(member, depth - 1, inner, indented, compact);
  });
  both(`\n${indent}${close}`, close);
}

/**
 * How deep a snapshot is laid out piece by piece: the snapshot, its schema, the schema's
 * lists; each object of a list is serialised on its own.
 */
const SNAPSHOT_DEPTH = 3;

/** Where a snapshot's writing reaches its schema: a member of the snapshot, one level in. */
const SCHEMA_DEPTH = SNAPSHOT_DEPTH - 1;
const SCHEMA_INDENT = '  ';

/**
 * The snapshot's JSON text form (canonical key order, two-space indent, trailing newline)
 * in pieces of about a megabyte, whose concatenation is the file: a large schema's text is
 * never one string, nor its canonical copy ever whole in memory.
 */
export function canonicalJsonPieces(value: unknown): string[] {
  const pieces: string[] = [];
  const writer = new Pieces((piece) => pieces.push(piece));
  writeCanonical(value, SNAPSHOT_DEPTH, '', writer, undefined);
  writer.add('\n');
  writer.flush();
  return pieces;
}

/** The snapshot's JSON text form: canonical key order, two-space indent, trailing newline. */
export function toCanonicalJson(value: unknown): string {
  return canonicalJsonPieces(value).join('');
}

/** `sha256:<hex>` of the canonical form of a schema: equal hashes mean equal schemas. */
export function hashSchema(schema: Schema): string {
  const hash = createHash('sha256');
  const writer = new Pieces((piece) => hash.update(piece));
  // The schema, its lists, their objects: one object of a list at a time.
  writeCanonical(schema, SCHEMA_DEPTH, '', undefined, writer);
  writer.flush();
  return `sha256:${hash.digest('hex')}`;
}

/**
 * {@link hashSchema}, and in the same pass the schema's text as a snapshot holds it, kept for
 * the {@link canonicalJsonPieces} of a snapshot of this schema: each object is made
 * canonical and serialised once for both (hash and text of a 13.5 MB snapshot: 133–150 ms, against
 * 166–184 ms in two passes).
 */
export function hashSchemaForSnapshot(schema: Schema): string {
  const hash = createHash('sha256');
  const compact = new Pieces((piece) => hash.update(piece));
  const pieces: string[] = [];
  const indented = new Pieces((piece) => pieces.push(piece));
  writeCanonical(schema, SCHEMA_DEPTH, SCHEMA_INDENT, indented, compact);
  compact.flush();
  indented.flush();
  writtenSchemas.set(schema, pieces);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * {@link hashSchema} of a value already in canonical form, such as a snapshot's schema as
 * parsed from its file (JSON keeps the order of keys): no canonical pass, a fraction of the
 * time. On any other value it gives another hash, never the canonical one.
 */
export function hashAsWritten(schema: unknown): string {
  const hash = createHash('sha256');
  const writer = new Pieces((piece) => hash.update(piece));
  writeAsWritten(schema, SCHEMA_DEPTH, writer);
  writer.flush();
  return `sha256:${hash.digest('hex')}`;
}

/**
 * Writes `JSON.stringify(value)` to `out`, laying out objects and arrays down to `depth`
 * levels itself (members in their own order) and serialising what lies deeper one value at
 * a time, so that a large value's text is never one string.
 */
function writeAsWritten(value: unknown, depth: number, out: Pieces): void {
  if (depth === 0 || value === null || typeof value !== 'object') {
    out.add(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    out.add('[');
    value.forEach((item: unknown, i) => {
      if (i > 0) out.add(',');
      writeAsWritten(item, depth - 1, out);
    });
    out.add(']');
    return;
  }
  out.add('{');
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    // What JSON leaves out of an object.
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    out.add(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    writeAsWritten(member, depth - 1, out);
  }
  out.add('}');
}

const collator = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => collator(key(a), key(b));
}

const byName = byKey<{ readonly name: string }>((x) => x.name);
const byQualifiedName = byKey<{ readonly schema: string; readonly name: string }>((x) => `${x.schema}\u0000${x.name}`);
const byGrant = byKey<Grant>((g) => `${g.grantee}\u0000${g.privilege}`);

/** The list in order: the same array when it already is (no copy), else a sorted copy. */
function sorted<T>(list: readonly T[], compare: (a: T, b: T) => number): readonly T[] {
  for (let i = 1; i < list.length; i++) {
    if (compare(list[i - 1] as T, list[i] as T) > 0) return [...list].sort(compare);
  }
  return list;
}

function sortedGrants(grants: readonly Grant[] | undefined): readonly Grant[] | undefined {
  return grants && sorted(grants, byGrant);
}

const sortedKeys = (keys: readonly string[] | undefined) => keys && sorted(keys, collator);

/** An object with some members replaced, or the same object when none changed (snapshot files are already in order). */
function withMembers<T extends object>(object: T, members: Partial<T>): T {
  for (const key of Object.keys(members) as (keyof T)[]) {
    if (members[key] !== object[key]) return { ...object, ...members };
  }
  return object;
}

function normalizeTable(table: TableDef): TableDef {
  let columns = table.columns;
  // Columns copied only when some column's grants are out of order (none, in a snapshot file).
  if (columns.some((c) => c.grants !== undefined && sortedGrants(c.grants) !== c.grants)) {
    columns = columns.map((c) => ({ ...c, grants: sortedGrants(c.grants) }));
  }
  return withMembers(table, {
    grants: sortedGrants(table.grants),
    columns,
    constraints: table.constraints && sorted(table.constraints, byName),
    indexes: table.indexes && sorted(table.indexes, byName),
    triggers: table.triggers && sorted(table.triggers, byName),
    policies: table.policies && sorted(table.policies, byName),
    dependsOn: sortedKeys(table.dependsOn),
  });
}

function normalizeView(view: ViewDef): ViewDef {
  return withMembers(view, {
    grants: sortedGrants(view.grants),
    indexes: view.indexes && sorted(view.indexes, byName),
    triggers: view.triggers && sorted(view.triggers, byName),
    dependsOn: sortedKeys(view.dependsOn),
  });
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
    schemas: sorted(
      schema.schemas.map((s) => withMembers(s, { grants: sortedGrants(s.grants) })),
      byName,
    ),
    extensions: sorted(schema.extensions, byName),
    collations: sorted(schema.collations, byQualifiedName),
    enums: sorted(schema.enums, byQualifiedName),
    domains: sorted(
      schema.domains.map((d) =>
        withMembers(d, { checks: d.checks && sorted(d.checks, byName), dependsOn: sortedKeys(d.dependsOn) }),
      ),
      byQualifiedName,
    ),
    compositeTypes: sorted(
      schema.compositeTypes.map((c) => withMembers(c, { dependsOn: sortedKeys(c.dependsOn) })),
      byQualifiedName,
    ),
    sequences: sorted(
      schema.sequences.map((s) => withMembers(s, { grants: sortedGrants(s.grants) })),
      byQualifiedName,
    ),
    tables: sorted(schema.tables.map(normalizeTable), byQualifiedName),
    views: sorted(schema.views.map(normalizeView), byQualifiedName),
    functions: sorted(
      schema.functions.map((f) =>
        withMembers(f, { grants: sortedGrants(f.grants), dependsOn: sortedKeys(f.dependsOn) }),
      ),
      byKey((f) => `${f.schema}\u0000${f.name}\u0000${f.identityArguments}`),
    ),
    eventTriggers: sorted(schema.eventTriggers, byName),
    ...normalizeLists(schema),
  };
  normalizedSchemas.add(normalized);
  return normalized;
}

/**
 * Records the schema of a snapshot file this version wrote, its stored hash verified on the
 * file's text: that hash is the one of the schema normalised and in canonical form
 * ({@link canonicalSchema}), so the schema as written is both. {@link normalizeSchema} and
 * {@link canonicalize} then take it as it is, without checking the order of each list again.
 */
export function adoptWrittenSchema(schema: Schema): Schema {
  adoptCanonical(schema);
  normalizedSchemas.add(schema);
  return schema;
}

/**
 * The schema normalised and in canonical form at once, remembered as such: later calls
 * of {@link normalizeSchema}, {@link canonicalize} or this on it cost nothing, and two
 * canonical schemas can be compared object by object as JSON text.
 */
export function canonicalSchema(schema: Schema): Schema {
  const canonical = canonicalize(normalizeSchema(schema)) as Schema;
  adoptCanonical(canonical);
  normalizedSchemas.add(canonical);
  return canonical;
}
