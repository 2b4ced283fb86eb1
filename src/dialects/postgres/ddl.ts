import { type DependencyNode, topologicalOrder } from '../../plan/graph.js';
import { functionKey, objectKey } from '../../schema/keys.js';
import type {
  CollationDef,
  ColumnDef,
  CompositeTypeDef,
  ConstraintDef,
  DomainDef,
  EnumDef,
  EventTriggerDef,
  ExtensionDef,
  FunctionDef,
  Grant,
  IndexDef,
  ObjectKey,
  PolicyDef,
  Schema,
  SequenceDef,
  SequenceOptions,
  TableData,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../schema/model.js';
import { accessMethodClause, compressionClause, createForeignTableSql, kindPhases } from './kinds/index.js';
import { catalogKindComments, catalogKindNodes, catalogKindOwners } from './kinds/index.js';
import { dollarQuote, qualify, quoteIdent, quoteLiteral } from './quote.js';

/*
 * DDL for each object kind, and the whole-schema script in dependency order. Every
 * function returns complete statements ending in `;`. Identifiers are quoted here;
 * type names and expressions are stored already as the server prints them.
 */

const list = (names: readonly string[]) => names.map(quoteIdent).join(', ');

export function createSchemaSql(name: string): string {
  return name === 'public' ? 'CREATE SCHEMA IF NOT EXISTS public;' : `CREATE SCHEMA ${quoteIdent(name)};`;
}

export function createEnumSql(e: EnumDef): string {
  return `CREATE TYPE ${qualify(e.schema, e.name)} AS ENUM (${e.values.map(quoteLiteral).join(', ')});`;
}

export function createDomainSql(d: DomainDef): string[] {
  let sql = `CREATE DOMAIN ${qualify(d.schema, d.name)} AS ${d.baseType}`;
  if (d.collation) sql += ` COLLATE ${d.collation}`;
  if (d.default !== undefined) sql += ` DEFAULT ${d.default}`;
  if (d.notNull) sql += ' NOT NULL';
  const later: string[] = [];
  for (const check of d.checks ?? []) {
    if (check.notValid) later.push(addDomainCheckSql(d, check));
    else sql += ` CONSTRAINT ${quoteIdent(check.name)} CHECK (${check.expression})`;
  }
  return [`${sql};`, ...later];
}

/** `ALTER DOMAIN … ADD CONSTRAINT … CHECK (…)`, `NOT VALID` when the check is. */
export function addDomainCheckSql(d: DomainDef, check: NonNullable<DomainDef['checks']>[number]): string {
  const notValid = check.notValid ? ' NOT VALID' : '';
  return `ALTER DOMAIN ${qualify(d.schema, d.name)} ADD CONSTRAINT ${quoteIdent(check.name)} CHECK (${check.expression})${notValid};`;
}

export function createCompositeTypeSql(t: CompositeTypeDef): string {
  const attributes = t.attributes.map(
    (a) => `${quoteIdent(a.name)} ${a.type}${a.collation ? ` COLLATE ${a.collation}` : ''}`,
  );
  return `CREATE TYPE ${qualify(t.schema, t.name)} AS (${attributes.join(', ')});`;
}

export function sequenceOptionsSql(s: SequenceOptions, withType: boolean): string {
  const parts = [
    withType ? `AS ${s.type}` : undefined,
    `START WITH ${s.start}`,
    `INCREMENT BY ${s.increment}`,
    `MINVALUE ${s.min}`,
    `MAXVALUE ${s.max}`,
    `CACHE ${s.cache}`,
    s.cycle ? 'CYCLE' : undefined,
  ];
  return parts.filter((p) => p !== undefined).join(' ');
}

export function createSequenceSql(s: SequenceDef): string {
  return `CREATE ${s.unlogged ? 'UNLOGGED ' : ''}SEQUENCE ${qualify(s.schema, s.name)} ${sequenceOptionsSql(s, true)};`;
}

/** The column as it appears in `CREATE TABLE` / `ADD COLUMN`. */
export function columnSql(c: ColumnDef): string {
  let sql = `${quoteIdent(c.name)} ${c.type}${compressionClause(c)}`;
  if (c.collation) sql += ` COLLATE ${c.collation}`;
  if (c.identity) {
    sql += ` GENERATED ${c.identity.generation} AS IDENTITY (${sequenceOptionsSql(c.identity.sequence, false)})`;
  }
  if (c.generated !== undefined) sql += ` GENERATED ALWAYS AS (${c.generated}) ${c.virtual ? 'VIRTUAL' : 'STORED'}`;
  if (c.default !== undefined) sql += ` DEFAULT ${c.default}`;
  if (c.notNull) sql += c.notNullNoInherit ? ' NOT NULL NO INHERIT' : ' NOT NULL';
  return sql;
}

/**
 * `CREATE TABLE` with its columns and CHECK constraints (which partitions and child
 * tables must inherit at creation), plus whatever must follow at once.
 */
export function createTableSql(t: TableDef, parent?: TableDef): string[] {
  const name = qualify(t.schema, t.name);
  const checks = (t.constraints ?? []).filter((c) => c.type === 'check');
  const inlineChecks = checks
    .filter((c) => !c.notValid)
    .map((c) => `CONSTRAINT ${quoteIdent(c.name)} ${constraintBody(c)}`);
  let sql: string;
  const attach = t.partitionOf && parent && !sameColumnOrder(t, parent);
  if (t.partitionOf && !attach) {
    const body = inlineChecks.length > 0 ? ` (${inlineChecks.join(', ')})` : '';
    sql = `CREATE ${t.unlogged ? 'UNLOGGED ' : ''}TABLE ${name} PARTITION OF ${qualify(t.partitionOf.schema, t.partitionOf.table)}${body} ${t.partitionOf.bound}`;
  } else {
    const items = [...t.columns.filter((c) => !c.inherited).map(columnSql), ...inlineChecks];
    sql = `CREATE ${t.unlogged ? 'UNLOGGED ' : ''}TABLE ${name} (${items.length > 0 ? `\n  ${items.join(',\n  ')}\n` : ''})`;
    if (t.inherits) sql += ` INHERITS (${t.inherits.map((p) => qualify(p.schema, p.table)).join(', ')})`;
  }
  if (t.partitionBy) sql += ` PARTITION BY ${t.partitionBy}`;
  sql += accessMethodClause(t);
  if (t.options) sql += ` WITH (${t.options.join(', ')})`;
  const statements = [`${sql};`];
  if (t.partitionOf && attach) {
    const { schema, table, bound } = t.partitionOf;
    statements.push(`ALTER TABLE ${qualify(schema, table)} ATTACH PARTITION ${name} ${bound};`);
  } else if (t.partitionOf) statements.push(...partitionColumnFixups(t, parent));
  for (const c of checks.filter((c) => c.notValid)) statements.push(addConstraintSql(t, c));
  return statements;
}

/**
 * Whether a partition's columns are in its parent's order. A table attached as a
 * partition keeps its own order, and `PARTITION OF` would not reproduce it.
 */
function sameColumnOrder(t: TableDef, parent: TableDef): boolean {
  return t.columns.length === parent.columns.length && t.columns.every((c, i) => c.name === parent.columns[i]?.name);
}

/** A partition's own defaults and NOT NULLs, where they differ from its parent's. */
function partitionColumnFixups(t: TableDef, parent: TableDef | undefined): string[] {
  const name = qualify(t.schema, t.name);
  const out: string[] = [];
  for (const c of t.columns) {
    const inherited = parent?.columns.find((p) => p.name === c.name);
    if (c.default !== undefined && c.default !== inherited?.default) {
      out.push(`ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${c.default};`);
    }
    if (c.notNull && !inherited?.notNull)
      out.push(`ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(c.name)} SET NOT NULL;`);
  }
  return out;
}

function deferrableSql(c: { readonly deferrable?: boolean; readonly initiallyDeferred?: boolean }): string {
  if (!c.deferrable) return '';
  return c.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE';
}

/** The constraint clause after `CONSTRAINT name`. */
/** A column list whose last column carries a temporal marker (`WITHOUT OVERLAPS`, `PERIOD`). */
function temporalList(columns: readonly string[], marker: 'WITHOUT OVERLAPS' | 'PERIOD' | undefined): string {
  if (!marker) return list(columns);
  const quoted = columns.map(quoteIdent);
  const last = quoted.pop();
  return [...quoted, marker === 'PERIOD' ? `PERIOD ${last}` : `${last} WITHOUT OVERLAPS`].join(', ');
}

export function constraintBody(c: ConstraintDef): string {
  const include = 'include' in c && c.include ? ` INCLUDE (${list(c.include)})` : '';
  const enforced = 'notEnforced' in c && c.notEnforced ? ' NOT ENFORCED' : '';
  switch (c.type) {
    case 'primary key':
    case 'unique': {
      const columns = temporalList(c.columns, c.withoutOverlaps ? 'WITHOUT OVERLAPS' : undefined);
      const head =
        c.type === 'primary key' ? 'PRIMARY KEY' : `UNIQUE${c.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}`;
      return `${head} (${columns})${include}${deferrableSql(c)}`;
    }
    case 'check':
      return `CHECK (${c.expression})${c.noInherit ? ' NO INHERIT' : ''}${enforced}`;
    case 'exclusion':
      return c.definition;
    case 'foreign key': {
      const r = c.references;
      const period = c.period ? 'PERIOD' : undefined;
      let sql = `FOREIGN KEY (${temporalList(c.columns, period)}) REFERENCES ${qualify(r.schema, r.table)} (${temporalList(r.columns, period)})`;
      if (c.match) sql += ` MATCH ${c.match}`;
      if (c.onUpdate && c.onUpdate !== 'NO ACTION') sql += ` ON UPDATE ${c.onUpdate}`;
      if (c.onDelete && c.onDelete !== 'NO ACTION') {
        sql += ` ON DELETE ${c.onDelete}`;
        if (c.onDeleteColumns) sql += ` (${list(c.onDeleteColumns)})`;
      }
      return sql + deferrableSql(c) + enforced;
    }
  }
}

export function addConstraintSql(t: Pick<TableDef, 'schema' | 'name'>, c: ConstraintDef): string {
  const notValid = (c.type === 'check' || c.type === 'foreign key') && c.notValid ? ' NOT VALID' : '';
  return `ALTER TABLE ${qualify(t.schema, t.name)} ADD CONSTRAINT ${quoteIdent(c.name)} ${constraintBody(c)}${notValid};`;
}

export function createIndexSql(schema: string, table: string, i: IndexDef, concurrently = false): string {
  const keys = i.keys.map((k) => {
    let sql = k.column !== undefined ? quoteIdent(k.column) : `(${k.expression})`;
    if (k.collation) sql += ` COLLATE ${k.collation}`;
    if (k.opclass) sql += ` ${k.opclass}`;
    if (k.descending) sql += ' DESC';
    if (k.nulls) sql += ` NULLS ${k.nulls}`;
    return sql;
  });
  let sql = `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${quoteIdent(i.name)} ON ${qualify(schema, table)}`;
  sql += ` USING ${i.method} (${keys.join(', ')})`;
  if (i.include) sql += ` INCLUDE (${list(i.include)})`;
  if (i.nullsNotDistinct) sql += ' NULLS NOT DISTINCT';
  if (i.options) sql += ` WITH (${i.options.join(', ')})`;
  if (i.where) sql += ` WHERE ${i.where}`;
  return `${sql};`;
}

export const TRIGGER_ENABLE: Record<NonNullable<TriggerDef['enabled']>, string> = {
  DISABLED: 'DISABLE TRIGGER',
  REPLICA: 'ENABLE REPLICA TRIGGER',
  ALWAYS: 'ENABLE ALWAYS TRIGGER',
};

export function createTriggerSql(schema: string, table: string, t: TriggerDef): string[] {
  const events = t.events.map((e) => (e === 'UPDATE' && t.columns ? `UPDATE OF ${list(t.columns)}` : e)).join(' OR ');
  let sql = `CREATE ${t.constraint ? 'CONSTRAINT ' : ''}TRIGGER ${quoteIdent(t.name)} ${t.timing} ${events} ON ${qualify(schema, table)}`;
  if (t.constraint) sql += deferrableSql(t) || ' NOT DEFERRABLE';
  if (t.referencingOld || t.referencingNew) {
    sql += ' REFERENCING';
    if (t.referencingOld) sql += ` OLD TABLE AS ${quoteIdent(t.referencingOld)}`;
    if (t.referencingNew) sql += ` NEW TABLE AS ${quoteIdent(t.referencingNew)}`;
  }
  sql += ` FOR EACH ${t.level}`;
  if (t.when) sql += ` WHEN (${t.when})`;
  sql += ` EXECUTE FUNCTION ${t.function}(${(t.arguments ?? []).map(quoteLiteral).join(', ')});`;
  const statements = [sql];
  if (t.enabled) {
    statements.push(`ALTER TABLE ${qualify(schema, table)} ${TRIGGER_ENABLE[t.enabled]} ${quoteIdent(t.name)};`);
  }
  return statements;
}

export function createPolicySql(t: Pick<TableDef, 'schema' | 'name'>, p: PolicyDef): string {
  const roles = p.roles.map((r) => (r === 'PUBLIC' ? 'PUBLIC' : quoteIdent(r))).join(', ');
  let sql = `CREATE POLICY ${quoteIdent(p.name)} ON ${qualify(t.schema, t.name)}`;
  if (p.restrictive) sql += ' AS RESTRICTIVE';
  sql += ` FOR ${p.command} TO ${roles}`;
  if (p.using !== undefined) sql += ` USING (${p.using})`;
  if (p.withCheck !== undefined) sql += ` WITH CHECK (${p.withCheck})`;
  return `${sql};`;
}

export function createViewSql(v: ViewDef): string {
  const options = v.options ? ` WITH (${v.options.join(', ')})` : '';
  const definition = v.definition.trim().replace(/;$/, '');
  if (v.materialized) {
    return `CREATE MATERIALIZED VIEW ${qualify(v.schema, v.name)}${options} AS\n${definition}\nWITH NO DATA;`;
  }
  const check = v.checkOption ? `\nWITH ${v.checkOption} CHECK OPTION` : '';
  return `CREATE VIEW ${qualify(v.schema, v.name)}${options} AS\n${definition}${check};`;
}

/** GUCs whose value is a list, each element of which is quoted on its own. */
const LIST_SETTINGS = new Set([
  'search_path',
  'temp_tablespaces',
  'local_preload_libraries',
  'session_preload_libraries',
  'shared_preload_libraries',
]);

/** `SET name TO …` for a `proconfig` entry such as `search_path=pg_catalog, "$user"`. */
function settingSql(entry: string): string {
  const eq = entry.indexOf('=');
  const name = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  if (!LIST_SETTINGS.has(name.toLowerCase())) return `SET ${name} TO ${quoteLiteral(value)}`;
  const items = value.match(/"(?:[^"]|"")*"|[^,\s][^,]*/g) ?? [];
  const literals = items.map((item) => {
    const trimmed = item.trim();
    const bare = trimmed.startsWith('"') ? trimmed.slice(1, -1).replaceAll('""', '"') : trimmed;
    return quoteLiteral(bare);
  });
  return `SET ${name} TO ${literals.join(', ')}`;
}

