/**
 * Deterministic generator of realistic PostgreSQL 15 schemas for benchmarks.
 *
 * The generator first builds an in-memory model (tables, indexes, views, ...), optionally applies a
 * set of scattered changes to it (`variant: 'changed'`), and then renders the model as DDL. Both
 * variants share the same base model for a given seed, so the `changed` output differs from the
 * `base` output only by the applied changes.
 *
 * CLI: `npx tsx bench/generate-schema.ts --tables 1000 [--shape wide] [--variant changed] [--seed 1] > out.sql`
 *
 * Shapes other than `mixed` have their builders in the "Shapes" section: each builds the same kind of model
 * (reusing the mixed shape's helpers) and lists the changes its `changed` variant applies.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Which flavour of the schema to generate. */
export type SchemaVariant = 'base' | 'changed';

/**
 * What kind of schema to generate; each stresses a different part of introspection (see bench/README.md).
 * `mixed` is the realistic mix the benchmarks have always used.
 */
export type SchemaShape = 'mixed' | 'wide' | 'indexed' | 'views' | 'small' | 'partitioned' | 'grants';

/** Every shape, in the order the benchmarks run them. */
export const SCHEMA_SHAPES: readonly SchemaShape[] = [
  'mixed',
  'wide',
  'indexed',
  'views',
  'small',
  'partitioned',
  'grants',
];

/** Whether `name` is one of {@link SCHEMA_SHAPES}. */
export const isSchemaShape = (name: string): name is SchemaShape => (SCHEMA_SHAPES as readonly string[]).includes(name);

/** Options of {@link generateSchemaSql}. */
export interface GenerateOptions {
  /** PRNG seed; the same seed always yields the same SQL. Defaults to 1. */
  seed?: number;
  /** `changed` applies scattered changes to about 1% of the tables. Defaults to `base`. */
  variant?: SchemaVariant;
  /** The kind of schema. Defaults to `mixed`. */
  shape?: SchemaShape;
}

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  default?: string;
  /** Type used when a "column type changed" change hits this column. */
  widerType?: string;
  /** Default used when a "default changed" change hits this column. */
  otherDefault?: string;
  comment?: string;
}

interface ForeignKey {
  name: string;
  column: string;
  target: Table;
  onDelete: 'CASCADE' | 'RESTRICT' | 'SET NULL';
}

interface Index {
  name: string;
  unique: boolean;
  /** Key list as SQL, e.g. `lower(email)` or `account_id, created_at`. */
  keys: string;
  /** Table columns the index depends on. */
  columns: string[];
  where?: string;
  /** Access method when not btree, e.g. `gin`. */
  method?: string;
  /** Non-key columns (`INCLUDE (...)`). */
  include?: string[];
}

interface Check {
  name: string;
  column: string;
  expression: string;
}

interface Table {
  schema: string;
  name: string;
  identity: boolean;
  columns: Column[];
  foreignKeys: ForeignKey[];
  indexes: Index[];
  checks: Check[];
  comment?: string;
  trigger?: { name: string; fn: PlpgsqlFunction };
  /** A partitioned parent: `PARTITION BY method (column)`, primary key (id, column). */
  partitionBy?: PartitionScheme;
  /** A partition: rendered as `PARTITION OF parent` with its bound; it has no columns of its own. */
  partitionOf?: { parent: Table; bound: string };
  /** Views created right after the table, in its transaction. */
  views?: View[];
  /** Functions created right after the table, in its transaction. */
  routines?: Routine[];
  /** Grants on the table and its sequence, right after the table. */
  grants?: Grant[];
}

interface PartitionScheme {
  method: 'RANGE' | 'LIST';
  column: string;
  /** Ordinal of the next partition's bound (a month after January 2024, or an index into REGIONS). */
  nextBound: number;
}

/** A SQL or plpgsql function that is not a trigger function. */
interface Routine {
  schema: string;
  name: string;
  /** Argument list as SQL, e.g. `max_rows integer DEFAULT 10`. */
  args: string;
  /** Argument types only, for GRANT, e.g. `integer`. */
  argTypes: string;
  returns: string;
  language: 'sql' | 'plpgsql';
  volatility: 'STABLE' | 'VOLATILE' | 'IMMUTABLE';
  body: string;
  /** Columns of each table that the body reads. */
  uses: { table: Table; columns: string[] }[];
}

/** A `GRANT privileges ON object TO role` (or `REVOKE ... FROM`). */
interface Grant {
  privileges: string;
  /** The object as SQL, e.g. `TABLE app.x`, `SCHEMA app`, `FUNCTION app.f(integer)`. */
  on: string;
  role: string;
  revoke?: boolean;
  withGrantOption?: boolean;
  /** Table columns named in a column-level grant. */
  columns?: string[];
}

interface View {
  schema: string;
  name: string;
  materialized: boolean;
  query: string;
  /** Columns of each source table that the query reads. */
  uses: { table: Table; columns: string[] }[];
  indexes: Index[];
  /** View options, e.g. `security_invoker = true`. */
  options?: string;
}

interface PlpgsqlFunction {
  schema: string;
  name: string;
  body: string;
}

interface EnumType {
  schema: string;
  name: string;
  values: string[];
}

interface Model {
  schemas: readonly string[];
  enums: EnumType[];
  functions: PlpgsqlFunction[];
  tables: Table[];
  views: View[];
  names: NameRegistry;
  /** Roles created idempotently before everything else. */
  roles: string[];
  /** Functions created before the tables (they read no table). */
  routines: Routine[];
  /** Grants on schemas and functions, before the tables. */
  grants: Grant[];
  /** `ALTER DEFAULT PRIVILEGES` statements, before the tables. */
  defaultPrivileges: string[];
}

/** Context handed to column templates. */
interface ColumnContext {
  rng: Rng;
  statusEnum: EnumType;
}

type ColumnTemplate = (ctx: ColumnContext) => Column;

const SCHEMAS = ['app', 'billing', 'inventory', 'audit'] as const;
const MAX_IDENTIFIER = 63;
/**
 * Each new table takes about ten locks (table, TOAST, indexes, sequence, referenced tables). One
 * transaction for 5000 tables overflows the default lock table (max_locks_per_transaction = 64), so
 * the script commits in batches: still few enough commits to load quickly.
 */
const TABLES_PER_TRANSACTION = 250;

const ENUMS: EnumType[] = [
  { schema: 'app', name: 'account_status', values: ['active', 'invited', 'suspended', 'closed'] },
  {
    schema: 'billing',
    name: 'payment_state',
    values: ['active', 'pending', 'settled', 'refunded', 'failed'],
  },
  { schema: 'inventory', name: 'stock_state', values: ['active', 'reserved', 'backordered', 'discontinued'] },
  { schema: 'audit', name: 'event_severity', values: ['active', 'info', 'warning', 'critical'] },
];

const DOMAINS_SQL = [
  "CREATE DOMAIN app.email_address AS text CHECK (VALUE ~ '^[^@[:space:]]+@[^@[:space:]]+$');",
  'CREATE DOMAIN billing.money_amount AS numeric(12,2) CHECK (VALUE >= 0);',
];

const QUALIFIERS = [
  'customer',
  'account',
  'order',
  'invoice',
  'product',
  'supplier',
  'shipment',
  'warehouse',
  'payment',
  'subscription',
  'user',
  'team',
  'project',
  'campaign',
  'contract',
  'ledger',
  'tax',
  'refund',
  'coupon',
  'catalog',
  'vendor',
  'employee',
  'session',
  'device',
  'region',
  'partner',
  'ticket',
  'document',
];

