import { afterAll, describe, expect, it } from 'vitest';
import type { PostgresClient } from '../../src/dialects/postgres/connection.js';
import { postgresDialect } from '../../src/dialects/postgres/index.js';
import { introspectPostgres } from '../../src/dialects/postgres/introspect.js';
import { diff } from '../../src/diff/index.js';
import { migration } from '../../src/plan/migration.js';
import { loadPairs } from '../helpers/pairs.js';
import { createServerDatabase, freshPglite, hasServer, openTestServer } from '../helpers/databases.js';

/*
 * Constraints and indexes that differ only by name (an ORM's naming against PostgreSQL's
 * defaults) are renamed in place: the plan is RENAME statements only, it keeps the rows,
 * and afterwards nothing differs.
 */

const pair = loadPairs().find((p) => p.name === '140_constraints_and_indexes_renamed');
if (!pair) throw new Error('pair 140 missing');

async function renameOnly(source: PostgresClient, target: PostgresClient, first: string, second: string) {
  await source.exec(first);
  await target.exec(second);
  const [from, to] = await Promise.all([introspectPostgres(source), introspectPostgres(target)]);
  const { changes, plan } = migration(postgresDialect, from.schema, to.schema);
  expect(changes.every((c) => c.action === 'rename' && c.severity === 'warning' && c.hazards.length === 0)).toBe(true);
  expect(changes.map((c) => `${c.objectType} ${c.path}`).sort()).toEqual(
    first === pair?.a
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
    first === pair?.a
      ? 'ALTER TABLE public.post RENAME CONSTRAINT post_author_id_fkey TO post_author_id_author_id_fk;'
      : 'ALTER INDEX public.post_author_idx RENAME TO post_author_id_idx;',
  );
  for (const statement of sql) await source.exec(statement);
  expect(diff(postgresDialect, (await introspectPostgres(source)).schema, to.schema)).toEqual([]);
  expect(await source.query('SELECT count(*)::int AS n FROM public.post')).toEqual([{ n: 1 }]);
}

describe('constraints and indexes renamed (PGlite)', () => {
  let a: PostgresClient | undefined;
  let b: PostgresClient | undefined;
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });
  for (const direction of ['A→B', 'B→A'] as const) {
    it(`plans RENAME statements only, ${direction}`, async () => {
      [a, b] = await Promise.all([freshPglite(a), freshPglite(b)]);
      const [first, second] = direction === 'A→B' ? [pair.a, pair.b] : [pair.b, pair.a];
      await renameOnly(a, b, first, second);
    }, 60_000);
  }
});

describe.runIf(hasServer())('constraints and indexes renamed (server)', () => {
  it('plans RENAME statements only, both ways', async () => {
    for (const [first, second] of [
      [pair.a, pair.b],
      [pair.b, pair.a],
    ] as const) {
      const [x, y] = await Promise.all([createServerDatabase('sgren'), createServerDatabase('sgren')]);
      const [source, target] = await Promise.all([openTestServer(x.url), openTestServer(y.url)]);
      try {
        await renameOnly(source, target, first, second);
      } finally {
        await Promise.all([source.close(), target.close()]);
        await Promise.all([x.drop(), y.drop()]);
      }
    }
  }, 120_000);
});