export function createFunctionSql(f: FunctionDef, orReplace = false): string {
  const head = `CREATE ${orReplace ? 'OR REPLACE ' : ''}${f.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qualify(f.schema, f.name)}(${f.arguments})`;
  const clauses = [head];
  if (f.returns !== undefined) clauses.push(`RETURNS ${f.returns}`);
  clauses.push(`LANGUAGE ${quoteIdent(f.language)}`);
  if (f.kind === 'function') {
    if (f.volatility) clauses.push(f.volatility);
    if (f.strict) clauses.push('STRICT');
    if (f.leakproof) clauses.push('LEAKPROOF');
    if (f.parallel) clauses.push(`PARALLEL ${f.parallel}`);
    if (f.cost !== undefined) clauses.push(`COST ${f.cost}`);
    if (f.rows !== undefined) clauses.push(`ROWS ${f.rows}`);
  }
  if (f.securityDefiner) clauses.push('SECURITY DEFINER');
  for (const entry of f.config ?? []) clauses.push(settingSql(entry));
  clauses.push(f.sqlStandardBody ? f.body : `AS ${dollarQuote(f.body, f.kind)}`);
  return `${clauses.join('\n')};`;
}

export function functionSignature(f: FunctionDef): string {
  return `${f.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${qualify(f.schema, f.name)}(${f.identityArguments})`;
}

