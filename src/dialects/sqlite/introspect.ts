/**
 * Reads a SQLite schema in a constant number of queries, whatever the number of tables:
 * `sqlite_schema` and `pragma_table_list` for the objects, and one query each joining
 * `pragma_table_xinfo`, `pragma_index_list`/`pragma_index_xinfo` and
 * `pragma_foreign_key_list` against `sqlite_schema`. What the pragmas do not say
 * (constraint names, checks, collations, deferrability, index expressions) is read from the
 * `CREATE` text SQLite keeps (parse-create.ts). Only the `main` database is read.
 */
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
import { checkNameColumns, generatedConstraintName } from './names.js';
import { significant } from './tokens.js';
import {
  type ParsedTable,
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

// The columns of the tables whose text does not say all the pragma says (`columnRowsFromText`):
// each table-valued pragma call prepares a statement of its own, a tenth of a second per
// 1,000 tables.
const columnsSql = (
  tables: readonly string[],
) => `SELECT s.name AS table_name, c.cid, c.name, c.type, c."notnull" AS not_null, c.dflt_value, c.pk, c.hidden
FROM sqlite_schema s JOIN pragma_table_xinfo(s.name, 'main') c
WHERE s.type = 'table' AND s.name IN (${quotedList(tables)})`;

const VIEW_COLUMNS_SQL = `SELECT s.name AS table_name, c.cid, c.name, c.type
FROM sqlite_schema s JOIN pragma_table_xinfo(s.name, 'main') c WHERE s.type = 'view'`;

// The indexes a `CREATE INDEX` made (those with text): the automatic ones of constraints are
// not separate objects. Uniqueness and the WHERE clause are read from the text; so are the
// keys, but for the indexes named here (`indexKeysFromText`).
const indexesSql = (indexes: readonly string[]) => `SELECT s.tbl_name AS table_name, s.name AS index_name,
  x.seqno, x.cid, x.name AS column_name, x."desc" AS descending, x.coll
FROM sqlite_schema s JOIN pragma_index_xinfo(s.name, 'main') x
WHERE s.type = 'index' AND s.sql IS NOT NULL AND x.key = 1 AND s.name IN (${quotedList(indexes)})`;

// Only tables whose text has a REFERENCES clause can have a foreign key.
const FOREIGN_KEYS_SQL = `SELECT s.name AS table_name, f.id, f.seq, f."table" AS target, f."from" AS source, f."to" AS target_column,
  f.on_update, f.on_delete, f."match"
FROM sqlite_schema s JOIN pragma_foreign_key_list(s.name, 'main') f
WHERE s.type = 'table' AND s.sql LIKE '%REFERENCES%' AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND s.sql NOT LIKE 'CREATE VIRTUAL%'`;

/** Names as a list of SQL strings, for `IN (…)` (SQLite takes an empty one). */
function quotedList(names: readonly string[]): string {
  return names.map((n) => `'${n.replaceAll("'", "''")}'`).join(', ');
}

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const byName = <T extends { readonly name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The rows `pragma_table_xinfo` gives for a table, read from its parsed `CREATE TABLE` when
 * every column's definition is plain (`ParsedColumn.pragma`); undefined when the pragma must be
 * asked (a `WITHOUT ROWID` table, whose key columns SQLite makes NOT NULL, a table made by
 * `CREATE TABLE … AS SELECT`, a quoted type, a clause the parser skips).
 */
function columnRowsFromText(table: string, parsed: ParsedTable): SqliteRow[] | undefined {
  if (parsed.columns.length === 0 || parsed.withoutRowid) return undefined;
  const keys = parsed.constraints.flatMap((c) => (c.type === 'primary key' ? [c.columns] : []));
  const columnKeys = parsed.columns.filter((c) => c.primaryKey);
  if (keys.length + columnKeys.length > 1) return undefined;
  const key = (keys[0] ?? columnKeys.map((c) => c.name)).map((k) => k.toLowerCase());
  const rows: SqliteRow[] = [];
  for (const [cid, column] of parsed.columns.entries()) {
    const facts = column.pragma;
    if (!facts) return undefined;
    rows.push({
      table_name: table,
      cid,
      name: column.name,
      type: facts.type,
      not_null: facts.notNull ? 1 : 0,
      dflt_value: facts.default ?? null,
      pk: key.indexOf(column.name.toLowerCase()) + 1,
      hidden: facts.hidden,
    });
  }
  // Every key column must be one of the columns.
  if (key.some((k) => !rows.some((r) => str(r.name).toLowerCase() === k))) return undefined;
  return rows;
}

/** Rows grouped by their `table_name`. */
function byTable(rows: readonly SqliteRow[]): Map<string, SqliteRow[]> {
  const groups = new Map<string, SqliteRow[]>();
  for (const row of rows) {
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

/** The primary key columns of a table, by `pk` position. */
function primaryKeyColumns(rows: readonly SqliteRow[]): string[] {
  return rows
    .filter((r) => Number(r.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((r) => str(r.name));
}

/** The foreign keys of a table: the pragma's columns and actions, the text's names and deferrability. */
function foreignKeysOf(
  rows: readonly SqliteRow[],
  parsed: ParsedTable,
  primaryKeys: ReadonlyMap<string, string[]>,
  tableNames: ReadonlyMap<string, string>,
): (Omit<ForeignKeyDef, 'name'> & { name?: string })[] {
  const written = [
    ...parsed.columns.flatMap((c) => (c.references ? [{ columns: [c.name], ...c.references }] : [])),
    ...parsed.constraints.flatMap((c) => (c.type === 'foreign key' ? [c] : [])),
  ];
  const ids = [...new Set(rows.map((r) => Number(r.id)))].sort((a, b) => b - a);
  return ids.map((id, order) => {
    const parts = rows.filter((r) => Number(r.id) === id).sort((a, b) => Number(a.seq) - Number(b.seq));
    const first = parts[0] as SqliteRow;
    const columns = parts.map((p) => str(p.source));
    const asWritten = str(first.target);
    // Names are case-insensitive: the referenced table as it is named, not as the reference writes it.
    const target = tableNames.get(asWritten.toLowerCase()) ?? asWritten;
    const targetColumns = parts.some((p) => p.target_column === null)
      ? (primaryKeys.get(target) ?? [])
      : parts.map((p) => str(p.target_column));
    // The clause written in the same place (the pragma's ids run from the last one written), when
    // the text has as many as the pragma; else the one naming the same table and columns.
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

/** The constraints of a table, each with a name (generated for those written without one). */
function constraintsOf(
  table: string,
  columnRows: readonly SqliteRow[],
  parsed: ParsedTable,
  foreignKeys: ReturnType<typeof foreignKeysOf>,
): ConstraintDef[] {
  type Unnamed = ConstraintDef extends infer C
    ? C extends ConstraintDef
      ? Omit<C, 'name'> & { name?: string }
      : never
    : never;
  const found: Unnamed[] = [];
  const columnNames = columnRows.map((r) => str(r.name));
  const pk = primaryKeyColumns(columnRows);
  if (pk.length > 0) {
    const written =
      parsed.constraints.find((c) => c.type === 'primary key') ?? parsed.columns.find((c) => c.primaryKey)?.primaryKey;
    found.push({ type: 'primary key', ...(written?.name ? { name: written.name } : {}), columns: pk });
  }
  for (const column of parsed.columns) {
    if (column.unique) found.push({ type: 'unique', ...column.unique, columns: [column.name] });
    for (const check of column.checks) found.push({ type: 'check', ...check });
  }
  for (const c of parsed.constraints) {
    if (c.type === 'unique') found.push({ type: 'unique', ...(c.name ? { name: c.name } : {}), columns: c.columns });
    if (c.type === 'check')
      found.push({ type: 'check', ...(c.name ? { name: c.name } : {}), expression: c.expression });
  }
  found.push(...foreignKeys);
  const taken = new Set(found.flatMap((c) => (c.name ? [c.name] : [])));
  return found
    .map((c) => {
      if (c.name) return c as ConstraintDef;
      const columns =
        c.type === 'check' ? checkNameColumns(c.expression, columnNames) : 'columns' in c ? c.columns : [];
      return { ...c, name: generatedConstraintName(table, c.type, columns, taken) } as ConstraintDef;
    })
    .sort(byName);
}

/**
 * The keys of an index as `pragma_index_xinfo` gives them, read from its `CREATE INDEX` when
 * each is a column of the table or an expression without a collation; undefined when the pragma
 * must be asked (a key that is a string, a parenthesised or one-token expression SQLite may take
 * for a column, an expression with a COLLATE).
 */
function indexKeysFromText(
  parsed: ReturnType<typeof parseCreateIndex>,
  columns: readonly ColumnDef[],
): IndexKey[] | undefined {
  const keys: IndexKey[] = [];
  for (const part of parsed.parts) {
    const descending = part.descending ? { descending: true } : {};
    if (part.column !== undefined) {
      const wanted = part.column.toLowerCase();
      const column = columns.find((c) => c.name.toLowerCase() === wanted);
      if (!column) return undefined;
      const collation =
        part.collation && part.collation !== (column.collation ?? 'BINARY') ? part.collation : undefined;
      keys.push({ column: column.name, ...(collation ? { collation } : {}), ...descending });
      continue;
    }
    // A COLLATE after an expression may bind to its last operand only (`a || b COLLATE x`): left to the pragma.
    const expression = part.expression ?? '';
    const tokens = significant(expression);
    const collated =
      part.collation !== undefined || tokens.some((t) => t.kind === 'word' && t.text.toUpperCase() === 'COLLATE');
    if (tokens.length < 2 || tokens[0]?.kind === 'open' || collated) return undefined;
    keys.push({ expression, ...descending });
  }
  return keys;
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
    return {
      ...(column !== undefined ? { column } : { expression: written?.expression ?? str(part.column_name) }),
      ...(collation && collation !== columnCollation ? { collation } : {}),
      ...(Number(part.descending) === 1 ? { descending: true } : {}),
    };
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
  for (const { name, parsed, keys } of read) {
    const fromRows = keys ? [] : rows.filter((r) => str(r.index_name) === name);
    // An index the pragma has no key rows for is not one SQLite knows.
    if (!keys && fromRows.length === 0) continue;
    indexes.push({
      name,
      ...(parsed.unique ? { unique: true } : {}),
      method: 'btree',
      keys: keys ?? indexKeysFromRows(fromRows, parsed, columns),
      ...(parsed.where ? { where: parsed.where } : {}),
    });
  }
  return indexes.sort(byName);
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

/** Reads the `main` database's schema, through a driver or the dialect's connection over one. */
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
    const columnRows = new Map<string, SqliteRow[]>();
    const askPragma: string[] = [];
    for (const o of objects) {
      if (o.type !== 'table' || o.list_type === 'virtual' || o.list_type === 'shadow') continue;
      const sql = str(o.sql);
      if (/^CREATE VIRTUAL/i.test(sql)) continue;
      const name = str(o.name);
      const parsed = parseCreateTable(sql);
      parsedTables.set(name, parsed);
      const rows = columnRowsFromText(name, parsed);
      if (rows) columnRows.set(name, rows);
      else askPragma.push(name);
    }
    for (const [table, rows] of byTable(await session.query(columnsSql(askPragma)))) columnRows.set(table, rows);
    // A view whose tables are gone cannot be described: its columns are left out then.
    const viewColumnRows = byTable(await session.query(VIEW_COLUMNS_SQL).catch(() => []));
    options.onProgress?.('indexes');
    const readIndexes = new Map<string, ReadIndex[]>();
    const askIndexes: string[] = [];
    // Each indexed table's columns with their collations, made once for all its indexes.
    const indexedColumns = new Map<string, ColumnDef[]>();
    const columnsOf = (table: string, parsedTable: ParsedTable, rows: readonly SqliteRow[]) => {
      let columns = indexedColumns.get(table);
      if (!columns) {
        const written = new Map(parsedTable.columns.map((c) => [c.name.toLowerCase(), c] as const));
        columns = rows.map((r) => {
          const collation = written.get(str(r.name).toLowerCase())?.collation;
          return { name: str(r.name), type: '', ...(collation ? { collation } : {}) };
        });
        indexedColumns.set(table, columns);
      }
      return columns;
    };
    for (const o of objects) {
      if (o.type !== 'index' || o.sql === null || o.sql === undefined) continue;
      const table = str(o.tbl_name);
      const parsedTable = parsedTables.get(table);
      const rows = columnRows.get(table);
      if (!parsedTable || !rows) continue;
      const columns = columnsOf(table, parsedTable, rows);
      const parsed = parseCreateIndex(str(o.sql));
      const keys = indexKeysFromText(parsed, columns);
      if (!keys) askIndexes.push(str(o.name));
      const list = readIndexes.get(table) ?? [];
      list.push({ name: str(o.name), parsed, keys });
      readIndexes.set(table, list);
    }
    const indexRows = byTable(await session.query(indexesSql(askIndexes)));
    options.onProgress?.('foreign keys');
    const foreignKeyRows = byTable(await session.query(FOREIGN_KEYS_SQL));

    const notIncluded: Record<string, number> = {};
    const skipped = new Set<string>();
    for (const o of objects) {
      if (
        o.type === 'table' &&
        (o.list_type === 'virtual' || o.list_type === 'shadow' || /^CREATE VIRTUAL/i.test(str(o.sql)))
      ) {
        skipped.add(str(o.name));
        if (o.list_type !== 'shadow') notIncluded['virtual table'] = (notIncluded['virtual table'] ?? 0) + 1;
      }
    }
    const primaryKeys = new Map([...columnRows].map(([table, rows]) => [table, primaryKeyColumns(rows)] as const));
    // Names are case-insensitive: each table's name by its lower case, for the references.
    const tableNames = new Map([...primaryKeys.keys()].map((name) => [name.toLowerCase(), name] as const));
    const triggerRows = new Map<string, SqliteRow[]>();
    for (const o of objects) {
      if (o.type !== 'trigger') continue;
      const on = str(o.tbl_name);
      const list = triggerRows.get(on) ?? [];
      list.push(o);
      triggerRows.set(on, list);
    }
    const triggersOf = (target: string): TriggerDef[] =>
      (triggerRows.get(target) ?? [])
        .map((o) => {
          const t = parseCreateTrigger(str(o.sql));
          return {
            name: str(o.name),
            timing: t.timing,
            events: t.events,
            ...(t.columns ? { columns: t.columns } : {}),
            level: 'ROW' as const,
            ...(t.when ? { when: t.when } : {}),
            body: t.body,
          };
        })
        .sort(byName);

    const tables: TableDef[] = [];
    for (const o of objects) {
      const name = str(o.name);
      if (o.type !== 'table' || skipped.has(name)) continue;
      const parsed = parsedTables.get(name) ?? parseCreateTable(str(o.sql));
      const rows = columnRows.get(name) ?? [];
      const writtenColumns = new Map(parsed.columns.map((c) => [c.name.toLowerCase(), c] as const));
      const columns = rows.map((row): ColumnDef => {
        const written = writtenColumns.get(str(row.name).toLowerCase());
        const hidden = Number(row.hidden);
        return {
          name: str(row.name),
          type: str(row.type),
          ...(Number(row.not_null) === 1 ? { notNull: true } : {}),
          ...(row.dflt_value !== null && row.dflt_value !== undefined ? { default: str(row.dflt_value) } : {}),
          ...(written?.generated !== undefined ? { generated: written.generated } : {}),
          ...(hidden === 2 ? { virtual: true } : {}),
          ...(written?.collation ? { collation: written.collation } : {}),
          ...(written?.autoIncrement ? { autoIncrement: true } : {}),
        };
      });
      const foreignKeys = foreignKeysOf(foreignKeyRows.get(name) ?? [], parsed, primaryKeys, tableNames);
      const constraints = constraintsOf(name, rows, parsed, foreignKeys);
      const indexes = indexesOf(readIndexes.get(name) ?? [], indexRows.get(name) ?? [], columns);
      const triggers = triggersOf(name);
      tables.push({
        schema: NAMESPACE,
        name,
        columns,
        ...(constraints.length > 0 ? { constraints } : {}),
        ...(indexes.length > 0 ? { indexes } : {}),
        ...(triggers.length > 0 ? { triggers } : {}),
        ...(parsed.strict ? { strict: true } : {}),
        ...(parsed.withoutRowid ? { withoutRowid: true } : {}),
      });
    }

    const views: ViewDef[] = objects
      .filter((o) => o.type === 'view')
      .map((o) => {
        const name = str(o.name);
        const triggers = triggersOf(name);
        return {
          schema: NAMESPACE,
          name,
          definition: parseViewQuery(str(o.sql)),
          columns: (viewColumnRows.get(name) ?? []).map((c) => ({ name: str(c.name), type: str(c.type) })),
          ...(triggers.length > 0 ? { triggers } : {}),
        };
      });

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
