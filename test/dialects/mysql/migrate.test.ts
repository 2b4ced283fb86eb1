/**
 * Issue 16: migrations on MySQL/MariaDB, on the server of SCHEMAGUARD_TEST_MYSQL_URL.
 * `migrate apply` through the protocol (shadow databases on the target's own server),
 * `migrate status` before and after, a failing middle statement said exactly and resumed
 * after the last completed statement, the migration lock named when another session holds
 * it, `rollback`, `migrate repair`, `check`'s migration item and other tools' histories.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { type MysqlTestDatabase, createMysqlDatabase, hasMysqlServer, mysql } from '../../helpers/mysql-databases.js';
import { userLockName } from '../../../src/dialects/mysql/lock.js';
import { migrationLockName } from '../../../src/migrations/lock.js';

const CACHE = mkdtempSync(join(tmpdir(), 'sg-mysql-migrate-cache-'));

/** A project whose production environment is `url`, with a plain migration folder holding `files`. */
function project(url: string, files: Record<string, string>, config: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-mysql-migrate-'));
  mkdirSync(join(dir, 'migrations'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), sql);
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    JSON.stringify({
      dialect: 'mysql',
      cacheDir: CACHE,
      environments: { production: { url } },
      migrations: { dir: 'migrations' },
      ...config,
    }),
  );
  return dir;
}

const cli = (dir: string, ...args: string[]) => runCli(args, { cwd: dir });

/** Rows of a query on a database. */
async function rows<Row>(db: MysqlTestDatabase, sql: string): Promise<Row[]> {
  const connection = await mysql.connect(db.url);
  try {
    return await connection.query<Row>(sql);
  } finally {
    await connection.close();
  }
}

/** The shadow databases left on the server (none should be). */
async function leftShadows(): Promise<string[]> {
  const list = await createMysqlDatabase(undefined, 'sglist');
  try {
    const found = await rows<{ name: string }>(
      list,
      "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'schemaguard\\_shadow\\_%'",
    );
    return found.map((r) => r.name).filter((name) => name.includes(`_${process.pid}_`));
  } finally {
    await list.drop();
  }
}

const CREATE_AUTHOR = 'CREATE TABLE author (id int PRIMARY KEY, name varchar(100) NOT NULL);\n';
const CREATE_BOOK =
  'CREATE TABLE book (id int PRIMARY KEY, author_id int NOT NULL, title varchar(200),\n  CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author (id));\n';