function commentSql(target: string, comment: string | undefined): string[] {
  return comment === undefined ? [] : [`COMMENT ON ${target} IS ${quoteLiteral(comment)};`];
}

export function grantSql(target: string, grants: readonly Grant[], column?: string): string[] {
  return grants.map((g) => {
    const grantee = g.grantee === 'PUBLIC' ? 'PUBLIC' : quoteIdent(g.grantee);
    const privilege = column ? `${g.privilege} (${quoteIdent(column)})` : g.privilege;
    return `GRANT ${privilege} ON ${target} TO ${grantee}${g.grantable ? ' WITH GRANT OPTION' : ''};`;
  });
}

/** Grants on an object whose default privileges include PUBLIC: revoke those first when they are gone. */
function grantsWithPublicDefault(target: string, grants: readonly Grant[], defaultPublic: string): string[] {
  const keepsDefault = grants.some((g) => g.grantee === 'PUBLIC' && g.privilege === defaultPublic);
  return [...(keepsDefault ? [] : [`REVOKE ALL ON ${target} FROM PUBLIC;`]), ...grantSql(target, grants)];
}

function ownerSql(kind: string, target: string, owner: string | undefined): string[] {
  return owner === undefined ? [] : [`ALTER ${kind} ${target} OWNER TO ${quoteIdent(owner)};`];
}

