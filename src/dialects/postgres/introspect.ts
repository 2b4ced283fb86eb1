import { SchemaguardError, errorMessage } from '../../errors.js';
import { adoptCanonicalItems } from '../../schema/canonical.js';
import { pruneDependencies } from '../../schema/filter.js';
import { objectKey, type ObjectKind } from '../../schema/keys.js';
import type {
  ColumnDef,
  CompositeTypeDef,
  ConstraintDef,
  DomainCheck,
  DomainDef,
  EnumDef,
  ForeignKeyDef,
  FunctionDef,
  Grant,
  IndexDef,
  IndexKey,
  ObjectKey,
  PolicyDef,
  ReferentialAction,
  Schema,
  SequenceDef,
  SequenceOptions,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../schema/model.js';
import {
  type CatalogQueryName,
  DATABASE_WIDE_QUERIES,
  SERVER_VERSION,
  VIEWS_PER_PAGE,
  catalogQueries,
  viewDefinitionsPage,
} from './catalog-queries.js';
import { type CatalogScope, FEW_OBJECTS, scopeQuery } from './catalog-sql.js';
import type { IntrospectOptions, Introspection } from '../dialect.js';
import type { PostgresClient } from './connection.js';
import { type KindQueryName, kindQueries, withKinds } from './kinds/index.js';
import { COLUMN_COMPRESSION, COLUMN_STORAGE } from './kinds/table-storage.js';
import { readCatalogKinds } from './kinds/index.js';
import { notModelledCounts } from './not-modelled.js';
import { quoteLiteral } from './quote.js';
import { normalizeLegacyViewDefinition } from './view-definition.js';

type Row = Record<string, unknown>;

const str = (v: unknown): string => v as string;
const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const nonEmpty = <T>(list: readonly T[]): readonly T[] | undefined => (list.length > 0 ? list : undefined);
/** A list of objects built in canonical form, recorded as canonical; undefined when empty. */
const canonicalList = <T extends object>(list: T[]): T[] | undefined => {
  if (list.length === 0) return undefined;
  adoptCanonicalItems([list]);
  return list;
};

function groupBy(rows: readonly Row[], key: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const k = str(row[key]);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const REFERENTIAL_ACTIONS: Record<string, ReferentialAction | undefined> = {
  a: undefined,
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

const ENABLED_STATES: Record<string, TriggerDef['enabled']> = {
  O: undefined,
  D: 'DISABLED',
  R: 'REPLICA',
  A: 'ALWAYS',
};

const POLICY_COMMANDS: Record<string, string> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

/** What introspection needs of a connection: statements one by one, and many in one round trip if it can. */
type CatalogClient = Pick<PostgresClient, 'query' | 'exec' | 'queryBatch'>;

/**
 * Reads the whole schema of a PostgreSQL database: a fixed number of catalog queries, sent
 * in one round trip, inside one read-only repeatable-read transaction so the picture is
 * consistent and nothing can be written. When the batch fails, the queries run again one
 * by one, so that the error names the one that failed.
 */
export async function introspectPostgres(
  client: CatalogClient,
  options: IntrospectOptions = {},
): Promise<Introspection> {
  let read: { rows: CatalogRows; version: Row | undefined };
  try {
    read = await readCatalog(client, options, client.queryBatch !== undefined);
  } catch (error) {
    if (error instanceof SchemaguardError || !client.queryBatch) throw error;
    read = await readCatalog(client, options, false);
  }
  const { rows, version } = read;
  const serverVersionNum = Number(version?.num);
  return {
    schema: assemble(rows, serverVersionNum, options),
    serverVersion: str(version?.version),
    notIncluded: notModelledCounts(rows.notModelled),
  };
}

/** The catalog's rows, read in one transaction: in one batch, or query by query with each error named. */
async function readCatalog(
  client: CatalogClient,
  options: IntrospectOptions,
  batched: boolean,
): Promise<{ rows: CatalogRows; version: Row | undefined }> {
  const run = async (step: string, sql: string): Promise<Row[]> => {
    options.onProgress?.(step);
    try {
      return await client.query<Row>(sql);
    } catch (error) {
      throw catalogError(error, step);
    }
  };
  await client.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    if (options.snapshot) await client.exec(`SET TRANSACTION SNAPSHOT ${quoteLiteral(options.snapshot)}`);
    // The catalog queries are written in the order they are best joined (the catalog first, then
    // the lookups): the planner keeps it instead of searching every order, which takes most of a
    // small database's read and chose slower plans for large ones (2,000 tables: 0.85 s instead
    // of 1.2 s on a server, 1.9 s instead of 2.8 s on PGlite). And no JIT: on a large catalog
    // the planner's estimates pass its thresholds, and compiling took longer than running (5,000
    // tables with 47,000 indexes: 0.76 s of the indexes query's 1.9 s).
    await client.exec(
      "SET LOCAL search_path = ''; SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1; SET LOCAL jit = off",
    );
    // A scoped read's queries read a few rows each, by index: starting parallel workers for one
    // took longer than the query (the dependencies of a 20-table schema: 100 ms instead of 10).
    if (options.schemas) await client.exec('SET LOCAL max_parallel_workers_per_gather = 0');
    const [version] = await run('server version', SERVER_VERSION);
    const serverVersionNum = Number(version?.num);
    if (serverVersionNum < 140000) {
      throw new SchemaguardError(
        `The server runs PostgreSQL ${String(version?.version)}; schemaguard needs PostgreSQL 14 or newer.`,
      );
    }
    const few = Number(version?.objects) <= FEW_OBJECTS;
    const scope = options.schemas ? await readScope(options.schemas, run) : undefined;
    const queries = {
      ...catalogQueries(serverVersionNum, few, scope),
      ...kindQueries(serverVersionNum, few, scope),
    };
    const names = (Object.keys(queries) as (keyof CatalogRows)[]).filter(
      (name) =>
        (options.includePrivileges || (name !== 'grants' && name !== 'allPrivileges')) &&
        !(scope && DATABASE_WIDE_QUERIES.has(name)),
    );
    const rows = Object.fromEntries(Object.keys(queries).map((name) => [name, []])) as unknown as CatalogRows;
    if (batched && client.queryBatch) {
      options.onProgress?.('catalog');
      const results = await client.queryBatch<Row>(names.map((name) => queries[name]));
      names.forEach((name, i) => (rows[name] = results[i] ?? []));
    } else {
      for (const name of names) rows[name] = await run(name, queries[name]);
    }
    await readViewDefinitions(client, rows.relations, (page) => viewDefinitionsPage(page, few, scope), run, batched);
    await client.exec('COMMIT');
    return { rows, version };
  } catch (error) {
    await client.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** The OIDs of the relations and types of the schemas a scoped read reads (see {@link CatalogScope}). */
async function readScope(
  schemas: readonly string[],
  run: (step: string, sql: string) => Promise<Row[]>,
): Promise<CatalogScope> {
  const [row] = await run('schema objects', scopeQuery(schemas));
  const oids = (value: unknown) =>
    str(value ?? '{}')
      .slice(1, -1)
      .split(',')
      .filter((oid) => /^\d+$/.test(oid));
  return { schemas, relations: oids(row?.relations), types: oids(row?.types) };
}

function catalogError(error: unknown, step: string): Error {
  if (error instanceof SchemaguardError) return error;
  const code = (error as { code?: string }).code;
  if (code === '42501') {
    return new SchemaguardError(
      `Permission denied reading the catalog (${step}): ${errorMessage(error)}; connect as a role that can read pg_catalog.`,
      { cause: error },
    );
  }
  return new SchemaguardError(`Reading the catalog failed (${step}): ${errorMessage(error)}.`, { cause: error });
}

type CatalogRows = Record<CatalogQueryName | KindQueryName, Row[]>;

function assemble(rows: CatalogRows, serverVersionNum: number, options: IntrospectOptions): Schema {
  const owner = (row: Row) => (options.includeOwners ? optStr(row.owner) : undefined);
  const grants = grantsByObject(rows.grants, rows.allPrivileges);
  const columnsByRel = groupBy(rows.columns, 'relid');
  const constraintsByRel = groupBy(rows.constraints, 'relid');
  const indexesByRel = groupBy(rows.indexes, 'relid');
  const triggersByRel = groupBy(rows.triggers, 'relid');
  const policiesByRel = groupBy(rows.policies, 'relid');
  const checksByType = groupBy(rows.domainChecks, 'type_oid');
  const deps = dependencyMap(rows.dependencies);
  const relationNames = new Map(rows.relations.map((r) => [str(r.oid), { schema: str(r.schema), table: str(r.name) }]));
  const names = columnNameResolver(columnsByRel);
  const grantsOf = (kind: string, oid: unknown) =>
    options.includePrivileges ? (grants.get(`${kind}:${str(oid)}`) ?? []) : undefined;

  const columnsOf = (relid: unknown, inheritance: 'partition' | 'inherits' | 'none'): ColumnDef[] => {
    const columns = (columnsByRel.get(str(relid)) ?? []).map((c) =>
      toColumn(
        c,
        inheritance,
        options.includePrivileges ? grants.get(`column:${str(relid)}:${str(c.name)}`) : undefined,
      ),
    );
    // Grants are not built in canonical form: a table with column grants is copied as before.
    if (!columns.some((c) => c.grants)) adoptCanonicalItems([columns]);
    return columns;
  };

  const tables: TableDef[] = [];
  const views: ViewDef[] = [];
  for (const r of rows.relations) {
    const schema = str(r.schema);
    const name = str(r.name);
    const indexes = toIndexes(indexesByRel.get(str(r.oid)) ?? [], names);
    const triggers = (triggersByRel.get(str(r.oid)) ?? []).map((t) => toTrigger(t, names));
    const relOptions = strings(r.options);
    if (r.kind === 'v' || r.kind === 'm') {
      const checkOption = relOptions.find((o) => o.startsWith('check_option='));
      // Members in canonical order, none that canonical form leaves out: the view is recorded as
      // canonical (without grants or triggers, which are not built that way) and a snapshot takes it as is.
      const view: Record<string, unknown> = {
        schema,
        name,
        columns: (columnsByRel.get(str(r.oid)) ?? []).map((c) => {
          const comment = optStr(c.comment);
          return comment === undefined
            ? { name: str(c.name), type: str(c.type) }
            : { name: str(c.name), type: str(c.type), comment };
        }),
      };
      const checkOptionValue = checkOption?.split('=')[1]?.toUpperCase();
      if (checkOptionValue) view.checkOption = checkOptionValue;
      const comment = optStr(r.comment);
      if (comment !== undefined) view.comment = comment;
      const viewGrants = grantsOf('relation', r.oid);
      if (viewGrants) view.grants = viewGrants;
      if (indexes.length > 0) view.indexes = indexes;
      if (r.kind === 'm') view.materialized = true;
      const viewOptions = relOptions.filter((o) => o !== checkOption);
      if (viewOptions.length > 0) view.options = viewOptions;
      const viewOwner = owner(r);
      if (viewOwner !== undefined) view.owner = viewOwner;
      if (triggers.length > 0) view.triggers = triggers;
      view.definition =
        serverVersionNum < 160000 ? normalizeLegacyViewDefinition(str(r.view_definition)) : str(r.view_definition);
      const dependsOn = deps.get(objectKey('view', schema, name));
      if (dependsOn && dependsOn.length > 0) view.dependsOn = dependsOn;
      if (triggers.length === 0 && !viewGrants?.length) adoptCanonicalItems([view]);
      views.push(view as unknown as ViewDef);
      continue;
    }
    const parents = strings(r.parents).map((oid) => relationNames.get(oid));
    const isPartition = r.is_partition === true;
    const parent = parents[0];
    tables.push({
      schema,
      name,
      columns: columnsOf(r.oid, isPartition ? 'partition' : parents.length > 0 ? 'inherits' : 'none'),
      constraints: canonicalList(
        (constraintsByRel.get(str(r.oid)) ?? []).map((c) => toConstraint(c, names, relationNames)),
      ),
      indexes: nonEmpty(indexes),
      triggers: nonEmpty(triggers),
      policies: nonEmpty((policiesByRel.get(str(r.oid)) ?? []).map(toPolicy)),
      rowLevelSecurity: r.row_security === true,
      forceRowLevelSecurity: r.force_row_security === true,
      unlogged: r.unlogged === true,
      partitionBy: optStr(r.partition_by),
      partitionOf: isPartition && parent ? { ...parent, bound: str(r.partition_bound) } : undefined,
      inherits: !isPartition ? nonEmpty(parents.filter((p) => p !== undefined)) : undefined,
      options: nonEmpty(relOptions),
      dependsOn: deps.get(objectKey('table', schema, name)),
      comment: optStr(r.comment),
      owner: owner(r),
      grants: grantsOf('relation', r.oid),
    });
  }

  const enums: EnumDef[] = [];
  const domains: DomainDef[] = [];
  const compositeTypes: CompositeTypeDef[] = [];
  for (const t of rows.types) {
    const base = { schema: str(t.schema), name: str(t.name), comment: optStr(t.comment), owner: owner(t) };
    const dependsOn = deps.get(objectKey('type', base.schema, base.name));
    if (t.kind === 'e') enums.push({ ...base, values: strings(t.enum_values) });
    else if (t.kind === 'd') {
      domains.push({
        ...base,
        baseType: str(t.base_type),
        notNull: t.not_null === true,
        default: optStr(t.default_value),
        collation: optStr(t.collation),
        checks: nonEmpty((checksByType.get(str(t.oid)) ?? []).map(toDomainCheck)),
        dependsOn,
      });
    } else {
      compositeTypes.push({
        ...base,
        attributes: (columnsByRel.get(str(t.relid)) ?? []).map((c) => ({
          name: str(c.name),
          type: str(c.type),
          collation: optStr(c.collation),
          comment: optStr(c.comment),
        })),
        dependsOn,
      });
    }
  }

  const sequences: SequenceDef[] = rows.sequences.map((s) => ({
    schema: str(s.schema),
    name: str(s.name),
    type: str(s.type),
    start: str(s.start),
    increment: str(s.increment),
    min: str(s.min),
    max: str(s.max),
    cache: str(s.cache),
    cycle: s.cycle === true,
    unlogged: s.unlogged === true,
    ownedBy:
      s.owned_by_table !== null && s.owned_by_column !== null
        ? { schema: str(s.owned_by_schema), table: str(s.owned_by_table), column: str(s.owned_by_column) }
        : undefined,
    comment: optStr(s.comment),
    owner: owner(s),
    grants: grantsOf('sequence', s.oid),
  }));

  const functions: FunctionDef[] = rows.functions.map((f) => {
    const fn = toFunction(f);
    return {
      ...fn,
      dependsOn: deps.get(objectKey('function', fn.schema, fn.name, fn.identityArguments)),
      owner: owner(f),
      grants: grantsOf('function', f.oid),
    };
  });

  const schema: Schema = {
    schemas: rows.namespaces.map((n) => ({
      name: str(n.name),
      comment: optStr(n.comment),
      owner: owner(n),
      grants: grantsOf('namespace', n.oid),
    })),
    extensions: rows.extensions.map((x) => ({
      name: str(x.name),
      schema: str(x.schema),
      version: str(x.version),
      comment: optStr(x.comment),
    })),
    collations: rows.collations.map((c) => ({
      schema: str(c.schema),
      name: str(c.name),
      provider: str(c.provider),
      locale: optStr(c.locale),
      lcCollate: c.provider === 'libc' ? optStr(c.lc_collate) : undefined,
      lcCtype: c.provider === 'libc' ? optStr(c.lc_ctype) : undefined,
      nondeterministic: c.deterministic === false,
      comment: optStr(c.comment),
    })),
    enums,
    domains,
    compositeTypes,
    sequences,
    tables,
    views,
    functions,
    eventTriggers: rows.eventTriggers.map((e) => ({
      name: str(e.name),
      event: str(e.event),
      tags: nonEmpty(strings(e.tags)),
      function: str(e.function),
      enabled: ENABLED_STATES[str(e.enabled)],
      comment: optStr(e.comment),
    })),
    ...readCatalogKinds({ includeOwners: options.includeOwners === true, dependsOn: (key) => deps.get(key), rows }),
  };
  return pruneDependencies(withKinds(schema, rows, options));
}

/**
 * Gives each view and materialized view among `relations` its `view_definition`. PostgreSQL's
 * `pg_get_viewdef` locks the view and every relation it reads until the transaction ends: read
 * with the relations, a database of some ten thousand views ran out of the server's lock table
 * ("out of shared memory", as `pg_dump` does). They are read a page of 500 at a time instead
 * (`pageSql`), each page in a savepoint rolled back after it, which lets its locks go; the
 * transaction's snapshot, and so the picture, stays the same. A database with views takes one
 * more round trip (and one for each 500 views beyond).
 */
async function readViewDefinitions(
  client: CatalogClient,
  relations: Row[],
  pageSql: (page: number) => string,
  run: (step: string, sql: string) => Promise<Row[]>,
  batched: boolean,
): Promise<void> {
  const views = relations.filter((r) => r.kind === 'v' || r.kind === 'm');
  const definitions = new Map<string, unknown>();
  for (let page = 0; page * VIEWS_PER_PAGE < views.length; page++) {
    const sql = pageSql(page);
    let found: Row[];
    if (batched && client.queryBatch) {
      const [, read] = await client.queryBatch<Row>([VIEWS_SAVEPOINT, sql, ROLLBACK_VIEWS_SAVEPOINT]);
      found = read ?? [];
    } else {
      await client.exec(VIEWS_SAVEPOINT);
      found = await run('view definitions', sql);
      await client.exec(ROLLBACK_VIEWS_SAVEPOINT);
    }
    for (const d of found) definitions.set(str(d.oid), d.definition);
  }
  for (const view of views) view.view_definition = definitions.get(str(view.oid)) ?? null;
}

const VIEWS_SAVEPOINT = 'SAVEPOINT schemaguard_view_definitions';
const ROLLBACK_VIEWS_SAVEPOINT = 'ROLLBACK TO SAVEPOINT schemaguard_view_definitions';

function dependencyMap(rows: readonly Row[]): Map<ObjectKey, ObjectKey[]> {
  const map = new Map<ObjectKey, ObjectKey[]>();
  for (const d of rows) {
    const from = objectKey(d.kind as ObjectKind, str(d.schema), str(d.name), optStr(d.args));
    const to = objectKey(d.ref_kind as ObjectKind, str(d.ref_schema), str(d.ref_name), optStr(d.ref_args));
    if (from === to) continue;
    const list = map.get(from);
    if (!list) map.set(from, [to]);
    else if (!list.includes(to)) list.push(to);
  }
  for (const list of map.values()) list.sort();
  return map;
}

/** Column privileges are the same on every version. */
const ALL_COLUMN_PRIVILEGES = ['INSERT', 'REFERENCES', 'SELECT', 'UPDATE'];

/** Grants by object; a grantee holding every privilege of the object's kind gets one `ALL` grant. */
function grantsByObject(rows: readonly Row[], allPrivileges: readonly Row[]): Map<string, Grant[]> {
  const all = new Map(allPrivileges.map((r) => [str(r.kind), strings(r.privileges)]));
  all.set('column', ALL_COLUMN_PRIVILEGES);
  const byGrantee = new Map<string, Row[]>();
  for (const g of rows) {
    const object =
      g.kind === 'column' ? `column:${str(g.objid)}:${str(g.column_name)}` : `${str(g.kind)}:${str(g.objid)}`;
    const key = `${object}\u0000${str(g.grantee)}`;
    const list = byGrantee.get(key);
    if (list) list.push(g);
    else byGrantee.set(key, [g]);
  }
  const map = new Map<string, Grant[]>();
  for (const [key, held] of byGrantee) {
    const [object = '', grantee = ''] = key.split('\u0000');
    const everything = all.get(str(held[0]?.kind)) ?? [];
    const privileges = new Set(held.map((g) => str(g.privilege)));
    const grantable = held.every((g) => g.grantable === true);
    const collapse =
      everything.length > 1 &&
      everything.every((p) => privileges.has(p)) &&
      held.every((g) => g.grantable === grantable);
    const grants: Grant[] = collapse
      ? [{ grantee, privilege: 'ALL', grantable }]
      : held.map((g) => ({ grantee, privilege: str(g.privilege), grantable: g.grantable === true }));
    map.set(object, [...(map.get(object) ?? []), ...grants]);
  }
  return map;
}

/**
 * A column of the model, its members in canonical order and none that canonical form leaves out
 * (schema/canonical.ts): a table's columns without grants are recorded as canonical, and a
 * snapshot takes them without a copy (600,000 columns in a wide 10,000-table schema).
 */
function toColumn(c: Row, inheritance: 'partition' | 'inherits' | 'none', grants: Grant[] | undefined): ColumnDef {
  const identity = str(c.identity);
  const generated = str(c.generated);
  const column: { -readonly [K in keyof ColumnDef]: ColumnDef[K] } = { name: str(c.name), type: str(c.type) };
  const collation = optStr(c.collation);
  if (collation !== undefined) column.collation = collation;
  const comment = optStr(c.comment);
  if (comment !== undefined) column.comment = comment;
  const compression = COLUMN_COMPRESSION[str(c.compression)];
  if (compression !== undefined) column.compression = compression;
  const expression = optStr(c.default_expr);
  if (expression !== undefined) {
    if (generated === '') column.default = expression;
    else column.generated = expression;
  }
  if (grants && grants.length > 0) column.grants = grants;
  if (identity === 'a' || identity === 'd') {
    const sequence: { -readonly [K in keyof SequenceOptions]: SequenceOptions[K] } = {
      type: str(c.seq_type),
      start: str(c.seq_start),
      increment: str(c.seq_increment),
      min: str(c.seq_min),
      max: str(c.seq_max),
      cache: str(c.seq_cache),
    };
    if (c.seq_cycle === true) sequence.cycle = true;
    column.identity = { generation: identity === 'a' ? 'ALWAYS' : 'BY DEFAULT', sequence };
  }
  // A partition's columns always come from its parent; only INHERITS children mix both.
  if (inheritance === 'inherits' && c.is_local === false) column.inherited = true;
  if (c.not_null === true) column.notNull = true;
  if (c.not_null_no_inherit === true) column.notNullNoInherit = true;
  const storage = COLUMN_STORAGE[str(c.storage)];
  if (storage !== undefined) column.storage = storage;
  if (generated === 'v') column.virtual = true;
  return column;
}

/** Turns column numbers of a relation into names, from the columns already read. */
type ColumnNames = (relid: unknown, numbers: unknown) => string[];

function columnNameResolver(columnsByRel: ReadonlyMap<string, readonly Row[]>): ColumnNames {
  const byRel = new Map<string, Map<number, string>>();
  return (relid, numbers) => {
    const key = str(relid);
    let map = byRel.get(key);
    if (!map) {
      map = new Map((columnsByRel.get(key) ?? []).map((c) => [Number(c.num), str(c.name)]));
      byRel.set(key, map);
    }
    const lookup = map;
    return Array.isArray(numbers) ? numbers.map((n) => lookup.get(Number(n)) ?? `#${String(n)}`) : [];
  };
}

/**
 * The table a foreign key references, with its columns: one the read has, or (a scoped read's
 * reference outside its schemas) as the constraint's row names it.
 */
function referencedTable(
  c: Row,
  names: ColumnNames,
  relations: ReadonlyMap<string, { readonly schema: string; readonly table: string }>,
): ForeignKeyDef['references'] {
  const known = relations.get(str(c.ref_relid));
  if (!known && c.ref_table != null) {
    return { schema: str(c.ref_schema), table: str(c.ref_table), columns: strings(c.ref_column_names) };
  }
  return {
    ...(known ?? { schema: '?', table: `#${str(c.ref_relid)}` }),
    columns: names(c.ref_relid, c.ref_columns),
  };
}

const CONSTRAINT_TYPES: Record<string, ConstraintDef['type']> = {
  p: 'primary key',
  u: 'unique',
  c: 'check',
  x: 'exclusion',
};

/**
 * A constraint of the model, its members in canonical order and none that canonical form leaves
 * out (schema/canonical.ts): a relation's list of them is recorded as canonical.
 */
function toConstraint(
  c: Row,
  names: ColumnNames,
  relations: ReadonlyMap<string, { readonly schema: string; readonly table: string }>,
): ConstraintDef {
  const type = CONSTRAINT_TYPES[str(c.type)] ?? 'foreign key';
  const constraint: Record<string, unknown> = { name: str(c.name), type };
  const comment = optStr(c.comment);
  if (type === 'exclusion') {
    if (comment !== undefined) constraint.comment = comment;
    constraint.definition = str(c.definition);
    return constraint as unknown as ConstraintDef;
  }
  const keyed = type === 'primary key' || type === 'unique';
  if (type !== 'check') constraint.columns = names(c.relid, c.columns);
  if (comment !== undefined) constraint.comment = comment;
  if (c.deferrable === true) constraint.deferrable = true;
  if (type === 'check') constraint.expression = str(c.expression);
  if (keyed) {
    const include = names(c.relid, c.index_columns).slice(Number(c.index_key_count));
    if (include.length > 0) constraint.include = include;
  }
  if (c.deferred === true) constraint.initiallyDeferred = true;
  if (type === 'foreign key') {
    if (c.match_type === 'f') constraint.match = 'FULL';
    else if (c.match_type === 'p') constraint.match = 'PARTIAL';
  }
  if (type === 'check' && c.no_inherit === true) constraint.noInherit = true;
  if ((type === 'check' || type === 'foreign key') && c.not_enforced === true) constraint.notEnforced = true;
  if ((type === 'check' || type === 'foreign key') && c.not_valid === true) constraint.notValid = true;
  if (type === 'unique' && c.nulls_not_distinct === true) constraint.nullsNotDistinct = true;
  if (type === 'foreign key') {
    const onDelete = REFERENTIAL_ACTIONS[str(c.on_delete)];
    if (onDelete) constraint.onDelete = onDelete;
    const onDeleteColumns = names(c.relid, c.on_delete_columns);
    if (onDeleteColumns.length > 0) constraint.onDeleteColumns = onDeleteColumns;
    const onUpdate = REFERENTIAL_ACTIONS[str(c.on_update)];
    if (onUpdate) constraint.onUpdate = onUpdate;
    if (c.period === true) constraint.period = true;
    constraint.references = referencedTable(c, names, relations);
  }
  if (keyed && c.period === true) constraint.withoutOverlaps = true;
  return constraint as unknown as ConstraintDef;
}

/**
 * A relation's indexes from their rows (one per key column, ordered by table, index name and
 * position), each with its members in canonical order and none that canonical form leaves out
 * (schema/canonical.ts): the list is recorded as canonical, and a snapshot takes it without a copy.
 */
function toIndexes(rows: readonly Row[], names: ColumnNames): IndexDef[] {
  const indexes: IndexDef[] = [];
  for (const [, keyRows] of groupBy(rows, 'name')) {
    const first = keyRows[0] as Row;
    const keyCount = Number(first.key_count);
    const keys: IndexKey[] = [];
    const include: string[] = [];
    for (const k of keyRows) {
      if (Number(k.position) > keyCount) {
        include.push(...names(k.relid, [k.attnum]));
        continue;
      }
      const bits = Number(k.option_bits);
      const descending = (bits & 1) !== 0;
      const nullsFirst = (bits & 2) !== 0;
      const key: { -readonly [K in keyof IndexKey]: IndexKey[K] } = {};
      if (Number(k.attnum) !== 0) key.column = names(k.relid, [k.attnum])[0];
      const collation = optStr(k.collation);
      if (collation !== undefined) key.collation = collation;
      if (descending) key.descending = true;
      if (Number(k.attnum) === 0) key.expression = str(k.expression);
      const nulls = descending && !nullsFirst ? 'LAST' : !descending && nullsFirst ? 'FIRST' : undefined;
      if (nulls) key.nulls = nulls;
      const opclass = optStr(k.opclass);
      if (opclass !== undefined) key.opclass = opclass;
      keys.push(key);
    }
    const index: { -readonly [K in keyof IndexDef]: IndexDef[K] } = { name: str(first.name) } as IndexDef;
    const comment = optStr(first.comment);
    if (comment !== undefined) index.comment = comment;
    if (include.length > 0) index.include = include;
    if (first.invalid === true) index.invalid = true;
    index.keys = keys;
    index.method = str(first.method);
    if (first.nulls_not_distinct === true) index.nullsNotDistinct = true;
    const options = strings(first.options);
    if (options.length > 0) index.options = options;
    if (first.is_unique === true) index.unique = true;
    const where = optStr(first.predicate);
    if (where !== undefined) index.where = where;
    indexes.push(index);
  }
  adoptCanonicalItems([indexes]);
  return indexes;
}

const TRIGGER_ROW = 1;
const TRIGGER_BEFORE = 2;
const TRIGGER_INSERT = 4;
const TRIGGER_DELETE = 8;
const TRIGGER_UPDATE = 16;
const TRIGGER_TRUNCATE = 32;
const TRIGGER_INSTEAD = 64;

/** Trigger arguments: `tgargs` is a bytea of NUL-terminated strings. */
function triggerArguments(raw: unknown, count: number): string[] {
  if (count === 0) return [];
  const bytes =
    raw instanceof Uint8Array
      ? raw
      : typeof raw === 'string' && raw.startsWith('\\x')
        ? Buffer.from(raw.slice(2), 'hex')
        : new Uint8Array();
  const args: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length && args.length < count; i++) {
    if (bytes[i] === 0) {
      args.push(Buffer.from(bytes.subarray(start, i)).toString('utf8'));
      start = i + 1;
    }
  }
  return args;
}

/** The `WHEN (…)` condition, which the catalog only exposes inside the trigger's definition. */
function triggerCondition(definition: string): string | undefined {
  const forEach = definition.indexOf(' FOR EACH ');
  const start = definition.indexOf(' WHEN (', forEach);
  const end = definition.lastIndexOf(') EXECUTE ');
  return start === -1 || end < start ? undefined : definition.slice(start + ' WHEN ('.length, end);
}

function toTrigger(t: Row, names: ColumnNames): TriggerDef {
  const bits = Number(t.type_bits);
  const events = [
    bits & TRIGGER_INSERT ? 'INSERT' : undefined,
    bits & TRIGGER_UPDATE ? 'UPDATE' : undefined,
    bits & TRIGGER_DELETE ? 'DELETE' : undefined,
    bits & TRIGGER_TRUNCATE ? 'TRUNCATE' : undefined,
  ].filter((e): e is string => e !== undefined);
  return {
    name: str(t.name),
    timing: bits & TRIGGER_INSTEAD ? 'INSTEAD OF' : bits & TRIGGER_BEFORE ? 'BEFORE' : 'AFTER',
    events,
    columns: nonEmpty(names(t.relid, t.columns)),
    level: bits & TRIGGER_ROW ? 'ROW' : 'STATEMENT',
    when: triggerCondition(str(t.definition)),
    function: str(t.function),
    arguments: nonEmpty(triggerArguments(t.args, Number(t.arg_count))),
    referencingOld: optStr(t.old_table),
    referencingNew: optStr(t.new_table),
    constraint: t.is_constraint === true,
    deferrable: t.deferrable === true,
    initiallyDeferred: t.deferred === true,
    enabled: ENABLED_STATES[str(t.enabled)],
    comment: optStr(t.comment),
  };
}

function toPolicy(p: Row): PolicyDef {
  return {
    name: str(p.name),
    command: POLICY_COMMANDS[str(p.command)] ?? str(p.command),
    restrictive: p.permissive === false,
    roles: strings(p.roles),
    using: optStr(p.using_expr),
    withCheck: optStr(p.check_expr),
    comment: optStr(p.comment),
  };
}

function toDomainCheck(c: Row): DomainCheck {
  return {
    name: str(c.name),
    expression: str(c.expression),
    notValid: c.not_valid === true,
    comment: optStr(c.comment),
  };
}

function toFunction(f: Row): Omit<FunctionDef, 'owner' | 'grants' | 'dependsOn'> {
  const language = str(f.language);
  const defaultCost = language === 'c' || language === 'internal' ? 1 : 100;
  const cost = Number(f.cost);
  const rows = Number(f.rows);
  const sqlBody = optStr(f.sql_body);
  return {
    schema: str(f.schema),
    name: str(f.name),
    kind: f.kind === 'p' ? 'procedure' : 'function',
    identityArguments: str(f.identity_arguments),
    arguments: str(f.arguments),
    returns: optStr(f.returns),
    language,
    body: sqlBody ?? str(f.source),
    sqlStandardBody: sqlBody !== undefined,
    volatility: f.volatility === 'i' ? 'IMMUTABLE' : f.volatility === 's' ? 'STABLE' : undefined,
    strict: f.strict === true,
    securityDefiner: f.security_definer === true,
    leakproof: f.leakproof === true,
    parallel: f.parallel === 's' ? 'SAFE' : f.parallel === 'r' ? 'RESTRICTED' : undefined,
    cost: cost !== defaultCost ? cost : undefined,
    rows: f.returns_set === true && rows !== 1000 ? rows : undefined,
    config: nonEmpty(strings(f.config)),
    comment: optStr(f.comment),
  };
}
