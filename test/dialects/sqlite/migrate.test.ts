/** migrate apply, status, plan, repair and check on SQLite files, through the command line (in-process). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dialectByName } from '../../../src/dialects/index.js';
import { openLibsql } from '../../../src/dialects/sqlite/driver.js';
import { sqliteConnection } from '../../../src/dialects/sqlite/session.js';
import { readMigrationFolder } from '../../../src/migrations/formats.js';
import { applyMigrations } from '../../../src/migrations/runner.js';
import { migration } from '../../../src/plan/migration.js';
import { renderPlanSql } from '../../../src/plan/render.js';
import { runCli } from '../../helpers/cli.js';
import { rowsOf, sqliteFileWith, tempFolder } from './helpers.js';

/** A project folder: a config for SQLite, a migrations folder with `files`, and `app.db` holding `sql`. */
function project(files: Record<string, string>, sql = 'SELECT 1'): { folder: string; db: string } {
  const folder = tempFolder();
  mkdirSync(join(folder, 'migrations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, 'migrations', name), text);
  writeFileSync(
    join(folder, 'schemaguard.config.json'),
    JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'migrations' } }),
  );
  return { folder, db: sqliteFileWith(sql, folder, 'app.db') };
}

const sqlite = dialectByName('sqlite');

/** The schema of a file. */
async function introspect(file: string) {
  const connection = await sqlite.connect(`sqlite:${file}`);
  try {
    return (await connection.introspect()).schema;
  } finally {
    await connection.close();
  }
}

const AUTHOR =
  "CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO author VALUES (1, 'Ann');\n";
const BOOK =
  'CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id), title TEXT);\nINSERT INTO book VALUES (1, 1, NULL);\n';

