/**
 * `--online` on MySQL and MariaDB: the online-DDL rules by server flavour and version
 * (src/dialects/mysql/online-ddl.ts), the clauses the plan writes with them, and, on the
 * server of SCHEMAGUARD_TEST_MYSQL_URL, that MariaDB takes what is written and refuses an
 * online clause for a change that needs a copy; `diff --online` and `compare --online` as a
 * user runs them. (Every pair of test/diff-pairs-mysql/ is also planned with `online` and run
 * on the server by test/dialects/conformance/diff-round-trip.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clauseCost, mysqlServer, onlineClause, statementCost } from '../../../src/dialects/mysql/online-ddl.js';
import { diff } from '../../../src/diff/index.js';
import { migration } from '../../../src/plan/migration.js';
import { renderPlanSql } from '../../../src/plan/render.js';
import { type ColumnDef, type IndexDef, type Schema, type TableDef, emptySchema } from '../../../src/schema/model.js';
import { runCli } from '../../helpers/cli.js';
import { type MysqlTestDatabase, createMysqlDatabase, hasMysqlServer, mysql } from '../../helpers/mysql-databases.js';

const MARIADB = mysqlServer('10.11.19-MariaDB');
const MYSQL_8_0_20 = mysqlServer('8.0.20');
const MYSQL_8_0_36 = mysqlServer('8.0.36');

/** A schema of one table `t` (id, a, b) with more columns, indexes and a default charset. */
function schema(extra: { columns?: ColumnDef[]; indexes?: IndexDef[]; charset?: string } = {}): Schema {
  const table: TableDef = {
    schema: 'db',
    name: 't',
    columns: [
      { name: 'id', type: 'int(11)', notNull: true },
      { name: 'a', type: 'int(11)' },
      { name: 'b', type: 'varchar(10)' },
      ...(extra.columns ?? []),
    ],
    constraints: [{ type: 'primary key', name: 'PRIMARY', columns: ['id'] }],
    indexes: extra.indexes ?? [],
    engine: 'InnoDB',
    charset: extra.charset ?? 'utf8mb4',
  };
  return { ...emptySchema(), schemas: [{ name: 'db' }], tables: [table] };
}

/** The plan's SQL from one schema to another, online, for a server version. */
function online(from: Schema, to: Schema, serverVersion?: string, renames: string[] = []) {
  const { plan } = migration(mysql, from, to, { online: true, renames, ...(serverVersion ? { serverVersion } : {}) });
  return { sql: plan.statements.map((s) => s.sql).join('\n'), plan };
}

