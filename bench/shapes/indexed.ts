/** The `indexed` shape: 5-10 indexes of every kind per table. */
import {
  addChecks,
  addComments,
  addForeignKeys,
  addTableChange,
  COLUMN_POOL,
  dropTable,
  ENUMS,
  type Index,
  LIVE_ROWS,
  type Model,
  newTable,
  Rng,
  type ShapeBuilder,
  type Table,
  TABLE_CHANGES,
  tablesOnly,
} from './model.js';

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

/** Every kind of index the `indexed` shape uses; `named` names them and `columns` pins their columns. */
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

/** The builder of the `indexed` shape and its `changed` variant. */
export const INDEXED_SHAPE: ShapeBuilder = {
  build: tablesOnly(buildIndexedTable),
  changes: [...TABLE_CHANGES, addTableChange(buildIndexedTable), dropTable],
};
