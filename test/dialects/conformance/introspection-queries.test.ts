/**
 * Introspection reads the catalogs with a constant number of statements, in a constant number
 * of round trips, whatever the size of the schema, on every target of the conformance suite.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/dialects/dialect.js';
import { mysqlTablesSql, sqliteTablesSql, tablesSql } from '../../helpers/tables-sql.js';
import { selectedTargets } from './targets.js';

/**
 * The connection, counting its round trips and the statements they carry, also inside a
 * transaction it runs (SQLite's introspection reads in one).
 */
function counting(client: Connection): Connection & { roundTrips: number; statements: number } {
  const batch = (client as { queryBatch?: (statements: readonly string[]) => Promise<unknown[][]> }).queryBatch;
  const counter = {
    ...client,
    roundTrips: 0,
    statements: 0,
    query<Row>(sql: string, params?: readonly unknown[]) {
      counter.roundTrips++;
      counter.statements++;
      return client.query<Row>(sql, params);
    },
    exec(sql: string) {
      counter.roundTrips++;
      counter.statements++;
      return client.exec(sql);
    },
    transaction<T>(
      work: (connection: Connection) => Promise<T>,
      options?: Parameters<Connection['transaction']>[1],
    ): Promise<T> {
      return client.transaction((inner): Promise<T> => work(inner === client ? counter : inner), options);
    },
    ...(batch
      ? {
          queryBatch(statements: readonly string[]) {
            counter.roundTrips++;
            counter.statements += statements.length;
            return batch(statements);
          },
        }
      : {}),
  };
  return counter;
}

/**
 * What each engine sends. PostgreSQL: one catalog query per kind (every modelled kind, and one
 * count of the kinds not modelled), plus BEGIN, SET search_path, the server version and COMMIT,
 * the catalog queries in one round trip; then, for a database with views, their definitions in a
 * savepoint (one more round trip per 500 views). MySQL: one `information_schema` query per kind (and
 * the privileges' probes) in a consistent-snapshot transaction, one statement per round trip.
 * SQLite: `sqlite_schema` with `pragma_table_list`, then one query each joining the table,
 * view, index and foreign key pragmas against `sqlite_schema`, in one read-only transaction
 * (in-process: a "round trip" is a statement).
 */
const EXPECTED: Record<string, { statements: [number, number]; roundTrips?: number; sql: (count: number) => string }> =
  {
    postgres: { statements: [34, 46], roundTrips: 6, sql: tablesSql },
    mysql: { statements: [16, 24], roundTrips: 20, sql: mysqlTablesSql },
    sqlite: { statements: [5, 5], roundTrips: 5, sql: sqliteTablesSql },
  };

for (const target of selectedTargets()) {
  const expected = EXPECTED[target.dialect] as (typeof EXPECTED)[string];
  describe.runIf(target.available())(`introspection on ${target.name}`, () => {
    const session = target.session();
    afterAll(() => session.close());

    it('sends the same statements for 1 table and for 60, in a fixed number of round trips: one per object kind, never one per table', async () => {
      let db = await session.fresh();
      await db.exec(expected.sql(1));
      const small = counting(db);
      const one = await small.introspect({ includePrivileges: true });
      db = await session.fresh();
      await db.exec(expected.sql(60));
      const large = counting(db);
      const sixty = await large.introspect({ includePrivileges: true });
      expect(one.schema.tables).toHaveLength(1);
      expect(sixty.schema.tables).toHaveLength(60);
      expect(sixty.schema.views).toHaveLength(60);
      expect(large.statements).toBe(small.statements);
      expect(large.roundTrips).toBe(small.roundTrips);
      expect(large.statements).toBeGreaterThanOrEqual(expected.statements[0]);
      expect(large.statements).toBeLessThanOrEqual(expected.statements[1]);
      if (expected.roundTrips !== undefined) expect(large.roundTrips).toBe(expected.roundTrips);
    });
  });
}
