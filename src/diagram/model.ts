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

/** A schema's nodes, edges and neighbours, made once and drawn from for each picture. */
interface Parts {
  /** Sorted by id. */
  readonly nodes: ReadonlyMap<string, DiagramNode>;
  /** By referencing table. */
  readonly edges: ReadonlyMap<string, readonly DiagramEdge[]>;
  /** The tables each table references or is referenced by, itself left out. */
  readonly neighbours: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The tables each drawable table references or is referenced by, itself left out. */
function adjacency(tables: readonly TableDef[]): Map<string, Set<string>> {
  const neighbours = new Map<string, Set<string>>(tables.map((t) => [tableId(t), new Set<string>()]));
  for (const table of tables) {
    const id = tableId(table);
    for (const fk of foreignKeys(table)) {
      const target = `${fk.references.schema}.${fk.references.table}`;
      if (target === id || !neighbours.has(target)) continue;
      neighbours.get(id)?.add(target);
      neighbours.get(target)?.add(id);
    }
  }
  return neighbours;
}

function partsOf(schema: Pick<Schema, 'tables'>, only?: ReadonlySet<string>): Parts {
  const tables = drawable(schema.tables)
    .filter((t) => !only || only.has(tableId(t)))
    .sort((a, b) => compareText(tableId(a), tableId(b)));
  const nodes = new Map(tables.map((t) => [tableId(t), node(t)]));
  const edges = new Map(
    tables.map((t) => [
      tableId(t),
      foreignKeys(t)
        .map((fk) => edge(t, fk))
        .filter((e) => nodes.has(e.to)),
    ]),
  );
  return { nodes, edges, neighbours: adjacency(tables) };
}

function draw(parts: Parts, options: DiagramOptions): Diagram {
  const ids = [...parts.nodes.keys()].filter((id) => !options.tables || options.tables.has(id));
  const shown = new Set(ids);
  const nodes = ids.map((id) => {
    const plain = parts.nodes.get(id) as DiagramNode;
    const mark = options.marks?.get(id);
    return mark ? { ...plain, mark } : plain;
  });
  const edges = sortEdges(ids.flatMap((id) => (parts.edges.get(id) ?? []).filter((e) => shown.has(e.to))));
  const bySchema = new Map<string, string[]>();
  for (const n of nodes) {
    const members = bySchema.get(n.schema);
    if (members) members.push(n.id);
    else bySchema.set(n.schema, [n.id]);
  }
  const clusters = [...bySchema.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([s, members]) => ({ schema: s, nodes: members }));
  return { nodes, edges, clusters, omitted: [...(options.omitted ?? [])].sort(compareText) };
}

function around(
  parts: Pick<Parts, 'neighbours'> & { readonly nodes: ReadonlyMap<string, unknown> },
  centre: Iterable<string>,
  limit: number,
): Neighbourhood {
  const core = [...new Set(centre)].filter((id) => parts.nodes.has(id)).sort(compareText);
  const inCore = new Set(core);
  const near = new Set<string>();
  for (const id of core) for (const n of parts.neighbours.get(id) ?? []) if (!inCore.has(n)) near.add(n);
  const wanted = [...core, ...[...near].sort(compareText)];
  return { tables: new Set(wanted.slice(0, limit)), omitted: wanted.slice(limit) };
}

/**
 * The diagram of a schema's tables (of `options.tables` only, when given), partitions left out.
 * An edge is drawn when both its tables are in the picture.
 */
export function diagramOf(schema: Pick<Schema, 'tables'>, options: DiagramOptions = {}): Diagram {
  return draw(partsOf(schema, options.tables), options);
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
  const neighbours = adjacency(drawable(schema.tables));
  return around({ nodes: neighbours, neighbours }, centre, limit);
}

/** One picture of a set: what it shows, and its diagram. */
export interface Picture {
  /** `all tables`, `schema shop`, `table shop.orders`. */
  readonly title: string;
  /** The schema of a per-schema picture, the table of a neighbourhood picture. */
  readonly subject?: string;
  readonly diagram: Diagram;
}

/**
 * The pictures of a schema that stay readable. With at most `limit` tables: one picture of
 * them all. With more: a picture per schema (its first `limit` tables, the rest named, with
 * foreign keys between those tables only), then a neighbourhood picture per table (the table
 * and its direct foreign-key neighbours, at most `limit`), all sorted.
 */
export function picturesOf(schema: Pick<Schema, 'tables'>, limit = 30): Picture[] {
  const parts = partsOf(schema);
  if (parts.nodes.size <= limit) return [{ title: 'all tables', diagram: draw(parts, {}) }];
  const bySchema = new Map<string, string[]>();
  for (const n of parts.nodes.values()) {
    const members = bySchema.get(n.schema);
    if (members) members.push(n.id);
    else bySchema.set(n.schema, [n.id]);
  }
  const perSchema = [...bySchema.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, members]) => ({
      title: `schema ${name}`,
      subject: name,
      diagram: draw(parts, { tables: new Set(members.slice(0, limit)), omitted: members.slice(limit) }),
    }));
  const perTable = [...parts.nodes.keys()].map((id) => {
    const picked = around(parts, [id], limit);
    return {
      title: `table ${id}`,
      subject: id,
      diagram: draw(parts, { tables: picked.tables, omitted: picked.omitted }),
    };
  });
  return [...perSchema, ...perTable];
}
