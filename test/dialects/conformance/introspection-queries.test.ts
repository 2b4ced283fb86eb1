/**
 * Introspection reads the catalogs with a constant number of statements, whatever the size of
 * the schema, on every target of the conformance suite.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/dialects/dialect.js';
import { tablesSql } from '../../helpers/tables-sql.js';
import { selectedTargets } from './targets.js';

/** A client that counts the statements it is sent. */
function counting(client: Connection): Connection & { count: number } {
  const counter = {
    ...client,
    count: 0,
    query<Row>(sql: string, params?: readonly unknown[]) {
      counter.count++;
      return client.query<Row>(sql, params);
    },
    exec(sql: string) {
      counter.count++;
      return client.exec(sql);
    },
  };
  return counter;
}

for (const target of selectedTargets()) {
  describe.runIf(target.available())(`introspection on ${target.name}`, () => {
    const session = target.session();
    afterAll(() => session.close());

    it('sends the same number of statements for 1 table and for 60: one per object kind, never one per table', async () => {
      let db = await session.fresh();
      await db.exec(tablesSql(1));
      const small = counting(db);
      const one = await small.introspect({ includePrivileges: true });
      db = await session.fresh();
      await db.exec(tablesSql(60));
      const large = counting(db);
      const sixty = await large.introspect({ includePrivileges: true });
      expect(one.schema.tables).toHaveLength(1);
      expect(sixty.schema.tables).toHaveLength(60);
      expect(sixty.schema.views).toHaveLength(60);
      expect(large.count).toBe(small.count);
      // One catalog query per kind (every modelled kind, and one count of the kinds not
      // modelled), plus BEGIN, SET search_path, the server version and COMMIT.
      expect(large.count).toBeLessThanOrEqual(43);
    });
  });
}