const NOUNS = [
  'accounts',
  'addresses',
  'events',
  'items',
  'lines',
  'notes',
  'settings',
  'profiles',
  'snapshots',
  'attachments',
  'approvals',
  'assignments',
  'balances',
  'batches',
  'comments',
  'contacts',
  'credits',
  'discounts',
  'entries',
  'exports',
  'imports',
  'limits',
  'logs',
  'memberships',
  'messages',
  'metrics',
  'payouts',
  'permissions',
  'prices',
  'quotas',
  'ratings',
  'receipts',
  'reports',
  'reviews',
  'schedules',
  'statuses',
  'tags',
  'tasks',
  'tokens',
  'transfers',
  'versions',
  'webhooks',
];

const varcharColumn =
  (name: string, lengths: number[], notNull: number): ColumnTemplate =>
  ({ rng }) => {
    const length = rng.pick(lengths);
    return {
      name,
      type: `varchar(${length})`,
      notNull: rng.chance(notNull),
      widerType: `varchar(${length * 2})`,
    };
  };

const timestampColumn =
  (name: string, withDefault: boolean): ColumnTemplate =>
  () => ({
    name,
    type: 'timestamptz',
    notNull: withDefault,
    ...(withDefault ? { default: 'now()', otherDefault: 'clock_timestamp()' } : {}),
  });

/** Column pool for the optional columns of a table (id and created_at are always present). */
const COLUMN_POOL: ColumnTemplate[] = [
  varcharColumn('name', [80, 120, 200, 255], 0.7),
  varcharColumn('title', [120, 200], 0.4),
  varcharColumn('phone', [24, 32], 0),
  varcharColumn('code', [16, 32, 64], 0.8),
  ({ rng }) => ({
    name: 'email',
    type: rng.chance(0.5) ? 'app.email_address' : 'text',
    notNull: rng.chance(0.6),
    comment: 'Primary contact address; compared case-insensitively.',
  }),
  () => ({ name: 'description', type: 'text', notNull: false }),
  () => ({ name: 'notes', type: 'text', notNull: false, widerType: 'varchar(4000)' }),
  () => ({ name: 'external_id', type: 'uuid', notNull: true, default: 'gen_random_uuid()' }),
  ({ statusEnum }) => ({
    name: 'status',
    type: `${statusEnum.schema}.${statusEnum.name}`,
    notNull: true,
    default: `'active'::${statusEnum.schema}.${statusEnum.name}`,
    otherDefault: `'${statusEnum.values[1]}'::${statusEnum.schema}.${statusEnum.name}`,
  }),
  ({ rng }) => ({
    name: 'amount',
    type: rng.chance(0.3) ? 'billing.money_amount' : 'numeric(12,2)',
    notNull: true,
    default: '0',
    otherDefault: '0.00',
  }),
  () => ({ name: 'unit_price', type: 'numeric(12,2)', notNull: false, widerType: 'numeric(14,4)' }),
  () => ({
    name: 'quantity',
    type: 'integer',
    notNull: true,
    default: '0',
    otherDefault: '1',
    widerType: 'bigint',
  }),
  () => ({
    name: 'priority',
    type: 'smallint',
    notNull: true,
    default: '0',
    otherDefault: '5',
    widerType: 'integer',
  }),
  () => ({ name: 'is_active', type: 'boolean', notNull: true, default: 'false', otherDefault: 'true' }),
  () => ({ name: 'is_archived', type: 'boolean', notNull: true, default: 'false', otherDefault: 'true' }),
  () => ({
    name: 'metadata',
    type: 'jsonb',
    notNull: true,
    default: "'{}'::jsonb",
    otherDefault: '\'{"v": 1}\'::jsonb',
  }),
  () => ({ name: 'tags', type: 'text[]', notNull: false, default: "'{}'::text[]" }),
  () => ({ name: 'currency', type: 'char(3)', notNull: true, default: "'USD'", otherDefault: "'EUR'" }),
  () => ({
    name: 'locale',
    type: 'varchar(16)',
    notNull: false,
    default: "'en'",
    otherDefault: "'en-US'",
    widerType: 'varchar(35)',
  }),
  () => ({ name: 'ip_address', type: 'inet', notNull: false }),
  () => ({ name: 'version', type: 'integer', notNull: true, default: '1', widerType: 'bigint' }),
  () => ({ name: 'rating', type: 'numeric(3,2)', notNull: false, widerType: 'numeric(4,2)' }),
  () => ({ name: 'valid_from', type: 'date', notNull: false }),
  timestampColumn('updated_at', true),
  timestampColumn('deleted_at', false),
  timestampColumn('processed_at', false),
];

/** Check constraint expressions for columns that commonly carry one. */
const CHECKS: Record<string, (column: string) => string> = {
  amount: (c) => `${c} >= 0`,
  quantity: (c) => `${c} >= 0`,
  priority: (c) => `${c} BETWEEN 0 AND 10`,
  rating: (c) => `${c} BETWEEN 0 AND 5`,
  code: (c) => `char_length(${c}) > 0`,
  currency: (c) => `${c} ~ '^[A-Z]{3}$'`,
};

/** Small seeded PRNG (mulberry32) with the helpers the generator needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick() from an empty list');
    return item;
  }

  /** Returns `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    }
    return pool.slice(0, count);
  }
}

/** Hands out identifiers that are unique per scope (a schema or a table) and at most 63 bytes long. */
class NameRegistry {
  private readonly taken = new Set<string>();

  claim(scope: string, base: string): string {
    let name = base.slice(0, MAX_IDENTIFIER);
    for (let n = 2; this.taken.has(`${scope}.${name}`); n++) {
      const suffix = `_${n}`;
      name = base.slice(0, MAX_IDENTIFIER - suffix.length) + suffix;
    }
    this.taken.add(`${scope}.${name}`);
    return name;
  }

  release(scope: string, name: string): void {
    this.taken.delete(`${scope}.${name}`);
  }
}

const quoteLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const qualified = (item: { schema: string; name: string }): string => `${item.schema}.${item.name}`;

function newTable(
  model: Model,
  rng: Rng,
  ordinal: number,
  schema: string = SCHEMAS[ordinal % SCHEMAS.length] ?? 'app',
): Table {
  const name = model.names.claim(schema, `${rng.pick(QUALIFIERS)}_${rng.pick(NOUNS)}`);
  // Reserve the names PostgreSQL derives for the primary key index and the id sequence.
  model.names.claim(schema, `${name}_pkey`);
  model.names.claim(schema, `${name}_id_seq`);
  const id: Column = { name: 'id', type: 'bigint', notNull: true };
  return { schema, name, identity: rng.chance(0.7), columns: [id], foreignKeys: [], indexes: [], checks: [] };
}

/** Adds the optional columns and created_at after id and the foreign key columns (at most 15 in all). */
function addColumns(table: Table, rng: Rng, needsUpdatedAt: boolean): void {
  const statusEnum = ENUMS.find((e) => e.schema === table.schema) ?? rng.pick(ENUMS);
  const ctx: ColumnContext = { rng, statusEnum };
  const count = rng.int(3, 12 - table.foreignKeys.length);
  const optional = rng.sample(COLUMN_POOL, count).map((template) => template(ctx));
  if (needsUpdatedAt && !optional.some((c) => c.name === 'updated_at')) {
    optional.push({ name: 'updated_at', type: 'timestamptz', notNull: true, default: 'now()' });
  }
  table.columns.push(...optional, {
    name: 'created_at',
    type: 'timestamptz',
    notNull: true,
    default: 'now()',
  });
}

