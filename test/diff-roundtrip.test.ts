import { afterAll, describe, expect, it } from 'vitest';
import type { Change } from '../src/diff/change.js';
import type { Plan } from '../src/plan/plan.js';
import { diff, reverseRenames } from '../src/diff/index.js';
import { migration } from '../src/plan/migration.js';
import { filterSchema } from '../src/schema/filter.js';
import { normalizeSchema } from '../src/schema/canonical.js';
import type { Schema } from '../src/schema/model.js';
import {
  createServerDatabase,
  freshPglite,
  hasServer,
  openTestServer,
  postgres,
  resetDatabase,
  type TestDatabase,
} from './helpers/databases.js';
import { type Pair, loadPairs } from './helpers/pairs.js';
import type { Connection } from '../src/dialects/dialect.js';

/*
 * The judge of the diff engine. For every pair (A, B) of the corpus, in both
 * directions: load A into one database and B into another, apply the plan of
 * diff(A, B) to the A database statement by statement, then the two databases must
 * have no difference, and a second diff must plan nothing.
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
  const { changes, plan } = migration(postgres, from, to, { renames });
  if (pair.tags.has('no-diff')) {
    expect(describeChanges(changes)).toBe('');
    return;
  }
  expect(changes.length, 'the pair must differ').toBeGreaterThan(0);
  await apply(source, plan);
  const after = await read(source);
  const remaining = diff(postgres, after, to);
  expect(describeChanges(remaining), `left after applying:\n${plan.statements.map((s) => s.sql).join('\n')}`).toBe('');
  const again = migration(postgres, after, to).plan;
  expect(again.statements).toEqual([]);
}

async function load(client: Connection, sql: string, what: string): Promise<void> {
  try {
    await client.exec(sql);
  } catch (error) {
    throw new Error(`${what} failed to load: ${(error as Error).message}`);
  }
}

describe('diff round trip on PGlite (PostgreSQL 18)', () => {
  let a: Connection | undefined;
  let b: Connection | undefined;
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });
  for (const pair of pairs.filter((p) => !p.tags.has('server-only'))) {
    for (const direction of ['A→B', 'B→A'] as const) {
      it(`${pair.name} ${direction}`, async () => {
        [a, b] = await Promise.all([freshPglite(a), freshPglite(b)]);
        if (pair.tags.has('roles')) {
          await load(b, pair.a, 'a.sql (for its roles)');
          b = await freshPglite(b);
        }
        const [first, second] = direction === 'A→B' ? [pair.a, pair.b] : [pair.b, pair.a];
        await load(a, first, 'the source');
        await load(b, second, 'the target');
        await migrate(a, b, pair, direction === 'A→B' ? pair.renames : reverseRenames(pair.renames));
      });
    }
  }
});

describe.runIf(hasServer())('diff round trip on the PostgreSQL server', () => {
  let serverVersion = 0;
  const databases: TestDatabase[] = [];
  let a: Connection | undefined;
  let b: Connection | undefined;
  /** A database of the file's own, emptied for the next test (or replaced when emptying fails). */
  async function fresh(client: Connection | undefined): Promise<Connection> {
    if (client) {
      try {
        await resetDatabase(client);
        return client;
      } catch {
        await client.close().catch(() => {});
      }
    }
    const db = await createServerDatabase('sgdiff');
    databases.push(db);
    return openTestServer(db.url);
  }
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(databases.map((db) => db.drop()));
  });
  for (const pair of pairs.filter((p) => !p.tags.has('pglite-only'))) {
    for (const direction of ['A→B', 'B→A'] as const) {
      it(`${pair.name} ${direction}`, async (context) => {
        [a, b] = await Promise.all([fresh(a), fresh(b)]);
        if (!serverVersion) {
          const [row] = await a.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
          serverVersion = Number(row?.v);
        }
        if (pair.tags.has('pg16') && serverVersion < 160000) context.skip();
        const [first, second] = direction === 'A→B' ? [pair.a, pair.b] : [pair.b, pair.a];
        await load(a, first, 'the source');
        await load(b, second, 'the target');
        await migrate(a, b, pair, direction === 'A→B' ? pair.renames : reverseRenames(pair.renames));
      });
    }
  }
});
