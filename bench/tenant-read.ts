/**
 * What reading one tenant of a schema-per-tenant database costs (`IntrospectOptions.schemas`, the
 * read of a target with a `scope`) against reading the whole database, and a database that holds
 * the tenant's tables alone, on the server (`SCHEMAGUARD_BENCH_POSTGRES_URL`).
 *
 *   npx tsx bench/tenant-read.ts                          # 1,000 tenants of 20 tables
 *   npx tsx bench/tenant-read.ts --tenants 200 --runs 7
 *   npx tsx bench/tenant-read.ts --keep                   # keep the databases for the next run
 */
import { parseArgs } from 'node:util';
import { dialectByName } from '../src/dialects/index.js';
import { databaseUrl, log, median, serverUrlFromEnv, withClient } from './lib.js';

const { values: args } = parseArgs({
  options: {
    tenants: { type: 'string', default: '1000' },
    tables: { type: 'string', default: '20' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
const tenants = Number(args.tenants);
const tables = Number(args.tables);
const runs = Number(args.runs);

/** One tenant's tables, unqualified: a serial key, a foreign key to the table before, an enum, an index, a check. */
function tenantSql(): string {
  const statements = ["CREATE TYPE mood AS ENUM ('happy', 'sad');"];
  for (let i = 0; i < tables; i++) {
    const parent = i > 0 ? `, parent_id integer REFERENCES t${i - 1} (id)` : '';
    statements.push(
      `CREATE TABLE t${i} (id serial PRIMARY KEY, name text NOT NULL, m mood, created_at timestamptz DEFAULT now(),
        amount numeric CHECK (amount >= 0)${parent});`,
      `CREATE INDEX t${i}_name ON t${i} (name);`,
    );
  }
  statements.push('CREATE VIEW v AS SELECT id, name FROM t0;');
  return statements.join('\n');
}

const tenantName = (i: number) => `tenant_${String(i).padStart(4, '0')}`;

/** Creates the database `name` with these tenants unless it is there (with `--keep` from an earlier run). */
async function ensureDatabase(server: string, name: string, schemas: readonly string[]): Promise<string> {
  const url = databaseUrl(server, name);
  const exists = await withClient(
    server,
    async (c) => (await c.query('SELECT FROM pg_database WHERE datname = $1', [name])).rowCount,
  );
  if (exists) return url;
  log(`creating ${name}: ${schemas.length} schemas of ${tables} tables`);
  await withClient(server, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0`));
  const sql = tenantSql();
  await withClient(url, async (c) => {
    for (let from = 0; from < schemas.length; from += 50) {
      const batch = schemas.slice(from, from + 50).map((s) => `CREATE SCHEMA ${s}; SET search_path TO ${s};\n${sql}`);
      await c.query(`BEGIN;\n${batch.join('\n')}\nCOMMIT;`);
    }
  });
  return url;
}

/** The median wall time of reading the database at `url` (all of it, or `schemas` alone), after one warm-up read. */
async function readTime(url: string, schemas?: readonly string[]): Promise<{ ms: number; tables: number }> {
  const connection = await dialectByName('postgres').connect(url);
  try {
    const read = () => connection.introspect(schemas ? { schemas } : {});
    const { schema } = await read();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await read();
      times.push(performance.now() - started);
    }
    return { ms: Math.round(median(times)), tables: schema.tables.length };
  } finally {
    await connection.close();
  }
}

const server = serverUrlFromEnv();
const many = `sgbench_tenants_${tenants}x${tables}`;
const one = `sgbench_tenants_1x${tables}`;
const manyUrl = await ensureDatabase(
  server,
  many,
  Array.from({ length: tenants }, (_, i) => tenantName(i + 1)),
);
const oneUrl = await ensureDatabase(server, one, [tenantName(1)]);
try {
  const rows: [string, { ms: number; tables: number }][] = [
    [`${many}, the whole database`, await readTime(manyUrl)],
    [`${many}, ${tenantName(1)} alone`, await readTime(manyUrl, [tenantName(1)])],
    [`${many}, ${tenantName(tenants)} alone`, await readTime(manyUrl, [tenantName(tenants)])],
    [`${one}, the whole database`, await readTime(oneUrl)],
  ];
  for (const [what, { ms, tables: read }] of rows) console.log(`${what}: ${ms} ms (${read} tables), median of ${runs}`);
} finally {
  if (!args.keep) {
    await withClient(server, async (c) => {
      for (const name of [many, one]) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
}
