import { afterAll, describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/index.js';
import { migration } from '../../src/plan/migration.js';
import { loadPairs } from '../helpers/pairs.js';
import type { Schema } from '../../src/schema/model.js';
import { type DatabaseSession, hasServer, pgliteSession, postgres, serverSession } from '../helpers/databases.js';
import { type LoadedDirection, pairDatabases } from '../helpers/pair-databases.js';

/*
 * Constraints and indexes that differ only by name (an ORM's naming against PostgreSQL's
 * defaults) are renamed in place: the plan is RENAME statements only, it keeps the rows,
 * and afterwards nothing differs.
 */

const found = loadPairs().find((p) => p.name === '140_constraints_and_indexes_renamed');
if (!found) throw new Error('pair 140 missing');
const pair = found;

/** Plans `client`'s side (first) to the other (second) and applies it: renames only, rows kept. */
async function renameOnly({ client, from, to }: LoadedDirection<Schema>, forward: boolean) {
  const { changes, plan } = migration(postgres, from, to);
  expect(changes.every((c) => c.action === 'rename' && c.severity === 'warning' && c.hazards.length === 0)).toBe(true);
  expect(changes.map((c) => `${c.objectType} ${c.path}`).sort()).toEqual(
    forward
      ? [
          'constraint public.author.age_not_negative',
          'constraint public.author.author_email_unique',
          'constraint public.author.author_id_pk',
          'constraint public.post.post_author_id_author_id_fk',
          'index public.post.post_author_idx',
        ]
      : [
          'constraint public.author.author_age_check',
          'constraint public.author.author_email_key',
          'constraint public.author.author_pkey',
          'constraint public.post.post_author_id_fkey',
          'index public.post.post_author_id_idx',
        ],
  );
  const sql = plan.statements.map((s) => s.sql);
  expect(
    sql.every((s) => /^ALTER (TABLE \S+ RENAME CONSTRAINT|INDEX \S+ RENAME TO) /.test(s)),
    sql.join('\n'),
  ).toBe(true);
  expect(sql).toContain(
    forward
      ? 'ALTER TABLE public.post RENAME CONSTRAINT post_author_id_fkey TO post_author_id_author_id_fk;'
      : 'ALTER INDEX public.post_author_idx RENAME TO post_author_id_idx;',
  );
  for (const statement of sql) await client.exec(statement);
  expect(diff(postgres, (await client.introspect()).schema, to)).toEqual([]);
  expect(await client.query('SELECT count(*)::int AS n FROM public.post')).toEqual([{ n: 1 }]);
}

function engineTests(session: () => DatabaseSession) {
  const [first, second] = [session(), session()];
  const loaded = pairDatabases([first.fresh, second.fresh], async (c) => (await c.introspect()).schema);
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });
  for (const direction of ['A→B', 'B→A'] as const) {
    it(`plans RENAME statements only, ${direction}`, async () => {
      await renameOnly(await loaded(pair, direction), direction === 'A→B');
    }, 60_000);
  }
}

describe('constraints and indexes renamed (PGlite)', () => engineTests(pgliteSession));

describe.runIf(hasServer())('constraints and indexes renamed (server)', () =>
  engineTests(() => serverSession('sgren')),
);