function tableDependencies(t: TableDef): ObjectKey[] {
  const parents = [
    ...(t.partitionOf ? [objectKey('table', t.partitionOf.schema, t.partitionOf.table)] : []),
    ...(t.inherits ?? []).map((p) => objectKey('table', p.schema, p.table)),
  ];
  return [...parents, ...(t.dependsOn ?? [])];
}

function preDataNodes(schema: Schema): DependencyNode[] {
  const nodes: DependencyNode[] = [];
  const add = (key: ObjectKey, rank: number, dependsOn: readonly ObjectKey[], statements: readonly string[]) =>
    nodes.push({ key, rank, sortName: key, dependsOn, statements });
  for (const e of schema.enums) add(objectKey('type', e.schema, e.name), 0, [], [createEnumSql(e)]);
  for (const d of schema.domains) add(objectKey('type', d.schema, d.name), 1, d.dependsOn ?? [], createDomainSql(d));
  for (const c of schema.compositeTypes) {
    add(objectKey('type', c.schema, c.name), 1, c.dependsOn ?? [], [createCompositeTypeSql(c)]);
  }
  for (const s of schema.sequences) add(objectKey('sequence', s.schema, s.name), 2, [], [createSequenceSql(s)]);
  for (const f of schema.functions) add(functionKey(f), 3, f.dependsOn ?? [], [createFunctionSql(f)]);
  const tables = new Map(schema.tables.map((t) => [objectKey('table', t.schema, t.name), t]));
  for (const t of schema.tables) {
    const parent = t.partitionOf && tables.get(objectKey('table', t.partitionOf.schema, t.partitionOf.table));
    add(objectKey('table', t.schema, t.name), 4, tableDependencies(t), createTableSql(t, parent));
  }
  for (const t of schema.foreignTables ?? [])
    add(`foreign table:${t.schema}.${t.name}`, 4, [], [createForeignTableSql(t)]);
  for (const v of schema.views) add(objectKey('view', v.schema, v.name), 5, v.dependsOn ?? [], [createViewSql(v)]);
  nodes.push(...catalogKindNodes(schema));
  return nodes;
}

