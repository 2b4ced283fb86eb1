/**
 * Reads a MySQL or MariaDB database into the schema model: `information_schema` only, one
 * query per object kind whatever the number of tables, in one consistent-snapshot,
 * read-only transaction. MariaDB's sequences, which `information_schema` does not
 * describe, are read with one query over all of them.
 *
 * The connected database is the model's one namespace, under the fixed name
 * {@link NAMESPACE}: the same application in `app_dev` and `app_test` compares equal.
 * A reference to another database (a foreign key, a view's table) keeps that database's name.
 */
import type {
  ColumnDef,
  ConstraintDef,
  FunctionDef,
  Grant,
  IndexDef,
  IndexKey,
  NamespaceDef,
  PartitionDef,
  ReferentialAction,
  Schema,
  SequenceDef,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../schema/model.js';
import { emptySchema } from '../../schema/model.js';
import type { EventDef } from '../../schema/model-kinds.js';
import type { UnreadKind } from '../../schema/unread.js';
import type { IntrospectOptions, Introspection } from '../dialect.js';
import { type ServerKind, shownVersion } from './connection.js';
import { canonicalMysqlType, currentTimestamp, unifiedCharset } from './equivalence.js';

/** The name the connected database has in the model, whatever it is called on the server. */
export const NAMESPACE = 'db';

/** What introspection needs of a session. */
export interface IntrospectionSession {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  readonly database: string;
  readonly server: ServerKind;
}

type Row = Record<string, unknown>;

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const opt = (value: unknown): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : String(value);

/** Backtick-quotes an identifier. */
export function quoteIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** The kinds read, one query each; the sequences' query runs only when there are sequences. */
const QUERIES = {
  schema: `SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation
    FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()`,
  // information_schema's tables are not indexed for joins: MariaDB scans the second table of a
  // join once per row of the first (8 s instead of 0.3 s at 5,000 tables). Each query reads one
  // table, filtered by the database, and the rows are joined here.
  tables: `SELECT TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine, TABLE_COLLATION AS collation,
      CREATE_OPTIONS AS options, TABLE_COMMENT AS comment
    FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'SEQUENCE')
    ORDER BY TABLE_NAME`,
  collations: `SELECT COLLATION_NAME AS collation, CHARACTER_SET_NAME AS charset
    FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY`,
  columns: `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_DEFAULT AS dflt, IS_NULLABLE AS nullable,
      DATA_TYPE AS dataType, COLUMN_TYPE AS type, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation,
      EXTRA AS extra, COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS generation
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  indexes: `SELECT TABLE_NAME AS tbl, INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS col,
      COLLATION AS direction, SUB_PART AS subPart, INDEX_TYPE AS method, INDEX_COMMENT AS comment, IGNORED AS ignored
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  foreignKeys: `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, COLUMN_NAME AS col,
      REFERENCED_TABLE_SCHEMA AS refSchema, REFERENCED_TABLE_NAME AS refTable, REFERENCED_COLUMN_NAME AS refCol
    FROM information_schema.KEY_COLUMN_USAGE
    WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
    ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
  foreignKeyRules: `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, UPDATE_RULE AS onUpdate, DELETE_RULE AS onDelete
    FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
  partitions: `SELECT TABLE_NAME AS tbl, PARTITION_NAME AS name, SUBPARTITION_NAME AS sub, PARTITION_METHOD AS method,
      SUBPARTITION_METHOD AS subMethod, PARTITION_EXPRESSION AS expression, SUBPARTITION_EXPRESSION AS subExpression,
      PARTITION_DESCRIPTION AS description, PARTITION_COMMENT AS comment
    FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL
    ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION`,
  views: `SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition, CHECK_OPTION AS checkOption, DEFINER AS definer,
      SECURITY_TYPE AS security{ALGORITHM}
    FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
  triggers: `SELECT TRIGGER_NAME AS name, EVENT_MANIPULATION AS event, EVENT_OBJECT_TABLE AS tbl,
      ACTION_ORDER AS actionOrder, ACTION_STATEMENT AS body, ACTION_TIMING AS timing, DEFINER AS definer
    FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME`,
  routines: `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS kind, DTD_IDENTIFIER AS returns, ROUTINE_DEFINITION AS body,
      IS_DETERMINISTIC AS isDeterministic, SQL_DATA_ACCESS AS dataAccess, SECURITY_TYPE AS security,
      ROUTINE_COMMENT AS comment, DEFINER AS definer
    FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME, ROUTINE_TYPE`,
  parameters: `SELECT SPECIFIC_NAME AS routine, ROUTINE_TYPE AS kind, PARAMETER_MODE AS mode, PARAMETER_NAME AS name,
      DTD_IDENTIFIER AS type
    FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0
    ORDER BY SPECIFIC_NAME, ORDINAL_POSITION`,
  events: `SELECT EVENT_NAME AS name, EVENT_DEFINITION AS body, EVENT_TYPE AS type, EXECUTE_AT AS executeAt,
      INTERVAL_VALUE AS intervalValue, INTERVAL_FIELD AS intervalField, ENDS AS ends, STATUS AS status,
      ON_COMPLETION AS completion, EVENT_COMMENT AS comment, DEFINER AS definer
    FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME`,
  schemaGrants: `SELECT GRANTEE AS grantee, PRIVILEGE_TYPE AS privilege, IS_GRANTABLE AS grantable
    FROM information_schema.SCHEMA_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE()`,
  tableGrants: `SELECT TABLE_NAME AS tbl, GRANTEE AS grantee, PRIVILEGE_TYPE AS privilege, IS_GRANTABLE AS grantable
    FROM information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE()`,
  columnGrants: `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col, GRANTEE AS grantee, PRIVILEGE_TYPE AS privilege,
      IS_GRANTABLE AS grantable
    FROM information_schema.COLUMN_PRIVILEGES WHERE TABLE_SCHEMA = DATABASE()`,
} as const;

/**
 * The current user's own privileges, global (`scope` = global) and on this database
 * (a grant on a pattern such as `app\_%` included): what decides which kinds it may read.
 */
const OWN_PRIVILEGES = `SELECT 'global' AS scope, PRIVILEGE_TYPE AS privilege FROM information_schema.USER_PRIVILEGES
    WHERE GRANTEE = CONCAT("'", SUBSTRING_INDEX(CURRENT_USER(), '@', 1), "'@'", SUBSTRING_INDEX(CURRENT_USER(), '@', -1), "'")
  UNION ALL
  SELECT 'database', PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES
    WHERE GRANTEE = CONCAT("'", SUBSTRING_INDEX(CURRENT_USER(), '@', 1), "'@'", SUBSTRING_INDEX(CURRENT_USER(), '@', -1), "'")
      AND DATABASE() LIKE TABLE_SCHEMA`;

/**
 * The kinds the user may not read: information_schema shows triggers only with the
 * TRIGGER privilege, events only with EVENT, and a routine's body only to its definer or
 * with a global SELECT (MariaDB reads it from mysql.proc), SHOW_ROUTINE (MySQL) or
 * SHOW CREATE ROUTINE (MariaDB 11.3+). A kind whose objects showed anyway (through a
 * role, say) was read.
 */
function unreadKinds(
  privileges: readonly Row[],
  seen: { triggers: number; events: number; routines: readonly Row[] },
): UnreadKind[] {
  const has = (privilege: string, scopes: readonly string[] = ['global', 'database']) =>
    privileges.some((p) => p.privilege === privilege && scopes.includes(str(p.scope)));
  const unread: UnreadKind[] = [];
  if (!has('TRIGGER') && seen.triggers === 0) unread.push('triggers');
  const routineBodies = has('SELECT', ['global']) || has('SHOW_ROUTINE') || has('SHOW CREATE ROUTINE');
  if (!routineBodies && (seen.routines.length === 0 || seen.routines.some((r) => r.body === null))) {
    unread.push('routines');
  }
  if (!has('EVENT') && seen.events === 0) unread.push('events');
  return unread;
}

/**
 * The checks query: MariaDB's CHECK_CONSTRAINTS has the table, and whether a check is the
 * column's own (`LEVEL` Column, named after it) or the table's; MySQL's has the table in
 * TABLE_CONSTRAINTS, with ENFORCED.
 */
function checksQuery(server: ServerKind): string {
  return server.flavour === 'MariaDB'
    ? `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS expression, 'YES' AS enforced, LEVEL AS level
        FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME`
    : `SELECT t.TABLE_NAME AS tbl, c.CONSTRAINT_NAME AS name, c.CHECK_CLAUSE AS expression, t.ENFORCED AS enforced
        FROM information_schema.CHECK_CONSTRAINTS c
        JOIN information_schema.TABLE_CONSTRAINTS t
          ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND t.CONSTRAINT_TYPE = 'CHECK'
        WHERE c.CONSTRAINT_SCHEMA = DATABASE() ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME`;
}

/** The columns query on MySQL 8 adds the SRID (`SRS_ID`); MariaDB's is in GEOMETRY_COLUMNS, read separately. */
function columnsQuery(server: ServerKind): string {
  return server.flavour === 'MySQL'
    ? QUERIES.columns.replace(
        'GENERATION_EXPRESSION AS generation',
        'GENERATION_EXPRESSION AS generation, SRS_ID AS srid',
      )
    : QUERIES.columns;
}

/** MariaDB's SRIDs of geometry columns. */
/** The spatial data types, whose columns may carry an SRID. */
const SPATIAL_TYPES =
  /^(geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection|geomcollection)$/i;

const MARIADB_SRIDS = `SELECT G_TABLE_NAME AS tbl, G_GEOMETRY_COLUMN AS col, SRID AS srid
  FROM information_schema.GEOMETRY_COLUMNS WHERE G_TABLE_SCHEMA = DATABASE()`;

/** The indexes query: MySQL 8 says a key part's expression and visibility, MariaDB 10.6+ whether it is ignored. */
function indexesQuery(server: ServerKind): string {
  return server.flavour === 'MySQL'
    ? QUERIES.indexes.replace('IGNORED AS ignored', "IF(IS_VISIBLE = 'NO', 'YES', 'NO') AS ignored, EXPRESSION AS expr")
    : QUERIES.indexes;
}

/** A name of the connected database is the model's namespace; any other keeps its own name. */
function namespaceOf(database: string, name: unknown): string {
  return str(name) === database ? NAMESPACE : str(name);
}

/**
 * Removes the qualifier of the connected database from a view's definition as the server
 * rewrites it (`` `app_dev`.`t` `` → `` `t` ``), so that the same view in two databases reads alike.
 */
export function unqualified(definition: string, database: string): string {
  const qualifier = `${quoteIdent(database)}.`;
  let out = '';
  let i = 0;
  while (i < definition.length) {
    const ch = definition[i] as string;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < definition.length && definition[j] !== ch) j += definition[j] === '\\' ? 2 : 1;
      out += definition.slice(i, j + 1);
      i = j + 1;
    } else if (definition.startsWith(qualifier, i)) {
      i += qualifier.length;
    } else if (ch === '`') {
      const end = definition.indexOf('`', i + 1);
      const stop = end < 0 ? definition.length : end + 1;
      out += definition.slice(i, stop);
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/**
 * A column default in one form for both servers: MariaDB quotes literal strings and writes
 * `NULL`, MySQL writes literals bare, marks expressions `DEFAULT_GENERATED` and writes
 * `CURRENT_TIMESTAMP`. The model keeps SQL: `'abc'`, `0`, `current_timestamp(3)`, `(expression)`.
 */
function columnDefault(row: Row, server: ServerKind): string | undefined {
  const value = row.dflt;
  if (value === null || value === undefined) return undefined;
  const text = String(value);
  const extra = str(row.extra);
  if (server.flavour === 'MariaDB') return text === 'NULL' ? undefined : (currentTimestamp(text) ?? text);
  const now = currentTimestamp(text);
  if (now) return now;
  if (/DEFAULT_GENERATED/i.test(extra)) return text.startsWith('(') ? text : `(${text})`;
  const numeric = /^(tinyint|smallint|mediumint|int|bigint|decimal|float|double|bit|year)$/i.test(str(row.dataType));
  if (numeric && !/^'/.test(text)) return text;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** `NO ACTION` and `RESTRICT` are one rule in InnoDB, the default; the model omits it. */
function referentialAction(rule: unknown): ReferentialAction | undefined {
  const action = str(rule).toUpperCase();
  return action === 'CASCADE' || action === 'SET NULL' || action === 'SET DEFAULT' ? action : undefined;
}

/** `row_format=DYNAMIC`, `key_block_size=8`, … of CREATE_OPTIONS, split into the row format and the other options. */
function createOptions(text: string): { rowFormat?: string; options: string[] } {
  let rowFormat: string | undefined;
  const options: string[] = [];
  for (const option of text.split(/\s+/).filter(Boolean)) {
    const [key = '', value = ''] = option.split('=');
    const name = key.toLowerCase();
    if (name === 'partitioned') continue;
    if (name === 'row_format') rowFormat = value.toUpperCase();
    else options.push(`${name.toUpperCase()}=${value}`);
  }
  return { ...(rowFormat ? { rowFormat } : {}), options: options.sort() };
}

function grantsOf(rows: readonly Row[]): Grant[] {
  return rows
    .map((r) => ({
      grantee: str(r.grantee),
      privilege: str(r.privilege),
      ...(r.grantable === 'YES' ? { grantable: true } : {}),
    }))
    .sort((a, b) => (a.grantee === b.grantee ? (a.privilege < b.privilege ? -1 : 1) : a.grantee < b.grantee ? -1 : 1));
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const byName = <T extends { readonly name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** A column of a table, with charset and collation only where they differ from the table's. */
function readColumn(
  row: Row,
  table: { charset?: string; collation?: string },
  server: ServerKind,
  srid: number | undefined,
  grants: Grant[] | undefined,
): ColumnDef {
  const extra = str(row.extra).toLowerCase();
  const generated = opt(row.generation);
  const charset = opt(row.charset) && unifiedCharset(str(row.charset));
  const collation = opt(row.collation) && unifiedCharset(str(row.collation));
  const onUpdate = /on update (\S+)/.exec(extra)?.[1];
  const dflt = generated ? undefined : columnDefault(row, server);
  return {
    name: str(row.name),
    type: str(row.type),
    ...(row.nullable === 'NO' ? { notNull: true } : {}),
    ...(dflt !== undefined ? { default: dflt } : {}),
    ...(generated ? { generated, ...(/virtual/.test(extra) ? { virtual: true } : {}) } : {}),
    ...(charset && charset !== table.charset ? { charset } : {}),
    ...(collation && collation !== table.collation ? { collation } : {}),
    ...(onUpdate ? { onUpdate: currentTimestamp(onUpdate) ?? onUpdate } : {}),
    ...(/auto_increment/.test(extra) ? { autoIncrement: true } : {}),
    ...(/invisible/.test(extra) ? { invisible: true } : {}),
    ...(srid !== undefined && srid !== 0 ? { srid } : {}),
    ...(opt(row.comment) ? { comment: str(row.comment) } : {}),
    ...(grants ? { grants } : {}),
  };
}

/** The primary key (a constraint) and the indexes of a table, from its STATISTICS rows. */
function readKeys(
  rows: readonly Row[],
  parsers: ReadonlyMap<string, string> = new Map(),
): { primaryKey?: ConstraintDef; indexes: IndexDef[] } {
  let primaryKey: ConstraintDef | undefined;
  const indexes: IndexDef[] = [];
  for (const [name, parts] of groupBy(rows, (r) => str(r.name))) {
    const first = parts[0] as Row;
    const method = str(first.method).toLowerCase();
    const keys: IndexKey[] = parts.map((p) => {
      const expression = opt(p.expr);
      return {
        ...(expression ? { expression } : { column: str(p.col) }),
        ...(p.direction === 'D' ? { descending: true } : {}),
        // A SPATIAL key's SUB_PART is the geometry's internal length (MariaDB says 32), not a prefix.
        ...(p.subPart !== null && p.subPart !== undefined && method !== 'spatial' ? { length: Number(p.subPart) } : {}),
      };
    });
    if (name === 'PRIMARY') {
      const plain = keys.every((k) => k.column !== undefined && Object.keys(k).length === 1);
      primaryKey = {
        type: 'primary key',
        name,
        columns: parts.map((p) => str(p.col)),
        ...(plain ? {} : { parts: keys }),
      };
      continue;
    }
    indexes.push({
      name,
      ...(String(first.nonUnique) === '0' ? { unique: true } : {}),
      method,
      keys,
      ...(first.ignored === 'YES' ? { invisible: true } : {}),
      ...(parsers.has(name) ? { parser: parsers.get(name) } : {}),
      ...(opt(first.comment) ? { comment: str(first.comment) } : {}),
    });
  }
  return { ...(primaryKey ? { primaryKey } : {}), indexes: indexes.sort(byName) };
}

/**
 * The parser plugins of a table's FULLTEXT indexes (`WITH PARSER ngram`), by index name, from
 * its `SHOW CREATE TABLE` (information_schema does not say them). MySQL writes the clause in
 * a versioned comment (`/*!50100 WITH PARSER \`ngram\` *\/`), MariaDB as it is.
 */
export function fulltextParsers(createTable: string): Map<string, string> {
  const parsers = new Map<string, string>();
  const pattern = /^\s*FULLTEXT KEY `((?:[^`]|``)+)` \(.*\)(?: \/\*!\d+)? WITH PARSER `((?:[^`]|``)+)`/gm;
  for (const match of createTable.matchAll(pattern)) {
    parsers.set((match[1] as string).replaceAll('``', '`'), (match[2] as string).replaceAll('``', '`'));
  }
  return parsers;
}

/** The options of a table's partitions and subpartitions, by name, as {@link partitionOptions} reads them. */
export interface PartitionOptions {
  readonly partitions: Map<string, string[]>;
  readonly subpartitions: Map<string, string[]>;
}

/**
 * The options of each partition and subpartition of a table (`MAX_ROWS = 1000`, `DATA DIRECTORY
 * = '/data'`, `NODEGROUP = 0`, `TABLESPACE = \`ts\``), from its `SHOW CREATE TABLE`:
 * information_schema.PARTITIONS does not say them all. The comment is read from PARTITIONS, and
 * `ENGINE` is kept only when it is not the table's. Quoted text (a comment, a bound) is skipped whole;
 * MySQL writes partition names unquoted, MariaDB quoted.
 */
export function partitionOptions(createTable: string, engine: string | undefined): PartitionOptions {
  const found: PartitionOptions = { partitions: new Map(), subpartitions: new Map() };
  const at = createTable.search(/\bPARTITION BY\b/);
  if (at < 0) return found;
  const quoted = String.raw`'(?:[^'\\]|''|\\.)*'|\`(?:[^\`]|\`\`)*\``;
  const pattern = new RegExp(
    String.raw`${quoted}|\b(SUB)?PARTITION (?:\`((?:[^\`]|\`\`)+)\`|(?!BY\b)(\w+))|\b(MAX_ROWS|MIN_ROWS|NODEGROUP|TABLESPACE|ENGINE|DATA DIRECTORY|INDEX DIRECTORY) = (${quoted}|\w+)`,
    'gi',
  );
  let current: string[] | undefined;
  for (const match of createTable.slice(at).matchAll(pattern)) {
    const [, sub, quotedName, bareName, option, value] = match;
    const name = quotedName?.replaceAll('``', '`') ?? bareName;
    if (name !== undefined) {
      current = [];
      (sub ? found.subpartitions : found.partitions).set(name, current);
    } else if (option !== undefined && value !== undefined && current) {
      const key = option.toUpperCase();
      if (key === 'ENGINE' && engine !== undefined && value.toLowerCase() === engine.toLowerCase()) continue;
      current.push(`${key} = ${value}`);
    }
  }
  return found;
}

/** `PARTITION BY` and the partitions of a table, from its PARTITIONS rows (and its options from SHOW CREATE TABLE). */
function readPartitions(
  rows: readonly Row[],
  options?: PartitionOptions,
): Pick<TableDef, 'partitionBy' | 'subpartitionBy' | 'partitions'> {
  const first = rows[0];
  if (!first) return {};
  const clause = (method: unknown, expression: unknown) => `${str(method)} (${str(expression)})`;
  const partitions: PartitionDef[] = [];
  for (const [name, parts] of groupBy(rows, (r) => str(r.name))) {
    const p = parts[0] as Row;
    const method = str(p.method);
    const description = opt(p.description);
    const bound = !description
      ? undefined
      : method.startsWith('RANGE')
        ? `VALUES LESS THAN ${description === 'MAXVALUE' ? 'MAXVALUE' : `(${description})`}`
        : `VALUES IN (${description})`;
    const subpartitions = parts.map((s) => opt(s.sub)).filter((s): s is string => s !== undefined);
    // A partition's options are its subpartitions' when it has any: MariaDB shows them there when the
    // subpartitions are named, on the partition when they are numbered (`SUBPARTITIONS 2`); read alike.
    const partitionLevel = options?.partitions.get(name) ?? [];
    const own = subpartitions.length > 0 ? [] : partitionLevel;
    const subOptions = subpartitions
      .map((s) => [s, options?.subpartitions.get(s) ?? partitionLevel] as const)
      .filter(([, list]) => list.length > 0);
    partitions.push({
      name,
      ...(bound ? { bound } : {}),
      ...(subpartitions.length > 0 ? { subpartitions } : {}),
      ...(opt(p.comment) ? { comment: str(p.comment) } : {}),
      ...(own.length > 0 ? { options: own } : {}),
      ...(subOptions.length > 0 ? { subpartitionOptions: Object.fromEntries(subOptions) } : {}),
    });
  }
  return {
    partitionBy: clause(first.method, first.expression),
    ...(opt(first.subMethod) ? { subpartitionBy: clause(first.subMethod, first.subExpression) } : {}),
    partitions,
  };
}

/** `AT '…'` or `EVERY n FIELD`, with `ENDS '…'`. */
function schedule(row: Row): string {
  if (row.type === 'ONE TIME') return `AT '${str(row.executeAt)}'`;
  const every = `EVERY ${str(row.intervalValue).replace(/^'|'$/g, '')} ${str(row.intervalField)}`;
  return opt(row.ends) ? `${every} ENDS '${str(row.ends)}'` : every;
}

/** Reads the whole schema of the session's database, in one consistent, read-only snapshot. */
export async function introspectMysql(
  session: IntrospectionSession,
  options: IntrospectOptions = {},
): Promise<Introspection> {
  const { server, database } = session;
  const step = (name: string) => options.onProgress?.(name);
  await session.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await session.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  try {
    const read = (sql: string) => session.query<Row>(sql);
    step('reading tables');
    const [schemaRow] = await read(QUERIES.schema);
    const tableRows = await read(QUERIES.tables);
    const charsetOf = new Map((await read(QUERIES.collations)).map((r) => [str(r.collation), str(r.charset)]));
    const columnRows = await read(columnsQuery(server));
    // GEOMETRY_COLUMNS reads every database of the server (0.3 s beside two 5,000-table ones):
    // asked only when this one has a spatial column.
    const spatial = columnRows.some((c) => SPATIAL_TYPES.test(str(c.dataType)));
    const sridRows = server.flavour === 'MariaDB' && spatial ? await read(MARIADB_SRIDS) : [];
    step('reading indexes and constraints');
    const indexRows = await read(indexesQuery(server));
    const foreignKeyRows = await read(QUERIES.foreignKeys);
    const foreignKeyRules = new Map(
      (await read(QUERIES.foreignKeyRules)).map((r) => [`${str(r.tbl)}\u0000${str(r.name)}`, r]),
    );
    const checkRows = await read(checksQuery(server));
    // A FULLTEXT index's parser is only in SHOW CREATE TABLE: asked of the tables that have one.
    const fulltextTables = [
      ...new Set(indexRows.filter((r) => /fulltext/i.test(str(r.method))).map((r) => str(r.tbl))),
    ];
    const parsers = new Map<string, Map<string, string>>();
    for (const table of fulltextTables) {
      const [created] = await session.query<Row>(`SHOW CREATE TABLE ${quoteIdent(table)}`);
      const found = fulltextParsers(str(created?.['Create Table']));
      if (found.size > 0) parsers.set(table, found);
    }
    // PARTITIONS opens every table (0.4 s at 5,000 tables): asked only when a table says it is partitioned.
    const partitioned = tableRows.some((t) => /(^|\s)partitioned(\s|$)/i.test(str(t.options)));
    const partitionRows = partitioned ? await read(QUERIES.partitions) : [];
    // Partition options are only in SHOW CREATE TABLE: asked of every partitioned table in one round trip.
    const partitionedTables = [...new Set(partitionRows.map((r) => str(r.tbl)))];
    const createTables = partitionedTables.length
      ? await session.query<unknown>(partitionedTables.map((t) => `SHOW CREATE TABLE ${quoteIdent(t)}`).join(';\n'))
      : [];
    // One statement answers with its rows, several with one list of rows each.
    const created = new Map<string, string>();
    for (const result of partitionedTables.length > 1 ? createTables : [createTables]) {
      const row = (result as Row[])[0];
      if (row) created.set(str(row.Table), str(row['Create Table']));
    }
    step('reading views, triggers, routines and events');
    const viewRows = await read(
      QUERIES.views.replace('{ALGORITHM}', server.flavour === 'MariaDB' ? ', ALGORITHM AS algorithm' : ''),
    );
    const triggerRows = await read(QUERIES.triggers);
    const routineRows = await read(QUERIES.routines);
    const parameterRows = await read(QUERIES.parameters);
    const eventRows = await read(QUERIES.events);
    const unread = unreadKinds(await read(OWN_PRIVILEGES), {
      triggers: triggerRows.length,
      events: eventRows.length,
      routines: routineRows,
    });
    const privileges = options.includePrivileges
      ? {
          schema: await read(QUERIES.schemaGrants),
          tables: groupBy(await read(QUERIES.tableGrants), (r) => str(r.tbl)),
          columns: groupBy(await read(QUERIES.columnGrants), (r) => `${str(r.tbl)}\u0000${str(r.col)}`),
        }
      : undefined;
    const sequenceNames = tableRows.filter((t) => t.type === 'SEQUENCE').map((t) => str(t.name));
    const sequenceRows =
      sequenceNames.length === 0
        ? []
        : await read(
            sequenceNames
              .map(
                (name) =>
                  `SELECT '${name.replace(/'/g, "''")}' AS name, start_value AS start, increment, minimum_value AS minimum, maximum_value AS maximum, cache_size AS cacheSize, cycle_option AS cycles FROM ${quoteIdent(name)}`,
              )
              .join(' UNION ALL '),
          );
    const viewNames = new Set(viewRows.map((v) => str(v.name)));
    const columnsByTable = groupBy(columnRows, (r) => str(r.tbl));
    const srids = new Map(sridRows.map((r) => [`${str(r.tbl)}\u0000${str(r.col)}`, Number(r.srid)]));
    const srid = (table: string, row: Row) =>
      row.srid !== undefined && row.srid !== null ? Number(row.srid) : srids.get(`${table}\u0000${str(row.name)}`);
    const indexesByTable = groupBy(indexRows, (r) => str(r.tbl));
    const foreignKeysByTable = groupBy(foreignKeyRows, (r) => str(r.tbl));
    const checksByTable = groupBy(
      checkRows.filter((r) => r.level !== 'Column'),
      (r) => str(r.tbl),
    );
    const columnChecks = new Map(
      checkRows
        .filter((r) => r.level === 'Column')
        .map((r) => [`${str(r.tbl)}\u0000${str(r.name)}`, str(r.expression)]),
    );
    const partitionsByTable = groupBy(partitionRows, (r) => str(r.tbl));
    const triggersByTable = groupBy(triggerRows, (r) => str(r.tbl));
    const owner = (definer: unknown) => (options.includeOwners ? { owner: str(definer) } : {});

    const tables: TableDef[] = [];
    for (const t of tableRows) {
      if (t.type === 'SEQUENCE') continue;
      const name = str(t.name);
      const tableCharset = opt(charsetOf.get(str(t.collation)));
      const charset = tableCharset && unifiedCharset(tableCharset);
      const collation = opt(t.collation) && unifiedCharset(str(t.collation));
      const { rowFormat, options: tableOptions } = createOptions(str(t.options));
      const { primaryKey, indexes } = readKeys(indexesByTable.get(name) ?? [], parsers.get(name));
      const constraints: ConstraintDef[] = [
        ...(primaryKey ? [primaryKey] : []),
        ...[...groupBy(foreignKeysByTable.get(name) ?? [], (r) => str(r.name))].map(([fk, parts]): ConstraintDef => {
          const first = parts[0] as Row;
          const rules = foreignKeyRules.get(`${name}\u0000${fk}`);
          const onUpdate = referentialAction(rules?.onUpdate);
          const onDelete = referentialAction(rules?.onDelete);
          return {
            type: 'foreign key',
            name: fk,
            columns: parts.map((p) => str(p.col)),
            references: {
              schema: namespaceOf(database, first.refSchema),
              table: str(first.refTable),
              columns: parts.map((p) => str(p.refCol)),
            },
            ...(onUpdate ? { onUpdate } : {}),
            ...(onDelete ? { onDelete } : {}),
          };
        }),
        ...(checksByTable.get(name) ?? []).map((c): ConstraintDef => ({
          type: 'check',
          name: str(c.name),
          expression: str(c.expression),
          ...(c.enforced === 'NO' ? { notEnforced: true } : {}),
        })),
      ].sort(byName);
      const triggers: TriggerDef[] = (triggersByTable.get(name) ?? []).map((r) => ({
        name: str(r.name),
        timing: str(r.timing) as TriggerDef['timing'],
        events: [str(r.event)],
        level: 'ROW',
        body: str(r.body),
        ...(Number(r.actionOrder) > 1 ? { order: Number(r.actionOrder) } : {}),
        ...owner(r.definer),
      }));
      tables.push({
        schema: NAMESPACE,
        name,
        columns: (columnsByTable.get(name) ?? []).map((c) => {
          const column = readColumn(
            c,
            { charset, collation },
            server,
            srid(name, c),
            privileges ? grantsOf(privileges.columns.get(`${name}\u0000${str(c.name)}`) ?? []) : undefined,
          );
          const check = columnChecks.get(`${name}\u0000${column.name}`);
          return check ? { ...column, check } : column;
        }),
        constraints,
        indexes,
        triggers: triggers.sort(byName),
        ...(opt(t.engine) ? { engine: str(t.engine) } : {}),
        ...(charset ? { charset } : {}),
        ...(collation ? { collation } : {}),
        ...(rowFormat ? { rowFormat } : {}),
        ...(tableOptions.length > 0 ? { options: tableOptions } : {}),
        ...readPartitions(
          partitionsByTable.get(name) ?? [],
          created.has(name) ? partitionOptions(created.get(name) ?? '', opt(t.engine)) : undefined,
        ),
        ...(opt(t.comment) ? { comment: str(t.comment) } : {}),
        ...(privileges ? { grants: grantsOf(privileges.tables.get(name) ?? []) } : {}),
      });
    }

    const views: ViewDef[] = viewRows.map((v) => {
      const name = str(v.name);
      const checkOption = str(v.checkOption);
      const algorithm = str(v.algorithm);
      return {
        schema: NAMESPACE,
        name,
        definition: unqualified(str(v.definition), database),
        columns: (columnsByTable.get(name) ?? []).map((c) => ({ name: str(c.name), type: str(c.type) })),
        ...(checkOption === 'LOCAL' || checkOption === 'CASCADED' ? { checkOption } : {}),
        ...(algorithm === 'MERGE' || algorithm === 'TEMPTABLE' ? { algorithm } : {}),
        ...(v.security === 'INVOKER' ? { sqlSecurity: 'INVOKER' as const } : {}),
        ...owner(v.definer),
        ...(privileges ? { grants: grantsOf(privileges.tables.get(name) ?? []) } : {}),
      };
    });
    for (const name of viewNames) columnsByTable.delete(name);

    const parametersOf = groupBy(parameterRows, (r) => `${str(r.kind)}\u0000${str(r.routine)}`);
    // Routines shown without their bodies (to a user who may only run them) are left out with the rest.
    const functions: FunctionDef[] = (unread.includes('routines') ? [] : routineRows).map((r) => {
      const kind = r.kind === 'PROCEDURE' ? 'procedure' : 'function';
      const parameters = parametersOf.get(`${str(r.kind)}\u0000${str(r.name)}`) ?? [];
      const dataAccess = str(r.dataAccess);
      return {
        schema: NAMESPACE,
        name: str(r.name),
        kind,
        identityArguments: parameters.map((p) => canonicalMysqlType(str(p.type))).join(', '),
        arguments: parameters
          .map((p) =>
            [kind === 'procedure' ? str(p.mode) : '', quoteIdent(str(p.name)), canonicalMysqlType(str(p.type))]
              .filter(Boolean)
              .join(' '),
          )
          .join(', '),
        ...(kind === 'function' ? { returns: str(r.returns) } : {}),
        language: 'SQL',
        body: str(r.body),
        ...(r.isDeterministic === 'YES' ? { deterministic: true } : {}),
        ...(dataAccess === 'NO SQL' || dataAccess === 'READS SQL DATA' || dataAccess === 'MODIFIES SQL DATA'
          ? { dataAccess }
          : {}),
        ...(r.security === 'DEFINER' ? { securityDefiner: true } : {}),
        ...(opt(r.comment) ? { comment: str(r.comment) } : {}),
        ...owner(r.definer),
      };
    });

    const events: EventDef[] = eventRows.map((e) => ({
      schema: NAMESPACE,
      name: str(e.name),
      schedule: schedule(e),
      ...(e.status === 'DISABLED' || e.status === 'SLAVESIDE_DISABLED' ? { status: e.status } : {}),
      ...(e.completion === 'PRESERVE' ? { preserve: true } : {}),
      body: str(e.body),
      ...(opt(e.comment) ? { comment: str(e.comment) } : {}),
      ...owner(e.definer),
    }));

    const sequences: SequenceDef[] = sequenceRows.map((s) => ({
      schema: NAMESPACE,
      name: str(s.name),
      type: 'bigint',
      start: str(s.start),
      increment: str(s.increment),
      min: str(s.minimum),
      max: str(s.maximum),
      cache: str(s.cacheSize),
      ...(String(s.cycles) === '1' ? { cycle: true } : {}),
    }));

    const namespace: NamespaceDef = {
      name: NAMESPACE,
      ...(opt(schemaRow?.charset) ? { charset: unifiedCharset(str(schemaRow?.charset)) } : {}),
      ...(opt(schemaRow?.collation) ? { collation: unifiedCharset(str(schemaRow?.collation)) } : {}),
      ...(privileges ? { grants: grantsOf(privileges.schema) } : {}),
    };

    const schema: Schema = {
      ...emptySchema(),
      schemas: [namespace],
      sequences: sequences.sort(byName),
      tables: tables.sort(byName),
      views: views.sort(byName),
      functions: functions.sort((a, b) => (a.name === b.name ? (a.kind < b.kind ? -1 : 1) : a.name < b.name ? -1 : 1)),
      events,
    };
    return {
      schema,
      serverVersion: shownVersion(server),
      ...(unread.length > 0 ? { unread } : {}),
    };
  } finally {
    await session.query('COMMIT').catch(() => {});
  }
}
