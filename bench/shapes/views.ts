/** The `views` shape: a view and a SQL or plpgsql function per table, a materialized view per 50 tables. */
import {
  addTableChange,
  buildFunctions,
  buildMaterializedView,
  buildTable,
  buildView,
  dropTable,
  emptyModel,
  type Model,
  qualified,
  Rng,
  type Routine,
  type ShapeBuilder,
  type Table,
  TABLE_CHANGES,
  type View,
} from './model.js';

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

/** The builder of the `views` shape and its `changed` variant. */
export const VIEWS_SHAPE: ShapeBuilder = {
  build: buildViewsModel,
  changes: [...TABLE_CHANGES, addTableChange(buildViewsTable), dropTable],
};