describe.runIf(hasMysqlServer())('migrations on MySQL', () => {
  const databases: MysqlTestDatabase[] = [];
  const database = async () => {
    const db = await createMysqlDatabase(undefined, 'sgmig');
    databases.push(db);
    return db;
  };
  afterAll(async () => {
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('applies a folder through the protocol; status says pending before and applied after; no shadow database is left', async () => {
    const db = await database();
    const dir = project(db.url, { '0001_author.sql': CREATE_AUTHOR, '0002_book.sql': CREATE_BOOK });
    const before = await cli(dir, 'migrate', 'status', '--env', 'production');
    expect(before.stderr).toBe('');
    expect(before.stdout).toMatch(/pending +0001 author {2}\(0001_author\.sql\)/);
    expect(before.stdout).toMatch(/0 applied, 2 pending/);
    const applied = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/MySQL DDL cannot be rolled back/);
    expect(applied.stderr).toMatch(/6\. post-verify: passed/);
    const after = await cli(dir, 'migrate', 'status', '--env', 'production');
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/2 applied, 0 pending/);
    const history = await rows<{ version: string; success: number; statements_done: number; applied_by: string }>(
      db,
      'SELECT version, success, statements_done, applied_by FROM schemaguard_migrations ORDER BY version',
    );
    expect(history).toEqual([
      expect.objectContaining({ version: '0001', success: 1, statements_done: 1 }),
      expect.objectContaining({ version: '0002', success: 1, statements_done: 1 }),
    ]);
    expect(history[0]?.applied_by).toMatch(/.+@.+/);
    expect(await leftShadows()).toEqual([]);
  });

  it('a table referencing one created later: the replay says what to set, and with migrations.sessionSql it replays and applies', async () => {
    // vaultwarden's MySQL migrations are written so, and run after SET FOREIGN_KEY_CHECKS = 0.
    const files = { '0001_tables.sql': `${CREATE_BOOK}${CREATE_AUTHOR}` };
    const refused = await cli(
      project((await database()).url, files),
      'migrate',
      'apply',
      '--env',
      'production',
      '--yes',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /0001_tables\.sql, line 1, fails on the shadow database: .*"sessionSql": "SET FOREIGN_KEY_CHECKS = 0"/,
    );
    const db = await database();
    const dir = project(db.url, files, {
      migrations: { dir: 'migrations', sessionSql: 'SET FOREIGN_KEY_CHECKS = 0' },
    });
    const applied = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/6\. post-verify: passed/);
    const keys = await rows<{ name: string }>(
      db,
      'SELECT CONSTRAINT_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()',
    );
    expect(keys.map((k) => k.name)).toEqual(['book_author']);
    const compared = await cli(dir, 'compare', 'migrations:', db.url);
    expect(compared.code, compared.stdout + compared.stderr).toBe(0);
    expect(compared.stdout).toContain('No differences.');
  });

  /** A database with the author table (email too) applied and two authors sharing an email; the project's folder. */
  async function authorsSharingAnEmail(): Promise<{ db: MysqlTestDatabase; dir: string }> {
    const db = await database();
    const dir = project(db.url, {
      '0001_author.sql': 'CREATE TABLE author (id int PRIMARY KEY, name varchar(100) NOT NULL, email varchar(200));\n',
    });
    const first = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes');
    expect(first.code, first.stderr).toBe(0);
    await db.exec("INSERT INTO author VALUES (1, 'ana', 'a@x'), (2, 'bob', 'a@x')");
    return { db, dir };
  }

  const STEPS = [
    'ALTER TABLE author ADD COLUMN born int;',
    'UPDATE author SET born = 1990;',
    'CREATE UNIQUE INDEX author_email ON author (email);',
    'ALTER TABLE author ADD COLUMN died int;',
  ];

  const recorded = (db: MysqlTestDatabase) =>
    rows<{ version: string; success: number; statements_done: number }>(
      db,
      'SELECT version, success, statements_done FROM schemaguard_migrations ORDER BY version',
    );

  it('a failing middle statement is said exactly; once its cause is fixed, the next apply continues after the last completed statement', async () => {
    const { db, dir } = await authorsSharingAnEmail();
    writeFileSync(join(dir, 'migrations', '0002_steps.sql'), `${STEPS.join('\n')}\n`);
    const failed = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      "Step 5 (execute) failed: 0002_steps.sql, statement 3 of 4 (line 3: CREATE UNIQUE INDEX author_email ON author (email)), failed: Duplicate entry 'a@x' for key 'author_email'; statements 1–2 stayed applied (recorded in the history), statements 3–4 did not run to completion; `schemaguard migrate apply` continues from statement 3.",
    );
    expect(await recorded(db)).toEqual([
      { version: '0001', success: 1, statements_done: 1 },
      { version: '0002', success: 0, statements_done: 2 },
    ]);
    const status = await cli(dir, 'migrate', 'status', '--env', 'production');
    expect(status.stdout).toMatch(/1 applied, 0 pending, 1 interrupted/);
    expect(status.stdout).toMatch(/No drift/);
    // The cause fixed in the data: the rerun continues with statement 3; the UPDATE does not run again.
    await db.exec("UPDATE author SET email = 'b@x', born = 1991 WHERE id = 2");
    const resumed = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('applying 0002_steps.sql from statement 3 (continuing)');
    expect(await recorded(db)).toEqual([
      { version: '0001', success: 1, statements_done: 1 },
      { version: '0002', success: 1, statements_done: 4 },
    ]);
    expect(await rows(db, 'SELECT id, born FROM author ORDER BY id')).toEqual([
      { id: 1, born: 1990 },
      { id: 2, born: 1991 },
    ]);
  });

  it('a file fixed after its migration failed: repair --retry records the new file, and apply continues after the completed statements', async () => {
    const { db, dir } = await authorsSharingAnEmail();
    const file = join(dir, 'migrations', '0002_steps.sql');
    writeFileSync(file, `${STEPS.join('\n')}\n`);
    expect((await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes')).code).toBe(1);
    writeFileSync(file, `${STEPS.join('\n').replace('CREATE UNIQUE INDEX', 'CREATE INDEX')}\n`);
    const repaired = await cli(dir, 'migrate', 'repair', '--env', 'production', '--retry', '0002', '--yes');
    expect(repaired.code, repaired.stderr + repaired.stdout).toBe(0);
    const applied = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('applying 0002_steps.sql from statement 3 (continuing)');
    expect(await recorded(db)).toEqual([
      { version: '0001', success: 1, statements_done: 1 },
      { version: '0002', success: 1, statements_done: 4 },
    ]);
  });

  it('waits for the migration lock another session holds, and names that session when it gives up', async () => {
    const db = await database();
    const dir = project(db.url, { '0001_author.sql': CREATE_AUTHOR });
    const url = new URL(db.url);
    const holder = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: 'root',
      database: db.name,
    });
    try {
      const [[row]] = (await holder.query('SELECT CONNECTION_ID() AS id, GET_LOCK(?, 0) AS locked', [
        userLockName(db.name, migrationLockName('`schemaguard_migrations`')),
      ])) as unknown as [{ id: number; locked: number }[]];
      expect(row?.locked).toBe(1);
      const blocked = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes', '--lock-timeout', '1');
      expect(blocked.code).toBe(2);
      expect(blocked.stderr).toMatch(
        new RegExp(
          `Another migration run holds the lock of this database \\(connection ${row?.id} \\(root@[^,]+, idle for \\d+ s\\)\\); waited 1 s \\(--lock-timeout\\): try again when it has finished\\.`,
        ),
      );
    } finally {
      await holder.end();
    }
    // Released with its session: the next run takes it.
    const applied = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
  });

  it('rolls back to the backup taken before a migration; the migration counts as pending again', async () => {
    const db = await database();
    const dir = project(db.url, { '0001_author.sql': CREATE_AUTHOR });
    expect((await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes')).code).toBe(0);
    writeFileSync(join(dir, 'migrations', '0002_book.sql'), CREATE_BOOK);
    const second = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes', '--format', 'json');
    expect(second.code, second.stderr).toBe(0);
    const backup = (JSON.parse(second.stdout) as { backup: { snapshot: string } }).backup.snapshot;
    const rolledBack = await cli(dir, 'rollback', '--to', backup, '--env', 'production', '--yes', '--allow-data-loss');
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(
      await rows(
        db,
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'book'",
      ),
    ).toEqual([]);
    const status = await cli(dir, 'migrate', 'status', '--env', 'production');
    expect(status.stdout).toMatch(/1 applied, 1 pending/);
    const history = await rows<{ version: string; kind: string; rolled_back: number }>(
      db,
      "SELECT version, kind, rolled_back_at IS NOT NULL AS rolled_back FROM schemaguard_migrations WHERE version = '0002'",
    );
    expect(history).toEqual([{ version: '0002', kind: 'migration', rolled_back: 1 }]);
  });

  it('a statement an interrupted run completed without recording it is recorded, not run again', async () => {
    const db = await database();
    const dir = project(db.url, {
      '0001_author.sql': `${CREATE_AUTHOR}ALTER TABLE author ADD COLUMN email varchar(200);\nCREATE INDEX author_email ON author (email);\n`,
    });
    expect((await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes')).code).toBe(0);
    // As a run killed between the index's commit and its record leaves it.
    await db.exec("UPDATE schemaguard_migrations SET success = FALSE, statements_done = 2 WHERE version = '0001'");
    const status = await cli(dir, 'migrate', 'status', '--env', 'production');
    expect(status.stdout).toMatch(/0 applied, 0 pending, 1 interrupted/);
    const resumed = await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      'statement 3 (line 3) had completed before the last run stopped (the index author_email on author exists): recorded as done, not run again',
    );
    expect(
      await rows(db, "SELECT success, statements_done FROM schemaguard_migrations WHERE version = '0001'"),
    ).toEqual([{ success: 1, statements_done: 3 }]);
  });

  it("check's migration item, and migrate status reading other tools' histories (knex, flyway)", async () => {
    const db = await database();
    const dir = project(db.url, { '0001_author.sql': CREATE_AUTHOR });
    const pending = await cli(dir, 'check', '--env', 'production');
    expect(pending.stdout).toContain('✗ migrations: migration status: 1 pending: 0001_author.sql');
    expect((await cli(dir, 'migrate', 'apply', '--env', 'production', '--yes')).code).toBe(0);
    const applied = await cli(dir, 'check', '--env', 'production');
    expect(applied.stdout).toContain('✓ migrations: migration status: 1 applied, no drift');

    const other = await database();
    await other.exec(`
      CREATE TABLE knex_migrations (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(255), batch int, migration_time timestamp NULL DEFAULT NULL);
      INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('20240101_init.js', 1, '2024-01-01 10:00:00'), ('20240102_more.js', 2, '2024-01-02 10:00:00');
      CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL,
        type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL,
        installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, success BOOL NOT NULL);
      INSERT INTO flyway_schema_history VALUES
        (1, '1', 'init', 'SQL', 'V1__init.sql', 12345, 'ana', '2024-01-01 10:00:00', 5, 1),
        (2, '2', 'more', 'SQL', 'V2__more.sql', -42, 'ana', '2024-01-02 10:00:00', 5, 0);
    `);
    const connection = await mysql.connect(other.url);
    try {
      const histories = await connection.dialect.history.readHistories(connection);
      expect(histories).toEqual([
        {
          tool: 'flyway',
          table: 'flyway_schema_history',
          applied: [
            {
              tool: 'flyway',
              version: '1',
              name: 'init',
              checksum: '12345',
              appliedAt: '2024-01-01T10:00:00.000Z',
              appliedBy: 'ana',
              success: true,
            },
            {
              tool: 'flyway',
              version: '2',
              name: 'more',
              checksum: '-42',
              appliedAt: '2024-01-02T10:00:00.000Z',
              appliedBy: 'ana',
              success: false,
            },
          ],
        },
        {
          tool: 'knex',
          table: 'knex_migrations',
          applied: [
            { tool: 'knex', version: '20240101_init.js', appliedAt: '2024-01-01T10:00:00.000Z', success: true },
            { tool: 'knex', version: '20240102_more.js', appliedAt: '2024-01-02T10:00:00.000Z', success: true },
          ],
        },
      ]);
    } finally {
      await connection.close();
    }
    // A Flyway folder's status reads Flyway's table.
    const flyway = project(other.url, { 'V1__init.sql': 'SELECT 1;\n', 'V2__more.sql': 'SELECT 2;\n' });
    const status = await cli(flyway, 'migrate', 'status', '--env', 'production');
    expect(status.stdout).toContain('History: flyway_schema_history (flyway)');
    expect(status.stdout).toMatch(/applied +1 init {2}\(V1__init\.sql\)/);
    expect(status.stdout).toMatch(/failed +2 more {2}\(V2__more\.sql\)/);
  });

  it("each tool's history table, created as the tool creates it on MySQL, is recognised as that tool's", async () => {
    const tools = [
      'schemaguard',
      'prisma',
      'drizzle',
      'flyway',
      'golang-migrate',
      'dbmate',
      'diesel',
      'knex',
      'django',
      'sequelize',
      'liquibase',
    ] as const;
    await Promise.all(
      tools.map(async (tool) => {
        const db = await database();
        await db.exec(mysql.history.toolTableSql(tool) as string);
        const connection = await mysql.connect(db.url);
        try {
          const histories = await mysql.history.readHistories(connection);
          expect(histories.map((h) => [h.tool, h.applied])).toEqual([[tool, []]]);
        } finally {
          await connection.close();
        }
      }),
    );
  });
});
