/**
 * The diagram of a schema, engine-neutral: a node per table with its key columns (primary key,
 * foreign-key and unique columns), an edge per foreign key with the cardinality its columns'
 * nullability and uniqueness give, and a cluster per schema (namespace). Writers (Mermaid, DOT)
 * draw it; nothing here knows a dialect. Everything is sorted, so the same schema always gives
 * the same text.
 */
import type { ForeignKeyDef, Schema, TableDef } from '../schema/model.js';

/** A key a column takes part in: primary key, foreign key, unique. */
export type ColumnKey = 'PK' | 'FK' | 'UK';

export interface DiagramColumn {
  readonly name: string;
  /** As the schema has it (`character varying(40)`); writers make it fit their syntax. */
  readonly type: string;
  readonly notNull: boolean;
  /** In the order PK, FK, UK. */
  readonly keys: readonly ColumnKey[];
}

export interface DiagramNode {
  /** `schema.table`. */
  readonly id: string;
  readonly schema: string;
  readonly name: string;
  /** The key columns, in table order. */
  readonly columns: readonly DiagramColumn[];
  /** A word the writers show with the name (`extra`, `missing`, `changed` in a comparison). */
  readonly mark?: string;
}

/**
 * A foreign key, drawn from the referenced (parent) table to the referencing (child) one.
 * `parent`: how many parent rows a child row has (`one`, or `zero-or-one` when a key column
 * is nullable); `child`: how many child rows a parent row has (`zero-or-one` when the
 * foreign-key columns are unique in the child, else `zero-or-many`).
 */
export interface DiagramEdge {
  /** The referencing table's id. */
  readonly from: string;
  readonly columns: readonly string[];
  /** The referenced table's id. */
  readonly to: string;
  readonly referencedColumns: readonly string[];
  /** The constraint's name. */
  readonly name: string;
  readonly parent: 'one' | 'zero-or-one';
  readonly child: 'zero-or-one' | 'zero-or-many';
  /** The foreign-key columns are part of the child's primary key (a solid line in an ER diagram). */
  readonly identifying: boolean;
  /** A word the writers show with the columns (`extra`, `missing` in a comparison). */
  readonly mark?: string;
}

export interface DiagramCluster {
  readonly schema: string;
  /** Node ids, sorted. */
  readonly nodes: readonly string[];
}

export interface Diagram {
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  readonly clusters: readonly DiagramCluster[];
  /** Tables that belong in the picture but were left out to keep it small, by id. */
  readonly omitted: readonly string[];
}

/** Edges in the order the writers draw them: by referencing table, referenced table, name. */
export function sortEdges(edges: readonly DiagramEdge[]): DiagramEdge[] {
  return [...edges].sort(
    (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.name, b.name),
  );
}