describe('online DDL rules by server', () => {
  it('reads the flavour and version a snapshot records', () => {
    expect(MARIADB).toEqual({ flavour: 'MariaDB', version: 101119 });
    expect(MYSQL_8_0_36).toEqual({ flavour: 'MySQL', version: 80036 });
    expect(mysqlServer('10.6.4')).toEqual({ flavour: 'MariaDB', version: 100604 });
    expect(mysqlServer(undefined)).toBeUndefined();
    expect(mysqlServer('unknown')).toBeUndefined();
  });

  it('adds a column INSTANT where the server can: MariaDB 10.3+ (anywhere from 10.4), MySQL 8.0.12+ last, 8.0.29+ anywhere', () => {
    expect(clauseCost('add column', MARIADB).algorithm).toBe('INSTANT');
    expect(clauseCost('add column', mysqlServer('10.3.0-MariaDB')).algorithm).toBe('INPLACE');
    expect(clauseCost('add column at end', mysqlServer('10.3.0-MariaDB')).algorithm).toBe('INSTANT');
    expect(clauseCost('add column at end', mysqlServer('8.0.11'))).toMatchObject({
      algorithm: 'INPLACE',
      rebuilds: true,
    });
    expect(clauseCost('add column at end', mysqlServer('8.0.12')).algorithm).toBe('INSTANT');
    expect(clauseCost('add column', MYSQL_8_0_20)).toMatchObject({
      algorithm: 'INPLACE',
      lock: 'NONE',
      rebuilds: true,
    });
    expect(clauseCost('add column', mysqlServer('8.0.29')).algorithm).toBe('INSTANT');
    // Not knowing the server: the weaker of the two, with a note.
    expect(clauseCost('add column', undefined)).toMatchObject({
      algorithm: 'INPLACE',
      note: expect.stringMatching(/8\.0\.29/),
    });
  });

  it('renames and drops columns, drops indexes as each server can', () => {
    expect(clauseCost('rename column', mysqlServer('8.0.27')).algorithm).toBe('INPLACE');
    expect(clauseCost('rename column', mysqlServer('8.0.28')).algorithm).toBe('INSTANT');
    expect(clauseCost('drop column', MYSQL_8_0_20).algorithm).toBe('INPLACE');
    expect(clauseCost('drop column', MYSQL_8_0_36).algorithm).toBe('INSTANT');
    expect(clauseCost('drop column', MARIADB).algorithm).toBe('INSTANT');
    // MariaDB refused ALGORITHM=INSTANT for DROP INDEX ("Try ALGORITHM=NOCOPY").
    expect(clauseCost('drop index', MARIADB)).toEqual({ algorithm: 'INPLACE', lock: 'NONE' });
    expect(clauseCost('varchar widened', MARIADB).algorithm).toBe('INSTANT');
    expect(clauseCost('varchar widened', MYSQL_8_0_36)).toEqual({ algorithm: 'INPLACE', lock: 'NONE' });
    expect(clauseCost('column type', MARIADB)).toEqual({ algorithm: 'COPY', lock: 'SHARED' });
    // Past 255 bytes from at most 127: MariaDB keeps the rows' one-byte lengths, MySQL copies.
    expect(clauseCost('varchar widened past 255 bytes', MARIADB).algorithm).toBe('INSTANT');
    expect(clauseCost('varchar widened past 255 bytes', MYSQL_8_0_36).algorithm).toBe('COPY');
  });

  it('costs more on a table with FULLTEXT indexes: nothing INSTANT about columns, rebuilds under LOCK=SHARED, two copy', () => {
    expect(statementCost(['add column at end'], MARIADB, { fulltextIndexes: 0 }).algorithm).toBe('INSTANT');
    expect(statementCost(['add column at end'], MARIADB, { fulltextIndexes: 1 })).toMatchObject({
      algorithm: 'INPLACE',
      lock: 'SHARED',
    });
    expect(statementCost(['add column at end'], MARIADB, { fulltextIndexes: 2 })).toEqual({
      algorithm: 'COPY',
      lock: 'SHARED',
    });
    expect(statementCost(['add index'], MARIADB, { fulltextIndexes: 2 })).toEqual({
      algorithm: 'INPLACE',
      lock: 'NONE',
    });
    expect(statementCost(['add fulltext index', 'add fulltext index'], MARIADB).algorithm).toBe('COPY');
  });

  it('writes ALGORITHM=INSTANT alone (MySQL takes no LOCK with it), INPLACE with LOCK=NONE, nothing for the rest', () => {
    expect(onlineClause({ algorithm: 'INSTANT', lock: 'NONE' })).toBe('ALGORITHM=INSTANT');
    expect(onlineClause({ algorithm: 'INPLACE', lock: 'NONE', rebuilds: true })).toBe('ALGORITHM=INPLACE, LOCK=NONE');
    expect(onlineClause({ algorithm: 'INPLACE', lock: 'SHARED' })).toBeUndefined();
    expect(onlineClause({ algorithm: 'COPY', lock: 'SHARED' })).toBeUndefined();
  });
});

