/**
 * The optional lists of the schema model: object kinds one engine has and another does
 * not (rewrite rules, foreign data, extended statistics, publications, operators, text
 * search, …). The core of the model (schemas, tables with their columns, constraints and
 * indexes, views, types, routines, sequences, triggers) is always present; each list here
 * is present only in a schema read by an engine that has the kind, and only since the
 * schemaguard version that first recorded it. A list one side of a comparison lacks is not
 * compared (report/not-compared.ts says so), and a dialect declares which lists it
 * produces (`Dialect.model.lists`), which is all the diff iterates.
 *
 * This file is the one registry of those lists: how one object is named (its key and
 * display path), what makes that name, how a list is ordered in a snapshot, whom an
 * object belongs to for filtering, and the nouns reports use.
 */

import type { ExtensibilityLists, ExtensibilityObjectType } from './model-extensibility.js';
import type { KindLists, KindObjectType } from './model-kinds.js';

/** Every optional list of the model. */
export type OptionalLists = KindLists & ExtensibilityLists;

/** The name of an optional list, as written in a snapshot. */
export type ListName = keyof OptionalLists;

/** The object types of the optional lists' changes: each list's singular noun. */
export type ListObjectType = KindObjectType | ExtensibilityObjectType;

/** One object of a list. */
export type ListItem<L extends ListName> = NonNullable<OptionalLists[L]>[number];

/**
 * Whom an object belongs to, for schema filters: a table (kept with it), a schema
 * (kept with it; objects outside schemas go with the database), or the database (kept
 * only when the filter names no tables and no schemas).
 */
export type ListScope<T> =
  | { readonly kind: 'relation'; readonly relation: (item: T) => readonly [schema: string, name: string] }
  | { readonly kind: 'schema' }
  | { readonly kind: 'database' };

/**
 * When schemaguard started recording a list: snapshots written before lack it. Lists that
 * came with table access methods, replica identities and column storage (`relations`)
 * were added together; catalog objects (`catalog`) each on their own; MySQL's own kinds
 * (`mysql`) came with MySQL, so every MySQL snapshot has them.
 */
export type ListEra = 'relations' | 'catalog' | 'mysql';

/** How the model, the diff, filters and reports treat one optional list. */
export interface ListKind<T> {
  /** Singular noun, which is also the object type of its changes: `foreign table`. */
  readonly objectType: ListObjectType;
  /** Plural noun for reports: `foreign tables`. */
  readonly plural: string;
  /** The key that matches an object of one schema with one of another; also its display path. */
  readonly path: (item: T) => string;
  /** Members that make up the key, not compared as attributes. */
  readonly identity: readonly string[];
  /** The sort key of the list in a snapshot, when it is not the path. */
  readonly order?: (item: T) => string;
  /** The object with its own member lists put in canonical order. */
  readonly canonical?: (item: T) => T;
  /** The table the object belongs to, for grouping changes in reports. */
  readonly table?: (item: T) => string;
  /** Attribute values put in a comparable form before comparing. */
  readonly normalizers?: Readonly<Record<string, (value: unknown) => unknown>>;
  readonly scope: ListScope<T>;
  readonly era: ListEra;
}

const qualified = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;
const byName = (o: { readonly name: string }) => o.name;
const nulSeparated = (o: { readonly schema: string; readonly name: string }) => `${o.schema}\u0000${o.name}`;

