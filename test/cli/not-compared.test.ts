import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listsOf } from '../../src/schema/kind-lists.js';
import { runCli } from '../helpers/cli.js';
import { openEmbeddedFolder } from '../helpers/databases.js';

/*
 * "No differences" is never a false promise: aggregates, operators and casts are
 * compared; what schemaguard does not model is counted and named; a snapshot written
 * before a kind was modelled leaves that kind uncompared instead of reporting it added.
 */

const workdir = mkdtempSync(join(tmpdir(), 'sg-not-compared-'));

const BASE = `
CREATE TABLE public.reading (id integer PRIMARY KEY, value integer NOT NULL);
CREATE TABLE public.reading_log (id integer, value integer);
CREATE FUNCTION public.add_step(state bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE
  AS $$ SELECT state + v $$;
CREATE AGGREGATE public.total(integer) (SFUNC = public.add_step, STYPE = bigint, INITCOND = '0');
CREATE VIEW public.reading_total AS SELECT public.total(value) AS total FROM public.reading;
`;

/** The same tables and view; the aggregate starts elsewhere; an operator and a cast more. */
const CHANGED = `
CREATE TABLE public.reading (id integer PRIMARY KEY, value integer NOT NULL);
CREATE TABLE public.reading_log (id integer, value integer);
CREATE FUNCTION public.add_step(state bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE
  AS $$ SELECT state + v $$;
CREATE AGGREGATE public.total(integer) (SFUNC = public.add_step, STYPE = bigint, INITCOND = '100');
CREATE VIEW public.reading_total AS SELECT public.total(value) AS total FROM public.reading;
CREATE FUNCTION public.near(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) < 2 $$;
CREATE OPERATOR public.=~ (LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.near);
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE CAST (public.mood AS text) WITH INOUT AS ASSIGNMENT;
`;

/** BASE and what schemaguard does not model: a range type and a default privilege. */
const UNMODELLED = `${BASE}
CREATE TYPE public.floatrange AS RANGE (subtype = float8);
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;
`;

async function database(name: string, sql: string): Promise<string> {
  const dir = join(workdir, name);
  const db = await openEmbeddedFolder(dir);
  await db.exec(sql);
  await db.close();
  return `pglite:${dir}`;
}

let base: string;
let changed: string;
let unmodelled: string;

beforeAll(async () => {
  [base, changed, unmodelled] = [
    await database('base', BASE),
    await database('changed', CHANGED),
    await database('unmodelled', UNMODELLED),
  ];
}, 300_000);

// Each CLI run opens an embedded database: seconds on a busy machine.
const SLOW = 120_000;

describe('aggregates, operators and casts are compared', () => {
  it(
    'reports an aggregate changed, an operator and a cast added',
    async () => {
      const result = await runCli(['compare', base, changed]);
      expect(result.stdout).toMatch(/~ aggregate public\.total\(integer\).*initialCondition: 0 → 100/);
      expect(result.stdout).toMatch(/\+ operator public\.=~\(integer,integer\)/);
      expect(result.stdout).toMatch(/\+ cast public\.mood AS text/);
      expect(result.stdout).not.toMatch(/not compared/);
      expect(result.code).toBe(1);
    },
    SLOW,
  );
});

describe('what is not modelled is named, never silently left out', () => {
  it(
    'dump warns on stderr and writes a header comment in SQL output',
    async () => {
      const result = await runCli(['dump', unmodelled, '--format', 'sql']);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('warning: not included: 1 range type, 1 default privilege');
      expect(result.stdout.split('\n').slice(0, 2).join('\n')).toMatch(
        /\n-- not included: 1 range type, 1 default privilege$/,
      );
    },
    SLOW,
  );

  it(
    'dump records the counts in the snapshot, outside the hashed schema',
    async () => {
      const withThem = await runCli(['dump', unmodelled]);
      const snapshot = JSON.parse(withThem.stdout) as { meta: { notIncluded?: Record<string, number> } };
      expect(snapshot.meta.notIncluded).toEqual({ 'range type': 1, 'default privilege': 1 });
      const without = JSON.parse((await runCli(['dump', base])).stdout) as { meta: Record<string, unknown> };
      expect(without.meta).not.toHaveProperty('notIncluded');
    },
    SLOW,
  );

  it(
    'compare says what it did not compare next to "No differences"',
    async () => {
      const result = await runCli(['compare', base, unmodelled]);
      expect(result.stdout).toContain('No differences.');
      expect(result.stdout).toContain(
        `not compared: range types (0 in ${base}, 1 in ${unmodelled}); default privileges (0 in ${base}, 1 in ${unmodelled})`,
      );
      expect(result.code).toBe(0);
      const json = JSON.parse((await runCli(['compare', base, unmodelled, '--format', 'json'])).stdout) as {
        notCompared: string[];
      };
      expect(json.notCompared).toHaveLength(2);
      const sql = await runCli(['diff', base, unmodelled]);
      expect(sql.stdout).toContain('\n-- not compared: range types (0 in ');
      expect(sql.stdout).toContain('-- No differences: nothing to do.');
      expect(sql.stderr).toContain('warning: not compared: range types (0 in ');
    },
    SLOW,
  );

  it(
    'a snapshot from before a kind was modelled leaves that kind uncompared instead of reporting it added',
    async () => {
      const path = join(workdir, 'older.json');
      const dumped = await runCli(['dump', base, '--output', path]);
      expect(dumped.code).toBe(0);
      const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { schema: Record<string, unknown> };
      for (const list of listsOf('catalog')) delete snapshot.schema[list];
      writeFileSync(path, JSON.stringify(snapshot, null, 2));
      const result = await runCli(['compare', path, changed]);
      expect(result.stdout).not.toMatch(/[+~-] (aggregate|operator|cast) /);
      expect(result.stdout).toMatch(
        /not compared: access methods, operators, .*aggregates, casts.* \(.*older\.json was written by an older schemaguard/,
      );
    },
    SLOW,
  );
});
