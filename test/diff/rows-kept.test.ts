import { afterAll, describe, expect, it } from 'vitest';
import type { PostgresClient } from '../../src/dialects/postgres/connection.js';
import { postgresDialect } from '../../src/dialects/postgres/index.js';
import { introspectPostgres } from '../../src/dialects/postgres/introspect.js';
import { migration } from '../../src/plan/migration.js';
import {
  type TestDatabase,
  createServerDatabase,
  freshPglite,
  hasServer,
  openTestServer,
  resetDatabase,
} from '../helpers/databases.js';
import { loadPairs } from '../helpers/pairs.js';

/*
 * Plans that move a column aside or create a table again must keep its rows: for pairs
 * whose two sides hold the same rows, every table's rows are the same after the plan.
 */

const PAIRS = [
  '122_enum_column_to_other_enum_with_default',
  '124_extension_version_downgraded',
  '125_inherited_column_becomes_local',
  '129_enum_renamed_used_by_columns',
];
const pairs = loadPairs().filter((p) => PAIRS.includes(p.name));

async function rows(client: PostgresClient): Promise<Record<string, string[]>> {
  const { schema } = await introspectPostgres(client, {});
  const all: Record<string, string[]> = {};
  for (const t of schema.tables) {
    const name = `"${t.schema}"."${t.name}"`;
    const found = await client.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ONLY ${name} t`);
    all[name] = found.map((r) => r.row).sort();
  }
  return all;
}

async function roundTrip(source: PostgresClient, target: PostgresClient, first: string, second: string) {
  await source.exec(first);
  await target.exec(second);
  const before = await rows(source);
  const read = async (c: PostgresClient) => (await introspectPostgres(c, {})).schema;
  const { plan } = migration(postgresDialect, await read(source), await read(target));
  for (const statement of plan.statements) await source.exec(statement.sql);
  return { before, after: await rows(source) };
}

describe('rows kept by the plan on PGlite', () => {
  let a: PostgresClient | undefined;
  let b: PostgresClient | undefined;
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });
  for (const pair of pairs) {
    for (const [direction, first, second] of [
      ['A→B', pair.a, pair.b],
      ['B→A', pair.b, pair.a],
    ] as const) {
      it(`${pair.name} ${direction}`, { timeout: 120_000 }, async () => {
        [a, b] = await Promise.all([freshPglite(a), freshPglite(b)]);
        const { before, after } = await roundTrip(a, b, first, second);
        expect(after).toEqual(before);
      });
    }
  }
});

describe.runIf(hasServer())('rows kept by the plan on the PostgreSQL server', () => {
  const databases: TestDatabase[] = [];
  let a: PostgresClient | undefined;
  let b: PostgresClient | undefined;
  const fresh = async (client: PostgresClient | undefined) => {
    if (client) {
      await resetDatabase(client);
      return client;
    }
    const db = await createServerDatabase('sgrows');
    databases.push(db);
    return openTestServer(db.url);
  };
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(databases.map((db) => db.drop()));
  });
  for (const pair of pairs) {
    for (const [direction, first, second] of [
      ['A→B', pair.a, pair.b],
      ['B→A', pair.b, pair.a],
    ] as const) {
      it(`${pair.name} ${direction}`, async () => {
        [a, b] = await Promise.all([fresh(a), fresh(b)]);
        const { before, after } = await roundTrip(a, b, first, second);
        expect(after).toEqual(before);
      });
    }
  }
});
