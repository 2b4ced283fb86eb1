/**
 * What an ORM's model language can express, and the models completed with what it cannot.
 *
 * Models are compared the way their ORM compares them: an object the models cannot describe
 * (a function for Prisma or drizzle, a view for Prisma…) but the other side has is not a
 * difference and no fix drops it; it is listed as "not described by the models". The order
 * of enum values is the other side's (`ALTER TYPE … ADD VALUE` appends where the models list
 * values in their own order), so no plan rewrites tables to reorder an enum. Both stop with
 * `strict`. See docs/models.md.
 */
import { objectKey } from '../../schema/keys.js';
import type {
  ConstraintDef,
  EnumDef,
  ExtensionDef,
  IndexDef,
  NamespaceDef,
  Schema,
  SequenceDef,
  TableDef,
  ViewDef,
} from '../../schema/model.js';
import type { LoadedSchema, ModelsOrm } from '../load.js';

/** An object of the other side that the models cannot express, or an enum whose value order is not compared. */
export interface NotDescribed {
  /** `function`, `trigger`, `view`, `check constraint`, `comment`, `enum value order`, … */
  readonly objectType: string;
  readonly path: string;
}

/** Models completed with what they cannot express, and what was taken from the other side. */
export interface ModelCoverage {
  readonly schema: Schema;
  readonly notDescribed: readonly NotDescribed[];
}

type SchemaList = keyof Schema;

/** What one ORM's models can describe. */
interface OrmLanguage {
  /** Top-level kinds the models write; every other kind (functions, domains, …) comes from the other side. */
  readonly kinds: ReadonlySet<string>;
  /** Sequences not owned by a column (Prisma has only `autoincrement()`). */
  readonly standaloneSequences: boolean;
  /** Extensions: drizzle-kit writes none; Prisma only with the `postgresqlExtensions` preview feature. */
  readonly extensions: (models: Schema) => boolean;
  /** Constraint types the models cannot write. */
  readonly constraintTypes: ReadonlySet<ConstraintDef['type']>;
  /** Row-level security: policies and the enable/force flags. */
  readonly rowLevelSecurity: boolean;
  /** `@unique` is a unique index, and a unique constraint on the same columns is the same thing. */
  readonly uniqueIndexIsConstraint: boolean;
  /**
   * Whether an array column's NOT NULL is written by the models. Prisma writes a scalar list
   * (`String[]`) as a nullable array and its differ does not compare an array's nullability.
   */
  readonly arrayNullability: boolean;
}

const LANGUAGES: Record<ModelsOrm, OrmLanguage> = {
  prisma: {
    kinds: new Set(['schemas', 'enums', 'tables', 'sequences', 'extensions']),
    standaloneSequences: false,
    extensions: (models) => models.extensions.length > 0,
    constraintTypes: new Set(['check', 'exclusion']),
    rowLevelSecurity: false,
    uniqueIndexIsConstraint: true,
    arrayNullability: false,
  },
  drizzle: {
    kinds: new Set(['schemas', 'enums', 'tables', 'sequences', 'views']),
    standaloneSequences: true,
    extensions: () => false,
    constraintTypes: new Set(['exclusion']),
    rowLevelSecurity: true,
    uniqueIndexIsConstraint: false,
    arrayNullability: true,
  },
};

/** Singular names of the top-level lists, for the notes (a kind added later reads as its list's name). */
const KIND_NAMES: Partial<Record<string, string>> = {
  schemas: 'schema',
  extensions: 'extension',
  collations: 'collation',
  enums: 'enum',
  domains: 'domain',
  compositeTypes: 'composite type',
  sequences: 'sequence',
  views: 'view',
  functions: 'function',
  eventTriggers: 'event trigger',
};

const qualified = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;

/** The display path of any top-level object: `schema.name`, `schema.f(args)`, or its name. */
function pathOf(item: unknown): string {
  const o = item as { schema?: unknown; name?: unknown; identityArguments?: unknown };
  const name = typeof o.name === 'string' ? o.name : JSON.stringify(item);
  const base = typeof o.schema === 'string' ? `${o.schema}.${name}` : name;
  return typeof o.identityArguments === 'string' ? `${base}(${o.identityArguments})` : base;
}

/**
 * The enum's values in the order the other side has them, with the values only the models
 * have placed after the value the models put before them: adding those is `ADD VALUE …
 * AFTER`, and nothing is reordered.
 */
export function mergedEnumOrder(models: readonly string[], other: readonly string[]): string[] {
  const inModels = new Set(models);
  const merged = other.filter((v) => inModels.has(v));
  models.forEach((value, i) => {
    if (merged.includes(value)) return;
    const previous = models.slice(0, i).findLast((v) => merged.includes(v));
    merged.splice(previous === undefined ? 0 : merged.indexOf(previous) + 1, 0, value);
  });
  return merged;
}

/**
 * The models' schema completed with what the ORM cannot express, taken from `other` (the
 * database or the migrations it is compared with), and the list of what was taken.
 */
