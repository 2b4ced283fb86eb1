/**
 * `fleet` on 50 tenant databases of the PostgreSQL server, listed by a query against a
 * control database: apply with a canary, drift found and grouped by status, check and
 * compare, a failing migration stopped by --max-failures and finished by a rerun, a
 * SIGKILL in the middle of an apply and a rerun that finishes it with every migration
 * applied exactly once per target, and shards whose merged reports equal one run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, isOneSentenceError, runCli } from '../helpers/cli.js';
import { type TestDatabase, createServerDatabase, hasServer } from '../helpers/databases.js';
import { folderWith } from '../helpers/folder.js';

const TENANTS = 50;

const MIGRATIONS: Record<string, string> = {
  'migrations/001_init.sql': `CREATE TABLE customer (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint REFERENCES customer (id), total numeric(10, 2));
CREATE TABLE applied_marker (migration text NOT NULL);
INSERT INTO applied_marker VALUES ('001');
`,
  'migrations/002_index.sql': `CREATE INDEX orders_customer_idx ON orders (customer_id);
INSERT INTO applied_marker VALUES ('002');
`,
};

/** A migration that fails where an order has a negative total. */
const CHECK_MIGRATION = `ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);
INSERT INTO applied_marker VALUES ('003');
`;

/** Slow migrations, so that a kill lands while the fleet is applying them. */
const SLOW_MIGRATIONS: Record<string, string> = {
  'migrations/004_slow.sql': "SELECT pg_sleep(0.4);\nINSERT INTO applied_marker VALUES ('004');\n",
  'migrations/005_slow.sql': "SELECT pg_sleep(0.4);\nINSERT INTO applied_marker VALUES ('005');\n",
};

