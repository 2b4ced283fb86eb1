import type { DatabaseSession, Dialect } from '../dialect.js';
import { connectPostgres, parseServerUrl } from './connection.js';
import { readTableData } from './data.js';
import { schemaToSql } from './ddl.js';
import { postgresEquivalence } from './equivalence.js';
import { postgresHazards } from './hazards.js';
import { introspectPostgres } from './introspect.js';
import { planPostgres } from './plan/index.js';
import { postgresSeverity } from './severity.js';
import { LIST_NAMES } from '../../schema/kind-lists.js';

/** PostgreSQL 14+, on a server (`postgres://…`) or embedded (`pglite:memory`, `pglite:./dir`). */
export const postgresDialect: Dialect = {
  name: 'postgres',
  handles: (ref) => /^(postgres|postgresql|pglite):/i.test(ref),
  checkUrl(ref) {
    if (!/^pglite:/i.test(ref)) parseServerUrl(ref);
  },
  async open(ref, options): Promise<DatabaseSession> {
    const client = await connectPostgres(ref, options);
    return {
      source: client.source,
      introspect: (introspectOptions) => introspectPostgres(client, introspectOptions),
      readData: (schema, dataOptions) => readTableData(client, schema, dataOptions),
      close: () => client.close(),
    };
  },
  toSql: (schema, options) => schemaToSql(schema, options),
  // PostgreSQL has every optional kind: they were modelled after its catalog.
  model: { lists: LIST_NAMES, severity: postgresSeverity },
  equivalence: postgresEquivalence,
  hazards: postgresHazards,
  plan: planPostgres,
};
