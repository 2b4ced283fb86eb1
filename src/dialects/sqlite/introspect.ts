/**
 * Reads a SQLite schema in a constant number of queries, whatever the number of tables:
 * `sqlite_schema` and `pragma_table_list` for the objects, and one query each joining
 * `pragma_table_xinfo`, `pragma_index_list`/`pragma_index_xinfo` and
 * `pragma_foreign_key_list` against `sqlite_schema`. What the pragmas do not say
 * (constraint names, checks, collations, deferrability, index expressions) is read from the
 * `CREATE` text SQLite keeps (parse-create.ts), and so is what they say wherever the text is
 * plain enough to be sure of it: the pragma queries then name only the tables and indexes
 * whose text leaves a doubt. Only the `main` database is read.
 *
 * The loops over lists that grow with the schema are indexed, and short lists are sorted by insertion:
 * most of this code runs before V8 has optimised it, where each step of a `for … of` allocates
 * a result object and each sort a copy (in a 5,000-table file, 20 MB of short-lived objects
 * that made the collector run more often).
 */
import { adoptCanonicalItems } from '../../schema/canonical.js';
import { emptySchema } from '../../schema/model.js';
import type {
  ColumnDef,
  ConstraintDef,
  ForeignKeyDef,
  IndexDef,
  IndexKey,
  ReferentialAction,
  Schema,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../schema/model.js';
import type { Connection, IntrospectOptions, Introspection } from '../dialect.js';
import type { SqliteDriver, SqliteRow } from './driver.js';
import { byLowerCase, checkNameColumns, generatedConstraintName } from './names.js';
import { significant } from './tokens.js';
import {
  type ParsedColumn,
  type ParsedConstraint,
  type ParsedIndexPart,
  type ParsedReference,
  type ParsedTable,
  columnDef,
  parseCreateIndex,
  parseCreateTable,
  parseCreateTrigger,
  parseViewQuery,
} from './parse-create.js';

/** The one namespace of a SQLite schema. */
export const NAMESPACE = 'main';

// The pragmas' rows come table by table, each table's in the pragma's order (columns by cid,
// index keys by seqno): they are grouped by table here, not sorted by SQLite.
// `pragma_table_list` is read once (a materialized CTE): joined as a table-valued function it
// would list every table again for each row of `sqlite_schema` (minutes at 5,000 tables).
// Only a file with a virtual table can have shadow tables: without one, the list is not read.
// Not ordered: every list is sorted by name once built (SQLite's sort would cost a fifth of the query).
const OBJECTS_SQL = `WITH l AS MATERIALIZED (SELECT name, type FROM pragma_table_list WHERE schema = 'main'
  AND EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'))
SELECT s.type, s.name, s.tbl_name, s.sql, l.type AS list_type
FROM sqlite_schema s LEFT JOIN l ON l.name = s.name
WHERE s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;

// The columns of the tables whose text does not say all the pragma says (`columnsFromText`):
// each table-valued pragma call prepares a statement of its own, a tenth of a second per
// 1,000 tables.
const columnsSql = (
  tables: readonly string[],
) => `SELECT s.name AS table_name, c.cid, c.name, c.type, c."notnull" AS not_null, c.dflt_value, c.pk, c.hidden
FROM sqlite_schema s JOIN pragma_table_xinfo(s.name, 'main') c
WHERE s.type = 'table' AND s.name IN (${quotedList(tables)})`;

// The columns of the views named here (all of them: `undefined`).
const viewColumnsSql = (views?: readonly string[]) => `SELECT s.name AS table_name, c.cid, c.name, c.type
FROM sqlite_schema s JOIN pragma_table_xinfo(s.name, 'main') c
WHERE s.type = 'view'${views ? ` AND s.name IN (${quotedList(views)})` : ''}`;

/**
 * The columns of every view. SQLite compiles a view's query to describe it, and one view it
 * cannot compile (its tables gone, or a function the application registers at run time, as
 * calibre's views call) fails the query for all: then each view is asked on its own, and
 * those that fail are left without columns.
 */
async function viewColumns(
  session: { query(sql: string): Promise<SqliteRow[]> },
  objects: readonly SqliteRow[],
): Promise<SqliteRow[]> {
  try {
    return await session.query(viewColumnsSql());
  } catch {
    const rows: SqliteRow[] = [];
    for (const o of objects) {
      if (o.type !== 'view') continue;
      rows.push(...(await session.query(viewColumnsSql([str(o.name)])).catch(() => [])));
    }
    return rows;
  }
}

// The indexes a `CREATE INDEX` made (those with text): the automatic ones of constraints are
// not separate objects. Uniqueness and the WHERE clause are read from the text; so are the
// keys, but for the indexes named here (`indexKeysFromText`).
const indexesSql = (indexes: readonly string[]) => `SELECT s.tbl_name AS table_name, s.name AS index_name,
  x.seqno, x.cid, x.name AS column_name, x."desc" AS descending, x.coll
FROM sqlite_schema s JOIN pragma_index_xinfo(s.name, 'main') x
WHERE s.type = 'index' AND s.sql IS NOT NULL AND x.key = 1 AND s.name IN (${quotedList(indexes)})`;

// The foreign keys of the tables named here: those whose text leaves a doubt (`writtenForeignKeys`).
const foreignKeysSql = (
  tables: readonly string[],
) => `SELECT s.name AS table_name, f.id, f.seq, f."table" AS target, f."from" AS source, f."to" AS target_column,
  f.on_update, f.on_delete, f."match"
FROM sqlite_schema s JOIN pragma_foreign_key_list(s.name, 'main') f
WHERE s.type = 'table' AND s.name IN (${quotedList(tables)})`;

/** Names as a list of SQL strings, for `IN (…)` (SQLite takes an empty one). */
function quotedList(names: readonly string[]): string {
  return names.map((n) => `'${n.replaceAll("'", "''")}'`).join(', ');
}

