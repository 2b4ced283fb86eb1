/**
 * The size of a table in the hazards of a PostgreSQL plan made against a live database: the rows
 * and bytes `pg_class` estimates (src/dialects/postgres/table-sizes.ts), said where a statement
 * rewrites the table; a table never analyzed, or a plan from a snapshot file, says no size.
 * (MySQL's: test/dialects/mysql/table-sizes.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type TestDatabase, createServerDatabase, hasServer, openTestServer } from '../helpers/databases.js';

const ROWS = 3000;

describe.skipIf(!hasServer())('table sizes in the hazards of a plan on PostgreSQL', () => {
  let live: TestDatabase;
  let target: TestDatabase;
  let work: string;

  /** Runs a script on a test database. */
  async function run(db: TestDatabase, sql: string): Promise<void> {
    const connection = await openTestServer(db.url);
    try {
      await connection.exec(sql);
    } finally {
      await connection.close();
    }
  }

  beforeAll(async () => {
    [live, target] = await Promise.all([createServerDatabase(), createServerDatabase()]);
    work = mkdtempSync(join(tmpdir(), 'sg-pg-sizes-'));
    await Promise.all([
      run(
        live,
        `CREATE TABLE big (id int PRIMARY KEY, n int);
        INSERT INTO big SELECT i, i FROM generate_series(1, ${ROWS}) AS i;
        ANALYZE big;
        CREATE TABLE fresh (id int PRIMARY KEY, n int);`,
      ),
      run(
        target,
        'CREATE TABLE big (id int PRIMARY KEY, n bigint); CREATE TABLE fresh (id int PRIMARY KEY, n bigint);',
      ),
    ]);
  });

  afterAll(async () => {
    await Promise.all([live?.drop(), target?.drop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('diff from the live database says the size of an analyzed table it rewrites, and none of one never analyzed', async () => {
    const diffed = await runCli(['diff', '--from', live.url, '--to', target.url], { cwd: work });
    expect(diffed.code, diffed.stderr).toBe(1);
    expect(diffed.stdout).toMatch(
      /-- hazard table-rewrite: changes column public\.big\.n, rewriting table public\.big \(about 3 K rows, \d+ KB\)\n/,
    );
    expect(diffed.stdout).toContain(
      '-- hazard table-rewrite: changes column public.fresh.n, rewriting table public.fresh\n',
    );
  });

  it('a plan from a snapshot file of the same database says no size', async () => {
    const dump = await runCli(['dump', live.url, '-o', 'live.json'], { cwd: work });
    expect(dump.code, dump.stderr).toBe(0);
    const diffed = await runCli(['diff', '--from', 'live.json', '--to', target.url], { cwd: work });
    expect(diffed.code, diffed.stderr).toBe(1);
    expect(diffed.stdout).toContain(
      '-- hazard table-rewrite: changes column public.big.n, rewriting table public.big\n',
    );
  });

  it('migrate plan says the size of a table a pending migration rewrites, from the database it runs on', async () => {
    const database = await createServerDatabase();
    const folder = mkdtempSync(join(tmpdir(), 'sg-pg-sizes-plan-'));
    try {
      mkdirSync(join(folder, 'migrations'));
      writeFileSync(
        join(folder, 'migrations', '0001_big.sql'),
        `CREATE TABLE public.big (id int PRIMARY KEY, n int);\nINSERT INTO public.big SELECT i, i FROM generate_series(1, ${ROWS}) AS i;\n`,
      );
      const applied = await runCli(['migrate', 'apply', '--db', database.url, '--dir', 'migrations', '--yes'], {
        cwd: folder,
      });
      expect(applied.code, applied.stderr).toBe(0);
      await run(database, 'ANALYZE public.big');
      writeFileSync(
        join(folder, 'migrations', '0002_wider.sql'),
        'ALTER TABLE public.big ALTER COLUMN n TYPE bigint;\n',
      );
      const plan = await runCli(['migrate', 'plan', '--db', database.url, '--dir', 'migrations'], { cwd: folder });
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toMatch(/hazards: table-rewrite \(public\.big: about 3 K rows, \d+ KB\)/);
    } finally {
      await database.drop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
