import { afterAll, beforeAll } from 'vitest';
import type { ConstraintDef, Schema, TableDef } from '../../src/schema/model.js';
import { openTestPglite } from './databases.js';
import type { Connection } from '../../src/dialects/dialect.js';

/** Lookups into the schema a models' DDL builds. */
export interface BuiltModels {
  readonly schema: () => Schema;
  readonly table: (name: string) => TableDef;
  readonly column: (table: string, name: string) => TableDef['columns'][number] | undefined;
  readonly constraintsOf: (table: string, type: ConstraintDef['type']) => ConstraintDef[];
}

/**
 * Runs a models' DDL in a fresh PGlite database before the enclosing describe's tests,
 * introspects it, and closes the database after them.
 */
export function buildModelsBeforeAll(ddl: () => readonly string[]): BuiltModels {
  let client: Connection;
  let schema: Schema | undefined;
  beforeAll(async () => {
    client = await openTestPglite();
    await client.exec(ddl().join('\n'));
    schema = (await client.introspect()).schema;
  });
  afterAll(async () => {
    await client.close();
  });
  const built = (): Schema => {
    if (!schema) throw new Error('the models were not built');
    return schema;
  };
  const table = (name: string): TableDef => {
    const found = built().tables.find((t) => t.schema === 'public' && t.name === name);
    if (!found) throw new Error(`table ${name} missing`);
    return found;
  };
  return {
    schema: built,
    table,
    column: (tableName, name) => table(tableName).columns.find((c) => c.name === name),
    constraintsOf: (tableName, type) => (table(tableName).constraints ?? []).filter((c) => c.type === type),
  };
}
