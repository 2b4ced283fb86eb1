import type { KindLists } from '../schema/model-kinds.js';
import type { ObjectType } from './change.js';

/** How the generic diff compares one list of {@link KindLists}: objects as a whole, matched by key. */
export interface KindDiff {
  readonly list: keyof KindLists;
  readonly objectType: ObjectType;
  /** The key that matches an object of `from` with one of `to`; also its display path. */
  readonly key: (item: never) => string;
  /** Members that make up the key, not compared as attributes. */
  readonly identity: readonly string[];
  /** The table the object belongs to, for grouping in reports. */
  readonly table?: (item: never) => string;
  /** Attribute values put in a comparable form first. */
  readonly normalizers?: Readonly<Record<string, (value: unknown) => unknown>>;
}

type Qualified = { readonly schema: string; readonly name: string };

const qualified = (o: Qualified) => `${o.schema}.${o.name}`;

/** The kinds in the order their changes are listed: wrappers before servers before what uses them. */
export const KIND_DIFFS: readonly KindDiff[] = [
  {
    list: 'foreignDataWrappers',
    objectType: 'foreign data wrapper',
    key: (w: { name: string }) => w.name,
    identity: ['name'],
  },
  { list: 'foreignServers', objectType: 'foreign server', key: (s: { name: string }) => s.name, identity: ['name'] },
  {
    list: 'userMappings',
    objectType: 'user mapping',
    key: (m: { user: string; server: string }) => `${m.user}@${m.server}`,
    identity: ['user', 'server'],
  },
  {
    list: 'foreignTables',
    objectType: 'foreign table',
    key: qualified,
    identity: ['schema', 'name'],
    // Column order is not a difference, as for tables: ADD COLUMN can only append.
    normalizers: {
      columns: (columns) => [...(columns as { name: string }[])].sort((a, b) => (a.name < b.name ? -1 : 1)),
    },
  },
  {
    list: 'rules',
    objectType: 'rule',
    key: (r: { schema: string; table: string; name: string }) => `${r.schema}.${r.table}.${r.name}`,
    identity: ['schema', 'table', 'name'],
    table: (r: { schema: string; table: string }) => `${r.schema}.${r.table}`,
  },
  {
    list: 'statistics',
    objectType: 'statistics',
    key: qualified,
    identity: ['schema', 'name'],
    table: (s: { table: { schema: string; table: string } }) => `${s.table.schema}.${s.table.table}`,
  },
  { list: 'publications', objectType: 'publication', key: (p: { name: string }) => p.name, identity: ['name'] },
];

/** Table and column attributes recorded since these kinds: not compared with a schema that lacks them. */
export const KIND_TABLE_ATTRIBUTES = ['accessMethod', 'replicaIdentity'];
export const KIND_COLUMN_ATTRIBUTES = ['compression', 'storage'];