/**
 * INSERTs of sample rows, then each identity or serial sequence moved past the values
 * inserted, so the next row the application inserts does not collide.
 */
function dataSql(data: Readonly<Record<string, TableData>>, tables: readonly TableDef[]): string[] {
  const out: string[] = [];
  for (const t of tables) {
    const rows = data[`${t.schema}.${t.name}`];
    if (!rows || rows.rows.length === 0) continue;
    const name = qualify(t.schema, t.name);
    const values = rows.rows.map(
      (row) =>
        `(${row.map((v) => (v === null ? 'NULL' : typeof v === 'string' ? quoteLiteral(v) : String(v))).join(', ')})`,
    );
    const overriding = t.columns.some((c) => c.identity?.generation === 'ALWAYS') ? ' OVERRIDING SYSTEM VALUE' : '';
    out.push(`INSERT INTO ${name} (${list(rows.columns)})${overriding} VALUES\n  ${values.join(',\n  ')};`);
    for (const c of t.columns) {
      if (!c.identity && !c.default?.startsWith('nextval(')) continue;
      const column = quoteIdent(c.name);
      out.push(
        `SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(${quoteLiteral(name)}, ${quoteLiteral(c.name)}), max(${column})) FROM ONLY ${name} HAVING max(${column}) IS NOT NULL;`,
      );
    }
  }
  return out;
}

