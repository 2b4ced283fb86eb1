/** The `partitioned` shape: range- and list-partitioned parents with many partitions each. */
import {
  addChecks,
  addColumns,
  addComments,
  addIndexes,
  type Change,
  emptyModel,
  hasColumn,
  type Index,
  LIVE_ROWS,
  makeIndex,
  type Model,
  newTable,
  type PartitionScheme,
  qualified,
  quoteLiteral,
  Rng,
  type ShapeBuilder,
  type Table,
  TABLE_CHANGES,
  uniqueColumnName,
} from './model.js';

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

/** The builder of the `partitioned` shape and its `changed` variant. */
export const PARTITIONED_SHAPE: ShapeBuilder = {
  build: buildPartitionedModel,
  changes: PARTITIONED_CHANGES,
  targets: parentsOf,
};
