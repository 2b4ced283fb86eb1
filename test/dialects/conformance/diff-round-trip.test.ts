import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/dialects/dialect.js';
import type { Change } from '../../../src/diff/change.js';
import type { Plan } from '../../../src/plan/plan.js';
import { diff, reverseRenames } from '../../../src/diff/index.js';
import { migration } from '../../../src/plan/migration.js';
import { filterSchema } from '../../../src/schema/filter.js';
import { normalizeSchema } from '../../../src/schema/canonical.js';
import type { Schema } from '../../../src/schema/model.js';
import { type Pair, loadPairs } from '../../helpers/pairs.js';
import { selectedTargets, serverVersionNumber } from './targets.js';

/*
 * The judge of the diff engine. For every pair (A, B) of the corpus, in both
 * directions, on every target of the conformance suite: load A into one database and B
 * into another, apply the plan of diff(A, B) to the A database statement by statement,
 * then the two databases must have no difference, and a second diff must plan nothing.
 */

const pairs = loadPairs();
const OPTIONS = { includePrivileges: true, includeOwners: true };

async function read(client: Connection): Promise<Schema> {
  return normalizeSchema(filterSchema((await client.introspect(OPTIONS)).schema, {}));
}

function describeChanges(changes: readonly Change[]): string {
  return changes
    .map(
      (c) =>
        `${c.action} ${c.objectType} ${c.path}${c.attributes ? ` [${c.attributes.map((a) => a.attribute).join(', ')}]` : ''}`,
    )
    .join('\n');
}

async function apply(client: Connection, plan: Plan): Promise<void> {
  for (const statement of plan.statements) {
    try {
      await client.exec(statement.sql);
    } catch (error) {
      const script = plan.statements.map((s) => s.sql).join('\n');
      throw new Error(`statement failed: ${statement.sql}\n${(error as Error).message}\n\nwhole plan:\n${script}`);
    }
  }
}

/** Applies diff(source → target) to `source`; afterwards both must be equal. */
async function migrate(source: Connection, target: Connection, pair: Pair, renames: readonly string[]): Promise<void> {
  const from = await read(source);
  const to = await read(target);
  const { changes, plan } = migration(source.dialect, from, to, { renames });
  if (pair.tags.has('no-diff')) {
    expect(describeChanges(changes)).toBe('');
    return;
  }
  expect(changes.length, 'the pair must differ').toBeGreaterThan(0);
  await apply(source, plan);
  const after = await read(source);
  const remaining = diff(source.dialect, after, to);
  expect(describeChanges(remaining), `left after applying:\n${plan.statements.map((s) => s.sql).join('\n')}`).toBe('');
  const again = migration(source.dialect, after, to).plan;
  expect(again.statements).toEqual([]);
}

async function load(client: Connection, sql: string, what: string): Promise<void> {
  try {
    await client.exec(sql);
  } catch (error) {
    throw new Error(`${what} failed to load: ${(error as Error).message}`);
  }
}

for (const target of selectedTargets()) {
  describe.runIf(target.available())(`diff round trip on ${target.name}`, () => {
    const [source, destination] = [target.session(), target.session()];
    let serverVersion = 0;
    beforeAll(async () => {
      serverVersion = await serverVersionNumber(await source.fresh());
    });
    afterAll(async () => {
      await Promise.all([source.close(), destination.close()]);
    });
    for (const pair of pairs) {
      for (const direction of ['A→B', 'B→A'] as const) {
        it(`${pair.name} ${direction}`, async (context) => {
          if (!target.runs(pair.tags, serverVersion)) context.skip();
          const a = await source.fresh();
          let b = await destination.fresh();
          if (pair.tags.has('roles')) {
            // Roles belong to the cluster, not the database: the target cluster needs them too.
            await load(b, pair.a, 'a.sql (for its roles)');
            b = await destination.fresh();
          }
          const [first, second] = direction === 'A→B' ? [pair.a, pair.b] : [pair.b, pair.a];
          await load(a, first, 'the source');
          await load(b, second, 'the target');
          await migrate(a, b, pair, direction === 'A→B' ? pair.renames : reverseRenames(pair.renames));
        });
      }
    }
  });
}