export interface SchemaSqlOptions {
  /** A first comment line, e.g. where the schema came from. */
  readonly header?: string;
  /** Sample rows to insert after the tables are created. */
  readonly data?: Readonly<Record<string, TableData>>;
}

/** The phases of creating a schema, in the order they must run. */
export const PHASES = [
  'Schemas',
  'Extensions',
  'Collations',
  'Foreign data wrappers, servers and user mappings',
  'Types, sequences, functions, tables and views',
  'Data',
  'Sequence ownership',
  'Primary keys, unique and exclusion constraints',
  'Indexes',
  'Foreign keys',
  'Triggers',
  'Event triggers',
  'Row-level security',
  'Rules, statistics and publications',
  'Comments',
  'Owners',
  'Privileges',
] as const;

export type Phase = (typeof PHASES)[number];

export function createExtensionSql(x: ExtensionDef): string {
  return `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(x.name)} WITH SCHEMA ${quoteIdent(x.schema)} VERSION ${quoteLiteral(x.version)};`;
}

export function createCollationSql(c: CollationDef): string {
  const options = [`provider = ${c.provider}`];
  if (c.locale !== undefined) options.push(`locale = ${quoteLiteral(c.locale)}`);
  if (c.lcCollate !== undefined) options.push(`lc_collate = ${quoteLiteral(c.lcCollate)}`);
  if (c.lcCtype !== undefined) options.push(`lc_ctype = ${quoteLiteral(c.lcCtype)}`);
  if (c.nondeterministic) options.push('deterministic = false');
  return `CREATE COLLATION ${qualify(c.schema, c.name)} (${options.join(', ')});`;
}

export const EVENT_TRIGGER_ENABLE: Record<NonNullable<EventTriggerDef['enabled']>, string> = {
  DISABLED: 'DISABLE',
  REPLICA: 'ENABLE REPLICA',
  ALWAYS: 'ENABLE ALWAYS',
};

export function createEventTriggerSql(e: EventTriggerDef): string[] {
  const tags = e.tags ? `\n  WHEN TAG IN (${e.tags.map(quoteLiteral).join(', ')})` : '';
  const create = `CREATE EVENT TRIGGER ${quoteIdent(e.name)} ON ${e.event}${tags}\n  EXECUTE FUNCTION ${e.function}();`;
  return e.enabled
    ? [create, `ALTER EVENT TRIGGER ${quoteIdent(e.name)} ${EVENT_TRIGGER_ENABLE[e.enabled]};`]
    : [create];
}

export function sequenceOwnershipSql(s: SequenceDef): string {
  const target = s.ownedBy ? `${qualify(s.ownedBy.schema, s.ownedBy.table)}.${quoteIdent(s.ownedBy.column)}` : 'NONE';
  return `ALTER SEQUENCE ${qualify(s.schema, s.name)} OWNED BY ${target};`;
}

export function rowSecuritySql(t: TableDef): string[] {
  return [
    ...(t.rowLevelSecurity ? [`ALTER TABLE ${qualify(t.schema, t.name)} ENABLE ROW LEVEL SECURITY;`] : []),
    ...(t.forceRowLevelSecurity ? [`ALTER TABLE ${qualify(t.schema, t.name)} FORCE ROW LEVEL SECURITY;`] : []),
  ];
}

/**
 * The statements that create a schema's objects, by phase. The migration planner uses
 * it too, for the objects a migration creates or rebuilds.
 */