describe('plans with --online', () => {
  const base = schema();
  const added = schema({ columns: [{ name: 'c', type: 'int(11)' }] });
  const middle: Schema = {
    ...base,
    tables: base.tables.map((t) => ({
      ...t,
      columns: [t.columns[0] as ColumnDef, { name: 'c', type: 'int(11)' }, ...t.columns.slice(1)],
    })),
  };

  it('writes the clause of the detected server on each ALTER TABLE', () => {
    expect(online(base, added, '10.11.19-MariaDB').sql).toBe(
      'ALTER TABLE `t`\n  ADD COLUMN `c` int(11) NULL AFTER `b`,\n  ALGORITHM=INSTANT;',
    );
    expect(online(base, middle, '8.0.20').sql).toMatch(
      /ADD COLUMN `c` int\(11\) NULL AFTER `id`,\n {2}ALGORITHM=INPLACE, LOCK=NONE;$/,
    );
    expect(online(base, middle, '8.0.36').sql).toMatch(/ALGORITHM=INSTANT;$/);
    expect(online(base, added, '8.0.20').sql).toMatch(/ALGORITHM=INSTANT;$/);
    // Without --online, nothing is added.
    expect(migration(mysql, base, added, { serverVersion: '8.0.20' }).plan.statements[0]?.sql).not.toMatch(/ALGORITHM/);
  });

  it('names what cannot run online, in the hazard and in the plan, and writes no clause for it', () => {
    const wider = schema();
    const to: Schema = {
      ...wider,
      tables: wider.tables.map((t) => ({
        ...t,
        columns: t.columns.map((c) => (c.name === 'a' ? { ...c, type: 'bigint(20)' } : c)),
      })),
    };
    const { plan, sql } = online(base, to, '10.11.19-MariaDB');
    expect(sql).toBe('ALTER TABLE `t`\n  MODIFY COLUMN `a` bigint(20) NULL;');
    expect(plan.offline).toEqual([
      'column type on table db.t needs ALGORITHM=COPY, LOCK=SHARED: copies the table, blocks writes; cannot run online',
    ]);
    expect(renderPlanSql(plan)).toContain(
      '-- hazard long-lock: column type on table db.t needs ALGORITHM=COPY, LOCK=SHARED: copies the table, blocks writes; cannot run online',
    );
  });

  it('renames a column with RENAME COLUMN on MySQL 8.0 and MariaDB 10.5+, with CHANGE COLUMN before', () => {
    const renamed: Schema = {
      ...base,
      tables: base.tables.map((t) => ({
        ...t,
        columns: t.columns.map((c) => (c.name === 'a' ? { ...c, name: 'z' } : c)),
      })),
    };
    const rename = ['db.t.a=z'];
    expect(online(base, renamed, '10.11.19-MariaDB', rename).sql).toContain(
      'RENAME COLUMN `a` TO `z`,\n  ALGORITHM=INSTANT;',
    );
    expect(online(base, renamed, '10.4.30-MariaDB', rename).sql).toContain('CHANGE COLUMN `a` `z` int(11) NULL');
    expect(online(base, renamed, '8.0.20', rename).sql).toContain(
      'RENAME COLUMN `a` TO `z`,\n  ALGORITHM=INPLACE, LOCK=NONE;',
    );
  });

  it('runs first, on its own, what can run online of a statement that cannot; what names a column the rest changes stays', () => {
    const retyped = (column: ColumnDef) => (column.name === 'a' ? { ...column, type: 'bigint(20)' } : column);
    const to: Schema = {
      ...base,
      tables: base.tables.map((t) => ({ ...t, columns: [...t.columns.map(retyped), { name: 'c', type: 'int(11)' }] })),
    };
    expect(online(base, to, '10.11.19-MariaDB').sql).toBe(
      'ALTER TABLE `t`\n  ADD COLUMN `c` int(11) NULL AFTER `b`,\n  ALGORITHM=INSTANT;\nALTER TABLE `t`\n  MODIFY COLUMN `a` bigint(20) NULL;',
    );
    // Renamed and retyped (CHANGE COLUMN, a copy): the column added after it waits for it.
    const renamed: Schema = {
      ...base,
      tables: base.tables.map((t) => ({
        ...t,
        columns: [
          t.columns[0] as ColumnDef,
          { name: 'z', type: 'bigint(20)' },
          { name: 'c', type: 'int(11)' },
          t.columns[2] as ColumnDef,
        ],
      })),
    };
    expect(online(base, renamed, '10.11.19-MariaDB', ['db.t.a=z']).sql).toBe(
      'ALTER TABLE `t`\n  ADD COLUMN `c` int(11) NULL AFTER `z`,\n  CHANGE COLUMN `a` `z` bigint(20) NULL;',
    );
  });

  it("changes an index's visibility with ALTER INDEX in the server's words", () => {
    const index: IndexDef = { name: 't_a', method: 'btree', keys: [{ column: 'a' }] };
    const [visible, hidden] = [
      schema({ indexes: [index] }),
      schema({ indexes: [{ ...index, invisible: true } as IndexDef] }),
    ];
    expect(online(visible, hidden, '10.11.19-MariaDB').sql).toBe(
      'ALTER TABLE `t`\n  ALTER INDEX `t_a` IGNORED,\n  ALGORITHM=INSTANT;',
    );
    expect(online(hidden, visible, '8.0.36').sql).toBe(
      'ALTER TABLE `t`\n  ALTER INDEX `t_a` VISIBLE,\n  ALGORITHM=INSTANT;',
    );
    expect(online(visible, hidden).sql).toContain('ALTER INDEX `t_a` IGNORED');
  });

  it('refuses --online for an engine whose ALTER TABLE takes no algorithm', async () => {
    const { postgres } = await import('../../helpers/databases.js');
    expect(() => migration(postgres, emptySchema(), emptySchema(), { online: true })).toThrow(
      '--online writes the algorithm and lock of each ALTER TABLE, which PostgreSQL does not take: --concurrently builds its indexes without blocking writes.',
    );
  });
});

