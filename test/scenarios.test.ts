import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize, hashSchema, normalizeSchema } from '../src/schema/canonical.js';
import type { Schema } from '../src/schema/model.js';
import { createServerDatabase, freshPglite, hasServer, openTestServer, postgres } from './helpers/databases.js';
import { loadScenarios } from './helpers/scenarios.js';
import type { Connection } from '../src/dialects/dialect.js';

/*
 * The scenario corpus, each file: load it into an empty database and dump it; write
 * that schema as SQL, load the SQL into another empty database and dump again: the
 * two schemas must be equal. On PGlite (PostgreSQL 18) always, on the server when
 * configured; and the two engines must agree wherever a scenario uses only features
 * both have.
 */

const scenarios = loadScenarios();
const OPTIONS = { includePrivileges: true, includeOwners: true };

function objectCount(schema: Schema): number {
  return (
    schema.tables.length +
    schema.views.length +
    schema.functions.length +
    schema.enums.length +
    schema.domains.length +
    schema.compositeTypes.length +
    schema.sequences.length +
    schema.eventTriggers.length +
    schema.extensions.length +
    schema.collations.length
  );
}

async function loadSql(client: Connection, sql: string, what: string): Promise<void> {
  try {
    await client.exec(sql);
  } catch (error) {
    throw new Error(`${what} failed to load: ${(error as Error).message}`);
  }
}

/** Loads a scenario into `source`, recreates it in `target` from schemaguard's SQL, and checks they match. */
async function roundTrip(source: Connection, target: Connection, sql: string): Promise<Schema> {
  await loadSql(source, sql, 'the scenario');
  const original = normalizeSchema((await source.introspect(OPTIONS)).schema);
  expect(objectCount(original)).toBeGreaterThan(0);
  const ddl = postgres.toSql(original);
  await loadSql(target, ddl, `schemaguard's SQL\n${ddl}\n`);
  const recreated = normalizeSchema((await target.introspect(OPTIONS)).schema);
  expect(canonicalize(recreated)).toEqual(canonicalize(original));
  expect(hashSchema(recreated)).toBe(hashSchema(original));
  return original;
}

const pgliteSnapshots = new Map<string, Schema>();
const serverSnapshots = new Map<string, Schema>();

describe('scenario round trip on PGlite (PostgreSQL 18)', () => {
  let source: Connection | undefined;
  let target: Connection | undefined;
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });
  for (const scenario of scenarios.filter((s) => !s.tags.has('server-only'))) {
    it(scenario.name, async () => {
      [source, target] = await Promise.all([freshPglite(source), freshPglite(target)]);
      if (scenario.tags.has('roles')) {
        // Roles belong to the cluster, not the database: the target cluster needs them too.
        await target.exec(scenario.sql);
        target = await freshPglite(target);
      }
      pgliteSnapshots.set(scenario.name, await roundTrip(source, target, scenario.sql));
    });
  }
});

describe.runIf(hasServer())('scenario round trip on the PostgreSQL server', () => {
  let serverVersion = 0;
  beforeAll(async () => {
    const db = await createServerDatabase();
    const client = await openTestServer(db.url);
    const [row] = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    serverVersion = Number(row?.v);
    await client.close();
    await db.drop();
  });
  for (const scenario of scenarios.filter((s) => !s.tags.has('pglite-only'))) {
    it(scenario.name, async (context) => {
      if (scenario.tags.has('pg16') && serverVersion < 160000) context.skip();
      const [a, b] = await Promise.all([createServerDatabase(), createServerDatabase()]);
      const [source, target] = await Promise.all([openTestServer(a.url), openTestServer(b.url)]);
      try {
        serverSnapshots.set(scenario.name, await roundTrip(source, target, scenario.sql));
      } finally {
        await Promise.all([source.close(), target.close()]);
        await Promise.all([a.drop(), b.drop()]);
      }
    });
  }
});

describe.runIf(hasServer())('PGlite (PostgreSQL 18) and the server give equal snapshots', () => {
  const portable = scenarios.filter(
    (s) => !['server-only', 'pglite-only', 'pg16', 'extensions'].some((tag) => s.tags.has(tag)),
  );
  it('has portable scenarios to compare', () => {
    expect(portable.length).toBeGreaterThan(8);
  });
  for (const scenario of portable) {
    it(scenario.name, () => {
      const onPglite = pgliteSnapshots.get(scenario.name);
      const onServer = serverSnapshots.get(scenario.name);
      expect(onPglite, 'the PGlite round trip must have run').toBeDefined();
      expect(onServer, 'the server round trip must have run').toBeDefined();
      expect(canonicalize(onPglite)).toEqual(canonicalize(onServer));
    });
  }
});