export function tableId(table: { readonly schema: string; readonly name: string }): string {
  return `${table.schema}.${table.name}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function foreignKeys(table: TableDef): ForeignKeyDef[] {
  return (table.constraints ?? []).filter((c): c is ForeignKeyDef => c.type === 'foreign key');
}

/** Column sets that are unique in a table: its primary key, unique constraints and plain unique indexes. */
function uniqueSets(table: TableDef): { primary: readonly string[]; unique: (readonly string[])[] } {
  let primary: readonly string[] = [];
  const unique: (readonly string[])[] = [];
  for (const c of table.constraints ?? []) {
    if (c.type === 'primary key') primary = c.columns;
    else if (c.type === 'unique') unique.push(c.columns);
  }
  for (const index of table.indexes ?? []) {
    if (!index.unique || index.where) continue;
    const columns = index.keys.map((k) => k.column);
    if (columns.every((c): c is string => c !== undefined)) unique.push(columns);
  }
  return { primary, unique };
}

function node(table: TableDef, mark?: string): DiagramNode {
  const { primary, unique } = uniqueSets(table);
  const fkColumns = new Set(foreignKeys(table).flatMap((fk) => fk.columns));
  const uniqueColumns = new Set(unique.flat());
  const columns: DiagramColumn[] = [];
  for (const column of table.columns) {
    const keys: ColumnKey[] = [];
    if (primary.includes(column.name)) keys.push('PK');
    if (fkColumns.has(column.name)) keys.push('FK');
    if (uniqueColumns.has(column.name)) keys.push('UK');
    if (keys.length === 0) continue;
    columns.push({ name: column.name, type: column.type, notNull: column.notNull === true || keys[0] === 'PK', keys });
  }
  return { id: tableId(table), schema: table.schema, name: table.name, columns, ...(mark ? { mark } : {}) };
}

function edge(table: TableDef, fk: ForeignKeyDef): DiagramEdge {
  const { primary, unique } = uniqueSets(table);
  // A primary-key column holds no NULL, whatever the catalog says (SQLite's INTEGER PRIMARY KEY).
  const notNull = fk.columns.every(
    (name) => primary.includes(name) || table.columns.find((c) => c.name === name)?.notNull === true,
  );
  // The foreign key's columns hold a unique key of the child: a parent row has at most one child.
  const containsKey = [primary, ...unique].some((set) => set.length > 0 && set.every((c) => fk.columns.includes(c)));
  return {
    from: tableId(table),
    columns: fk.columns,
    to: `${fk.references.schema}.${fk.references.table}`,
    referencedColumns: fk.references.columns,
    name: fk.name,
    parent: notNull ? 'one' : 'zero-or-one',
    child: containsKey ? 'zero-or-one' : 'zero-or-many',
    identifying: fk.columns.length > 0 && fk.columns.every((c) => primary.includes(c)),
  };
}

/** The tables a diagram shows: all but partitions, which their partitioned table stands for. */
function drawable(tables: readonly TableDef[]): TableDef[] {
  return tables.filter((t) => !t.partitionOf);
}

export interface DiagramOptions {
  /** Only these tables (ids); all when not given. */
  readonly tables?: ReadonlySet<string>;
  /** Marks shown with some tables, by id. */
  readonly marks?: ReadonlyMap<string, string>;
  /** Named as left out (see {@link Diagram.omitted}). */
  readonly omitted?: readonly string[];
}

/**
 * The diagram of a schema's tables (of `options.tables` only, when given), partitions left out. An edge is drawn
 * when both its tables are in the picture.
 */
export function diagramOf(schema: Pick<Schema, 'tables'>, options: DiagramOptions = {}): Diagram {
  const tables = drawable(schema.tables)
    .filter((t) => !options.tables || options.tables.has(tableId(t)))
    .sort((a, b) => compareText(tableId(a), tableId(b)));
  const ids = new Set(tables.map(tableId));
  const nodes = tables.map((t) => node(t, options.marks?.get(tableId(t))));
  const edges = sortEdges(tables.flatMap((t) => foreignKeys(t).map((fk) => edge(t, fk))).filter((e) => ids.has(e.to)));
  const bySchema = new Map<string, string[]>();
  for (const n of nodes) bySchema.set(n.schema, [...(bySchema.get(n.schema) ?? []), n.id]);
  const clusters = [...bySchema.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([s, members]) => ({ schema: s, nodes: members }));
  return { nodes, edges, clusters, omitted: [...(options.omitted ?? [])].sort(compareText) };
}

/** What {@link neighbourhood} picks: the tables to draw, and those left out to keep it small. */
export interface Neighbourhood {
  readonly tables: ReadonlySet<string>;
  readonly omitted: readonly string[];
}

/**
 * Some tables (`centre`, by id) and their direct foreign-key neighbours (the tables they
 * reference and those that reference them), at most `limit` tables: the centre comes first
 * (sorted), then the neighbours (sorted); the rest are named in `omitted`. Ids of the centre
 * that are no table of the schema are ignored.
 */
export function neighbourhood(
  schema: Pick<Schema, 'tables'>,
  centre: Iterable<string>,
  limit = Number.POSITIVE_INFINITY,
): Neighbourhood {
  const known = new Set(drawable(schema.tables).map(tableId));
  const core = [...new Set(centre)].filter((id) => known.has(id)).sort(compareText);
  const inCore = new Set(core);
  const around = new Set<string>();
  for (const table of drawable(schema.tables)) {
    const id = tableId(table);
    for (const fk of foreignKeys(table)) {
      const target = `${fk.references.schema}.${fk.references.table}`;
      if (!known.has(target)) continue;
      if (inCore.has(id) && !inCore.has(target)) around.add(target);
      if (inCore.has(target) && !inCore.has(id)) around.add(id);
    }
  }
  const wanted = [...core, ...[...around].sort(compareText)];
  return { tables: new Set(wanted.slice(0, limit)), omitted: wanted.slice(limit) };
}
