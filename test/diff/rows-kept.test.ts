import { afterAll, describe, expect, it } from 'vitest';
import { migration } from '../../src/plan/migration.js';
import type { Schema } from '../../src/schema/model.js';
import { type DatabaseSession, hasServer, pgliteSession, postgres, serverSession } from '../helpers/databases.js';
import { pairDatabases } from '../helpers/pair-databases.js';
import { loadPairs } from '../helpers/pairs.js';
import type { Connection } from '../../src/dialects/dialect.js';

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

async function read(client: Connection): Promise<Schema> {
  return (await client.introspect({})).schema;
}

/** Every row of every table of `schema`, as JSON, by table. */
async function rows(client: Connection, schema: Schema): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const t of schema.tables) {
    const name = `"${t.schema}"."${t.name}"`;
    const found = await client.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ONLY ${name} t`);
    all[name] = found.map((r) => r.row).sort();
  }
  return all;
}

function engineTests(session: () => DatabaseSession) {
  const [first, second] = [session(), session()];
  const loaded = pairDatabases([first.fresh, second.fresh], read);
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });
  for (const pair of pairs) {
    for (const direction of ['A→B', 'B→A'] as const) {
      it(`${pair.name} ${direction}`, { timeout: 120_000 }, async () => {
        const { client, from, to } = await loaded(pair, direction);
        const before = await rows(client, from);
        const { plan } = migration(postgres, from, to);
        for (const statement of plan.statements) await client.exec(statement.sql);
        expect(await rows(client, await read(client))).toEqual(before);
      });
    }
  }
}

describe('rows kept by the plan on PGlite', () => engineTests(pgliteSession));

describe.runIf(hasServer())('rows kept by the plan on the PostgreSQL server', () =>
  engineTests(() => serverSession('sgrows')),
);
