import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/dialects/dialect.js';
import type { Change } from '../../../src/diff/change.js';
import type { Plan, PlanOptions } from '../../../src/plan/plan.js';
import { diff, reverseRenames } from '../../../src/diff/index.js';
import { migration } from '../../../src/plan/migration.js';
import { filterSchema } from '../../../src/schema/filter.js';
import { normalizeSchema } from '../../../src/schema/canonical.js';
import type { Schema } from '../../../src/schema/model.js';
import { type LoadedDirection, pairDatabases } from '../../helpers/pair-databases.js';
import { type Pair, loadPairs } from '../../helpers/pairs.js';
import { DIFF_PAIR_TARGETS, selectedTargets } from './targets.js';

/*
 * The judge of the diff engine. For every pair (A, B) of a dialect's corpus, in both
 * directions, on every target of that dialect (DIFF_PAIR_TARGETS: PostgreSQL's targets run
 * test/diff-pairs/, the MySQL/MariaDB server test/diff-pairs-mysql/): load A into one
 * database and B into another, apply the plan of diff(A, B) to the A database statement by
 * statement, then the two databases must have no difference, a second diff must plan
 * nothing, and the queries of the pair's `-- rows:` lines must return the rows they returned
 * before the plan. MySQL plans with `--online`: every `ALTER TABLE` that the rules of
 * src/dialects/mysql/online-ddl.ts say can run online says `ALGORITHM=…, LOCK=NONE`, and the
 * server must take it. B→A applies the plan of diff(B, A) to the B database, against A as read
 * before A→B ran (test/helpers/pair-databases.ts): each pair is loaded and read once for
 * both directions.
 */

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

/** The rows of a pair's `-- rows:` queries, each value as text (a wider type keeps the value, not its type). */
async function rows(client: Connection, pair: Pair): Promise<unknown[][]> {
  const text = (value: unknown) =>
    value === null
      ? null
      : value instanceof Date
        ? value.toISOString()
        : Buffer.isBuffer(value)
          ? value.toString('hex')
          : String(value);
  const out: unknown[][] = [];
  for (const query of pair.rows) {
    out.push((await client.query(query)).map((row) => Object.values(row as object).map(text)));
  }
  return out;
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

/**
 * Applies diff(from → to) to the database holding `from`, planned for its server (and with the
 * target's plan options); afterwards it must equal `to`.
 */
async function migrate(
  { client, from, to }: LoadedDirection<Schema>,
  pair: Pair,
  renames: readonly string[],
  options: PlanOptions,
) {
  const serverVersion = await client.serverVersion();
  const { changes, plan } = migration(client.dialect, from, to, { renames, serverVersion, ...options });
  if (pair.tags.has('no-diff')) {
    expect(describeChanges(changes)).toBe('');
    return;
  }
  expect(changes.length, 'the pair must differ').toBeGreaterThan(0);
  const kept = await rows(client, pair);
  await apply(client, plan);
  const after = await read(client);
  const remaining = diff(client.dialect, after, to);
  expect(describeChanges(remaining), `left after applying:\n${plan.statements.map((s) => s.sql).join('\n')}`).toBe('');
  const again = migration(client.dialect, after, to).plan;
  expect(again.statements).toEqual([]);
  expect(await rows(client, pair), 'rows kept').toEqual(kept);
}

for (const target of selectedTargets(DIFF_PAIR_TARGETS)) {
  const pairs = loadPairs(target.corpus);
  describe.runIf(target.available())(`diff round trip on ${target.name}`, () => {
    const [first, second] = [target.session(), target.session()];
    const loaded = pairDatabases([first.fresh, second.fresh], read);
    let serverVersion = 0;
    beforeAll(async () => {
      serverVersion = await target.serverVersion(await first.fresh());
    });
    afterAll(async () => {
      await Promise.all([first.close(), second.close()]);
    });
    for (const pair of pairs) {
      for (const direction of ['A→B', 'B→A'] as const) {
        it(`${pair.name} ${direction}`, async (context) => {
          if (!target.runs(pair.tags, serverVersion)) context.skip();
          const renames = direction === 'A→B' ? pair.renames : reverseRenames(pair.renames);
          await migrate(await loaded(pair, direction), pair, renames, target.planOptions ?? {});
        });
      }
    }
  });
}
