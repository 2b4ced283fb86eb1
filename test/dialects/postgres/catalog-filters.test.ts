/**
 * The catalog queries of a schema of few objects read the catalogs past their built-in rows
 * (`madeAfterInitdb`); they must give exactly the rows the plain queries give. Those of a scoped
 * read (`IntrospectOptions.schemas`) start from the scope's OIDs; they must read exactly the
 * objects of its schemas.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_VERSION, catalogQueries } from '../../../src/dialects/postgres/catalog-queries.js';
import { FEW_OBJECTS } from '../../../src/dialects/postgres/catalog-sql.js';
import { kindQueries } from '../../../src/dialects/postgres/kinds/index.js';
import { canonicalSchema } from '../../../src/schema/canonical.js';
import { filterSchema } from '../../../src/schema/filter.js';
import { openTestPglite } from '../../helpers/databases.js';

/** One or more objects of every kind the queries read, and built-in ones changed (schema public). */
const SCHEMA = `
COMMENT ON SCHEMA public IS 'the usual one';
GRANT CREATE ON SCHEMA public TO PUBLIC;
CREATE ROLE reader;
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('ok', 'sad');
CREATE TYPE app.pair AS (a int, b text);
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0) NOT NULL;
CREATE TYPE app.span AS RANGE (subtype = integer);
CREATE COLLATION app.c_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE SEQUENCE app.counter START 5 INCREMENT 2;
CREATE TABLE app.parent (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, mood app.mood DEFAULT 'ok',
  n app.positive, label text COLLATE app.c_ci, gone int, total int GENERATED ALWAYS AS (n * 2) STORED,
  UNIQUE (label), CHECK (n < 1000));
ALTER TABLE app.parent DROP COLUMN gone;
ALTER TABLE app.parent ALTER COLUMN label SET STORAGE EXTERNAL, ALTER COLUMN label SET STATISTICS 50;
CREATE TABLE app.child (extra text) INHERITS (app.parent);
CREATE TABLE app.events (id serial, at date NOT NULL, parent_id bigint REFERENCES app.parent (id) ON DELETE CASCADE,
  PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX events_parent ON app.events (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX parent_lower ON app.parent (lower(label) COLLATE "C" text_pattern_ops);
ALTER TABLE app.parent REPLICA IDENTITY FULL;
COMMENT ON COLUMN app.parent.label IS 'a label';
CREATE VIEW app.recent AS SELECT id, mood FROM app.parent WHERE n > 1;
CREATE MATERIALIZED VIEW app.counts AS SELECT mood, count(*) FROM app.parent GROUP BY mood;
CREATE RULE no_delete AS ON DELETE TO app.recent DO INSTEAD NOTHING;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER parent_touch BEFORE UPDATE ON app.parent FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE FUNCTION app.twice(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN x * 2;
CREATE PROCEDURE app.noop() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE AGGREGATE app.total(int) (sfunc = int4pl, stype = int, initcond = '0');
CREATE FUNCTION app.close_to(int, int) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN abs($1 - $2) < 2;
CREATE OPERATOR app.~~~ (leftarg = int, rightarg = int, function = app.close_to);
CREATE OPERATOR FAMILY app.fam USING btree;
CREATE OPERATOR CLASS app.int_ops FOR TYPE int USING btree FAMILY app.fam AS OPERATOR 1 <, FUNCTION 1 btint4cmp(int, int);
CREATE TEXT SEARCH CONFIGURATION app.simple_en (COPY = pg_catalog.english);
CREATE STATISTICS app.parent_stats ON n, mood FROM app.parent;
ALTER TABLE app.parent ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON app.parent USING (n > 0);
GRANT USAGE ON SCHEMA app TO reader;
GRANT SELECT ON app.parent TO reader;
GRANT UPDATE (label) ON app.parent TO reader;
REVOKE EXECUTE ON FUNCTION app.twice(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.twice(int) TO reader;
`;

