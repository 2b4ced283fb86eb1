/**
 * The schema model of bench/generate-schema.ts and what every shape shares: the model's types, the seeded PRNG,
 * the column pool and table helpers of the `mixed` shape (which the other shapes reuse), the changes of the
 * `changed` variant, and the renderer that turns a model into DDL.
 */
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

/** A secondary index of a table or a materialized view. */
export interface Index {
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

/** A table: its columns and constraints, and what the script creates right after it. */
export interface Table {
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

/** How a parent table is partitioned. */
export interface PartitionScheme {
  method: 'RANGE' | 'LIST';
  column: string;
  /** Ordinal of the next partition's bound (a month after January 2024, or an index into REGIONS). */
  nextBound: number;
}

/** A SQL or plpgsql function that is not a trigger function. */
export interface Routine {
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
export interface Grant {
  privileges: string;
  /** The object as SQL, e.g. `TABLE app.x`, `SCHEMA app`, `FUNCTION app.f(integer)`. */
  on: string;
  role: string;
  revoke?: boolean;
  withGrantOption?: boolean;
  /** Table columns named in a column-level grant. */
  columns?: string[];
}

/** A view or materialized view. */
export interface View {
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

/** An enum type. */
export interface EnumType {
  schema: string;
  name: string;
  values: string[];
}

/** Everything a generated schema holds, before it is rendered as DDL. */
export interface Model {
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
export interface ColumnContext {
  rng: Rng;
  statusEnum: EnumType;
}

/** Makes a column, drawing its random parts from `ctx.rng`. */
export type ColumnTemplate = (ctx: ColumnContext) => Column;

/** The schemas of the `mixed` shape (and of most others). */
export const SCHEMAS = ['app', 'billing', 'inventory', 'audit'] as const;
/** PostgreSQL's identifier length limit, in bytes. */
export const MAX_IDENTIFIER = 63;
/**
 * Each new table takes about ten locks (table, TOAST, indexes, sequence, referenced tables). One
 * transaction for 5000 tables overflows the default lock table (max_locks_per_transaction = 64), so
 * the script commits in batches: still few enough commits to load quickly.
 */
const TABLES_PER_TRANSACTION = 250;

/** The enums every shape creates; each has an `active` value. */
export const ENUMS: EnumType[] = [
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

/** A `varchar` column of one of `lengths`, NOT NULL with probability `notNull`. */
export const varcharColumn =
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

/** A `timestamptz` column, NOT NULL with `DEFAULT now()` when `withDefault`. */
export const timestampColumn =
  (name: string, withDefault: boolean): ColumnTemplate =>
  () => ({
    name,
    type: 'timestamptz',
    notNull: withDefault,
    ...(withDefault ? { default: 'now()', otherDefault: 'clock_timestamp()' } : {}),
  });

/** Column pool for the optional columns of a table (id and created_at are always present). */
export const COLUMN_POOL: ColumnTemplate[] = [
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

/** Quotes `text` as a SQL string literal. */
export const quoteLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;
/** The schema-qualified name of a table, view, type or function. */
export const qualified = (item: { schema: string; name: string }): string => `${item.schema}.${item.name}`;

/** A table with only its id column, named at random in `schema`; reserves the names PostgreSQL derives. */
export function newTable(
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
export function addColumns(table: Table, rng: Rng, needsUpdatedAt: boolean): void {
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
export function addForeignKeys(model: Model, table: Table, rng: Rng): void {
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

/** A column name based on `base` that the table does not have yet. */
export function uniqueColumnName(table: Table, base: string): string {
  let name = base.slice(0, MAX_IDENTIFIER);
  for (let n = 2; table.columns.some((c) => c.name === name); n++) name = `${base.slice(0, 58)}_${n}`;
  return name;
}

/** Whether the table has a column called `name`. */
export const hasColumn = (table: Table, name: string): boolean => table.columns.some((c) => c.name === name);

interface IndexOptions {
  unique?: boolean;
  keys?: string;
  where?: string;
}

/** Partial indexes in this generator always use this predicate. */
export const LIVE_ROWS = 'deleted_at IS NULL';

/** An index of the table on `columns`, named after them (`_key` when unique, else `_idx`). */
export function makeIndex(model: Model, table: Table, columns: string[], options: IndexOptions = {}): Index {
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

/** Adds 1-3 of the secondary indexes that fit the table (see indexCandidates). */
export function addIndexes(model: Model, table: Table, rng: Rng): void {
  const candidates = indexCandidates(model, table);
  const chosen = rng.sample(candidates, Math.min(candidates.length, rng.int(1, 3)));
  table.indexes.push(...chosen.map((make) => make()));
}

/** Adds a check constraint to about half the columns that commonly carry one. */
export function addChecks(model: Model, table: Table, rng: Rng): void {
  for (const column of table.columns) {
    const check = CHECKS[column.name];
    if (check && rng.chance(0.5)) {
      const name = model.names.claim(qualified(table), `${table.name}_${column.name}_check`);
      table.checks.push({ name, column: column.name, expression: check(column.name) });
    }
  }
}

/** Comments about 30% of tables and 5% of columns. */
export function addComments(table: Table, rng: Rng): void {
  if (rng.chance(0.3)) table.comment = `${table.name.replaceAll('_', ' ')} of the ${table.schema} domain.`;
  for (const column of table.columns) {
    if (!column.comment && rng.chance(0.05))
      column.comment = `The ${column.name.replaceAll('_', ' ')}; it's set by the application.`;
  }
}

/** A table of the `mixed` shape: foreign keys, columns, indexes, checks, comments and maybe a trigger. */
export function buildTable(model: Model, rng: Rng, ordinal: number, schema?: string): Table {
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

/** Adds `count` plpgsql trigger functions setting `updated_at`. */
export function buildFunctions(model: Model, count: number): void {
  for (let i = 0; i < count; i++) {
    const schema = SCHEMAS[i % SCHEMAS.length] ?? 'app';
    const name = `set_updated_at_${i + 1}`;
    model.functions.push({ schema, name, body: TRIGGER_BODIES[i % TRIGGER_BODIES.length] ?? '' });
  }
}

/** A view of the table joined with its first foreign key's table, or of its live or recent rows. */
export function buildView(model: Model, table: Table): View {
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

/** A materialized view counting the rows per day, with a unique index. */
export function buildMaterializedView(model: Model, table: Table): View {
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
export function emptyModel(schemas: readonly string[] = SCHEMAS): Model {
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
export function buildModel(tableCount: number, seed: number): Model {
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

/** One kind of change of the `changed` variant; returns false when it does not fit the table. */
export type Change = (model: Model, rng: Rng, table: Table) => boolean;

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
export const TABLE_CHANGES: Change[] = [
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
export const addTableChange =
  (build: (model: Model, rng: Rng, ordinal: number) => Table): Change =>
  (model, rng) => {
    model.tables.push(build(model, rng, model.tables.length));
    return true;
  };

/** Drops the table unless another table or a view or function created elsewhere depends on it. */
export const dropTable: Change = (model, _rng, table) => {
  if (isReferenced(model, table)) return false;
  model.tables = model.tables.filter((t) => t !== table);
  return true;
};

/** The changes of the `mixed` shape's `changed` variant. */
export const CHANGES: Change[] = [...TABLE_CHANGES, addTableChange(buildTable), dropTable];

/**
 * Applies about one change per 100 tables (at least one of each kind), each to a different table of
 * `targets` (by default all the tables).
 */
export function applyChanges(
  model: Model,
  seed: number,
  changes: Change[] = CHANGES,
  targets: Table[] = model.tables,
): void {
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

/** How one shape builds its model and what its `changed` variant changes. */
export interface ShapeBuilder {
  build(tableCount: number, seed: number): Model;
  changes: Change[];
  /** The tables the changes pick from; all the tables when absent. */
  targets?(model: Model): Table[];
}

/** Builds a model of `tableCount` tables made by `build`, with no views and no triggers. */
export const tablesOnly =
  (build: (model: Model, rng: Rng, ordinal: number) => Table) =>
  (tableCount: number, seed: number): Model => {
    const rng = new Rng(seed);
    const model = emptyModel();
    for (let i = 0; i < tableCount; i++) model.tables.push(build(model, rng, i));
    return model;
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

/** Renders the model as one script: roles, schemas, types, functions, then the tables in batches. */
export function renderModel(model: Model): string {
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