describe.runIf(hasMysqlServer())('--online on the MariaDB server', () => {
  let x: MysqlTestDatabase;
  let y: MysqlTestDatabase;
  beforeAll(async () => {
    [x, y] = await Promise.all([createMysqlDatabase(), createMysqlDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([x?.drop(), y?.drop()]);
  });

  async function read(db: MysqlTestDatabase): Promise<{ schema: Schema; serverVersion: string }> {
    const connection = await mysql.connect(db.url);
    try {
      const { schema, serverVersion } = await connection.introspect({});
      return { schema, serverVersion };
    } finally {
      await connection.close();
    }
  }

  async function reset(db: MysqlTestDatabase, sql: string): Promise<void> {
    await db.exec(`DROP DATABASE IF EXISTS \`${db.name}\`; CREATE DATABASE \`${db.name}\`; USE \`${db.name}\`; ${sql}`);
  }

  it('the server takes each clause written, and a second plan finds nothing left', async () => {
    await Promise.all([
      reset(
        x,
        `CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b varchar(10), c int, d int, KEY t_c (c), KEY t_d (d))
        DEFAULT CHARSET=utf8mb4; INSERT INTO t VALUES (1, 2, 'x', 3, 4);`,
      ),
      reset(
        y,
        `CREATE TABLE t (z int DEFAULT 5, id int PRIMARY KEY, a int NULL DEFAULT 7 COMMENT 'a', b varchar(40), c int,
        e int, KEY t_c (c) IGNORED, KEY t_e (e)) DEFAULT CHARSET=utf8mb4 COMMENT='online';`,
      ),
    ]);
    const [from, to] = [await read(x), await read(y)];
    const { plan } = migration(mysql, from.schema, to.schema, { online: true, serverVersion: from.serverVersion });
    const sql = plan.statements.map((s) => s.sql);
    expect(sql.join('\n')).toContain('ALGORITHM=INSTANT');
    expect(sql.join('\n')).toContain('ALGORITHM=INPLACE, LOCK=NONE');
    const connection = await mysql.connect(x.url);
    try {
      for (const statement of sql) await connection.exec(statement);
    } finally {
      await connection.close();
    }
    expect(diff(mysql, (await read(x)).schema, to.schema)).toEqual([]);
  });

  it('the server refuses an online clause for a change that needs a copy, rather than copying', async () => {
    await reset(x, 'CREATE TABLE t (id int PRIMARY KEY, a int);');
    await expect(x.exec('ALTER TABLE t MODIFY COLUMN a bigint, ALGORITHM=INPLACE, LOCK=NONE')).rejects.toThrow(
      /ALGORITHM=INPLACE is not supported/,
    );
  });

  it('diff --online writes the clauses and names on stderr what cannot run online; compare --online in its report', async () => {
    await Promise.all([
      reset(x, 'CREATE TABLE c (id int PRIMARY KEY, n int);'),
      reset(y, 'CREATE TABLE c (id int PRIMARY KEY, n bigint, m int);'),
    ]);
    const diffed = await runCli(['diff', '--from', x.url, '--to', y.url, '--online']);
    expect(diffed.code).toBe(1);
    // The column added runs online on its own; the type change after it cannot.
    expect(diffed.stdout).toContain('ALTER TABLE `c`\n  ADD COLUMN `m` int(11) NULL AFTER `n`,\n  ALGORITHM=INSTANT;');
    expect(diffed.stdout).toContain('ALTER TABLE `c`\n  MODIFY COLUMN `n` bigint(20) NULL;');
    expect(diffed.stderr).toBe(
      'warning: 1 statement cannot run online: it blocks writes while it runs:\n  - column type on table db.c needs ALGORITHM=COPY, LOCK=SHARED: copies the table, blocks writes; cannot run online\n',
    );
    const split = await runCli(['diff', '--from', x.url, '--to', y.url]);
    expect(split.stderr).toBe('');
    const compared = await runCli(['compare', y.url, x.url, '--online']);
    expect(compared.stdout).toContain('Not online (--online):\n  column type on table db.c needs');
  });
});

describe('--online on the command line', () => {
  it('migrate new takes it only with --from-models, in one sentence', async () => {
    const result = await runCli(['migrate', 'new', 'add_things', '--online']);
    expect(result).toMatchObject({
      code: 2,
      stderr: 'schemaguard: --online shapes the SQL --from-models writes: use them together.\n',
    });
  });
});
