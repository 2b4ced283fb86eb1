/**
 * `fleet` on a schema-per-tenant PostgreSQL database: 200 tenant schemas, some drifted on
 * purpose, compared and checked against one baseline whose objects live in `public`, each
 * tenant read alone and grouped with those that drifted alike; and 20 empty tenant schemas
 * migrated by `fleet apply` (each with its own history table), then `fleet status`.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type TestDatabase, createServerDatabase, hasServer } from '../helpers/databases.js';
import { folderWith } from '../helpers/folder.js';

const TENANTS = 200;

const SCHEMA_SQL = `CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE customer (id bigserial PRIMARY KEY, name text NOT NULL, mood mood);
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer (id),
  total numeric(10, 2) CHECK (total >= 0)
);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 1000;
`;

const tenant = (i: number) => `tenant_${String(i).padStart(3, '0')}`;
const MISSING_INDEX = [7, 31, 64, 99, 150, 151, 188];
const EXTRA_COLUMN = [12, 120, 199];

describe.skipIf(!hasServer())('fleet on 200 tenant schemas of one PostgreSQL database', () => {
  let database: TestDatabase;
  let tenants: string;
  let fresh: string;

  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await createServerDatabase('sgtenants');
    const script: string[] = [];
    for (let i = 1; i <= TENANTS; i++) {
      script.push(`CREATE SCHEMA ${tenant(i)}; SET search_path TO ${tenant(i)};`, SCHEMA_SQL);
      if (MISSING_INDEX.includes(i)) script.push('DROP INDEX orders_customer_idx;');
      if (EXTRA_COLUMN.includes(i)) script.push('ALTER TABLE customer ADD COLUMN nickname text;');
    }
    for (let i = 1; i <= 20; i++) script.push(`CREATE SCHEMA fresh_${String(i).padStart(2, '0')};`);
    await query(script.join('\n'));
    // The tenants built from the schema's SQL, compared and checked against it.
    tenants = folderWith({
      'schema.sql': SCHEMA_SQL,
      'schemaguard.config.json': JSON.stringify({
        assertions: [{ foreignKey: 'orders.customer_id -> customer.id' }],
        fleets: { tenants: { schemas: { database: database.url, pattern: 'tenant_*' } } },
      }),
    });
    expect((await runCli(['dump', 'sql:schema.sql', '--baseline'], { cwd: tenants })).code).toBe(0);
    // Empty tenants, migrated by the fleet.
    fresh = folderWith({
      'migrations/001_schema.sql': SCHEMA_SQL,
      'migrations/002_note.sql': 'ALTER TABLE customer ADD COLUMN note text;\n',
      'schemaguard.config.json': JSON.stringify({
        migrations: { dir: 'migrations' },
        fleets: { fresh: { schemas: { database: database.url, pattern: 'fresh_*' } } },
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('compare reads each tenant as public and groups the drifted ones by what drifted', async () => {
    const result = await runCli(['fleet', 'compare', '--concurrency', '6', '--report', 'compare.jsonl'], {
      cwd: tenants,
    });
    expect(result.stderr).not.toMatch(/schemaguard:/);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Fleet tenants, compare: 200 targets\n {2}190 match\n/);
    expect(result.stdout).toContain(
      `    7 differ:\n        - index public.orders.orders_customer_idx [warning]\n        (${MISSING_INDEX.map(tenant).join(', ')})`,
    );
    expect(result.stdout).toContain(
      `    3 differ:\n        + column public.customer.nickname [warning]\n        (${EXTRA_COLUMN.map(tenant).join(', ')})`,
    );
    expect(result.stdout).toMatch(/\n190 ok, 10 differs\.\n$/);
  }, 180_000);

  it('check runs the checklist on each tenant: its schema against the baseline, the assertions', async () => {
    const result = await runCli(['fleet', 'check', '--concurrency', '6', '--format', 'json'], { cwd: tenants });
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as {
      counts: Record<string, number>;
      groups: { outcome: string; details: string[]; names: string[] }[];
    };
    expect(summary.counts).toMatchObject({ ok: 190, failed: 10 });
    const missing = summary.groups.find((g) => g.names.includes(tenant(7)));
    expect(missing?.names).toEqual(MISSING_INDEX.map(tenant));
    expect(missing?.details).toEqual([
      'schema: schema consistency: differs from database_schema/baseline_schema.json: -1 index',
    ]);
  }, 180_000);

  it('apply migrates empty tenant schemas, each with its own history; status then sees them up to date', async () => {
    const applied = await runCli(['fleet', 'apply', '--yes', '--canary', '2', '--concurrency', '4'], { cwd: fresh });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(
      /^Fleet fresh, apply: 20 targets\n {2}20 applied:\n {7}001_schema\.sql\n {7}002_note\.sql\n/,
    );
    const counts = (await query(
      "SELECT table_schema AS s, count(*)::int AS n FROM information_schema.tables WHERE table_schema LIKE 'fresh\\_%' OR table_schema = 'public' GROUP BY 1 ORDER BY 1",
    )) as pg.QueryResult<{ s: string; n: number }>;
    // customer, orders, the view and the tenant's own history table in each; nothing in public.
    expect(counts.rows).toHaveLength(20);
    for (const row of counts.rows) expect(row).toMatchObject({ n: 4 });
    const history = (await query(
      'SELECT count(*)::int AS n FROM fresh_07.schemaguard_migrations WHERE success',
    )) as pg.QueryResult<{ n: number }>;
    expect(history.rows[0]?.n).toBe(2);

    await query('ALTER TABLE fresh_13.customer DROP COLUMN note');
    const status = await runCli(['fleet', 'status', '--concurrency', '4'], { cwd: fresh });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('19 are up to date');
    expect(status.stdout).toMatch(
      / {3}1 has pending migrations or drift:\n {7}drift: - column public\.customer\.note .*\n {7}\(fresh_13\)/,
    );
  }, 180_000);
});