/** Adds 0-3 foreign key columns referencing earlier tables, so the graph has no cycles. */
function addForeignKeys(model: Model, table: Table, rng: Rng): void {
  const earlier = model.tables;
  if (earlier.length === 0) return;
  const hubs = earlier.slice(0, 20);
  const count = Math.min(earlier.length, rng.pick([0, 1, 1, 1, 2, 2, 3]));
  for (let i = 0; i < count; i++) {
    const target = rng.chance(0.4) ? rng.pick(hubs) : rng.pick(earlier);
    const column = uniqueColumnName(table, `${target.name}_id`);
    const nullable = rng.chance(0.3);
    table.columns.push({ name: column, type: 'bigint', notNull: !nullable });
    table.foreignKeys.push({
      name: model.names.claim(qualified(table), `${table.name}_${column}_fkey`),
      column,
      target,
      onDelete: nullable ? 'SET NULL' : rng.pick(['CASCADE', 'RESTRICT'] as const),
    });
  }
}

function uniqueColumnName(table: Table, base: string): string {
  let name = base.slice(0, MAX_IDENTIFIER);
  for (let n = 2; table.columns.some((c) => c.name === name); n++) name = `${base.slice(0, 58)}_${n}`;
  return name;
}

const hasColumn = (table: Table, name: string): boolean => table.columns.some((c) => c.name === name);

interface IndexOptions {
  unique?: boolean;
  keys?: string;
  where?: string;
}

/** Partial indexes in this generator always use this predicate. */
const LIVE_ROWS = 'deleted_at IS NULL';

function makeIndex(model: Model, table: Table, columns: string[], options: IndexOptions = {}): Index {
  const unique = options.unique ?? false;
  const name = model.names.claim(table.schema, `${table.name}_${columns.join('_')}_${unique ? 'key' : 'idx'}`);
  const keys = options.keys ?? columns.join(', ');
  if (!options.where) return { name, unique, keys, columns };
  return { name, unique, keys, columns: [...columns, 'deleted_at'], where: options.where };
}

/** Every index shape that fits the table's columns; the generator picks 1-3 of them. */
function indexCandidates(model: Model, table: Table): (() => Index)[] {
  const candidates: (() => Index)[] = table.foreignKeys.map((fk) => () => makeIndex(model, table, [fk.column]));
  const live = hasColumn(table, 'deleted_at') ? LIVE_ROWS : undefined;
  if (hasColumn(table, 'email')) {
    candidates.push(() => makeIndex(model, table, ['email'], { unique: true, keys: 'lower(email)', where: live }));
  }
  for (const column of ['code', 'external_id']) {
    if (hasColumn(table, column)) candidates.push(() => makeIndex(model, table, [column], { unique: true }));
  }
  if (hasColumn(table, 'status')) {
    candidates.push(() => makeIndex(model, table, ['status', 'created_at']));
  }
  if (live) {
    candidates.push(() => makeIndex(model, table, ['created_at'], { where: live }));
  }
  const first = table.foreignKeys[0];
  if (first) {
    candidates.push(() =>
      makeIndex(model, table, [first.column, 'created_at'], { keys: `${first.column}, created_at DESC` }),
    );
  }
  candidates.push(() => makeIndex(model, table, ['created_at']));
  return candidates;
}

function addIndexes(model: Model, table: Table, rng: Rng): void {
  const candidates = indexCandidates(model, table);
  const chosen = rng.sample(candidates, Math.min(candidates.length, rng.int(1, 3)));
  table.indexes.push(...chosen.map((make) => make()));
}

function addChecks(model: Model, table: Table, rng: Rng): void {
  for (const column of table.columns) {
    const check = CHECKS[column.name];
    if (check && rng.chance(0.5)) {
      const name = model.names.claim(qualified(table), `${table.name}_${column.name}_check`);
      table.checks.push({ name, column: column.name, expression: check(column.name) });
    }
  }
}

function addComments(table: Table, rng: Rng): void {
  if (rng.chance(0.3)) table.comment = `${table.name.replaceAll('_', ' ')} of the ${table.schema} domain.`;
  for (const column of table.columns) {
    if (!column.comment && rng.chance(0.05))
      column.comment = `The ${column.name.replaceAll('_', ' ')}; it's set by the application.`;
  }
}

function buildTable(model: Model, rng: Rng, ordinal: number, schema?: string): Table {
  const table = newTable(model, rng, ordinal, schema);
  const needsTrigger = ordinal % 10 === 3;
  addForeignKeys(model, table, rng);
  addColumns(table, rng, needsTrigger);
  addIndexes(model, table, rng);
  addChecks(model, table, rng);
  addComments(table, rng);
  if (needsTrigger) {
    const fn = model.functions[Math.floor(ordinal / 10) % model.functions.length] as PlpgsqlFunction;
    table.trigger = { name: `${table.name}_set_updated_at`, fn };
  }
  return table;
}

const TRIGGER_BODIES = [
  'BEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;',
  'BEGIN\n  IF NEW IS DISTINCT FROM OLD THEN\n    NEW.updated_at := now();\n  END IF;\n  RETURN NEW;\nEND;',
  'BEGIN\n  NEW.updated_at := clock_timestamp();\n  RETURN NEW;\nEND;',
];

function buildFunctions(model: Model, count: number): void {
  for (let i = 0; i < count; i++) {
    const schema = SCHEMAS[i % SCHEMAS.length] ?? 'app';
    const name = `set_updated_at_${i + 1}`;
    model.functions.push({ schema, name, body: TRIGGER_BODIES[i % TRIGGER_BODIES.length] ?? '' });
  }
}

function buildView(model: Model, table: Table): View {
  const parent = table.foreignKeys[0];
  if (parent) {
    const p = parent.target;
    const name = model.names.claim(table.schema, `${table.name}_with_${p.name}`);
    const query =
      `SELECT c.id, c.created_at, c.${parent.column}, p.created_at AS ${p.name}_created_at\n` +
      `  FROM ${qualified(table)} c\n  JOIN ${qualified(p)} p ON p.id = c.${parent.column}`;
    const uses = [
      { table, columns: ['id', 'created_at', parent.column] },
      { table: p, columns: ['id', 'created_at'] },
    ];
    return { schema: table.schema, name, materialized: false, query, uses, indexes: [] };
  }
  const live = hasColumn(table, 'deleted_at');
  const name = model.names.claim(table.schema, `${table.name}_${live ? 'live' : 'recent'}`);
  const filter = live ? LIVE_ROWS : "created_at > now() - interval '30 days'";
  const columns = live ? ['id', 'created_at', 'deleted_at'] : ['id', 'created_at'];
  const query = `SELECT id, created_at\n  FROM ${qualified(table)}\n  WHERE ${filter}`;
  return { schema: table.schema, name, materialized: false, query, uses: [{ table, columns }], indexes: [] };
}

function buildMaterializedView(model: Model, table: Table): View {
  const name = model.names.claim(table.schema, `${table.name}_daily`);
  const query = `SELECT date_trunc('day', created_at) AS day, count(*) AS row_count\n  FROM ${qualified(table)}\n  GROUP BY 1`;
  const indexName = model.names.claim(table.schema, `${name}_day_key`);
  const index: Index = { name: indexName, unique: true, keys: 'day', columns: ['day'] };
  return {
    schema: table.schema,
    name,
    materialized: true,
    query,
    uses: [{ table, columns: ['created_at'] }],
    indexes: [index],
  };
}

/** A model with the shared enums and domains and nothing else. */
function emptyModel(schemas: readonly string[] = SCHEMAS): Model {
  const model: Model = {
    schemas,
    enums: ENUMS,
    functions: [],
    tables: [],
    views: [],
    names: new NameRegistry(),
    roles: [],
    routines: [],
    grants: [],
    defaultPrivileges: [],
  };
  for (const e of ENUMS) model.names.claim(e.schema, e.name);
  model.names.claim('app', 'email_address');
  model.names.claim('billing', 'money_amount');
  return model;
}