const sorted = (rows: readonly unknown[]) => rows.map((row) => JSON.stringify(row)).sort();

describe('the catalog queries of a schema of few objects', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite();
    await db.exec(SCHEMA);
  });
  afterAll(() => db.close());

  it('read the same rows as the plain queries, every query', async () => {
    await db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path = ''");
    const [version] = (await db.query<{ num: string; objects: number }>(SERVER_VERSION)).rows;
    expect(Number(version?.objects)).toBeLessThanOrEqual(FEW_OBJECTS);
    const num = Number(version?.num);
    const plain: Record<string, string> = { ...catalogQueries(num, false), ...kindQueries(num, false) };
    const few: Record<string, string> = { ...catalogQueries(num, true), ...kindQueries(num, true) };
    const filtered = Object.keys(plain).filter((name) => plain[name] !== few[name]);
    expect(filtered).toEqual(expect.arrayContaining(['columns', 'dependencies', 'functions', 'grants', 'indexes']));
    let rows = 0;
    for (const name of Object.keys(plain)) {
      const expected = (await db.query(plain[name] as string)).rows;
      expect(sorted((await db.query(few[name] as string)).rows), name).toEqual(sorted(expected));
      rows += expected.length;
    }
    await db.exec('COMMIT');
    expect(rows).toBeGreaterThan(100);
  });

  it('are not for a database of more objects: the count read first stops one past the limit', async () => {
    const many = new PGlite();
    await many.exec(
      Array.from({ length: FEW_OBJECTS + 5 }, (_, i) => `CREATE SEQUENCE s${i};`).join('\n') +
        'CREATE FUNCTION f() RETURNS int LANGUAGE sql RETURN 1;',
    );
    const [version] = (await many.query<{ objects: number }>(SERVER_VERSION)).rows;
    expect(Number(version?.objects)).toBe(FEW_OBJECTS + 2);
    await many.close();
  });
});

describe('the catalog queries of a scoped read', () => {
  it('read the objects of the scoped schemas, as the whole read has them', async () => {
    const db = await openTestPglite();
    try {
      await db.exec(SCHEMA);
      // The same objects again in another schema, and ones of the whole database, to be left out.
      await db.exec(`CREATE SCHEMA other;
        CREATE TYPE other.mood AS ENUM ('ok');
        CREATE TABLE other.parent (id int PRIMARY KEY, mood other.mood, n app.positive);
        CREATE INDEX other_parent_mood ON other.parent (mood);
        CREATE VIEW other.recent AS SELECT id FROM other.parent;
        CREATE FUNCTION other.twice(x int) RETURNS int LANGUAGE sql RETURN x * 2;
        CREATE STATISTICS other.parent_stats ON id, mood FROM other.parent;
        CREATE PUBLICATION everything FOR ALL TABLES;
        CREATE CAST (app.pair AS text) WITH INOUT;`);
      const options = { includePrivileges: true, includeOwners: true };
      const scoped = await db.introspect({ ...options, schemas: ['app'] });
      const whole = await db.introspect(options);
      expect(whole.schema.tables.some((t) => t.schema === 'other')).toBe(true);
      expect(whole.schema.casts).toHaveLength(1);
      expect(canonicalSchema(scoped.schema)).toEqual(canonicalSchema(filterSchema(whole.schema, { schemas: ['app'] })));
      expect(scoped.schema.tables.length).toBeGreaterThan(3);
      expect(scoped.schema.publications).toEqual([]);
      expect(scoped.schema.casts).toEqual([]);
      // A name is a string literal in the queries, quotes and backslashes and all.
      const odd = `it's "odd" \\ one`;
      await db.exec(`CREATE SCHEMA "it's ""odd"" \\ one"; CREATE TABLE "it's ""odd"" \\ one".t (id int)`);
      const read = await db.introspect({ schemas: [odd] });
      expect(read.schema.tables.map((t) => [t.schema, t.name])).toEqual([[odd, 't']]);
    } finally {
      await db.close();
    }
  });
});