function sortedBy<T>(list: readonly T[], key: (item: T) => string): readonly T[] {
  const keys = list.map(key);
  const inOrder = keys.every((k, i) => i === 0 || (keys[i - 1] as string) <= k);
  return inOrder ? list : [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every optional list, in the order a snapshot shows them and the diff lists their changes. */
export const LIST_KINDS: { readonly [L in ListName]: ListKind<ListItem<L>> } = {
  foreignDataWrappers: {
    objectType: 'foreign data wrapper',
    plural: 'foreign data wrappers',
    path: byName,
    identity: ['name'],
    scope: { kind: 'database' },
    era: 'relations',
  },
  foreignServers: {
    objectType: 'foreign server',
    plural: 'foreign servers',
    path: byName,
    identity: ['name'],
    scope: { kind: 'database' },
    era: 'relations',
  },
  userMappings: {
    objectType: 'user mapping',
    plural: 'user mappings',
    path: (m) => `${m.user}@${m.server}`,
    identity: ['user', 'server'],
    order: (m) => `${m.server}\u0000${m.user}`,
    scope: { kind: 'database' },
    era: 'relations',
  },
  foreignTables: {
    objectType: 'foreign table',
    plural: 'foreign tables',
    path: qualified,
    identity: ['schema', 'name'],
    order: nulSeparated,
    // Column order is not a difference, as for tables: ADD COLUMN can only append.
    normalizers: {
      columns: (columns) => [...(columns as { name: string }[])].sort((a, b) => (a.name < b.name ? -1 : 1)),
    },
    scope: { kind: 'relation', relation: (t) => [t.schema, t.name] },
    era: 'relations',
  },
  rules: {
    objectType: 'rule',
    plural: 'rules',
    path: (r) => `${r.schema}.${r.table}.${r.name}`,
    identity: ['schema', 'table', 'name'],
    order: (r) => `${r.schema}\u0000${r.table}\u0000${r.name}`,
    table: (r) => `${r.schema}.${r.table}`,
    scope: { kind: 'relation', relation: (r) => [r.schema, r.table] },
    era: 'relations',
  },
  statistics: {
    objectType: 'statistics',
    plural: 'statistics objects',
    path: qualified,
    identity: ['schema', 'name'],
    order: nulSeparated,
    table: (s) => `${s.table.schema}.${s.table.table}`,
    scope: { kind: 'relation', relation: (s) => [s.table.schema, s.table.table] },
    era: 'relations',
  },
  publications: {
    objectType: 'publication',
    plural: 'publications',
    path: byName,
    identity: ['name'],
    canonical: (p) => ({
      ...p,
      tables: p.tables && sortedBy(p.tables, (t) => `${t.schema}\u0000${t.table}`),
      schemas: p.schemas && sortedBy(p.schemas, (s) => s),
    }),
    scope: { kind: 'database' },
    era: 'relations',
  },
  accessMethods: {
    objectType: 'access method',
    plural: 'access methods',
    path: byName,
    identity: ['name'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  operators: {
    objectType: 'operator',
    plural: 'operators',
    path: (o) => `${qualified(o)}(${o.left ?? 'NONE'},${o.right})`,
    identity: ['schema', 'name', 'left', 'right'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  operatorFamilies: {
    objectType: 'operator family',
    plural: 'operator families',
    path: (f) => `${qualified(f)} USING ${f.method}`,
    identity: ['schema', 'name', 'method'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  operatorClasses: {
    objectType: 'operator class',
    plural: 'operator classes',
    path: (c) => `${qualified(c)} USING ${c.method}`,
    identity: ['schema', 'name', 'method'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  aggregates: {
    objectType: 'aggregate',
    plural: 'aggregates',
    path: (a) => `${qualified(a)}(${a.identityArguments})`,
    identity: ['schema', 'name', 'identityArguments'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  casts: {
    objectType: 'cast',
    plural: 'casts',
    path: (c) => `${c.source} AS ${c.target}`,
    identity: ['source', 'target'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  conversions: {
    objectType: 'conversion',
    plural: 'conversions',
    path: qualified,
    identity: ['schema', 'name'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  transforms: {
    objectType: 'transform',
    plural: 'transforms',
    path: (t) => `${t.type} LANGUAGE ${t.language}`,
    identity: ['type', 'language'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  textSearchParsers: {
    objectType: 'text search parser',
    plural: 'text search parsers',
    path: qualified,
    identity: ['schema', 'name'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  textSearchTemplates: {
    objectType: 'text search template',
    plural: 'text search templates',
    path: qualified,
    identity: ['schema', 'name'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  textSearchDictionaries: {
    objectType: 'text search dictionary',
    plural: 'text search dictionaries',
    path: qualified,
    identity: ['schema', 'name'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  textSearchConfigurations: {
    objectType: 'text search configuration',
    plural: 'text search configurations',
    path: qualified,
    identity: ['schema', 'name'],
    scope: { kind: 'schema' },
    era: 'catalog',
  },
  events: {
    objectType: 'event',
    plural: 'events',
    path: qualified,
    identity: ['schema', 'name'],
    order: nulSeparated,
    scope: { kind: 'schema' },
    era: 'mysql',
  },
};

/** The names of the optional lists, in snapshot order. */
export const LIST_NAMES = Object.keys(LIST_KINDS) as ListName[];

/** The lists of one era, in snapshot order. */
export function listsOf(era: ListEra): ListName[] {
  return LIST_NAMES.filter((list) => LIST_KINDS[list].era === era);
}

/** The kind of a list, for code that handles every list alike. */
export function listKind(list: ListName): ListKind<object> {
  return LIST_KINDS[list] as unknown as ListKind<object>;
}

/** Empty lists of every optional kind: what a schema read by this version has when it has none. */
export function emptyLists(): { -readonly [L in ListName]-?: ListItem<L>[] } {
  const lists: Record<string, unknown[]> = Object.fromEntries(LIST_NAMES.map((list) => [list, []]));
  return lists as { -readonly [L in ListName]-?: ListItem<L>[] };
}

/** A table by object type of the `catalog` lists, each value made from the list's kind. */
export function byCatalogObjectType<V>(value: (kind: ListKind<object>) => V): Record<ExtensibilityObjectType, V> {
  return Object.fromEntries(
    listsOf('catalog').map((list) => [LIST_KINDS[list].objectType, value(listKind(list))]),
  ) as Record<ExtensibilityObjectType, V>;
}

/**
 * Whether a schema records every list of the `relations` era and the table attributes that
 * came with them (access method, replica identity, column compression and storage): false
 * for a snapshot written by an older schemaguard.
 */
export function recordsRelationLists(schema: OptionalLists): boolean {
  return listsOf('relations').every((list) => schema[list] !== undefined);
}

/** Table and column attributes recorded since the `relations` era: not compared with a schema that lacks them. */
export const RELATION_ERA_TABLE_ATTRIBUTES = ['accessMethod', 'replicaIdentity'];
export const RELATION_ERA_COLUMN_ATTRIBUTES = ['compression', 'storage'];

/** The lists a schema has, each in canonical order (objects sorted by name, their own lists too). */
export function normalizeLists(schema: OptionalLists): OptionalLists {
  const out: Record<string, unknown> = {};
  for (const list of LIST_NAMES) {
    const items = schema[list] as readonly object[] | undefined;
    if (items === undefined) continue;
    const kind = listKind(list);
    const sorted = sortedBy(items, kind.order ?? kind.path);
    out[list] = kind.canonical ? sorted.map(kind.canonical) : sorted;
  }
  return out as OptionalLists;
}

/** What a schema filter keeps, as {@link filterLists} needs it. */
export interface ListFilter {
  /** Whether a table, view or foreign table is kept. */
  readonly keepRelation: (schema: string, name: string) => boolean;
  /** Whether the objects of a schema are kept. */
  readonly keepSchema: (schema: string) => boolean;
  /** Whether objects that belong to the database rather than a schema or table are kept. */
  readonly keepDatabaseObjects: boolean;
}

/**
 * The part of the lists a filter keeps: objects of a table go with it, objects of a schema
 * with it, objects of the database only with the whole database; a publication keeps only
 * the tables kept.
 */
export function filterLists(schema: OptionalLists, filter: ListFilter): OptionalLists {
  const out: Record<string, unknown> = {};
  for (const list of LIST_NAMES) {
    const items = schema[list] as readonly object[] | undefined;
    if (items === undefined) continue;
    const { scope } = listKind(list);
    const keep =
      scope.kind === 'relation'
        ? (o: object) => filter.keepRelation(...scope.relation(o))
        : scope.kind === 'schema'
          ? (o: { schema?: string }) =>
              o.schema === undefined ? filter.keepDatabaseObjects : filter.keepSchema(o.schema)
          : () => filter.keepDatabaseObjects;
    out[list] = items.filter(keep);
  }
  const publications = out.publications as OptionalLists['publications'];
  if (publications) {
    out.publications = publications.map((p) =>
      p.tables ? { ...p, tables: p.tables.filter((t) => filter.keepRelation(t.schema, t.table)) } : p,
    );
  }
  return out as OptionalLists;
}
