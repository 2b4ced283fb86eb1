import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/dialects/dialect.js';
import { canonicalize, hashSchema, normalizeSchema } from '../../../src/schema/canonical.js';
import type { Schema } from '../../../src/schema/model.js';
import { loadScenarios } from '../../helpers/scenarios.js';
import { type DialectTestTarget, PGLITE_TARGET, selectedTargets, serverVersionNumber } from './targets.js';

/*
 * The scenario corpus, each file: load it into an empty database and dump it; write
 * that schema as SQL, load the SQL into another empty database and dump again: the
 * two schemas must be equal. On every available target of the conformance suite
 * (targets.ts), each with its dialect's corpus (PostgreSQL's test/scenarios/, MySQL's
 * test/scenarios-mysql/, SQLite's test/scenarios-sqlite/); and PostgreSQL's targets must agree wherever a scenario uses only
 * features all have.
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
    // A script with the mysql client's DELIMITER lines (MySQL's routines and triggers) runs
    // statement by statement, as the dialect's lexer splits it; any other as one script.
    if (/^\s*DELIMITER\s/im.test(sql)) {
      for (const statement of client.dialect.lexer.split(sql)) await client.exec(statement.sql);
    } else {
      await client.exec(sql);
    }
  } catch (error) {
    throw new Error(`${what} failed to load: ${(error as Error).message}`);
  }
}

/**
 * What introspection records as already canonical (so that snapshots take it without a copy: a
 * dialect's tables and views, PostgreSQL's column lists) is what a canonical copy would be, text
 * for text. A structured clone is not recorded: canonicalize copies it.
 */
function expectCanonicalWhereRecorded(schema: Schema): void {
  const recorded = [
    ...schema.tables.flatMap((t) => [t, t.columns]),
    ...schema.views.flatMap((v) => [v, v.columns]),
  ].filter((value) => canonicalize(value) === value);
  for (const value of recorded)
    expect(JSON.stringify(value)).toBe(JSON.stringify(canonicalize(structuredClone(value))));
}

/** Loads a scenario into `source`, recreates it in `target` from schemaguard's SQL, and checks they match. */
async function roundTrip(source: Connection, target: Connection, sql: string): Promise<Schema> {
  await loadSql(source, sql, 'the scenario');
  const introspected = (await source.introspect(OPTIONS)).schema;
  expectCanonicalWhereRecorded(introspected);
  const original = normalizeSchema(introspected);
  expect(objectCount(original)).toBeGreaterThan(0);
  const ddl = target.dialect.toSql(original);
  await loadSql(target, ddl, `schemaguard's SQL\n${ddl}\n`);
  const recreated = normalizeSchema((await target.introspect(OPTIONS)).schema);
  expect(canonicalize(recreated)).toEqual(canonicalize(original));
  expect(hashSchema(recreated)).toBe(hashSchema(original));
  return original;
}

/** Each target's snapshots of the scenarios, by target and scenario name, for the agreement below. */
const snapshots = new Map<DialectTestTarget, Map<string, Schema>>();

for (const target of selectedTargets()) {
  describe.runIf(target.available())(`scenario round trip on ${target.name}`, () => {
    const taken = new Map<string, Schema>();
    snapshots.set(target, taken);
    const [source, recreated] = [target.session(), target.session()];
    let serverVersion = 0;
    beforeAll(async () => {
      serverVersion = await serverVersionNumber(await source.fresh());
    });
    afterAll(async () => {
      await Promise.all([source.close(), recreated.close()]);
    });
    for (const scenario of target.scenarios ? loadScenarios(target.scenarios) : scenarios) {
      it(scenario.name, async (context) => {
        if (!target.runs(scenario.tags, serverVersion)) context.skip();
        const from = await source.fresh();
        let to = await recreated.fresh();
        if (scenario.tags.has('roles')) {
          // Roles belong to the cluster, not the database: the target cluster needs them too.
          await to.exec(scenario.sql);
          to = await recreated.fresh();
        }
        taken.set(scenario.name, await roundTrip(from, to, scenario.sql));
      });
    }
  });
}

/*
 * Every other target gives the embedded one's snapshot wherever a scenario uses only features
 * all have. A run of other targets alone (a vitest project of its own) takes the embedded
 * snapshots here, without their round trip.
 */
// Only PostgreSQL's targets: the scenarios are PostgreSQL's SQL, which the MySQL target does not run.
const others = selectedTargets().filter(
  (target) => target !== PGLITE_TARGET && target.dialect === PGLITE_TARGET.dialect && target.available(),
);
// Declared only where a PostgreSQL target runs (the MySQL and SQLite projects have none to compare).
const postgresSelected = selectedTargets().some((target) => target.dialect === PGLITE_TARGET.dialect);
if (postgresSelected) {
  describe.runIf(others.length > 0)(
    `${others.map((t) => t.name).join(', ')} and ${PGLITE_TARGET.name} give equal snapshots`,
    () => {
      const portable = scenarios.filter(
        (s) => !['server-only', 'pglite-only', 'pg16', 'extensions'].some((tag) => s.tags.has(tag)),
      );
      const embedded = PGLITE_TARGET.session();
      afterAll(() => embedded.close());
      it('has portable scenarios to compare', () => {
        expect(portable.length).toBeGreaterThan(8);
      });
      for (const scenario of portable) {
        it(scenario.name, async () => {
          let expected = snapshots.get(PGLITE_TARGET)?.get(scenario.name);
          if (!expected) {
            const db = await embedded.fresh();
            await loadSql(db, scenario.sql, 'the scenario');
            expected = normalizeSchema((await db.introspect(OPTIONS)).schema);
          }
          for (const other of others) {
            const actual = snapshots.get(other)?.get(scenario.name);
            expect(actual, `the round trip on ${other.name} must have run`).toBeDefined();
            expect(canonicalize(actual)).toEqual(canonicalize(expected));
          }
        });
      }
    },
  );
}
