/**
 * `fleet` on MariaDB/MySQL databases of the SCHEMAGUARD_TEST_MYSQL_URL server, listed by a
 * query against a control database: apply with a canary, drift grouped by status and
 * compare, a failing migration stopped by --max-failures, and a rerun that finishes the job
 * with every migration applied once per database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { folderWith } from '../../helpers/folder.js';
import { type MysqlTestDatabase, createMysqlDatabase, hasMysqlServer, mysql } from '../../helpers/mysql-databases.js';

const TENANTS = 10;

describe.runIf(hasMysqlServer())('fleet on MariaDB databases', () => {
  const tenants: MysqlTestDatabase[] = [];
  let control: MysqlTestDatabase;
  let project: string;
  const fleet = (...args: string[]) => runCli(['fleet', ...args, '--concurrency', '4'], { cwd: project });
  const name = (i: number) => `shop_${String(i).padStart(2, '0')}`;
  const rows = async <Row>(db: MysqlTestDatabase, sql: string): Promise<Row[]> => {
    const connection = await mysql.connect(db.url);
    try {
      return await connection.query<Row>(sql);
    } finally {
      await connection.close();
    }
  };

  beforeAll(async () => {
    control = await createMysqlDatabase(
      'CREATE TABLE shops (name varchar(50) PRIMARY KEY, url varchar(500) NOT NULL)',
      'sgfleet',
    );
    tenants.push(
      ...(await Promise.all(Array.from({ length: TENANTS }, () => createMysqlDatabase(undefined, 'sgfleet')))),
    );
    await control.exec(
      `INSERT INTO shops VALUES ${tenants.map((t, i) => `('${name(i + 1)}', '${t.url}')`).join(', ')}`,
    );
    project = folderWith({
      'migrations/001_init.sql':
        "CREATE TABLE product (id int PRIMARY KEY, title varchar(200) NOT NULL, price decimal(10,2));\nCREATE TABLE applied_marker (migration varchar(10) NOT NULL);\nINSERT INTO applied_marker VALUES ('001');\n",
      'migrations/002_index.sql':
        "CREATE INDEX product_title ON product (title);\nINSERT INTO applied_marker VALUES ('002');\n",
      'schemaguard.config.json': JSON.stringify({
        dialect: 'mysql',
        cacheDir: mkdtempSync(join(tmpdir(), 'sg-mysql-fleet-cache-')),
        migrations: { dir: 'migrations' },
        fleets: { shops: { query: { database: control.url, sql: 'SELECT name, url FROM shops' } } },
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...tenants, ...(control ? [control] : [])].map((t) => t.drop()));
  });

  it('applies with a canary, groups drift, stops at --max-failures and finishes on a rerun', async () => {
    const applied = await fleet('apply', '--yes', '--canary', '1');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(
      /^Fleet shops, apply: 10 targets\n {2}10 applied:\n {7}001_init\.sql\n {7}002_index\.sql\n/,
    );

    for (const i of [2, 7]) await tenants[i - 1]!.exec('ALTER TABLE product DROP INDEX product_title');
    await tenants[4]!.exec('ALTER TABLE product ADD COLUMN color varchar(20)');
    const compare = await fleet('compare', '--baseline', 'migrations:migrations');
    expect(compare.code).toBe(1);
    expect(compare.stdout).toContain('   7 match');
    expect(compare.stdout).toMatch(
      / {3}2 differ:\n {7}- index \S+\.product\.product_title .*\n {7}\(shop_02, shop_07\)/,
    );
    expect(compare.stdout).toMatch(/ {3}1 differ:\n {7}\+ column \S+\.product\.color .*\n {7}\(shop_05\)/);
    const status = await fleet('status');
    expect(status.stdout).toContain('7 are up to date');
    for (const i of [2, 7]) await tenants[i - 1]!.exec('CREATE INDEX product_title ON product (title)');
    await tenants[4]!.exec('ALTER TABLE product DROP COLUMN color');

    // A migration that fails where a product is too expensive for its new column type.
    for (const i of [3, 8]) await tenants[i - 1]!.exec("INSERT INTO product VALUES (1, 'yacht', 99999999.99)");
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      join(project, 'migrations/003_price.sql'),
      "ALTER TABLE product MODIFY price decimal(6,2);\nINSERT INTO applied_marker VALUES ('003');\n",
    );
    const stopped = await runCli(
      ['fleet', 'apply', '--yes', '--allow-data-loss', '--concurrency', '1', '--max-failures', '1'],
      {
        cwd: project,
      },
    );
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('   2 applied:\n       003_price.sql\n       (shop_01, shop_02)');
    expect(stopped.stdout).toMatch(/ {3}1 failed: Step 5 \(execute\) failed: .*\n(.*\n)* {7}\(shop_03\)/);
    expect(stopped.stdout).toContain('7 not started: too many targets failed (--max-failures)');
    for (const i of [3, 8]) await tenants[i - 1]!.exec('DELETE FROM product WHERE id = 1');
    // A flag of migrate apply, passed on to every database.
    const rerun = await fleet('apply', '--yes', '--allow-data-loss');
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toContain('8 applied:\n       003_price.sql');
    expect(rerun.stdout).toContain('2 had nothing to apply');
    for (const tenant of tenants) {
      const markers = await rows<{ migration: string }>(tenant, 'SELECT migration FROM applied_marker ORDER BY 1');
      expect(markers.map((m) => m.migration)).toEqual(['001', '002', '003']);
    }
  }, 240_000);
});