export function schemaPhases(schema: Schema, options: SchemaSqlOptions = {}): Record<Phase, string[]> {
  const keys: string[] = [];
  const foreignKeys: string[] = [];
  for (const t of schema.tables) {
    for (const c of t.constraints ?? []) {
      if (c.type === 'check') continue;
      (c.type === 'foreign key' ? foreignKeys : keys).push(addConstraintSql(t, c));
    }
  }
  const kinds = kindPhases(schema);
  return {
    Schemas: schema.schemas.map((s) => createSchemaSql(s.name)),
    Extensions: schema.extensions.map(createExtensionSql),
    Collations: schema.collations.map(createCollationSql),
    'Foreign data wrappers, servers and user mappings': kinds.foreignData,
    'Types, sequences, functions, tables and views': topologicalOrder(preDataNodes(schema)).flatMap((n) => [
      ...n.statements,
    ]),
    Data: options.data ? dataSql(options.data, schema.tables) : [],
    'Sequence ownership': schema.sequences.filter((s) => s.ownedBy).map(sequenceOwnershipSql),
    'Primary keys, unique and exclusion constraints': keys,
    Indexes: [
      ...schema.tables.flatMap((t) => (t.indexes ?? []).map((i) => createIndexSql(t.schema, t.name, i))),
      ...schema.views.flatMap((v) => (v.indexes ?? []).map((i) => createIndexSql(v.schema, v.name, i))),
    ],
    // After the indexes: a foreign key may reference columns that only a unique index covers.
    'Foreign keys': foreignKeys,
    Triggers: [
      ...schema.tables.flatMap((t) => (t.triggers ?? []).flatMap((tr) => createTriggerSql(t.schema, t.name, tr))),
      ...schema.views.flatMap((v) => (v.triggers ?? []).flatMap((tr) => createTriggerSql(v.schema, v.name, tr))),
    ],
    'Event triggers': schema.eventTriggers.flatMap(createEventTriggerSql),
    'Row-level security': schema.tables.flatMap((t) => [
      ...rowSecuritySql(t),
      ...(t.policies ?? []).map((p) => createPolicySql(t, p)),
    ]),
    'Rules, statistics and publications': kinds.late,
    Comments: [...commentStatements(schema), ...kinds.comments],
    Owners: [...ownerStatements(schema), ...kinds.owners],
    Privileges: grantStatements(schema),
  };
}

/** The lines every script starts with: no function-body checks, an empty search_path. */
export const SCRIPT_SETTINGS = [
  'SET check_function_bodies = false;',
  'SET client_min_messages = warning;',
  "SELECT pg_catalog.set_config('search_path', '', false);",
];

/**
 * The complete DDL that recreates the schema in an empty database: extensions,
 * schemas, types, sequences, functions, tables and views in dependency order, then
 * constraints, indexes, triggers, policies, comments, owners and grants.
 */
export function schemaToSql(schema: Schema, options: SchemaSqlOptions = {}): string {
  const phases = schemaPhases(schema, options);
  const body = PHASES.filter((phase) => phases[phase].length > 0).map(
    (phase) => `-- ${phase}\n\n${phases[phase].join('\n\n')}`,
  );
  const header = [...(options.header ? [`-- ${options.header}`] : []), ...SCRIPT_SETTINGS];
  return `${[header.join('\n'), ...body].join('\n\n')}\n`;
}