export function completeModels(
  models: Schema,
  other: Schema,
  orm: ModelsOrm,
  implied: readonly ExtensionDef[] = [],
): ModelCoverage {
  const language = LANGUAGES[orm];
  const notDescribed: NotDescribed[] = [];
  const note = (objectType: string, path: string) => notDescribed.push({ objectType, path });
  const result: Record<string, unknown> = { ...models };

  for (const key of Object.keys(other) as SchemaList[]) {
    const list = other[key] as unknown;
    if (!Array.isArray(list) || language.kinds.has(key) || key === 'views' || key === 'extensions') continue;
    result[key] = list;
    for (const item of list) note(KIND_NAMES[key] ?? key, pathOf(item));
  }
  if (!language.extensions(models)) {
    // Those the models use without creating them count where the other side lacks them.
    const lacking = implied.filter((x) => !other.extensions.some((o) => o.name === x.name));
    result.extensions = lacking.length === 0 ? other.extensions : byName([...other.extensions, ...lacking]);
    for (const x of other.extensions) note('extension', x.name);
  } else if (implied.length > 0) result.extensions = byName([...models.extensions, ...implied]);
  if (!language.standaloneSequences) {
    const standalone = other.sequences.filter((s) => !s.ownedBy);
    result.sequences = [...models.sequences.filter((s) => s.ownedBy), ...standalone];
    for (const s of standalone) note('sequence', qualified(s));
  }

  const tables = models.tables.map((t) => {
    const theirs = other.tables.find((o) => qualified(o) === qualified(t));
    return theirs ? completeTable(t, theirs, language, note) : t;
  });
  result.tables = tables;
  result.views = language.kinds.has('views')
    ? models.views.map((v) => withTriggersOf(v, other.views, note))
    : viewsOf(other, tables, note);
  result.enums = models.enums.map((e) => enumInOtherOrder(e, other.enums, note));
  result.schemas = [...models.schemas, ...namespacesOnlyOf(other, models, result as unknown as Schema, note)];
  return { schema: result as unknown as Schema, notDescribed };
}

function completeTable(
  table: TableDef,
  theirs: TableDef,
  language: OrmLanguage,
  note: (objectType: string, path: string) => void,
): TableDef {
  const path = qualified(table);
  const taken = (theirs.constraints ?? []).filter((c) => language.constraintTypes.has(c.type));
  for (const c of taken) note(`${c.type} constraint`, `${path}.${c.name}`);
  for (const t of theirs.triggers ?? []) note('trigger', `${path}.${t.name}`);
  const completed: Record<string, unknown> = {
    ...table,
    constraints: byName([...(table.constraints ?? []).filter((c) => !language.constraintTypes.has(c.type)), ...taken]),
    triggers: theirs.triggers,
    columns: table.columns.map((c) => {
      const other = theirs.columns.find((o) => o.name === c.name);
      const comment = other?.comment;
      if (comment !== undefined) note('comment', `${path}.${c.name}`);
      // An array's NOT NULL the models cannot write is the other side's, when the type is the same.
      const takesNotNull =
        !language.arrayNullability && c.type.endsWith('[]') && other?.type === c.type && !other.notNull !== !c.notNull;
      if (takesNotNull) note('array nullability', `${path}.${c.name}`);
      return withoutUndefined({ ...c, comment, ...(takesNotNull ? { notNull: other.notNull } : {}) });
    }),
    comment: theirs.comment,
  };
  if (theirs.comment !== undefined) note('comment', path);
  if (!language.rowLevelSecurity) {
    completed.policies = theirs.policies;
    completed.rowLevelSecurity = theirs.rowLevelSecurity;
    completed.forceRowLevelSecurity = theirs.forceRowLevelSecurity;
    for (const p of theirs.policies ?? []) note('policy', `${path}.${p.name}`);
    if (theirs.rowLevelSecurity) note('row-level security', path);
  }
  if (language.uniqueIndexIsConstraint) {
    const asConstraints = uniqueIndexesAsConstraints(completed as unknown as TableDef, theirs);
    completed.indexes = asConstraints.indexes;
    completed.constraints = asConstraints.constraints;
  }
  return withoutUndefined(completed) as unknown as TableDef;
}

/**
 * Prisma's `@unique` is a unique index; a unique constraint on the same columns (as
 * hand-written migrations make) is the same to Prisma, so it stands for the index here,
 * under the index's name (a different name is then a rename).
 */