const str = (value: unknown): string =>
  typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
const byName = <T extends { readonly name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * A short list (a table's constraints, indexes or triggers) sorted in place, stably, by
 * insertion: `Array.prototype.sort` copies its list first, for each of thousands of lists.
 */
function sortedShort<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i++) {
    const item = list[i] as T;
    let j = i - 1;
    for (; j >= 0 && compare(list[j] as T, item) > 0; j--) list[j + 1] = list[j] as T;
    list[j + 1] = item;
  }
  return list;
}

const sortedByName = <T extends { readonly name: string }>(list: T[]): T[] => sortedShort(list, byName);

/** A table's columns in the model, and its primary key's columns in key order. */
interface ReadColumns {
  readonly columns: ColumnDef[];
  readonly primaryKey: string[];
}

/**
 * A table's columns read from its parsed `CREATE TABLE` when every column's definition is
 * plain (`ParsedColumn.model`); undefined when the pragma must be asked (a `WITHOUT ROWID`
 * table, whose key columns SQLite makes NOT NULL, a table made by `CREATE TABLE … AS SELECT`,
 * a quoted type, a clause the parser skips).
 */
function columnsFromText(parsed: ParsedTable): ReadColumns | undefined {
  if (parsed.columns.length === 0 || parsed.withoutRowid) return undefined;
  let key: readonly string[] | undefined;
  for (let at = 0; at < parsed.constraints.length; at++) {
    const c = parsed.constraints[at] as ParsedConstraint;
    if (c.type !== 'primary key') continue;
    if (key) return undefined;
    key = c.columns;
  }
  for (let at = 0; at < parsed.columns.length; at++) {
    const c = parsed.columns[at] as ParsedColumn;
    if (!c.primaryKey) continue;
    if (key) return undefined;
    key = [c.name];
  }
  const wanted = (key ?? []).map((k) => k.toLowerCase());
  const primaryKey: string[] = [];
  const columns: ColumnDef[] = [];
  for (let at = 0; at < parsed.columns.length; at++) {
    const column = parsed.columns[at] as ParsedColumn;
    if (!column.model) return undefined;
    const keyAt = wanted.indexOf(column.name.toLowerCase());
    if (keyAt >= 0) primaryKey[keyAt] = column.name;
    columns.push(column.model);
  }
  // Every key column must be one of the columns.
  for (let i = 0; i < wanted.length; i++) if (primaryKey[i] === undefined) return undefined;
  return { columns, primaryKey };
}

