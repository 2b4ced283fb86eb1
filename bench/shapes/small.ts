/** The `small` shape: many tables of 2-4 columns with no index but the primary key. */
import {
  addTableChange,
  type ColumnTemplate,
  dropTable,
  ENUMS,
  type EnumType,
  MAX_IDENTIFIER,
  type Model,
  newTable,
  qualified,
  Rng,
  type ShapeBuilder,
  type Table,
  TABLE_CHANGES,
  tablesOnly,
  timestampColumn,
  varcharColumn,
} from './model.js';

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

/** The builder of the `small` shape and its `changed` variant. */
export const SMALL_SHAPE: ShapeBuilder = {
  build: tablesOnly(buildSmallTable),
  changes: [...TABLE_CHANGES, addTableChange(buildSmallTable), dropTable],
};