/** The `mixed` shape: a realistic mix of everything, at the sizes a typical application has. */
function buildModel(tableCount: number, seed: number): Model {
  const rng = new Rng(seed);
  const model = emptyModel();
  buildFunctions(model, Math.max(1, Math.round(tableCount / 20)));
  for (let i = 0; i < tableCount; i++) {
    const table = buildTable(model, rng, i);
    model.tables.push(table);
    if (i % 10 === 5) model.views.push(buildView(model, table));
    if (i % 50 === 25) model.views.push(buildMaterializedView(model, table));
  }
  return model;
}

// ---------------------------------------------------------------------------------------------
// Changes for the `changed` variant
// ---------------------------------------------------------------------------------------------

type Change = (model: Model, rng: Rng, table: Table) => boolean;

/** Every view and function that reads tables: the model's and those created with a table. */
function readers(model: Model): { uses: { table: Table; columns: string[] }[] }[] {
  const perTable = model.tables.flatMap((t) => [...(t.views ?? []), ...(t.routines ?? [])]);
  return [...model.views, ...perTable, ...model.routines];
}

/** Columns that other objects depend on; changes never touch them. */
function pinnedColumns(model: Model, table: Table): Set<string> {
  const pinned = new Set(['id', 'created_at']);
  for (const fk of table.foreignKeys) pinned.add(fk.column);
  for (const index of table.indexes) {
    for (const c of [...index.columns, ...(index.include ?? [])]) pinned.add(c);
  }
  for (const check of table.checks) pinned.add(check.column);
  if (table.trigger) pinned.add('updated_at');
  if (table.partitionBy) pinned.add(table.partitionBy.column);
  for (const grant of table.grants ?? []) for (const c of grant.columns ?? []) pinned.add(c);
  for (const reader of readers(model)) {
    for (const use of reader.uses) if (use.table === table) for (const c of use.columns) pinned.add(c);
  }
  return pinned;
}

function freeColumns(model: Model, table: Table): Column[] {
  const pinned = pinnedColumns(model, table);
  return table.columns.filter((c) => !pinned.has(c.name));
}

const isReferenced = (model: Model, table: Table): boolean =>
  model.tables.some((t) => t.foreignKeys.some((fk) => fk.target === table)) ||
  readers(model).some((r) => !ownedBy(r, table) && r.uses.some((u) => u.table === table));

/** Whether `reader` is created with `table` (and so goes away with it). */
const ownedBy = (reader: object, table: Table): boolean =>
  (table.views ?? []).some((v) => v === reader) || (table.routines ?? []).some((r) => r === reader);

/** Changes to a table's columns, indexes and defaults, shared by every shape. */
const TABLE_CHANGES: Change[] = [
  function addColumn(_model, rng, table) {
    const name = uniqueColumnName(table, 'archived_reason');
    table.columns.splice(table.columns.length - 1, 0, {
      name,
      type: rng.pick(['text', 'varchar(500)']),
      notNull: false,
    });
    return true;
  },
  function changeColumnType(model, rng, table) {
    const candidates = freeColumns(model, table).filter((c) => c.widerType);
    if (candidates.length === 0) return false;
    const column = rng.pick(candidates);
    column.type = column.widerType ?? column.type;
    return true;
  },
  function dropColumn(model, rng, table) {
    const candidates = freeColumns(model, table);
    if (candidates.length === 0) return false;
    const column = rng.pick(candidates);
    table.columns = table.columns.filter((c) => c !== column);
    return true;
  },
  function addIndex(model, _rng, table) {
    if (!hasColumn(table, 'created_at') || table.indexes.some((i) => i.keys === 'id, created_at')) return false;
    table.indexes.push(makeIndex(model, table, ['id', 'created_at']));
    return true;
  },
  function dropIndex(model, rng, table) {
    const index = table.indexes.length > 0 ? rng.pick(table.indexes) : undefined;
    if (!index) return false;
    table.indexes = table.indexes.filter((i) => i !== index);
    model.names.release(table.schema, index.name);
    return true;
  },
  function changeDefault(_model, rng, table) {
    const candidates = table.columns.filter((c) => c.otherDefault);
    if (candidates.length === 0) return false;
    const column = rng.pick(candidates);
    column.default = column.otherDefault;
    return true;
  },
];

/** A change adding a table made by `build` (given the model, the PRNG and the new table's ordinal). */
const addTableChange =
  (build: (model: Model, rng: Rng, ordinal: number) => Table): Change =>
  (model, rng) => {
    model.tables.push(build(model, rng, model.tables.length));
    return true;
  };

/** Drops the table unless another table or a view or function created elsewhere depends on it. */
const dropTable: Change = (model, _rng, table) => {
  if (isReferenced(model, table)) return false;
  model.tables = model.tables.filter((t) => t !== table);
  return true;
};

/** The changes of the `mixed` shape's `changed` variant. */
const CHANGES: Change[] = [...TABLE_CHANGES, addTableChange(buildTable), dropTable];

/**
 * Applies about one change per 100 tables (at least one of each kind), each to a different table of
 * `targets` (by default all the tables).
 */
