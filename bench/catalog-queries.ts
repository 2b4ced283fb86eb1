/**
 * What PostgreSQL introspection costs on a tiny schema: each catalog query's planning and
 * execution time (EXPLAIN ANALYZE, median of several runs) and whole introspections, cold
 * (every query planned) and warm (PGlite's prepared plans), on PGlite and on a server.
 *
 *   npx tsx bench/catalog-queries.ts                       # PGlite and the server
 *   npx tsx bench/catalog-queries.ts --target pglite --runs 7
 *   npx tsx bench/catalog-queries.ts --per-query           # also the table of queries
 */
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PostgresClient } from '../src/dialects/postgres/connection.js';
import { type SchemaShape, generateSchemaSql } from './generate-schema.js';
import { REPO_ROOT, median, serverUrlFromEnv } from './lib.js';

/** Three tables, an enum, a view, a function and a trigger: a project's first migration. */
const TINY_SCHEMA = `
CREATE TYPE status AS ENUM ('active', 'archived');
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE,
  status status NOT NULL DEFAULT 'active', created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE posts (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title varchar(200) NOT NULL CHECK (title <> ''), body text, updated_at timestamptz);
CREATE INDEX posts_user_id_idx ON posts (user_id);
CREATE TABLE tags (post_id bigint REFERENCES posts (id), tag text, PRIMARY KEY (post_id, tag));
CREATE VIEW recent_posts AS SELECT p.id, p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER posts_touch BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON TABLE users IS 'people';
`;

const SETTINGS =
  "SET LOCAL search_path = ''; SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1; SET LOCAL jit = off";

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '5' },
    'per-query': { type: 'boolean', default: false },
    /** Another copy of the sources to measure (e.g. `git archive HEAD~1 src | tar -x -C /tmp/before`). */
    src: { type: 'string', default: path.join(REPO_ROOT, 'src') },
    /** `shape:tables` of bench/generate-schema.ts instead of the tiny schema (PGlite). */
    schema: { type: 'string' },
  },
});
const load = (module: string) => import(pathToFileURL(path.join(path.resolve(args.src), module)).href);
const { catalogQueries } = (await load(
  'dialects/postgres/catalog-queries.ts',
)) as typeof import('../src/dialects/postgres/catalog-queries.js');
const { kindQueries } = (await load(
  'dialects/postgres/kinds/index.ts',
)) as typeof import('../src/dialects/postgres/kinds/index.js');
const { openPglite, openServer } = (await load(
  'dialects/postgres/connection.ts',
)) as typeof import('../src/dialects/postgres/connection.js');
const { introspectPostgres } = (await load(
  'dialects/postgres/introspect.ts',
)) as typeof import('../src/dialects/postgres/introspect.js');
const runs = Number(args.runs);
const [shape, tables] = (args.schema ?? '').split(':');
const schemaSql = args.schema
  ? generateSchemaSql(Number(tables), { seed: 1, shape: shape as SchemaShape })
  : TINY_SCHEMA;

type Exec = { query(sql: string): Promise<Record<string, unknown>[]>; exec(sql: string): Promise<void> };

/** Planning and execution ms of each catalog query, median of `runs`. */
async function perQuery(db: Exec): Promise<Map<string, { plan: number; exec: number }>> {
  // The queries introspection would send: the version, and whether the schema counts as small.
  const { SERVER_VERSION } = (await load('dialects/postgres/catalog-queries.ts')) as { SERVER_VERSION: string };
  const { FEW_OBJECTS } = (await load('dialects/postgres/catalog-sql.ts')) as { FEW_OBJECTS?: number };
  const [v] = await db.query(SERVER_VERSION);
  const few = FEW_OBJECTS !== undefined && Number(v?.objects) <= FEW_OBJECTS;
  const queries = { ...catalogQueries(Number(v?.num), few), ...kindQueries(Number(v?.num), few) };
  const times = new Map<string, { plan: number[]; exec: number[] }>();
  for (let run = 0; run < runs; run++) {
    await db.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await db.exec(SETTINGS);
    for (const [name, sql] of Object.entries(queries)) {
      const [row] = await db.query(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`);
      const plan = (Object.values(row ?? {})[0] as { 'Planning Time': number; 'Execution Time': number }[])[0]!;
      const entry = times.get(name) ?? { plan: [], exec: [] };
      entry.plan.push(plan['Planning Time']);
      entry.exec.push(plan['Execution Time']);
      times.set(name, entry);
    }
    await db.exec('COMMIT');
  }
  return new Map([...times].map(([name, t]) => [name, { plan: median(t.plan), exec: median(t.exec) }]));
}

function printPerQuery(label: string, times: Map<string, { plan: number; exec: number }>): void {
  let plan = 0;
  let exec = 0;
  console.log(`\n${label}: per query, median of ${runs} (ms)\n| query | planning | execution |\n| --- | ---: | ---: |`);
  for (const [name, t] of [...times].sort((a, b) => b[1].plan + b[1].exec - a[1].plan - a[1].exec)) {
    console.log(`| ${name} | ${t.plan.toFixed(2)} | ${t.exec.toFixed(2)} |`);
    plan += t.plan;
    exec += t.exec;
  }
  console.log(`| **all** | ${plan.toFixed(1)} | ${exec.toFixed(1)} |`);
}

const ms = (cpu: NodeJS.CpuUsage) => (cpu.user + cpu.system) / 1000;

async function pgliteRuns(): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < runs; run++) {
    const client: PostgresClient = await openPglite('pglite:memory', { create: true });
    await client.exec(schemaSql);
    let start = process.cpuUsage();
    await introspectPostgres(client);
    cold.push(ms(process.cpuUsage(start)));
    start = process.cpuUsage();
    await introspectPostgres(client);
    warm.push(ms(process.cpuUsage(start)));
    await client.close();
  }
  console.log(
    `PGlite, one introspection, CPU ms: cold median ${median(cold).toFixed(0)} [${cold.map((x) => x.toFixed(0)).join(', ')}], warm median ${median(warm).toFixed(0)} [${warm.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  if (args['per-query']) {
    const db = new PGlite();
    await db.exec(schemaSql);
    printPerQuery(
      'PGlite',
      await perQuery({
        query: async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
        exec: async (sql) => void (await db.exec(sql)),
      }),
    );
    await db.close();
  }
}

async function serverRuns(): Promise<void> {
  const url = new URL(serverUrlFromEnv());
  const name = `sgbench_catalog_${process.pid}`;
  const admin = new pg.Client({ connectionString: url.href });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    url.pathname = `/${name}`;
    const client = await openServer(url.href);
    await client.exec(TINY_SCHEMA);
    await introspectPostgres(client);
    const wall: number[] = [];
    const serverMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      await introspectPostgres(client);
      wall.push(performance.now() - start);
    }
    // A server plans every query of every introspection: its own time is planning + execution.
    const times = await perQuery({ query: (sql) => client.query(sql), exec: (sql) => client.exec(sql) });
    for (const t of times.values()) serverMs.push(t.plan + t.exec);
    console.log(
      `Server, one introspection, wall ms: median ${median(wall).toFixed(0)} [${wall.map((x) => x.toFixed(0)).join(', ')}]; server planning + execution (EXPLAIN ANALYZE, sum of medians): ${serverMs.reduce((a, b) => a + b, 0).toFixed(1)} ms`,
    );
    if (args['per-query']) printPerQuery('Server', times);
    await client.close();
  } finally {
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
}

if (args.target !== 'server') await pgliteRuns();
if (args.target !== 'pglite') await serverRuns();