/**
 * A parsed table with only the columns its constraints and foreign keys are read from (a key,
 * UNIQUE, CHECK or REFERENCES in the column's definition), once its columns are read: the rest
 * of the parse is let go young. Kept whole, it was 18 MB at 5,000 tables, copied by every
 * young-generation collection until the tables were built.
 */
function withoutPlainColumns(parsed: ParsedTable): ParsedTable {
  const columns = parsed.columns.filter((c) => c.primaryKey || c.unique || c.references || c.checks.length > 0);
  return columns.length === parsed.columns.length ? parsed : { ...parsed, columns };
}

/** A table's columns from the rows of `pragma_table_xinfo`, with what only the text says. */
function columnsFromRows(rows: readonly SqliteRow[], parsed: ParsedTable): ReadColumns {
  const written = new Map(parsed.columns.map((c) => [c.name.toLowerCase(), c] as const));
  const columns = rows.map((row) =>
    columnDef(
      str(row.name),
      str(row.type),
      Number(row.not_null) === 1,
      row.dflt_value !== null && row.dflt_value !== undefined ? str(row.dflt_value) : undefined,
      Number(row.hidden),
      written.get(str(row.name).toLowerCase()),
    ),
  );
  const primaryKey = rows
    .filter((r) => Number(r.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((r) => str(r.name));
  return { columns, primaryKey };
}

/** Rows grouped by their `table_name`. */
function byTable(rows: readonly SqliteRow[]): Map<string, SqliteRow[]> {
  const groups = new Map<string, SqliteRow[]>();
  for (let at = 0; at < rows.length; at++) {
    const row = rows[at] as SqliteRow;
    const key = str(row.table_name);
    const list = groups.get(key) ?? [];
    list.push(row);
    groups.set(key, list);
  }
  return groups;
}

const ACTIONS: readonly ReferentialAction[] = ['RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT'];

/** A referential action other than the default. */
function action(value: unknown): ReferentialAction | undefined {
  const text = str(value).toUpperCase();
  return ACTIONS.find((a) => a === text);
}

/** A foreign key as read, its name still to be generated when the text gives none. */
type ReadForeignKey = Omit<ForeignKeyDef, 'name'> & { name?: string };

/** A foreign key as its text writes it: the referencing columns as the table declares them, and the clause. */
interface WrittenForeignKey {
  readonly columns: readonly string[];
  readonly reference: ParsedReference;
}

/**
 * The foreign keys of a table read from its text, in the order written (a column's
 * `REFERENCES`, then the table's `FOREIGN KEY`s: SQLite takes the columns first); undefined
 * when the text leaves a doubt and `pragma_foreign_key_list` is asked: a clause not
 * understood, a column the table does not declare, or a `REFERENCES` the parse did not see
 * (in a string or a comment, or a definition it skipped).
 */
function writtenForeignKeys(
  sql: string,
  parsed: ParsedTable,
  columns: readonly ColumnDef[],
): readonly WrittenForeignKey[] | undefined {
  const written: WrittenForeignKey[] = [];
  for (let at = 0; at < parsed.columns.length; at++) {
    const column = parsed.columns[at] as ParsedColumn;
    if (column.references) written.push({ columns: [column.name], reference: column.references });
  }
  let declared: ReadonlyMap<string, string> | undefined;
  for (let at = 0; at < parsed.constraints.length; at++) {
    const c = parsed.constraints[at] as ParsedConstraint;
    if (c.type !== 'foreign key') continue;
    // The pragma names a referencing column as the table declares it, whatever the case written.
    declared ??= byLowerCase(columns.map((column) => column.name));
    const names: string[] = [];
    for (let k = 0; k < c.columns.length; k++) {
      const name = declared.get((c.columns[k] as string).toLowerCase());
      if (name === undefined) return undefined;
      names.push(name);
    }
    written.push({ columns: names, reference: c });
  }
  for (let at = 0; at < written.length; at++) if (!written[at]?.reference.understood) return undefined;
  if ((sql.match(/\bREFERENCES\b/gi)?.length ?? 0) !== written.length) return undefined;
  return written;
}

/** The foreign keys of a table from {@link writtenForeignKeys}, as {@link foreignKeysOf} reads them from the pragma. */
function foreignKeysFromText(
  written: readonly WrittenForeignKey[],
  primaryKeys: ReadonlyMap<string, string[]>,
  tableNames: ReadonlyMap<string, string>,
): ReadForeignKey[] {
  return written.map(({ columns, reference }) => {
    const target = tableNames.get(reference.table.toLowerCase()) ?? reference.table;
    const onUpdate = action(reference.onUpdate);
    const onDelete = action(reference.onDelete);
    return {
      type: 'foreign key' as const,
      ...(reference.name ? { name: reference.name } : {}),
      columns: [...columns],
      references: {
        schema: NAMESPACE,
        table: target,
        columns: reference.targetColumns ? [...reference.targetColumns] : (primaryKeys.get(target) ?? []),
      },
      ...(onUpdate ? { onUpdate } : {}),
      ...(onDelete ? { onDelete } : {}),
      ...(reference.deferrable ? { deferrable: true } : {}),
      ...(reference.initiallyDeferred ? { initiallyDeferred: true } : {}),
    };
  });
}

/**
 * The foreign keys of a table: the pragma's columns and actions, the text's names and
 * deferrability. A reference to a table's primary key (`REFERENCES p`) takes the key's
 * columns from `primaryKeys`.
 */
function foreignKeysOf(
  rows: readonly SqliteRow[],
  parsed: ParsedTable,
  primaryKeys: ReadonlyMap<string, string[]>,
  tableNames: ReadonlyMap<string, string>,
): ReadForeignKey[] {
  const written = [
    ...parsed.columns.flatMap((c) => (c.references ? [{ columns: [c.name], ...c.references }] : [])),
    ...parsed.constraints.flatMap((c) => (c.type === 'foreign key' ? [c] : [])),
  ];
  // The pragma's rows by id, each id's in `seq` order; the ids run from the last one written.
  const byId = new Map<number, SqliteRow[]>();
  for (let at = 0; at < rows.length; at++) {
    const row = rows[at] as SqliteRow;
    const id = Number(row.id);
    const parts = byId.get(id);
    if (parts) parts.push(row);
    else byId.set(id, [row]);
  }
  const ids = sortedShort([...byId.keys()], (a, b) => b - a);
  return ids.map((id, order) => {
    const parts = sortedShort(byId.get(id) as SqliteRow[], (a, b) => Number(a.seq) - Number(b.seq));
    const first = parts[0] as SqliteRow;
    const columns = parts.map((p) => str(p.source));
    const asWritten = str(first.target);
    // Names are case-insensitive: the referenced table as it is named, not as the reference writes it.
    const target = tableNames.get(asWritten.toLowerCase()) ?? asWritten;
    const targetColumns = parts.some((p) => p.target_column === null)
      ? (primaryKeys.get(target) ?? [])
      : parts.map((p) => str(p.target_column));
    // The clause written in the same place, when the text has as many as the pragma; else the
    // one naming the same table and columns.
    const text =
      written.length === ids.length
        ? written[order]
        : (written.find(
            (w) => w.table.toLowerCase() === target.toLowerCase() && w.columns.join(',') === columns.join(','),
          ) ?? written[order]);
    const onUpdate = action(first.on_update);
    const onDelete = action(first.on_delete);
    return {
      type: 'foreign key' as const,
      ...(text?.name ? { name: text.name } : {}),
      columns,
      references: { schema: NAMESPACE, table: target, columns: targetColumns },
      ...(onUpdate ? { onUpdate } : {}),
      ...(onDelete ? { onDelete } : {}),
      ...(text?.deferrable ? { deferrable: true } : {}),
      ...(text?.initiallyDeferred ? { initiallyDeferred: true } : {}),
    };
  });
}

/** A constraint as read, its name still to be generated when the text gives none. */
type ReadConstraint = ConstraintDef extends infer C
  ? C extends ConstraintDef
    ? Omit<C, 'name'> & { name?: string }
    : never
  : never;

/** A constraint of the model with its name, its members in canonical order (see {@link introspectSqlite}). */
function namedConstraint(c: ReadConstraint, name: string): ConstraintDef {
  switch (c.type) {
    case 'primary key':
    case 'unique':
      return { name, type: c.type, columns: c.columns };
    case 'check':
      return { name, type: 'check', expression: c.expression };
    case 'foreign key': {
      const key: { -readonly [K in keyof ForeignKeyDef]: ForeignKeyDef[K] } = {
        name,
        type: 'foreign key',
        columns: c.columns,
      } as ForeignKeyDef;
      if (c.deferrable) key.deferrable = true;
      if (c.initiallyDeferred) key.initiallyDeferred = true;
      if (c.onDelete) key.onDelete = c.onDelete;
      if (c.onUpdate) key.onUpdate = c.onUpdate;
      key.references = c.references;
      return key;
    }
    case 'exclusion':
      // SQLite has none: the case only completes the model's kinds.
      return { name, type: 'exclusion', definition: c.definition };
  }
}

/** The constraints of a table, each with a name (generated for those written without one). */
function constraintsOf(
  table: string,
  read: ReadColumns,
  parsed: ParsedTable,
  foreignKeys: readonly ReadForeignKey[],
): ConstraintDef[] {
  const found: ReadConstraint[] = [];
  if (read.primaryKey.length > 0) {
    const written =
      parsed.constraints.find((c) => c.type === 'primary key') ?? parsed.columns.find((c) => c.primaryKey)?.primaryKey;
    found.push({ type: 'primary key', ...(written?.name ? { name: written.name } : {}), columns: read.primaryKey });
  }
  for (let at = 0; at < parsed.columns.length; at++) {
    const column = parsed.columns[at] as ParsedColumn;
    if (column.unique) found.push({ type: 'unique', ...column.unique, columns: [column.name] });
    for (let k = 0; k < column.checks.length; k++) found.push({ type: 'check', ...column.checks[k] } as ReadConstraint);
  }
  for (let at = 0; at < parsed.constraints.length; at++) {
    const c = parsed.constraints[at] as ParsedConstraint;
    if (c.type === 'unique') found.push({ type: 'unique', ...(c.name ? { name: c.name } : {}), columns: c.columns });
    if (c.type === 'check')
      found.push({ type: 'check', ...(c.name ? { name: c.name } : {}), expression: c.expression });
  }
  for (let at = 0; at < foreignKeys.length; at++) found.push(foreignKeys[at] as ReadForeignKey);
  const taken = new Set<string>();
  for (let at = 0; at < found.length; at++) {
    const name = found[at]?.name;
    if (name) taken.add(name);
  }
  let columnNames: ReadonlyMap<string, string> | undefined;
  return sortedByName(
    found.map((c) => {
      if (c.name) return namedConstraint(c, c.name);
      columnNames ??= byLowerCase(read.columns.map((column) => column.name));
      const columns =
        c.type === 'check' ? checkNameColumns(c.expression, columnNames) : 'columns' in c ? c.columns : [];
      return namedConstraint(c, generatedConstraintName(table, c.type, columns, taken));
    }),
  );
}

/**
 * The keys of an index as `pragma_index_xinfo` gives them, read from its `CREATE INDEX` when
 * each is a column of the table or an expression without a collation; undefined when the pragma
 * must be asked (a key that is a string, a parenthesised or one-token expression SQLite may take
 * for a column, an expression with a COLLATE).
 */
function indexKeysFromText(
  parsed: ReturnType<typeof parseCreateIndex>,
  columns: ReadonlyMap<string, ColumnDef>,
): IndexKey[] | undefined {
  const keys: IndexKey[] = [];
  for (let at = 0; at < parsed.parts.length; at++) {
    const part = parsed.parts[at] as ParsedIndexPart;
    if (part.column !== undefined) {
      const column = columns.get(part.column.toLowerCase());
      if (!column) return undefined;
      const collation =
        part.collation && part.collation !== (column.collation ?? 'BINARY') ? part.collation : undefined;
      keys.push(indexKey(column.name, undefined, collation, part.descending));
      continue;
    }
    // A COLLATE after an expression may bind to its last operand only (`a || b COLLATE x`): left to the pragma.
    const expression = part.expression ?? '';
    const tokens = significant(expression);
    const collated =
      part.collation !== undefined || tokens.some((t) => t.kind === 'word' && t.text.toUpperCase() === 'COLLATE');
    if (tokens.length < 2 || tokens[0]?.kind === 'open' || collated) return undefined;
    keys.push(indexKey(undefined, expression, undefined, part.descending));
  }
  return keys;
}

/** An index key of the model, its members in canonical order (see {@link introspectSqlite}). */
function indexKey(
  column: string | undefined,
  expression: string | undefined,
  collation: string | undefined,
  descending: boolean | undefined,
): IndexKey {
  const key: { -readonly [K in keyof IndexKey]: IndexKey[K] } = column !== undefined ? { column } : {};
  if (collation) key.collation = collation;
  if (descending) key.descending = true;
  if (column === undefined) key.expression = expression ?? '';
  return key;
}

/** The keys of an index from the pragma's rows. */
function indexKeysFromRows(
  parts: readonly SqliteRow[],
  parsed: ReturnType<typeof parseCreateIndex>,
  columns: readonly ColumnDef[],
): IndexKey[] {
  return parts.map((part, i): IndexKey => {
    const written = parsed.parts[i];
    const column = Number(part.cid) >= 0 ? str(part.column_name) : undefined;
    const columnCollation = columns.find((c) => c.name === column)?.collation ?? 'BINARY';
    const collation = str(part.coll).toUpperCase();
    return indexKey(
      column,
      column === undefined ? (written?.expression ?? str(part.column_name)) : undefined,
      collation && collation !== columnCollation ? collation : undefined,
      Number(part.descending) === 1,
    );
  });
}

/** An index read from its text, with its keys from the text or else from the pragma. */
interface ReadIndex {
  readonly name: string;
  readonly parsed: ReturnType<typeof parseCreateIndex>;
  readonly keys: IndexKey[] | undefined;
}

/** The indexes of a table that do not back a constraint. */
function indexesOf(read: readonly ReadIndex[], rows: readonly SqliteRow[], columns: readonly ColumnDef[]) {
  const indexes: IndexDef[] = [];
  for (let at = 0; at < read.length; at++) {
    const { name, parsed, keys } = read[at] as ReadIndex;
    const fromRows = keys ? [] : rows.filter((r) => str(r.index_name) === name);
    // An index the pragma has no key rows for is not one SQLite knows.
    if (!keys && fromRows.length === 0) continue;
    // Members in canonical order (see introspectSqlite).
    const index: { -readonly [K in keyof IndexDef]: IndexDef[K] } = {
      name,
      keys: keys ?? indexKeysFromRows(fromRows, parsed, columns),
      method: 'btree',
    };
    if (parsed.unique) index.unique = true;
    if (parsed.where) index.where = parsed.where;
    indexes.push(index);
  }
  return sortedByName(indexes);
}

/**
 * Runs `work` in one read-only transaction of a driver or of a connection (whose `query`
 * and `transaction` may be wrapped: the conformance suite counts the statements through them).
 */
function readOnly<T>(
  source: SqliteDriver | Connection,
  work: (session: { query(sql: string): Promise<SqliteRow[]> }) => Promise<T>,
): Promise<T> {
  if ('dialect' in source) {
    return source.transaction((connection) => work({ query: (sql) => connection.query<SqliteRow>(sql) }), {
      readOnly: true,
    });
  }
  return source.transaction('read', (driver) => work(driver));
}

/**
 * Reads the `main` database's schema, through a driver or the dialect's connection over one.
 * Every table and view, and every object in them, is built with its members in canonical order
 * (schema/canonical.ts) and recorded as canonical: a snapshot takes them without copying them
 * (a test holds them to that).
 */
export async function introspectSqlite(
  source: SqliteDriver | Connection,
  options: IntrospectOptions = {},
): Promise<Introspection> {
  const version = 'dialect' in source ? await source.serverVersion() : source.version;
  return readOnly(source, async (session) => {
    options.onProgress?.('objects');
    const objects = await session.query(OBJECTS_SQL);
    options.onProgress?.('columns');
    const parsedTables = new Map<string, ParsedTable>();
    const readColumns = new Map<string, ReadColumns>();
    const askPragma: string[] = [];
    // Each table's text, for its foreign keys.
    const tableTexts = new Map<string, string>();
    for (let at = 0; at < objects.length; at++) {
      const o = objects[at] as SqliteRow;
      if (o.type !== 'table' || o.list_type === 'virtual' || o.list_type === 'shadow') continue;
      const sql = str(o.sql);
      if (/^CREATE VIRTUAL/i.test(sql)) continue;
      const name = str(o.name);
      tableTexts.set(name, sql);
      const parsed = parseCreateTable(sql);
      const read = columnsFromText(parsed);
      if (read) {
        readColumns.set(name, read);
        parsedTables.set(name, withoutPlainColumns(parsed));
      } else {
        parsedTables.set(name, parsed);
        askPragma.push(name);
      }
    }
    for (const [table, rows] of byTable(await session.query(columnsSql(askPragma)))) {
      const parsed = parsedTables.get(table);
      if (parsed) readColumns.set(table, columnsFromRows(rows, parsed));
    }
    const viewColumnRows = byTable(await viewColumns(session, objects));
    options.onProgress?.('indexes');
    const readIndexes = new Map<string, ReadIndex[]>();
    const askIndexes: string[] = [];
    // Each indexed table's columns by their lower-case names, made once for all its indexes.
    const indexedColumns = new Map<string, Map<string, ColumnDef>>();
    for (let at = 0; at < objects.length; at++) {
      const o = objects[at] as SqliteRow;
      if (o.type !== 'index' || o.sql === null || o.sql === undefined) continue;
      const table = str(o.tbl_name);
      const read = readColumns.get(table);
      if (!read) continue;
      let columns = indexedColumns.get(table);
      if (!columns) {
        columns = new Map(read.columns.map((c) => [c.name.toLowerCase(), c] as const));
        indexedColumns.set(table, columns);
      }
      const parsed = parseCreateIndex(str(o.sql));
      const keys = indexKeysFromText(parsed, columns);
      if (!keys) askIndexes.push(str(o.name));
      const list = readIndexes.get(table) ?? [];
      list.push({ name: str(o.name), parsed, keys });
      readIndexes.set(table, list);
    }
    const indexRows = byTable(await session.query(indexesSql(askIndexes)));
    options.onProgress?.('foreign keys');
    const textForeignKeys = new Map<string, readonly WrittenForeignKey[]>();
    const askForeignKeys: string[] = [];
    parsedTables.forEach((parsed, name) => {
      const written = writtenForeignKeys(tableTexts.get(name) ?? '', parsed, readColumns.get(name)?.columns ?? []);
      if (written) textForeignKeys.set(name, written);
      else askForeignKeys.push(name);
    });
    const foreignKeyRows = byTable(await session.query(foreignKeysSql(askForeignKeys)));

    const notIncluded: Record<string, number> = {};
    const skipped = new Set<string>();
    for (let at = 0; at < objects.length; at++) {
      const o = objects[at] as SqliteRow;
      if (
        o.type === 'table' &&
        (o.list_type === 'virtual' || o.list_type === 'shadow' || /^CREATE VIRTUAL/i.test(str(o.sql)))
      ) {
        skipped.add(str(o.name));
        if (o.list_type !== 'shadow') notIncluded['virtual table'] = (notIncluded['virtual table'] ?? 0) + 1;
      }
    }
    const primaryKeys = new Map([...readColumns].map(([table, read]) => [table, read.primaryKey] as const));
    // Names are case-insensitive: each table's name by its lower case, for the references.
    const tableNames = new Map([...primaryKeys.keys()].map((name) => [name.toLowerCase(), name] as const));
    const triggerRows = new Map<string, SqliteRow[]>();
    for (let at = 0; at < objects.length; at++) {
      const o = objects[at] as SqliteRow;
      if (o.type !== 'trigger') continue;
      const on = str(o.tbl_name);
      const list = triggerRows.get(on) ?? [];
      list.push(o);
      triggerRows.set(on, list);
    }
    const triggersOf = (target: string): TriggerDef[] =>
      sortedByName(
        (triggerRows.get(target) ?? []).map((o) => {
          const t = parseCreateTrigger(str(o.sql));
          const trigger: { -readonly [K in keyof TriggerDef]: TriggerDef[K] } = { name: str(o.name) } as TriggerDef;
          if (t.columns) trigger.columns = t.columns;
          trigger.events = t.events;
          trigger.level = 'ROW';
          trigger.timing = t.timing;
          if (t.when) trigger.when = t.when;
          trigger.body = t.body;
          return trigger;
        }),
      );

    const tables: TableDef[] = [];
    for (let at = 0; at < objects.length; at++) {
      const o = objects[at] as SqliteRow;
      const name = str(o.name);
      if (o.type !== 'table' || skipped.has(name)) continue;
      const parsed = parsedTables.get(name) ?? parseCreateTable(str(o.sql));
      const read = readColumns.get(name) ?? { columns: [], primaryKey: [] };
      const written = textForeignKeys.get(name);
      const foreignKeys = written
        ? foreignKeysFromText(written, primaryKeys, tableNames)
        : foreignKeysOf(foreignKeyRows.get(name) ?? [], parsed, primaryKeys, tableNames);
      const constraints = constraintsOf(name, read, parsed, foreignKeys);
      const indexes = indexesOf(readIndexes.get(name) ?? [], indexRows.get(name) ?? [], read.columns);
      const triggers = triggersOf(name);
      const table: { -readonly [K in keyof TableDef]: TableDef[K] } = {
        schema: NAMESPACE,
        name,
        columns: read.columns,
      };
      if (constraints.length > 0) table.constraints = constraints;
      if (indexes.length > 0) table.indexes = indexes;
      if (parsed.strict) table.strict = true;
      if (triggers.length > 0) table.triggers = triggers;
      if (parsed.withoutRowid) table.withoutRowid = true;
      tables.push(table);
    }

    const views: ViewDef[] = objects
      .filter((o) => o.type === 'view')
      .map((o) => {
        const name = str(o.name);
        const triggers = triggersOf(name);
        const columns = (viewColumnRows.get(name) ?? []).map((c) => ({ name: str(c.name), type: str(c.type) }));
        const definition = parseViewQuery(str(o.sql));
        // Members in canonical order: the definition last.
        return triggers.length > 0
          ? { schema: NAMESPACE, name, columns, triggers, definition }
          : { schema: NAMESPACE, name, columns, definition };
      });

    // Every table and view is built in canonical form: snapshots take them without a copy.
    adoptCanonicalItems(tables);
    adoptCanonicalItems(views);
    const schema: Schema = {
      ...emptySchema(),
      schemas: [{ name: NAMESPACE }],
      tables: tables.sort(byName),
      views: views.sort(byName),
    };
    return {
      schema,
      serverVersion: version,
      ...(Object.keys(notIncluded).length > 0 ? { notIncluded } : {}),
    };
  });
}
