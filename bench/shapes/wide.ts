/** The `wide` shape: tables of 40-80 columns, most with defaults, many commented. */
import {
  addChecks,
  addForeignKeys,
  addIndexes,
  addTableChange,
  COLUMN_POOL,
  type ColumnContext,
  type ColumnTemplate,
  dropTable,
  ENUMS,
  type Model,
  newTable,
  Rng,
  type ShapeBuilder,
  type Table,
  TABLE_CHANGES,
  tablesOnly,
} from './model.js';

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

/** The builder of the `wide` shape and its `changed` variant. */
export const WIDE_SHAPE: ShapeBuilder = {
  build: tablesOnly(buildWideTable),
  changes: [...TABLE_CHANGES, addTableChange(buildWideTable), dropTable],
};
