/**
 * The size of a table in the hazards of a plan made against a live MariaDB/MySQL database: the
 * rows and bytes the server's statistics estimate (src/dialects/mysql/table-sizes.ts), said where
 * a statement copies the table; a plan from a snapshot file has no statistics and says no size.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costWords } from '../../../src/dialects/mysql/online-ddl.js';
import { runCli } from '../../helpers/cli.js';
import {
  MYSQL_URL,
  type MysqlTestDatabase,
  createMysqlDatabase,
  hasMysqlServer,
  mysql,
} from '../../helpers/mysql-databases.js';

const ROWS = 5000;
const TABLE = 'CREATE TABLE big (id int PRIMARY KEY, n int, note varchar(40)) ENGINE=InnoDB;';
/** The target: `n` becomes a bigint, a change InnoDB makes only by copying the table. */
const TARGET = 'CREATE TABLE big (id int PRIMARY KEY, n bigint, note varchar(40)) ENGINE=InnoDB;\n';

describe('the size in the words of a cost', () => {
  it('says the size of a MySQL statement that copies or rebuilds the table, not of one that changes only metadata', () => {
    const size = 'about 12 M rows, 1.4 GB';
    expect(costWords({ algorithm: 'COPY', lock: 'SHARED' }, size)).toBe(
      'ALGORITHM=COPY, LOCK=SHARED: copies the table (about 12 M rows, 1.4 GB), blocks writes',
    );
    expect(costWords({ algorithm: 'INPLACE', lock: 'NONE', rebuilds: true }, size)).toBe(
      'ALGORITHM=INPLACE, LOCK=NONE: rebuilds the table in place (about 12 M rows, 1.4 GB), writes continue',
    );
    expect(costWords({ algorithm: 'INPLACE', lock: 'NONE' }, size)).toBe(
      'ALGORITHM=INPLACE, LOCK=NONE: changes the table in place, writes continue',
    );
    expect(costWords({ algorithm: 'INSTANT', lock: 'NONE' }, size)).toBe(
      'ALGORITHM=INSTANT, LOCK=NONE: changes only metadata, writes continue',
    );
  });
});

describe.skipIf(!hasMysqlServer())('table sizes in the hazards of a plan on MySQL', () => {
  let live: MysqlTestDatabase;
  let work: string;

  beforeAll(async () => {
    const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, ${i}, 'row ${i}')`).join(', ');
    live = await createMysqlDatabase(`${TABLE} INSERT INTO big VALUES ${values}; ANALYZE TABLE big;`);
    work = mkdtempSync(join(tmpdir(), 'sg-sizes-'));
    writeFileSync(join(work, 'target.sql'), TARGET);
    // The target SQL is replayed on a shadow database of the test server.
    writeFileSync(
      join(work, 'schemaguard.config.json'),
      JSON.stringify({ dialect: 'mysql', shadow: MYSQL_URL, cacheDir: join(work, 'cache') }),
    );
  });

  afterAll(async () => {
    await live?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('reads every table estimate in one query: rows and bytes of data and indexes', async () => {
    const connection = await mysql.connect(live.url);
    try {
      const sizes = await mysql.readTableSizes?.(connection);
      const big = sizes?.['db.big'];
      // An estimate: InnoDB samples pages, so it is near the count, not the count.
      expect(big?.rows).toBeGreaterThan(ROWS * 0.5);
      expect(big?.rows).toBeLessThan(ROWS * 2);
      expect(big?.bytes).toBeGreaterThan(16 * 1024);
    } finally {
      await connection.close();
    }
  });

  it('diff and compare from the live database say the size of the table the plan copies', async () => {
    const copies =
      /column type on table db\.big needs ALGORITHM=COPY, LOCK=SHARED: copies the table \(about ([\d.]+) K rows, (\d+) KB\), blocks writes/;
    const diffed = await runCli(['diff', '--from', live.url, '--to', 'sql:target.sql'], { cwd: work });
    expect(diffed.code, diffed.stderr).toBe(1);
    const [, thousands] = copies.exec(diffed.stdout) ?? [];
    expect(diffed.stdout).toMatch(copies);
    expect(Number(thousands)).toBeGreaterThan(2.4);
    // compare's SQL brings its second schema, the live one here, to its first.
    const compared = await runCli(['compare', 'sql:target.sql', live.url, '--format', 'sql'], { cwd: work });
    expect(compared.code, compared.stderr).toBe(1);
    expect(compared.stdout).toMatch(copies);
  });

  it('with no config file, the SQL side is MySQL replayed on the live database server', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'sg-sizes-bare-'));
    try {
      writeFileSync(join(bare, 'target.sql'), TARGET);
      const diffed = await runCli(['diff', '--from', live.url, '--to', 'sql:target.sql'], { cwd: bare });
      expect(diffed.code, diffed.stderr).toBe(1);
      expect(diffed.stdout).toMatch(/copies the table \(about [\d.]+ K rows/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('a plan from a snapshot file of the same database says no size', async () => {
    const dump = await runCli(['dump', live.url, '-o', 'live.json'], { cwd: work });
    expect(dump.code, dump.stderr).toBe(0);
    const diffed = await runCli(['diff', '--from', 'live.json', '--to', 'sql:target.sql'], { cwd: work });
    expect(diffed.code, diffed.stderr).toBe(1);
    expect(diffed.stdout).toContain(
      'column type on table db.big needs ALGORITHM=COPY, LOCK=SHARED: copies the table, blocks writes',
    );
  });
});