function commentStatements(schema: Schema): string[] {
  const out: string[] = [];
  for (const s of schema.schemas) out.push(...commentSql(`SCHEMA ${quoteIdent(s.name)}`, s.comment));
  for (const x of schema.extensions) out.push(...commentSql(`EXTENSION ${quoteIdent(x.name)}`, x.comment));
  for (const c of schema.collations) out.push(...commentSql(`COLLATION ${qualify(c.schema, c.name)}`, c.comment));
  for (const e of schema.enums) out.push(...commentSql(`TYPE ${qualify(e.schema, e.name)}`, e.comment));
  for (const d of schema.domains) {
    out.push(...commentSql(`DOMAIN ${qualify(d.schema, d.name)}`, d.comment));
    for (const c of d.checks ?? []) {
      out.push(...commentSql(`CONSTRAINT ${quoteIdent(c.name)} ON DOMAIN ${qualify(d.schema, d.name)}`, c.comment));
    }
  }
  for (const t of schema.compositeTypes) {
    out.push(...commentSql(`TYPE ${qualify(t.schema, t.name)}`, t.comment));
    for (const a of t.attributes)
      out.push(...commentSql(`COLUMN ${qualify(t.schema, t.name)}.${quoteIdent(a.name)}`, a.comment));
  }
  for (const s of schema.sequences) out.push(...commentSql(`SEQUENCE ${qualify(s.schema, s.name)}`, s.comment));
  for (const t of schema.tables) {
    const name = qualify(t.schema, t.name);
    out.push(...commentSql(`TABLE ${name}`, t.comment));
    for (const c of t.columns) out.push(...commentSql(`COLUMN ${name}.${quoteIdent(c.name)}`, c.comment));
    for (const c of t.constraints ?? [])
      out.push(...commentSql(`CONSTRAINT ${quoteIdent(c.name)} ON ${name}`, c.comment));
    for (const i of t.indexes ?? []) out.push(...commentSql(`INDEX ${qualify(t.schema, i.name)}`, i.comment));
    for (const tr of t.triggers ?? []) out.push(...commentSql(`TRIGGER ${quoteIdent(tr.name)} ON ${name}`, tr.comment));
    for (const p of t.policies ?? []) out.push(...commentSql(`POLICY ${quoteIdent(p.name)} ON ${name}`, p.comment));
  }
  for (const v of schema.views) {
    const name = qualify(v.schema, v.name);
    out.push(...commentSql(`${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${name}`, v.comment));
    for (const c of v.columns) out.push(...commentSql(`COLUMN ${name}.${quoteIdent(c.name)}`, c.comment));
    for (const i of v.indexes ?? []) out.push(...commentSql(`INDEX ${qualify(v.schema, i.name)}`, i.comment));
    for (const tr of v.triggers ?? []) out.push(...commentSql(`TRIGGER ${quoteIdent(tr.name)} ON ${name}`, tr.comment));
  }
  for (const f of schema.functions) out.push(...commentSql(functionSignature(f), f.comment));
  for (const e of schema.eventTriggers) out.push(...commentSql(`EVENT TRIGGER ${quoteIdent(e.name)}`, e.comment));
  out.push(...catalogKindComments(schema));
  return out;
}

function ownerStatements(schema: Schema): string[] {
  return [
    ...schema.schemas.flatMap((s) => ownerSql('SCHEMA', quoteIdent(s.name), s.owner)),
    ...schema.enums.flatMap((t) => ownerSql('TYPE', qualify(t.schema, t.name), t.owner)),
    ...schema.domains.flatMap((t) => ownerSql('DOMAIN', qualify(t.schema, t.name), t.owner)),
    ...schema.compositeTypes.flatMap((t) => ownerSql('TYPE', qualify(t.schema, t.name), t.owner)),
    ...schema.sequences.flatMap((s) => ownerSql('SEQUENCE', qualify(s.schema, s.name), s.owner)),
    ...schema.tables.flatMap((t) => ownerSql('TABLE', qualify(t.schema, t.name), t.owner)),
    ...schema.views.flatMap((v) =>
      ownerSql(v.materialized ? 'MATERIALIZED VIEW' : 'VIEW', qualify(v.schema, v.name), v.owner),
    ),
    ...schema.functions.flatMap((f) => {
      const [kind, ...rest] = functionSignature(f).split(' ');
      return ownerSql(kind as string, rest.join(' '), f.owner);
    }),
    ...catalogKindOwners(schema),
  ];
}

function grantStatements(schema: Schema): string[] {
  const out: string[] = [];
  for (const s of schema.schemas) {
    if (!s.grants) continue;
    const target = `SCHEMA ${quoteIdent(s.name)}`;
    out.push(
      ...(s.name === 'public' ? grantsWithPublicDefault(target, s.grants, 'USAGE') : grantSql(target, s.grants)),
    );
  }
  for (const s of schema.sequences)
    if (s.grants) out.push(...grantSql(`SEQUENCE ${qualify(s.schema, s.name)}`, s.grants));
  for (const t of schema.tables) {
    const name = qualify(t.schema, t.name);
    if (t.grants) out.push(...grantSql(`TABLE ${name}`, t.grants));
    for (const c of t.columns) if (c.grants) out.push(...grantSql(`TABLE ${name}`, c.grants, c.name));
  }
  for (const v of schema.views) if (v.grants) out.push(...grantSql(`TABLE ${qualify(v.schema, v.name)}`, v.grants));
  for (const f of schema.functions)
    if (f.grants) out.push(...grantsWithPublicDefault(functionSignature(f), f.grants, 'EXECUTE'));
  return out;
}