function uniqueIndexesAsConstraints(table: TableDef, theirs: TableDef): Pick<TableDef, 'indexes' | 'constraints'> {
  const plain = (i: IndexDef) =>
    i.unique &&
    i.method === 'btree' &&
    !i.where &&
    !i.include &&
    !i.options &&
    i.keys.every((k) => k.column && !k.opclass && !k.collation && !k.descending && !k.nulls);
  const columnsOf = (i: IndexDef) => i.keys.map((k) => k.column).join(',');
  const theirIndexes = new Set((theirs.indexes ?? []).filter(plain).map(columnsOf));
  const theirUniques = (theirs.constraints ?? []).filter(
    (c) => c.type === 'unique' && !c.include && !c.deferrable && !c.withoutOverlaps,
  );
  const indexes: IndexDef[] = [];
  const constraints: ConstraintDef[] = [...(table.constraints ?? [])];
  for (const index of table.indexes ?? []) {
    const unique = plain(index) && !theirIndexes.has(columnsOf(index));
    const match = unique && theirUniques.find((c) => c.type === 'unique' && c.columns.join(',') === columnsOf(index));
    if (!match || match.type !== 'unique') {
      indexes.push(index);
      continue;
    }
    constraints.push({
      name: index.name,
      type: 'unique',
      columns: match.columns,
      ...(index.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
    });
  }
  constraints.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { indexes, constraints };
}

/** A view of the models with the triggers the other side has on it (no ORM writes triggers). */
function withTriggersOf(view: ViewDef, theirs: readonly ViewDef[], note: (t: string, p: string) => void): ViewDef {
  const other = theirs.find((v) => qualified(v) === qualified(view));
  for (const t of other?.triggers ?? []) note('trigger', `${qualified(view)}.${t.name}`);
  return withoutUndefined({ ...view, triggers: other?.triggers }) as unknown as ViewDef;
}

/**
 * The other side's views, for models that cannot write views: those that read only tables
 * the models have (and such views). A view over a table the models drop goes with it.
 */
function viewsOf(other: Schema, tables: readonly TableDef[], note: (t: string, p: string) => void): ViewDef[] {
  const known = new Set(tables.map((t) => objectKey('table', t.schema, t.name)));
  const views: ViewDef[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const view of other.views) {
      const key = objectKey('view', view.schema, view.name);
      if (known.has(key)) continue;
      const reads = (view.dependsOn ?? []).filter((d) => d.startsWith('table:') || d.startsWith('view:'));
      if (!reads.every((d) => known.has(d))) continue;
      known.add(key);
      views.push(view);
      grew = true;
    }
  }
  for (const view of views) note(view.materialized ? 'materialized view' : 'view', qualified(view));
  return views.sort((a, b) => (qualified(a) < qualified(b) ? -1 : qualified(a) > qualified(b) ? 1 : 0));
}

function enumInOtherOrder(e: EnumDef, theirs: readonly EnumDef[], note: (t: string, p: string) => void): EnumDef {
  const other = theirs.find((o) => qualified(o) === qualified(e));
  if (!other) return e;
  const values = mergedEnumOrder(e.values, other.values);
  if (values.join('\u0000') === e.values.join('\u0000')) return e;
  note('enum value order', qualified(e));
  return { ...e, values };
}

/** Namespaces of the other side that hold nothing the models write (only functions, types, …). */
function namespacesOnlyOf(
  other: Schema,
  models: Schema,
  completed: Schema,
  note: (t: string, p: string) => void,
): NamespaceDef[] {
  const ours = new Set(models.schemas.map((s) => s.name));
  const modelled = new Set(
    [...other.tables, ...other.enums, ...other.sequences.filter((s: SequenceDef) => !s.ownedBy), ...other.views]
      .filter((o) => !containsObject(completed, o))
      .map((o) => o.schema),
  );
  const taken = other.schemas.filter((s) => !ours.has(s.name) && !modelled.has(s.name));
  for (const s of taken) note('schema', s.name);
  return taken;
}

function containsObject(schema: Schema, o: { readonly schema: string; readonly name: string }): boolean {
  return [...schema.tables, ...schema.enums, ...schema.sequences, ...schema.views].some(
    (x) => x.schema === o.schema && x.name === o.name,
  );
}

/** Objects in the order of their names, as a schema lists extensions and a table its constraints. */
function byName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A loaded schema with the extensions its models use without creating them (compared as any other, in strict mode). */
function withImpliedExtensions(loaded: LoadedSchema): Schema {
  const implied = loaded.impliedExtensions ?? [];
  if (implied.length === 0) return loaded.schema;
  return { ...loaded.schema, extensions: byName([...loaded.schema.extensions, ...implied]) };
}

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * Two loaded schemas with the models among them completed (unless `strict`), and what
 * was taken from the other side. Only a ref of models alone counts as models: joined with
 * `sql:` or `migrations:`, the other parts describe the rest.
 */
export function coverModels(
  from: LoadedSchema,
  to: LoadedSchema,
  strict: boolean,
): { from: Schema; to: Schema; notDescribed: readonly NotDescribed[]; orm?: ModelsOrm } {
  if (strict || (from.models === undefined) === (to.models === undefined)) {
    return { from: withImpliedExtensions(from), to: withImpliedExtensions(to), notDescribed: [] };
  }
  if (from.models) {
    const covered = completeModels(from.schema, to.schema, from.models, from.impliedExtensions);
    return { from: covered.schema, to: to.schema, notDescribed: covered.notDescribed, orm: from.models };
  }
  const covered = completeModels(to.schema, from.schema, to.models as ModelsOrm, to.impliedExtensions);
  return { from: from.schema, to: covered.schema, notDescribed: covered.notDescribed, orm: to.models };
}