describe('migrate on SQLite files', () => {
  it('applies pending migrations, each with its history row, and then has nothing to do', async () => {
    const { folder, db } = project({ '0001_author.sql': AUTHOR, '0002_book.sql': BOOK });
    const status = await runCli(['migrate', 'status', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(status.stdout).toMatch(/0001_author\.sql[\s\S]*pending/);
    const plan = await runCli(['migrate', 'plan', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('0002_book.sql');
    const applied = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder });
    expect(applied.stderr).toContain('5. execute: passed');
    expect(applied.stdout).toContain(
      'each statement waits at most 5 s for a lock (busy_timeout; a migration that times out waiting is rolled back and tried again, up to 3 times) and runs without a time limit (this engine has no statement timeout).',
    );
    expect(applied.code, applied.stderr).toBe(0);
    expect(rowsOf(db, 'SELECT version, success, kind FROM schemaguard_migrations ORDER BY version')).toEqual([
      { version: '0001', success: 1, kind: 'migration' },
      { version: '0002', success: 1, kind: 'migration' },
    ]);
    expect(rowsOf(db, 'SELECT count(*) AS n FROM schemaguard_lock')).toEqual([{ n: 0 }]);
    const again = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/nothing to do/i);
    const after = await runCli(['migrate', 'status', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(after.stdout).toMatch(/0002_book\.sql[\s\S]*applied/);
    expect(after.stdout).toContain('2 applied, 0 pending');
    // The lock and history tables are bookkeeping: not part of the schema.
    const dumped = await runCli(['dump', 'sqlite:./app.db'], { cwd: folder });
    expect(dumped.stdout).not.toContain('schemaguard_');
  });

  it('refuses an in-memory database in one sentence: what it applied would be gone before post-verification', async () => {
    const { folder } = project({ '0001_t.sql': 'CREATE TABLE t (id integer PRIMARY KEY);\n' });
    const refused = await runCli(['migrate', 'apply', '--db', 'sqlite:memory', '--yes'], { cwd: folder });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'schemaguard: sqlite:memory is a new, empty in-memory database each time it is opened: migrate apply needs a database that lasts (a file such as sqlite:./app.db, or a server).\n',
    );
  });

  it('rolls a failed migration back whole, records nothing, and applies it once it is fixed', async () => {
    // Fails on the live rows only (two authors named Ann), not on the shadow replay.
    const broken = 'CREATE TABLE tag (id INTEGER PRIMARY KEY);\nCREATE UNIQUE INDEX author_name ON author (name);\n';
    const { folder, db } = project({ '0001_author.sql': AUTHOR });
    expect((await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder })).code).toBe(0);
    sqliteFileWith("INSERT INTO author VALUES (2, 'Ann')", folder, 'app.db');
    writeFileSync(join(folder, 'migrations', '0002_tag.sql'), broken);
    const failed = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'Step 5 (execute) failed: 0002_tag.sql, line 2 (CREATE UNIQUE INDEX author_name ON author (name)), failed: UNIQUE constraint failed: author.name; the migration was not applied.',
    );
    // Nothing of 0002: neither its table nor a history row.
    expect(rowsOf(db, "SELECT name FROM sqlite_schema WHERE name IN ('author', 'tag')")).toEqual([{ name: 'author' }]);
    expect(rowsOf(db, 'SELECT version FROM schemaguard_migrations')).toEqual([{ version: '0001' }]);
    const status = await runCli(['migrate', 'status', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(status.stdout).toContain('1 applied, 1 pending');
    sqliteFileWith("UPDATE author SET name = 'Bo' WHERE id = 2", folder, 'app.db');
    const retried = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder });
    expect(retried.code, retried.stderr).toBe(0);
    expect(rowsOf(db, 'SELECT version FROM schemaguard_migrations ORDER BY version')).toEqual([
      { version: '0001' },
      { version: '0002' },
    ]);
  });

  it("applies a table rebuild written by schemaguard's planner, rows and foreign keys intact", async () => {
    const { folder, db } = project({ '0001_author.sql': AUTHOR, '0002_book.sql': BOOK });
    expect((await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder })).code).toBe(0);
    // The target: author.name gets a default (a rebuild of the parent), book.title NOT NULL (a rebuild of the child).
    sqliteFileWith(
      "CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'anonymous');\n" +
        "CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id), title TEXT NOT NULL DEFAULT '');\n",
      folder,
      'target.db',
    );
    const written = await runCli(
      ['diff', 'migrations:./migrations', 'sqlite:./target.db', '-o', 'migrations/0003_rebuild.sql'],
      { cwd: folder },
    );
    expect(written.stderr).toBe('');
    const sql = readFileSync(join(folder, 'migrations', '0003_rebuild.sql'), 'utf8');
    expect(sql).toMatch(/^PRAGMA foreign_keys = OFF;$/m);
    expect(sql).toContain('pragma_foreign_key_check');
    const plan = await runCli(['migrate', 'plan', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(plan.stdout).toContain('0003_rebuild.sql');
    expect(plan.stdout).not.toContain('not transactional');
    const applied = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder });
    expect(applied.code, applied.stderr).toBe(0);
    expect(rowsOf(db, 'SELECT id, name FROM author')).toEqual([{ id: 1, name: 'Ann' }]);
    expect(rowsOf(db, 'SELECT id, author_id, title FROM book')).toEqual([{ id: 1, author_id: 1, title: '' }]);
    expect(rowsOf(db, 'SELECT "table", "from", "to" FROM pragma_foreign_key_list(\'book\')')).toEqual([
      { table: 'author', from: 'author_id', to: 'id' },
    ]);
    expect(rowsOf(db, 'SELECT * FROM pragma_foreign_key_check')).toEqual([]);
    const compared = await runCli(['compare', 'sqlite:./target.db', 'sqlite:./app.db'], { cwd: folder });
    expect(compared.stdout).toContain('No differences.');
  });

  it('applies a Prisma-style redefinition (foreign keys off in the middle, defer_foreign_keys) in one transaction, children kept', async () => {
    const cascade = BOOK.replace('REFERENCES author (id)', 'REFERENCES author (id) ON DELETE CASCADE');
    const prisma = `-- CreateTable
CREATE TABLE "tag" ("id" INTEGER NOT NULL PRIMARY KEY);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_author" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL DEFAULT 'anonymous');
INSERT INTO "new_author" ("id", "name") SELECT "id", "name" FROM "author";
DROP TABLE "author";
ALTER TABLE "new_author" RENAME TO "author";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;
    const { folder, db } = project({
      '0001_author.sql': AUTHOR,
      '0002_book.sql': cascade,
      '0003_redefine.sql': prisma,
    });
    const plan = await runCli(['migrate', 'plan', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(plan.stdout).toContain('0003_redefine.sql');
    expect(plan.stdout).not.toContain('not transactional');
    const applied = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder });
    expect(applied.code, applied.stderr).toBe(0);
    // Dropping the parent with foreign keys on would have cascaded to the book.
    expect(rowsOf(db, 'SELECT id, author_id FROM book')).toEqual([{ id: 1, author_id: 1 }]);
    expect(rowsOf(db, "SELECT dflt_value FROM pragma_table_info('author') WHERE name = 'name'")).toEqual([
      { dflt_value: "'anonymous'" },
    ]);
    expect(rowsOf(db, 'SELECT * FROM pragma_foreign_key_check')).toEqual([]);
  });

  it('runs a script that turns foreign keys on again before more statements statement by statement', async () => {
    const script =
      'PRAGMA foreign_keys = OFF;\nCREATE TABLE tag (id INTEGER PRIMARY KEY);\nPRAGMA foreign_keys = ON;\nDELETE FROM author WHERE id = 2;\n';
    const { folder } = project({ '0001_author.sql': AUTHOR, '0002_tag.sql': script });
    const plan = await runCli(['migrate', 'plan', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(plan.stdout).toContain('0002_tag.sql  (not transactional)');
    expect((await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder })).code).toBe(0);
  });

  it('a rebuild whose rows break a foreign key fails whole: the table, its rows and the history stay as they were', async () => {
    const { folder, db } = project({ '0001_author.sql': AUTHOR, '0002_book.sql': BOOK });
    expect((await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder })).code).toBe(0);
    // A row that points nowhere, written with foreign keys off (as an application may have).
    const raw = new Database(db);
    raw.pragma('foreign_keys = OFF');
    raw.exec('INSERT INTO book VALUES (2, 99, NULL)');
    raw.close();
    sqliteFileWith(
      "CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nCREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id), title TEXT NOT NULL DEFAULT '');\n",
      folder,
      'target.db',
    );
    await runCli(['diff', 'migrations:./migrations', 'sqlite:./target.db', '-o', 'migrations/0003_rebuild.sql'], {
      cwd: folder,
    });
    const failed = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'failed: CHECK constraint failed: foreign_keys_violated_by_the_rebuild; the migration was not applied.',
    );
    expect(rowsOf(db, "SELECT sql FROM sqlite_schema WHERE name = 'book'")).toEqual([
      {
        sql: 'CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id), title TEXT)',
      },
    ]);
    expect(rowsOf(db, 'SELECT id, author_id, title FROM book ORDER BY id')).toEqual([
      { id: 1, author_id: 1, title: null },
      { id: 2, author_id: 99, title: null },
    ]);
    expect(rowsOf(db, "SELECT name FROM sqlite_schema WHERE name LIKE 'schemaguard_new_%'")).toEqual([]);
    expect(rowsOf(db, 'SELECT version FROM schemaguard_migrations ORDER BY version')).toEqual([
      { version: '0001' },
      { version: '0002' },
    ]);
  });

  it('runs the same migrations on libSQL (a local file through @libsql/client), the rebuild included', async () => {
    const { folder, db } = project({ '0001_author.sql': AUTHOR, '0002_book.sql': BOOK });
    // A rebuild of the parent table, as the planner writes it, then a migration that fails.
    const from = await introspect(sqliteFileWith(AUTHOR + BOOK, folder, 'from.db'));
    sqliteFileWith(
      "CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'anonymous');\n" +
        'CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id), title TEXT);\n',
      folder,
      'target.db',
    );
    const target = await introspect(join(folder, 'target.db'));
    const { plan } = migration(sqlite, from, target);
    writeFileSync(join(folder, 'migrations', '0003_rebuild.sql'), renderPlanSql(plan, 'rebuild'));
    writeFileSync(
      join(folder, 'migrations', '0004_bad.sql'),
      'CREATE TABLE t (id INTEGER);\nINSERT INTO nowhere VALUES (1);\n',
    );
    const folderRead = await readMigrationFolder(join(folder, 'migrations'), 'plain', folder, sqlite.lexer);
    expect(folderRead.migrations[2]?.transactional).toBe(true);
    const connection = sqliteConnection(await openLibsql(`file:${db}`, undefined), 'libsql', sqlite);
    try {
      await expect(applyMigrations(connection, folderRead.migrations)).rejects.toThrow(
        /0004_bad\.sql, line 2 \(INSERT INTO nowhere VALUES \(1\)\), failed: .*no such table: nowhere; the migration was not applied\./,
      );
      expect(await connection.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await connection.close();
    }
    expect(rowsOf(db, 'SELECT version FROM schemaguard_migrations ORDER BY version')).toEqual(
      ['0001', '0002', '0003'].map((version) => ({ version })),
    );
    expect(rowsOf(db, "SELECT name FROM sqlite_schema WHERE name = 't'")).toEqual([]);
    expect(rowsOf(db, 'SELECT * FROM book')).toEqual([{ id: 1, author_id: 1, title: null }]);
    expect(rowsOf(db, 'SELECT * FROM pragma_foreign_key_check')).toEqual([]);
    expect(rowsOf(db, "SELECT dflt_value FROM pragma_table_info('author') WHERE name = 'name'")).toEqual([
      { dflt_value: "'anonymous'" },
    ]);
  });

  it('runs a migration with VACUUM statement by statement; repair and check see where it stopped; the retry continues', async () => {
    const { folder, db } = project({ '0001_author.sql': AUTHOR });
    const apply = ['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'];
    expect((await runCli(apply, { cwd: folder })).code).toBe(0);
    sqliteFileWith("INSERT INTO author VALUES (2, 'Ann')", folder, 'app.db');
    writeFileSync(
      join(folder, 'migrations', '0002_tag.sql'),
      'CREATE TABLE tag (id INTEGER PRIMARY KEY);\nVACUUM;\nCREATE UNIQUE INDEX author_name ON author (name);\n',
    );
    const plan = await runCli(['migrate', 'plan', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(plan.stdout).toContain('0002_tag.sql  (not transactional)');
    const failed = await runCli(apply, { cwd: folder });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'line 3 (CREATE UNIQUE INDEX author_name ON author (name)), failed: UNIQUE constraint failed: author.name; statements 1–2 stayed applied (recorded in the history), statement 3 did not run to completion; `schemaguard migrate apply` continues from statement 3.',
    );
    expect(
      rowsOf(db, "SELECT version, success, statements_done FROM schemaguard_migrations WHERE version = '0002'"),
    ).toEqual([{ version: '0002', success: 0, statements_done: 2 }]);
    const status = await runCli(['migrate', 'status', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(status.stdout).toMatch(
      /interrupted 0002 tag .*: 2 of 3 statements done; migrate apply continues from statement 3/,
    );
    const check = await runCli(['check', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(check.stdout).toMatch(/✗ migrations: migration status: .*0002/);
    const repair = await runCli(['migrate', 'repair', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(repair.stdout).toContain('table main.tag');
    sqliteFileWith("UPDATE author SET name = 'Bo' WHERE id = 2", folder, 'app.db');
    const marked = await runCli(['migrate', 'repair', '--db', 'sqlite:./app.db', '--retry', '0002', '--yes'], {
      cwd: folder,
    });
    expect(marked.code, marked.stderr + marked.stdout).toBe(0);
    const retried = await runCli(apply, { cwd: folder });
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stderr).toContain('statement 3');
    expect(rowsOf(db, "SELECT success, statements_done FROM schemaguard_migrations WHERE version = '0002'")).toEqual([
      { success: 1, statements_done: 3 },
    ]);
    const checked = await runCli(['check', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(checked.stdout).toContain('✓ migrations: migration status');
  });

  it('repair finds a migration the history records whose changes are not in the database, and apply runs it again', async () => {
    const { folder, db } = project({ '0001_author.sql': AUTHOR, '0002_book.sql': BOOK });
    const apply = ['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'];
    expect((await runCli(apply, { cwd: folder })).code).toBe(0);
    sqliteFileWith('DROP TABLE book', folder, 'app.db');
    const status = await runCli(['migrate', 'status', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(status.code).toBe(1);
    const repaired = await runCli(['migrate', 'repair', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder });
    expect(repaired.code, repaired.stderr + repaired.stdout).toBe(0);
    expect(repaired.stdout).toContain('0002_book.sql');
    expect((await runCli(apply, { cwd: folder })).code).toBe(0);
    expect(rowsOf(db, 'SELECT count(*) AS n FROM book')).toEqual([{ n: 1 }]);
  });

  it('backs the file up before apply, and rollback --to that backup restores it whole while another connection has it open in WAL mode', async () => {
    const { folder, db } = project({ '0001_author.sql': AUTHOR });
    writeFileSync(
      join(folder, 'schemaguard.config.json'),
      JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'migrations' }, backup: { data: true } }),
    );
    const apply = ['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'];
    expect((await runCli(apply, { cwd: folder })).code).toBe(0);
    // The application's connection, in WAL mode, open throughout.
    const app = new Database(db);
    app.pragma('journal_mode = WAL');
    app.exec("INSERT INTO author VALUES (2, 'Bo')");
    writeFileSync(join(folder, 'migrations', '0002_book.sql'), BOOK);
    const second = await runCli(apply, { cwd: folder });
    expect(second.code, second.stderr).toBe(0);
    const backup = /2\. backup: passed \((\S+\.json), \.sql, (\S+\.db)\)/.exec(second.stderr);
    expect(backup, second.stderr).not.toBeNull();
    const [, snapshot, data] = backup as unknown as [string, string, string];
    expect(rowsOf(join(folder, data), 'SELECT count(*) AS n FROM schemaguard_lock')).toEqual([{ n: 0 }]);
    app.exec("INSERT INTO author VALUES (3, 'Cy'); INSERT INTO book VALUES (2, 3, 'Later')");
    const refused = await runCli(['rollback', '--db', 'sqlite:./app.db', '--to', snapshot, '--yes'], { cwd: folder });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Step 4 (confirm): restoring ${data} replaces every row written since that backup; nothing was applied.`,
    );
    const restored = await runCli(
      ['rollback', '--db', 'sqlite:./app.db', '--to', snapshot, '--yes', '--allow-data-loss'],
      { cwd: folder },
    );
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toContain(`restoring ${data}…`);
    expect(restored.stderr).toContain('6. post-verify: passed');
    // The open connection sees the restored database: the rows and the history of the backup.
    expect(app.prepare('SELECT id, name FROM author ORDER BY id').all()).toEqual([
      { id: 1, name: 'Ann' },
      { id: 2, name: 'Bo' },
    ]);
    expect(app.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'book'").get()).toEqual({ n: 0 });
    expect(app.prepare('SELECT version FROM schemaguard_migrations').all()).toEqual([{ version: '0001' }]);
    expect(app.pragma('integrity_check', { simple: true })).toBe('ok');
    app.close();
    expect(rowsOf(db, 'SELECT count(*) AS n FROM schemaguard_lock')).toEqual([{ n: 0 }]);
    // 0002 is pending again, and applies.
    const again = await runCli(apply, { cwd: folder });
    expect(again.code, again.stderr).toBe(0);
    expect(rowsOf(db, 'SELECT count(*) AS n FROM book')).toEqual([{ n: 1 }]);
  });

  it('rollback --schema-only to a backup brings back the schema and keeps the rows', async () => {
    const { folder, db } = project({ '0001_author.sql': AUTHOR });
    writeFileSync(
      join(folder, 'schemaguard.config.json'),
      JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'migrations' }, backup: { data: true } }),
    );
    const apply = ['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'];
    expect((await runCli(apply, { cwd: folder })).code).toBe(0);
    writeFileSync(join(folder, 'migrations', '0002_tag.sql'), 'CREATE TABLE tag (id INTEGER PRIMARY KEY);\n');
    const second = await runCli(apply, { cwd: folder });
    const [, snapshot] = /2\. backup: passed \((\S+\.json)/.exec(second.stderr) as unknown as [string, string];
    sqliteFileWith("INSERT INTO author VALUES (2, 'Bo')", folder, 'app.db');
    const result = await runCli(
      ['rollback', '--db', 'sqlite:./app.db', '--to', snapshot, '--yes', '--allow-data-loss', '--schema-only'],
      { cwd: folder },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(rowsOf(db, "SELECT count(*) AS n FROM sqlite_schema WHERE name = 'tag'")).toEqual([{ n: 0 }]);
    expect(rowsOf(db, 'SELECT count(*) AS n FROM author')).toEqual([{ n: 2 }]);
  });

  it('rollback to a snapshot undoes a table rebuild in one transaction, rows kept, and marks its migration rolled back', async () => {
    const { folder, db } = project({ '0001_author.sql': AUTHOR, '0002_book.sql': BOOK });
    const apply = ['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'];
    expect((await runCli(apply, { cwd: folder })).code).toBe(0);
    expect((await runCli(['dump', 'sqlite:./app.db', '-o', 'before.json'], { cwd: folder })).code).toBe(0);
    // 0003 makes book.title NOT NULL with a default: a rebuild of the child table.
    sqliteFileWith(
      AUTHOR + BOOK.replace('title TEXT', "title TEXT NOT NULL DEFAULT ''").replace('NULL);', "'');"),
      folder,
      'target.db',
    );
    await runCli(['diff', 'sqlite:./app.db', 'sqlite:./target.db', '-o', 'migrations/0003_title.sql'], { cwd: folder });
    expect((await runCli(apply, { cwd: folder })).code).toBe(0);
    const result = await runCli(
      ['rollback', '--db', 'sqlite:./app.db', '--to', 'before.json', '--yes', '--format', 'json'],
      { cwd: folder },
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { plan: { items: { transactional: boolean }[]; sql: string } };
    expect(report.plan.sql).toContain('PRAGMA foreign_keys = OFF;');
    expect(report.plan.items).toEqual([expect.objectContaining({ transactional: true })]);
    expect(rowsOf(db, 'SELECT id, author_id, title FROM book')).toEqual([{ id: 1, author_id: 1, title: '' }]);
    expect(rowsOf(db, "SELECT \"notnull\" FROM pragma_table_info('book') WHERE name = 'title'")).toEqual([
      { notnull: 0 },
    ]);
    expect(
      rowsOf(
        db,
        "SELECT version FROM schemaguard_migrations WHERE rolled_back_at IS NULL AND kind = 'migration' ORDER BY version",
      ),
    ).toEqual([{ version: '0001' }, { version: '0002' }]);
  });

  it('migrate check replays the migrations and the models on in-memory SQLite shadows, and finds a missing migration', async () => {
    const { folder } = project({ '0001_author.sql': AUTHOR, '0002_book.sql': BOOK });
    writeFileSync(join(folder, 'schema.sql'), AUTHOR + BOOK);
    writeFileSync(
      join(folder, 'schemaguard.config.json'),
      JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'migrations' }, models: 'sql:./schema.sql' }),
    );
    const passed = await runCli(['migrate', 'check'], { cwd: folder });
    expect(passed.code, passed.stdout + passed.stderr).toBe(0);
    writeFileSync(join(folder, 'schema.sql'), `${AUTHOR + BOOK}CREATE INDEX book_title ON book (title);\n`);
    const missing = await runCli(['migrate', 'check'], { cwd: folder });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('book_title');
  });
});