describe.skipIf(!hasServer())('fleet on 50 PostgreSQL databases', () => {
  const tenants: TestDatabase[] = [];
  let control: TestDatabase;
  let project: string;

  const query = async <T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const fleet = (command: string, ...args: string[]) =>
    runCli(['fleet', command, '--fleet', 'tenants', ...args, '--concurrency', '6'], { cwd: project });
  /** The first 12 databases: the tests of failures and kills need no more. */
  const first = (command: string, ...args: string[]) =>
    runCli(['fleet', command, '--fleet', 'first', ...args, '--concurrency', '4'], { cwd: project });
  const FIRST = 12;
  const name = (i: number) => `tenant_${String(i).padStart(2, '0')}`;

  beforeAll(async () => {
    control = await createServerDatabase('sgfleet');
    for (let i = 0; i < TENANTS; i += 10) {
      tenants.push(...(await Promise.all(Array.from({ length: 10 }, () => createServerDatabase('sgfleet')))));
    }
    await query(control.url, 'CREATE TABLE tenants (name text PRIMARY KEY, url text NOT NULL)');
    const values = tenants.map((t, i) => `('${name(i + 1)}', '${t.url}')`).join(', ');
    await query(control.url, `INSERT INTO tenants VALUES ${values}`);
    project = folderWith({
      ...MIGRATIONS,
      'schemaguard.config.json': JSON.stringify({
        migrations: { dir: 'migrations' },
        fleets: {
          tenants: { query: { database: control.url, sql: 'SELECT name, url FROM tenants' } },
          first: {
            query: { database: control.url, sql: `SELECT name, url FROM tenants WHERE name <= '${name(FIRST)}'` },
          },
        },
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...tenants, ...(control ? [control] : [])].map((t) => t.drop()));
  });

  it('applies the migrations to every database, a canary first', async () => {
    const first = await fleet('apply', '--yes', '--canary', '2', '--report', 'reports/apply.jsonl');
    expect(first.stderr).not.toMatch(/schemaguard:/);
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toMatch(
      /^Fleet tenants, apply: 50 targets\n {2}50 applied:\n {7}001_init\.sql\n {7}002_index\.sql\n/,
    );
    const lines = readFileSync(join(project, 'reports/apply.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(52);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ fleet: 'tenants', command: 'apply', targets: 50 });
    expect(JSON.parse(lines[1] as string)).toMatchObject({ outcome: 'ok', details: ['001_init.sql', '002_index.sql'] });
    // The canary ran alone, before the rest: the first two names reported are the first two targets.
    expect(
      lines
        .slice(1, 3)
        .map((l) => (JSON.parse(l) as { name: string }).name)
        .sort(),
    ).toEqual([name(1), name(2)]);
  }, 180_000);

  it('groups drift: status, check and compare name the drifted databases by what drifted', async () => {
    for (const i of [3, 7, 11, 19, 42]) await query(tenants[i - 1]!.url, 'DROP INDEX orders_customer_idx');
    for (const i of [5, 30]) await query(tenants[i - 1]!.url, 'ALTER TABLE customer ADD COLUMN nickname text');

    const compare = await fleet('compare', '--baseline', 'migrations:migrations');
    expect(compare.code).toBe(1);
    expect(compare.stdout).toContain('43 match');
    expect(compare.stdout).toContain(
      '   5 differ:\n       - index public.orders.orders_customer_idx [warning]\n       (tenant_03, tenant_07, tenant_11, tenant_19, tenant_42)',
    );
    expect(compare.stdout).toContain(
      '   2 differ:\n       + column public.customer.nickname [warning]\n       (tenant_05, tenant_30)',
    );
    expect(compare.stdout).toMatch(/43 ok, 7 differs\.\n$/);

    const status = await fleet('status');
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('43 are up to date');
    expect(status.stdout).toMatch(
      / {3}5 have pending migrations or drift:\n {7}drift: - index public\.orders\.orders_customer_idx/,
    );
    expect(status.stdout).toContain('(tenant_05, tenant_30)');

    const check = await fleet('check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('43 pass every check');
    expect(check.stdout).toMatch(
      / {3}5 failed:\n {7}migrations: .*\n {7}\(tenant_03, tenant_07, tenant_11, tenant_19, tenant_42\)/,
    );

    for (const i of [3, 7, 11, 19, 42]) {
      await query(tenants[i - 1]!.url, 'CREATE INDEX orders_customer_idx ON orders (customer_id)');
    }
    for (const i of [5, 30]) await query(tenants[i - 1]!.url, 'ALTER TABLE customer DROP COLUMN nickname');
  }, 180_000);

  it('shards 1/4 to 4/4 cover every database once, and their merged reports equal one run', async () => {
    const whole = await fleet('compare', '--baseline', 'migrations:migrations');
    const seen: string[] = [];
    for (let shard = 1; shard <= 4; shard++) {
      const part = await fleet(
        'compare',
        '--baseline',
        'migrations:migrations',
        '--shard',
        `${shard}/4`,
        '--report',
        `reports/shard-${shard}.jsonl`,
      );
      expect(part.stdout).toContain(`(shard ${shard}/4)`);
      const lines = readFileSync(join(project, `reports/shard-${shard}.jsonl`), 'utf8')
        .trim()
        .split('\n');
      seen.push(...lines.slice(1, -1).map((l) => (JSON.parse(l) as { name: string }).name));
    }
    expect(seen.sort()).toEqual(tenants.map((_, i) => name(i + 1)));
    const merged = await runCli(['fleet', 'merge', ...[1, 2, 3, 4].map((s) => `reports/shard-${s}.jsonl`)], {
      cwd: project,
    });
    expect(merged.stdout).toBe(whole.stdout);
    expect(merged.code).toBe(whole.code);
    const missing = await runCli(['fleet', 'merge', 'reports/shard-1.jsonl', 'reports/shard-2.jsonl'], {
      cwd: project,
    });
    expect(isOneSentenceError(missing)).toBe(true);
    expect(missing.stderr).toContain('Shards 3/4, 4/4 are missing');
  }, 180_000);

  it('stops starting databases after --max-failures failures; a rerun applies the rest exactly once', async () => {
    const failing = [4, 9, 11];
    for (const i of failing) await query(tenants[i - 1]!.url, 'INSERT INTO orders (total) VALUES (-1)');
    const withCheck = folderWith({ 'migrations/003_check.sql': CHECK_MIGRATION });
    const migration = readFileSync(join(withCheck, 'migrations/003_check.sql'), 'utf8');
    await import('node:fs/promises').then((fs) => fs.writeFile(join(project, 'migrations/003_check.sql'), migration));

    const stopped = await runCli(
      ['fleet', 'apply', '--fleet', 'first', '--yes', '--concurrency', '1', '--max-failures', '2'],
      { cwd: project },
    );
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('3 not started: too many targets failed (--max-failures)');
    expect(stopped.stdout).toMatch(/ {3}2 failed: Step 5 \(execute\) failed: .*orders_total_check/);
    expect(stopped.stdout).toContain('(tenant_04, tenant_09)');

    const rerun = await first('apply', '--yes', '--max-failures', '10');
    expect(rerun.code).toBe(1);
    expect(rerun.stdout).toContain('2 applied:\n       003_check.sql\n       (tenant_10, tenant_12)');
    expect(rerun.stdout).toContain('7 had nothing to apply');
    expect(rerun.stdout).toContain('(tenant_04, tenant_09, tenant_11)');
    for (const [i, tenant] of tenants.slice(0, FIRST).entries()) {
      const markers = await query<{ migration: string }>(tenant.url, 'SELECT migration FROM applied_marker ORDER BY 1');
      expect(markers.map((m) => m.migration)).toEqual(failing.includes(i + 1) ? ['001', '002'] : ['001', '002', '003']);
    }
    for (const i of failing) await query(tenants[i - 1]!.url, 'DELETE FROM orders WHERE total < 0');
    expect((await first('apply', '--yes')).stdout).toContain('3 applied:\n       003_check.sql');
  }, 240_000);

  it('survives a SIGKILL in the middle: the rerun finishes with every migration applied exactly once per database', async () => {
    for (const [path, text] of Object.entries(SLOW_MIGRATIONS)) {
      await import('node:fs/promises').then((fs) => fs.writeFile(join(project, path), text));
    }
    const child = spawn(
      process.execPath,
      [CLI, 'fleet', 'apply', '--fleet', 'first', '--yes', '--concurrency', '3', '--report', 'reports/killed.jsonl'],
      {
        cwd: project,
        stdio: 'ignore',
      },
    );
    // Kill once some databases are done and others are in the middle of a migration.
    const started = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const report = join(project, 'reports/killed.jsonl');
      const done = existsSync(report) ? readFileSync(report, 'utf8').split('\n').length - 2 : 0;
      if (done >= 4 || Date.now() - started > 60_000) break;
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const cut = await runCli(['fleet', 'merge', 'reports/killed.jsonl'], { cwd: project });
    expect(cut.stderr).toContain('reports/killed.jsonl is incomplete');

    const markers = async () =>
      Promise.all(
        tenants
          .slice(0, FIRST)
          .map((t) => query<{ migration: string }>(t.url, 'SELECT migration FROM applied_marker ORDER BY 1')),
      );
    const between = (await markers()).map((rows) => rows.length);
    // Some databases were done, some not started or cut between migrations.
    expect(between.filter((n) => n === 5).length).toBeGreaterThan(0);
    expect(between.filter((n) => n < 5).length).toBeGreaterThan(0);

    const rerun = await first('apply', '--yes');
    expect(rerun.code).toBe(0);
    for (const rows of await markers())
      expect(rows.map((m) => m.migration)).toEqual(['001', '002', '003', '004', '005']);
    for (const tenant of tenants.slice(0, FIRST)) {
      const history = await query<{ version: string; n: string }>(
        tenant.url,
        'SELECT version, count(*) AS n FROM public.schemaguard_migrations WHERE success GROUP BY version ORDER BY version',
      );
      expect(history.map((h) => [h.version, Number(h.n)])).toEqual(
        ['001', '002', '003', '004', '005'].map((v) => [v, 1]),
      );
    }
  }, 240_000);

  it('refuses bad input in one sentence', async () => {
    for (const [args, says] of [
      [['compare', '--fleet', 'nope'], 'There is no fleet "nope" in the config; it has tenants, first.'],
      [['status'], 'Name the fleet with --fleet: tenants, first.'],
      [['compare', '--fleet', 'first', '--db', 'postgres://x/y'], '--db is set for each target by the fleet'],
      [['compare', '--fleet', 'first', '--no-such-flag'], "unknown option '--no-such-flag' (passed on to compare)"],
      [['status', '--fleet', 'first', '--shard', '5/4'], '--shard takes I/N with 1 ≤ I ≤ N'],
      [['apply', '--fleet', 'first'], 'confirm with --yes (there is no terminal to ask on)'],
    ] as const) {
      const result = await runCli(['fleet', ...args], { cwd: project });
      expect(isOneSentenceError(result), `${args.join(' ')}: ${result.stderr}`).toBe(true);
      expect(result.stderr).toContain(says);
    }
  });
});
