/** The `grants` shape: 9 schemas, roles, and grants on schemas, tables, sequences, columns and functions. */
import {
  addTableChange,
  buildFunctions,
  buildTable,
  dropTable,
  emptyModel,
  type Grant,
  type Model,
  qualified,
  Rng,
  type Routine,
  SCHEMAS,
  type ShapeBuilder,
  type Table,
  TABLE_CHANGES,
} from './model.js';

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

/** The builder of the `grants` shape and its `changed` variant. */
export const GRANTS_SHAPE: ShapeBuilder = {
  build: buildGrantsModel,
  changes: [...TABLE_CHANGES, addTableChange(buildGrantsTable), dropTable],
};