function applyChanges(model: Model, seed: number, changes: Change[] = CHANGES, targets: Table[] = model.tables): void {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const changeCount = Math.max(changes.length, Math.round(model.tables.length / 100));
  const touched = new Set<Table>();
  const original = [...targets];
  for (let i = 0; i < changeCount; i++) {
    const change = changes[i % changes.length] as Change;
    for (let attempt = 0; attempt < 50; attempt++) {
      const table = rng.pick(original);
      if (touched.has(table) || !model.tables.includes(table)) continue;
      if (change(model, rng, table)) {
        touched.add(table);
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

/** How one shape builds its model and what its `changed` variant changes. */
interface ShapeBuilder {
  build(tableCount: number, seed: number): Model;
  changes: Change[];
  /** The tables the changes pick from; all the tables when absent. */
  targets?(model: Model): Table[];
}

/** Columns whose names get prefixes in wide tables (`billing_name`, `legacy_status`, ...). */
const WIDE_PREFIXES = ['', 'billing_', 'shipping_', 'primary_', 'backup_', 'last_', 'legacy_', 'default_'];

/** More columns with defaults for wide tables: literals and expressions. */
const WIDE_EXTRAS: ColumnTemplate[] = [
  () => ({
    name: 'expires_at',
    type: 'timestamptz',
    notNull: true,
    default: "(now() + '30 days'::interval)",
    otherDefault: "(now() + '90 days'::interval)",
  }),
  () => ({ name: 'valid_on', type: 'date', notNull: true, default: 'CURRENT_DATE' }),
  () => ({ name: 'created_by', type: 'text', notNull: true, default: 'CURRENT_USER', otherDefault: "'system'" }),
  () => ({
    name: 'score',
    type: 'integer',
    notNull: true,
    default: '((random() * 100))::integer',
    widerType: 'bigint',
  }),
  () => ({ name: 'slug', type: 'text', notNull: false, default: 'md5((random())::text)' }),
  () => ({ name: 'ratio', type: 'double precision', notNull: true, default: '1.0', otherDefault: '0.5' }),
  () => ({
    name: 'retry_count',
    type: 'smallint',
    notNull: true,
    default: '3',
    otherDefault: '5',
    widerType: 'integer',
  }),
  () => ({ name: 'flags', type: 'bit(8)', notNull: true, default: "B'00000000'" }),
  () => ({ name: 'timezone', type: 'text', notNull: true, default: "'UTC'", otherDefault: "'Europe/Paris'" }),
  () => ({ name: 'duration', type: 'interval', notNull: true, default: "'01:00:00'::interval" }),
  () => ({ name: 'settings', type: 'jsonb', notNull: true, default: "jsonb_build_object('version', 1)" }),
  () => ({ name: 'fiscal_year', type: 'integer', notNull: false, default: '(EXTRACT(year FROM now()))::integer' }),
  () => ({ name: 'weight_kg', type: 'real', notNull: false, default: '0', widerType: 'double precision' }),
];

/** Adds 40-80 columns in all (id and the foreign keys included), most with defaults, many commented. */
function addWideColumns(table: Table, rng: Rng): void {
  const statusEnum = ENUMS.find((e) => e.schema === table.schema) ?? rng.pick(ENUMS);
  const ctx: ColumnContext = { rng, statusEnum };
  const templates = [...COLUMN_POOL, ...WIDE_EXTRAS];
  const pairs = WIDE_PREFIXES.flatMap((prefix) => templates.map((template) => ({ prefix, template })));
  const serial = rng.chance(0.3);
  const count = rng.int(40, 80) - table.columns.length - (serial ? 2 : 1);
  for (const { prefix, template } of rng.sample(pairs, count)) {
    const column = template(ctx);
    table.columns.push({ ...column, name: `${prefix}${column.name}` });
  }
  if (serial) table.columns.push({ name: 'display_no', type: 'serial', notNull: false });
  table.columns.push({ name: 'created_at', type: 'timestamptz', notNull: true, default: 'now()' });
  for (const column of table.columns) {
    if (!column.comment && rng.chance(0.5)) {
      column.comment = `The ${column.name.replaceAll('_', ' ')} of the ${table.name.replaceAll('_', ' ')}.`;
    }
  }
}

function buildWideTable(model: Model, rng: Rng, ordinal: number): Table {
  const table = newTable(model, rng, ordinal);
  addForeignKeys(model, table, rng);
  addWideColumns(table, rng);
  addIndexes(model, table, rng);
  addChecks(model, table, rng);
  if (rng.chance(0.5)) table.comment = `${table.name.replaceAll('_', ' ')} of the ${table.schema} domain.`;
  return table;
}

/** Names of the COLUMN_POOL columns every table of the `indexed` shape has, for its indexes. */
const INDEXED_COLUMNS = ['name', 'email', 'status', 'amount', 'quantity', 'priority', 'metadata', 'tags', 'code'];

/** The `indexed` shape's columns: the INDEXED_COLUMNS, 0-4 more from the pool, deleted_at and created_at. */
function addIndexedColumns(table: Table, rng: Rng): void {
  const statusEnum = ENUMS.find((e) => e.schema === table.schema) ?? rng.pick(ENUMS);
  const all = COLUMN_POOL.map((template) => template({ rng, statusEnum }));
  const core = all.filter((c) => INDEXED_COLUMNS.includes(c.name));
  const extra = rng.sample(
    all.filter((c) => !INDEXED_COLUMNS.includes(c.name) && c.name !== 'deleted_at'),
    rng.int(0, 4),
  );
  table.columns.push(...core, ...extra, { name: 'deleted_at', type: 'timestamptz', notNull: false });
  table.columns.push({ name: 'created_at', type: 'timestamptz', notNull: true, default: 'now()' });
}

/** Every kind of index the `indexed` shape uses; `makeIndex` names them and `columns` pins their columns. */
function richIndexCandidates(model: Model, table: Table): (() => Index)[] {
  const named = (columns: string[], suffix: string, index: Omit<Index, 'name' | 'columns'>): Index => ({
    name: model.names.claim(table.schema, `${table.name}_${columns.join('_')}_${suffix}`),
    columns,
    ...index,
  });
  const candidates: (() => Index)[] = table.foreignKeys.map(
    (fk) => () => named([fk.column, 'created_at'], 'idx', { unique: false, keys: `${fk.column}, created_at DESC` }),
  );
  candidates.push(
    () =>
      named(['email', 'deleted_at'], 'key', {
        unique: true,
        keys: 'lower(email)',
        where: LIVE_ROWS,
      }),
    () =>
      named(['status', 'created_at', 'amount'], 'idx', {
        unique: false,
        keys: 'status, created_at',
        include: ['amount'],
      }),
    () => named(['quantity', 'priority'], 'idx', { unique: false, keys: '(quantity + priority)' }),
    () => named(['code'], 'key', { unique: true, keys: 'code' }),
    () =>
      named(['created_at', 'deleted_at'], 'idx', {
        unique: false,
        keys: 'created_at DESC NULLS LAST',
        where: LIVE_ROWS,
      }),
    () => named(['priority', 'name'], 'idx', { unique: false, keys: 'priority DESC, name NULLS FIRST' }),
    () => named(['metadata'], 'idx', { unique: false, method: 'gin', keys: 'metadata jsonb_path_ops' }),
    () => named(['tags'], 'idx', { unique: false, method: 'gin', keys: 'tags' }),
    () => named(['name', 'email', 'status'], 'idx', { unique: false, keys: 'name', include: ['email', 'status'] }),
    () => named(['status'], 'idx', { unique: false, keys: 'status', where: "status = 'active'" }),
    () => named(['name'], 'idx', { unique: false, keys: 'lower((name)::text) text_pattern_ops' }),
    () => named(['amount'], 'idx', { unique: false, keys: 'amount', where: 'amount > (0)::numeric' }),
    () => named(['created_at'], 'idx', { unique: false, method: 'brin', keys: 'created_at' }),
  );
  return candidates;
}

function buildIndexedTable(model: Model, rng: Rng, ordinal: number): Table {
  const table = newTable(model, rng, ordinal);
  addForeignKeys(model, table, rng);
  addIndexedColumns(table, rng);
  const candidates = richIndexCandidates(model, table);
  table.indexes.push(...rng.sample(candidates, rng.int(5, 10)).map((make) => make()));
  addChecks(model, table, rng);
  addComments(table, rng);
  return table;
}

/** Columns of the `small` shape's tables besides id and an optional foreign key. */
const SMALL_COLUMNS: ColumnTemplate[] = [
  varcharColumn('name', [40, 80, 120], 0.8),
  varcharColumn('code', [8, 16, 32], 0.9),
  () => ({ name: 'label', type: 'text', notNull: false }),
  () => ({ name: 'is_active', type: 'boolean', notNull: true, default: 'true', otherDefault: 'false' }),
  () => ({ name: 'position', type: 'integer', notNull: true, default: '0', widerType: 'bigint' }),
  () => ({ name: 'value', type: 'text', notNull: false, widerType: 'varchar(4000)' }),
  timestampColumn('created_at', true),
];

function buildSmallTable(model: Model, rng: Rng, ordinal: number): Table {
  const table = newTable(model, rng, ordinal);
  if (rng.chance(0.15) && model.tables.length > 0) {
    const target = rng.pick(model.tables.slice(0, 50));
    const column = `${target.name}_id`.slice(0, MAX_IDENTIFIER);
    table.columns.push({ name: column, type: 'bigint', notNull: true });
    const name = model.names.claim(qualified(table), `${table.name}_${column}_fkey`);
    table.foreignKeys.push({ name, column, target, onDelete: 'CASCADE' });
  }
  const statusEnum = ENUMS[0] as EnumType;
  const count = rng.int(1, 3) - table.foreignKeys.length;
  table.columns.push(...rng.sample(SMALL_COLUMNS, Math.max(1, count)).map((t) => t({ rng, statusEnum })));
  return table;
}

/** Builds a model of `tableCount` tables made by `build`, with no views and no triggers. */
const tablesOnly =
  (build: (model: Model, rng: Rng, ordinal: number) => Table) =>
  (tableCount: number, seed: number): Model => {
    const rng = new Rng(seed);
    const model = emptyModel();
    for (let i = 0; i < tableCount; i++) model.tables.push(build(model, rng, i));
    return model;
  };

/** A view reading `table` alone: its live rows, or its rows per month, some with `security_invoker`. */
function buildSimpleView(model: Model, table: Table, ordinal: number): View {
  if (ordinal % 3 !== 2) {
    const view = buildView(model, table);
    return ordinal % 6 === 1 ? { ...view, options: 'security_invoker = true' } : view;
  }
  const name = model.names.claim(table.schema, `${table.name}_monthly`);
  const query =
    `SELECT date_trunc('month', created_at) AS month, count(*) AS row_count, max(id) AS last_id\n` +
    `  FROM ${qualified(table)}\n  GROUP BY 1`;
  return {
    schema: table.schema,
    name,
    materialized: false,
    query,
    uses: [{ table, columns: ['id', 'created_at'] }],
    indexes: [],
  };
}

/** One function reading `table`: SQL with a defaulted argument, `RETURNS TABLE`, `SETOF`, or plpgsql. */
function buildRoutine(model: Model, table: Table, ordinal: number): Routine {
  const t = qualified(table);
  const base = { schema: table.schema, uses: [{ table, columns: ['id', 'created_at'] }] };
  const claim = (suffix: string): string => model.names.claim(table.schema, `${table.name}_${suffix}`);
  switch (ordinal % 4) {
    case 0:
      return {
        ...base,
        name: claim('count_since'),
        args: "since timestamptz DEFAULT (now() - '7 days'::interval)",
        argTypes: 'timestamptz',
        returns: 'bigint',
        language: 'sql',
        volatility: 'STABLE',
        body: `SELECT count(*) FROM ${t} WHERE created_at >= since`,
      };
    case 1:
      return {
        ...base,
        name: claim('recent'),
        args: 'max_rows integer DEFAULT 10, include_old boolean DEFAULT false',
        argTypes: 'integer, boolean',
        returns: 'TABLE(row_id bigint, row_created_at timestamptz)',
        language: 'sql',
        volatility: 'STABLE',
        body:
          `SELECT id, created_at FROM ${t}\n` +
          ` WHERE include_old OR created_at > now() - '1 year'::interval\n ORDER BY created_at DESC LIMIT max_rows`,
      };
    case 2:
      return {
        ...base,
        name: claim('by_ids'),
        args: 'ids bigint[]',
        argTypes: 'bigint[]',
        returns: `SETOF ${t}`,
        language: 'sql',
        volatility: 'STABLE',
        body: `SELECT * FROM ${t} WHERE id = ANY (ids)`,
      };
    default:
      return {
        ...base,
        name: claim('exists'),
        args: 'p_id bigint',
        argTypes: 'bigint',
        returns: 'boolean',
        language: 'plpgsql',
        volatility: 'STABLE',
        body: `BEGIN\n  PERFORM 1 FROM ${t} WHERE id = p_id;\n  RETURN FOUND;\nEND;`,
      };
  }
}

/** A mixed table with a view and a function created right after it. */
function buildViewsTable(model: Model, rng: Rng, ordinal: number): Table {
  const table = buildTable(model, rng, ordinal);
  table.views = [buildSimpleView(model, table, ordinal)];
  table.routines = [buildRoutine(model, table, ordinal)];
  return table;
}

/** The `views` shape: mixed tables, each with a view and a function; a materialized view per 50 tables. */
function buildViewsModel(tableCount: number, seed: number): Model {
  const rng = new Rng(seed);
  const model = emptyModel();
  buildFunctions(model, Math.max(1, Math.round(tableCount / 20)));
  for (let i = 0; i < tableCount; i++) {
    const table = buildViewsTable(model, rng, i);
    model.tables.push(table);
    if (i % 50 === 25) model.views.push(buildMaterializedView(model, table));
  }
  return model;
}

/** List partition keys of the `partitioned` shape. */
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'me-south-1',
  'me-central-1',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'il-central-1',
  'mx-central-1',
  'cn-north-1',
];
const MAX_PARTITIONS = 24;

/** The bound and name suffix of a parent's partition number `n` (a month from January 2024, or a region). */
function partitionBound(scheme: PartitionScheme, n: number): { bound: string; suffix: string } {
  if (scheme.method === 'LIST') {
    const region = REGIONS[n] ?? `region-${n}`;
    return { bound: `FOR VALUES IN (${quoteLiteral(region)})`, suffix: region.replaceAll('-', '_') };
  }
  const month = (m: number): string => `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  return {
    bound: `FOR VALUES FROM ('${month(n)}-01') TO ('${month(n + 1)}-01')`,
    suffix: month(n).replace('-', '_'),
  };
}

function newPartition(model: Model, parent: Table, bound: string, suffix: string): Table {
  const name = model.names.claim(parent.schema, `${parent.name}_${suffix}`);
  model.names.claim(parent.schema, `${name}_pkey`);
  return { ...newTableShell(parent.schema, name), partitionOf: { parent, bound } };
}

const newTableShell = (schema: string, name: string): Table => ({
  schema,
  name,
  identity: false,
  columns: [],
  foreignKeys: [],
  indexes: [],
  checks: [],
});

/** Adds the next partition of `parent`. */
function addPartition(model: Model, parent: Table): Table {
  const scheme = parent.partitionBy as PartitionScheme;
  const { bound, suffix } = partitionBound(scheme, scheme.nextBound++);
  const partition = newPartition(model, parent, bound, suffix);
  model.tables.push(partition);
  return partition;
}

/** Indexes a partitioned parent can have: a unique one must hold the partition key. */
function partitionedIndexCandidates(model: Model, table: Table, key: string): (() => Index)[] {
  const candidates: (() => Index)[] = table.foreignKeys.map((fk) => () => makeIndex(model, table, [fk.column]));
  if (hasColumn(table, 'email')) candidates.push(() => makeIndex(model, table, ['email'], { keys: 'lower(email)' }));
  if (hasColumn(table, 'code') && key !== 'code') {
    candidates.push(() => makeIndex(model, table, ['code', key], { unique: true }));
  }
  if (hasColumn(table, 'status')) candidates.push(() => makeIndex(model, table, ['status', 'created_at']));
  if (hasColumn(table, 'deleted_at')) {
    candidates.push(() => makeIndex(model, table, ['created_at'], { where: LIVE_ROWS }));
  }
  if (key !== 'created_at') candidates.push(() => makeIndex(model, table, [key, 'created_at']));
  candidates.push(() => makeIndex(model, table, ['created_at'], { keys: 'created_at DESC' }));
  return candidates;
}

/** A parent partitioned by month or by region, with `partitions` partitions (one of them maybe DEFAULT). */
function buildPartitionedTable(model: Model, rng: Rng, ordinal: number, partitions: number): Table {
  const table = newTable(model, rng, ordinal);
  table.identity = true;
  const byList = rng.chance(0.4);
  if (byList) table.columns.push({ name: 'region', type: 'text', notNull: true });
  // Only plain (hub) tables are referenced: a foreign key to a partitioned table needs its partition key.
  const hubs = model.tables.filter((t) => !t.partitionBy && !t.partitionOf);
  if (hubs.length > 0 && rng.chance(0.6)) {
    const target = rng.pick(hubs);
    const column = uniqueColumnName(table, `${target.name}_id`);
    table.columns.push({ name: column, type: 'bigint', notNull: true });
    const name = model.names.claim(qualified(table), `${table.name}_${column}_fkey`);
    table.foreignKeys.push({ name, column, target, onDelete: 'RESTRICT' });
  }
  addColumns(table, rng, false);
  const key = byList ? 'region' : 'created_at';
  table.partitionBy = { method: byList ? 'LIST' : 'RANGE', column: key, nextBound: 0 };
  const candidates = partitionedIndexCandidates(model, table, key);
  table.indexes.push(...rng.sample(candidates, Math.min(candidates.length, rng.int(2, 4))).map((make) => make()));
  addChecks(model, table, rng);
  addComments(table, rng);
  model.tables.push(table);
  const withDefault = partitions > 2 && rng.chance(0.3);
  for (let i = 0; i < partitions - (withDefault ? 1 : 0); i++) addPartition(model, table);
  if (withDefault) model.tables.push(newPartition(model, table, 'DEFAULT', 'default'));
  return table;
}

/** The `partitioned` shape: a few plain hub tables, then parents with 4-24 partitions; N tables in all. */
function buildPartitionedModel(tableCount: number, seed: number): Model {
  const rng = new Rng(seed);
  const model = emptyModel();
  const hubs = Math.min(tableCount, Math.max(1, Math.round(tableCount / 100)));
  for (let i = 0; i < hubs; i++) {
    const table = newTable(model, rng, i);
    addColumns(table, rng, false);
    addIndexes(model, table, rng);
    model.tables.push(table);
  }
  while (model.tables.length < tableCount) {
    const left = tableCount - model.tables.length;
    const partitions = Math.min(left - 1, rng.int(4, MAX_PARTITIONS));
    if (partitions < 1) {
      const table = newTable(model, rng, model.tables.length);
      addColumns(table, rng, false);
      model.tables.push(table);
    } else {
      buildPartitionedTable(model, rng, model.tables.length, partitions);
    }
  }
  return model;
}

const parentsOf = (model: Model): Table[] => model.tables.filter((t) => t.partitionBy);

/** The `partitioned` shape's changes: on parents, plus a partition added and a partition dropped. */
const PARTITIONED_CHANGES: Change[] = [
  ...TABLE_CHANGES,
  function addPartitionChange(model, _rng, parent) {
    if ((parent.partitionBy?.nextBound ?? MAX_PARTITIONS) >= MAX_PARTITIONS) return false;
    addPartition(model, parent);
    return true;
  },
  function dropPartition(model, rng, parent) {
    const partitions = model.tables.filter(
      (t) => t.partitionOf?.parent === parent && t.partitionOf.bound !== 'DEFAULT',
    );
    if (partitions.length < 2) return false;
    const dropped = rng.pick(partitions);
    model.tables = model.tables.filter((t) => t !== dropped);
    return true;
  },
];

/** Roles of the `grants` shape; the prefix keeps them apart from real roles of the cluster. */
const GRANT_ROLES = [
  'sgbench_readonly',
  'sgbench_app',
  'sgbench_analyst',
  'sgbench_billing',
  'sgbench_support',
  'sgbench_etl',
];
const GRANT_SCHEMAS = [...SCHEMAS, 'reporting', 'crm', 'hr', 'analytics', 'support'];

/** Helper functions of a schema in the `grants` shape (they read no table). */
function schemaRoutines(schema: string): Routine[] {
  return [
    {
      schema,
      name: 'current_tenant',
      args: '',
      argTypes: '',
      returns: 'text',
      language: 'sql',
      volatility: 'STABLE',
      body: "SELECT current_setting('app.tenant', true)",
      uses: [],
    },
    {
      schema,
      name: 'is_business_day',
      args: 'day date DEFAULT CURRENT_DATE',
      argTypes: 'date',
      returns: 'boolean',
      language: 'sql',
      volatility: 'IMMUTABLE',
      body: 'SELECT EXTRACT(isodow FROM day) < 6',
      uses: [],
    },
  ];
}

/** Grants on a table of the `grants` shape: to 1-3 roles, on its id sequence, some column-level. */
function tableGrants(table: Table, rng: Rng): Grant[] {
  const on = `TABLE ${qualified(table)}`;
  const grants: Grant[] = [{ privileges: 'SELECT', on, role: 'sgbench_readonly' }];
  if (rng.chance(0.7)) {
    grants.push(
      { privileges: 'SELECT, INSERT, UPDATE, DELETE', on, role: 'sgbench_app' },
      { privileges: 'USAGE, SELECT', on: `SEQUENCE ${qualified(table)}_id_seq`, role: 'sgbench_app' },
    );
  }
  if (rng.chance(0.2)) grants.push({ privileges: 'SELECT', on, role: 'sgbench_analyst', withGrantOption: true });
  if (rng.chance(0.1)) grants.push({ privileges: 'TRUNCATE', on, role: 'sgbench_etl' });
  const others = table.columns.filter((c) => c.name !== 'id' && c.name !== 'created_at');
  if (rng.chance(0.25) && others.length > 0) {
    const columns = rng.sample(others, Math.min(others.length, rng.int(1, 3))).map((c) => c.name);
    const first = columns[0] as string;
    grants.push({
      privileges: `SELECT (id, ${columns.join(', ')}), UPDATE (${first})`,
      on,
      role: 'sgbench_support',
      columns,
    });
  }
  return grants;
}

function buildGrantsTable(model: Model, rng: Rng, ordinal: number): Table {
  const table = buildTable(model, rng, ordinal, GRANT_SCHEMAS[ordinal % GRANT_SCHEMAS.length]);
  table.grants = tableGrants(table, rng);
  return table;
}

/** The `grants` shape: mixed tables over 9 schemas, with roles and grants on every kind of object. */
function buildGrantsModel(tableCount: number, seed: number): Model {
  const rng = new Rng(seed);
  const model = emptyModel(GRANT_SCHEMAS);
  model.roles = GRANT_ROLES;
  buildFunctions(model, Math.max(1, Math.round(tableCount / 20)));
  model.routines = GRANT_SCHEMAS.flatMap(schemaRoutines);
  for (const schema of GRANT_SCHEMAS) {
    model.grants.push({ privileges: 'USAGE', on: `SCHEMA ${schema}`, role: 'sgbench_readonly, sgbench_app' });
  }
  model.grants.push(
    { privileges: 'USAGE, CREATE', on: 'SCHEMA analytics', role: 'sgbench_etl' },
    { privileges: 'USAGE', on: 'SCHEMA billing', role: 'sgbench_billing' },
    { privileges: 'USAGE', on: 'SCHEMA support', role: 'sgbench_support' },
  );
  for (const fn of model.routines) {
    const on = `FUNCTION ${qualified(fn)}(${fn.argTypes})`;
    model.grants.push({ privileges: 'EXECUTE', on, role: 'PUBLIC', revoke: true });
    model.grants.push({ privileges: 'EXECUTE', on, role: 'sgbench_app' });
  }
  for (const fn of model.functions) {
    model.grants.push({ privileges: 'ALL', on: `FUNCTION ${qualified(fn)}()`, role: 'PUBLIC', revoke: true });
  }
  model.defaultPrivileges.push(
    'ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO sgbench_readonly, sgbench_analyst;',
  );
  for (let i = 0; i < tableCount; i++) model.tables.push(buildGrantsTable(model, rng, i));
  return model;
}

/** The builder and the `changed` variant's changes of each shape. */
const SHAPES: Record<SchemaShape, ShapeBuilder> = {
  mixed: { build: buildModel, changes: CHANGES },
  wide: {
    build: tablesOnly(buildWideTable),
    changes: [...TABLE_CHANGES, addTableChange(buildWideTable), dropTable],
  },
  indexed: {
    build: tablesOnly(buildIndexedTable),
    changes: [...TABLE_CHANGES, addTableChange(buildIndexedTable), dropTable],
  },
  views: { build: buildViewsModel, changes: [...TABLE_CHANGES, addTableChange(buildViewsTable), dropTable] },
  small: {
    build: tablesOnly(buildSmallTable),
    changes: [...TABLE_CHANGES, addTableChange(buildSmallTable), dropTable],
  },
  partitioned: { build: buildPartitionedModel, changes: PARTITIONED_CHANGES, targets: parentsOf },
  grants: { build: buildGrantsModel, changes: [...TABLE_CHANGES, addTableChange(buildGrantsTable), dropTable] },
};

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

function renderColumn(column: Column): string {
  const notNull = column.notNull ? ' NOT NULL' : '';
  const byDefault = column.default ? ` DEFAULT ${column.default}` : '';
  return `${column.name} ${column.type}${notNull}${byDefault}`;
}

function renderTable(table: Table): string {
  if (table.partitionOf) {
    return `CREATE TABLE ${qualified(table)} PARTITION OF ${qualified(table.partitionOf.parent)}\n  ${table.partitionOf.bound};`;
  }
  const primaryKey = table.partitionBy ? '' : ' PRIMARY KEY';
  const lines = table.columns.map((column) =>
    column.name === 'id'
      ? `id ${table.identity ? 'bigint GENERATED ALWAYS AS IDENTITY' : 'bigserial'}${primaryKey}`
      : renderColumn(column),
  );
  if (table.partitionBy) lines.push(`PRIMARY KEY (id, ${table.partitionBy.column})`);
  for (const fk of table.foreignKeys) {
    lines.push(
      `CONSTRAINT ${fk.name} FOREIGN KEY (${fk.column}) REFERENCES ${qualified(fk.target)} (id) ON DELETE ${fk.onDelete}`,
    );
  }
  for (const check of table.checks) lines.push(`CONSTRAINT ${check.name} CHECK (${check.expression})`);
  const partitioning = table.partitionBy
    ? ` PARTITION BY ${table.partitionBy.method} (${table.partitionBy.column})`
    : '';
  return `CREATE TABLE ${qualified(table)} (\n  ${lines.join(',\n  ')}\n)${partitioning};`;
}

function renderIndex(schema: string, relation: string, index: Index): string {
  const unique = index.unique ? 'UNIQUE ' : '';
  const method = index.method ? ` USING ${index.method}` : '';
  const include = index.include ? ` INCLUDE (${index.include.join(', ')})` : '';
  const where = index.where ? ` WHERE ${index.where}` : '';
  return `CREATE ${unique}INDEX ${index.name} ON ${schema}.${relation}${method} (${index.keys})${include}${where};`;
}

function renderComments(table: Table): string[] {
  const lines: string[] = [];
  if (table.comment) lines.push(`COMMENT ON TABLE ${qualified(table)} IS ${quoteLiteral(table.comment)};`);
  for (const column of table.columns) {
    if (column.comment) {
      lines.push(`COMMENT ON COLUMN ${qualified(table)}.${column.name} IS ${quoteLiteral(column.comment)};`);
    }
  }
  return lines;
}

function renderTableBlock(table: Table): string {
  const parts = [renderTable(table), ...table.indexes.map((i) => renderIndex(table.schema, table.name, i))];
  parts.push(...renderComments(table));
  if (table.trigger) {
    parts.push(
      `CREATE TRIGGER ${table.trigger.name} BEFORE UPDATE ON ${qualified(table)}\n` +
        `  FOR EACH ROW EXECUTE FUNCTION ${qualified(table.trigger.fn)}();`,
    );
  }
  parts.push(...(table.views ?? []).map(renderView), ...(table.routines ?? []).map(renderRoutine));
  parts.push(...(table.grants ?? []).map(renderGrant));
  return parts.join('\n');
}

function renderRoutine(fn: Routine): string {
  return (
    `CREATE FUNCTION ${qualified(fn)}(${fn.args}) RETURNS ${fn.returns}\n` +
    `  LANGUAGE ${fn.language} ${fn.volatility}\n  AS $fn$\n${fn.body}\n$fn$;`
  );
}

function renderGrant(grant: Grant): string {
  if (grant.revoke) return `REVOKE ${grant.privileges} ON ${grant.on} FROM ${grant.role};`;
  const option = grant.withGrantOption ? ' WITH GRANT OPTION' : '';
  return `GRANT ${grant.privileges} ON ${grant.on} TO ${grant.role}${option};`;
}

/** Creates the roles unless they exist: roles are shared by all the databases of a server. */
function renderRoles(roles: readonly string[]): string[] {
  if (roles.length === 0) return [];
  const creates = roles.map(
    (role) =>
      `  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(role)}) THEN\n` +
      `    CREATE ROLE ${role} NOLOGIN;\n  END IF;`,
  );
  return [`DO $roles$\nBEGIN\n${creates.join('\n')}\nEND\n$roles$;`];
}

function renderFunction(fn: PlpgsqlFunction): string {
  return `CREATE FUNCTION ${qualified(fn)}() RETURNS trigger\n  LANGUAGE plpgsql\n  AS $fn$\n${fn.body}\n$fn$;`;
}

function renderView(view: View): string {
  const kind = view.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
  const indexes = view.indexes.map((i) => `\n${renderIndex(view.schema, view.name, i)}`).join('');
  const options = view.options ? ` WITH (${view.options})` : '';
  return `CREATE ${kind} ${qualified(view)}${options} AS\n${view.query};${indexes}`;
}

/** Renders the tables, committing every TABLES_PER_TRANSACTION tables to stay within the lock table. */
function renderTables(tables: readonly Table[]): string[] {
  return tables.map((table, i) => {
    const block = renderTableBlock(table);
    return i > 0 && i % TABLES_PER_TRANSACTION === 0 ? `COMMIT;\n\nBEGIN;\n\n${block}` : block;
  });
}

function renderModel(model: Model): string {
  const sections = [
    '-- Generated by bench/generate-schema.ts',
    "SET client_min_messages = 'warning';",
    'BEGIN;',
    ...renderRoles(model.roles),
    ...model.schemas.map((s) => `CREATE SCHEMA ${s};`),
    ...model.enums.map((e) => `CREATE TYPE ${qualified(e)} AS ENUM (${e.values.map(quoteLiteral).join(', ')});`),
    ...DOMAINS_SQL,
    ...model.functions.map(renderFunction),
    ...model.routines.map(renderRoutine),
    ...model.grants.map(renderGrant),
    ...model.defaultPrivileges,
    ...renderTables(model.tables),
    ...model.views.map(renderView),
    'COMMIT;',
  ];
  return `${sections.join('\n\n')}\n`;
}

/** Generates deterministic PostgreSQL 15 DDL for a schema with `tables` tables. */
export function generateSchemaSql(tables: number, options: GenerateOptions = {}): string {
  if (!Number.isInteger(tables) || tables < 1) throw new Error(`tables must be a positive integer, got ${tables}`);
  const seed = options.seed ?? 1;
  const shape = SHAPES[options.shape ?? 'mixed'];
  const model = shape.build(tables, seed);
  if (options.variant === 'changed') applyChanges(model, seed, shape.changes, shape.targets?.(model));
  return renderModel(model);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      tables: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      variant: { type: 'string', default: 'base' },
      shape: { type: 'string', default: 'mixed' },
    },
  });
  const { variant, shape } = values;
  if (variant !== 'base' && variant !== 'changed') throw new Error(`--variant must be base or changed, got ${variant}`);
  if (!isSchemaShape(shape)) throw new Error(`--shape must be one of ${SCHEMA_SHAPES.join(', ')}, got ${shape}`);
  process.stdout.write(generateSchemaSql(Number(values.tables), { seed: Number(values.seed), variant, shape }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
