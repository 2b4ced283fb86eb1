import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SchemaguardError } from '../../src/errors.js';
import {
  MIGRATION_FORMATS,
  type MigrationFolder,
  type MigrationFormat,
  detectFormat,
  migrationsUpTo,
  readMigrationFolder,
} from '../../src/migrations/formats.js';
import { writeNewMigration } from '../../src/migrations/writer.js';
import { shadowCacheKey } from '../../src/shadow/cache.js';
import { createServerDatabase, hasServer, openTestServer, postgres } from '../helpers/databases.js';
import type { Connection, SqlLexer } from '../../src/dialects/dialect.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/migrations/', import.meta.url));
const fixture = (format: MigrationFormat) => join(FIXTURES, format);

/** version, name, path and transactional of each migration, in order. */
function summary(folder: MigrationFolder): [string, string, string, boolean][] {
  return folder.migrations.map((m) => [m.version, m.name, m.path, m.transactional]);
}

function sqlOf(folder: MigrationFolder, version: string): string | undefined {
  return folder.migrations.find((m) => m.version === version)?.sql;
}

/** The message of the SchemaguardError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SchemaguardError);
  return (error as Error).message;
}

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temporary folder holding the given files (paths relative to it). */
async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-formats-'));
  temporary.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** A temporary copy of a fixture folder. */
async function copyOf(format: MigrationFormat): Promise<string> {
  const dir = await folderWith({});
  await cp(fixture(format), dir, { recursive: true });
  return dir;
}

describe('reading each format from its fixture', () => {
  it('plain: numeric order, digits as the version, other .sql files ignored', async () => {
    const folder = await readMigrationFolder(fixture('plain'));
    expect(folder.format).toBe('plain');
    expect(folder.path).toBe(fixture('plain'));
    expect(summary(folder)).toEqual([
      ['1', 'create_users', '1_create_users.sql', true],
      ['2', 'create_posts', '2_create_posts.sql', true],
      ['10', 'index_posts_by_author', '10_index_posts_by_author.sql', false],
    ]);
    expect(sqlOf(folder, '10')).toBe(
      '-- Built without blocking writes to posts, so it cannot run in a transaction.\n' +
        'CREATE INDEX CONCURRENTLY posts_author_id_idx ON posts (author_id);\n',
    );
  });

  it('dbmate: file-name order, the up section only, transaction:false honoured', async () => {
    const folder = await readMigrationFolder(fixture('dbmate'));
    expect(folder.format).toBe('dbmate');
    expect(summary(folder)).toEqual([
      ['20240101120000', 'create_accounts', '20240101120000_create_accounts.sql', true],
      ['20240102090000', 'create_invoices', '20240102090000_create_invoices.sql', true],
      ['20240103080000', 'index_invoices_by_account', '20240103080000_index_invoices_by_account.sql', false],
      ['20240104100000', 'add_enterprise_plan', '20240104100000_add_enterprise_plan.sql', false],
    ]);
    expect(sqlOf(folder, '20240101120000')).toBe(
      "-- migrate:up\nCREATE TYPE account_plan AS ENUM ('free', 'team');\n\n" +
        'CREATE TABLE accounts (\n  id serial PRIMARY KEY,\n  name text NOT NULL,\n' +
        "  plan account_plan NOT NULL DEFAULT 'free'\n);\n\n",
    );
    // Comments above `-- migrate:up` are kept, so statement lines are the file's lines.
    expect(sqlOf(folder, '20240104100000')).toBe(
      '-- Adds a plan; PostgreSQL before 12 refused ADD VALUE inside a transaction.\n' +
        "-- migrate:up transaction:false\nALTER TYPE account_plan ADD VALUE 'enterprise';\n\n",
    );
    expect(postgres.lexer.split(sqlOf(folder, '20240104100000') ?? '')).toEqual([
      { sql: "ALTER TYPE account_plan ADD VALUE 'enterprise'", line: 3 },
    ]);
  });

  it('golang-migrate: the .up.sql files, versions as the bigint golang-migrate stores', async () => {
    const folder = await readMigrationFolder(fixture('golang-migrate'));
    expect(folder.format).toBe('golang-migrate');
    expect(summary(folder)).toEqual([
      ['1', 'create_customers', '000001_create_customers.up.sql', true],
      // Runs its own BEGIN … COMMIT, so it is not wrapped in another transaction.
      ['2', 'create_orders', '000002_create_orders.up.sql', false],
      // ALTER TYPE … ADD VALUE runs in a transaction on PostgreSQL 12+.
      ['3', 'add_refunded_status', '000003_add_refunded_status.up.sql', true],
      ['4', 'index_orders_by_customer', '000004_index_orders_by_customer.up.sql', false],
    ]);
    expect(sqlOf(folder, '3')).toBe("ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';\n");
  });

  it('flyway: dotted versions in numeric order, subfolders scanned, undo and repeatable ignored', async () => {
    const folder = await readMigrationFolder(fixture('flyway'));
    expect(folder.format).toBe('flyway');
    expect(summary(folder)).toEqual([
      ['1', 'create_authors', 'V1__create_authors.sql', true],
      ['1.1', 'create_books', 'V1_1__create_books.sql', true],
      ['1.2', 'Add_author_bio', 'V1.2__Add_author_bio.sql', true],
      ['2', 'index_books_by_author', 'V2__index_books_by_author.sql', false],
      ['10', 'create_reviews', 'reviews/V10__create_reviews.sql', true],
    ]);
    expect(sqlOf(folder, '2')).toBe('CREATE INDEX CONCURRENTLY books_author_id_idx ON books (author_id);\n');
  });

  it('prisma: migration subfolders, given as prisma/ or prisma/migrations/', async () => {
    const expected = [
      ['20240105100000_init', 'init', '20240105100000_init/migration.sql', true],
      ['20240106110000_add_comments', 'add_comments', '20240106110000_add_comments/migration.sql', true],
      [
        '20240107120000_index_post_author',
        'index_post_author',
        '20240107120000_index_post_author/migration.sql',
        false,
      ],
    ];
    for (const given of [fixture('prisma'), join(fixture('prisma'), 'migrations')]) {
      const folder = await readMigrationFolder(given);
      expect(folder.format).toBe('prisma');
      expect(folder.path).toBe(join(fixture('prisma'), 'migrations'));
      expect(summary(folder)).toEqual(expected);
    }
  });

  it("diesel: migration subfolders, the name's version without its dashes, metadata.toml's transaction flag", async () => {
    const folder = await readMigrationFolder(fixture('diesel'));
    expect(folder.format).toBe('diesel');
    expect(summary(folder)).toEqual([
      ['20240301090000', 'create_shelves', '2024-03-01-090000_create_shelves/up.sql', true],
      // run_in_transaction = false, on a statement that could run in one.
      ['20240302100000', 'create_items', '2024-03-02-100000_create_items/up.sql', false],
      ['20240303110000', 'index_items_shelf', '2024-03-03-110000_index_items_shelf/up.sql', false],
    ]);
    expect(folder.migrations[1]?.declaredTransactional).toBe(false);
    expect(sqlOf(folder, '20240301090000')).toMatch(/^CREATE TABLE shelves/);
    expect(migrationsUpTo(folder, '20240302100000').map((m) => m.name)).toEqual(['create_shelves', 'create_items']);
  });

  it('drizzle: journal order, the tag as the version, statement breakpoints kept', async () => {
    const folder = await readMigrationFolder(fixture('drizzle'));
    expect(folder.format).toBe('drizzle');
    expect(summary(folder)).toEqual([
      ['0000_warm_falcon', 'warm_falcon', '0000_warm_falcon.sql', true],
      ['0001_bright_tiger', 'bright_tiger', '0001_bright_tiger.sql', true],
      ['0002_members_email_index', 'members_email_index', '0002_members_email_index.sql', false],
    ]);
    const first = sqlOf(folder, '0000_warm_falcon') ?? '';
    expect(first).toContain('--> statement-breakpoint');
    expect(postgres.lexer.split(first).map((s) => s.line)).toEqual([1, 7, 13]);
  });

  it.each(MIGRATION_FORMATS)('%s: sql is the file as read and checksum its sha256', async (format) => {
    const folder = await readMigrationFolder(fixture(format));
    for (const m of folder.migrations) {
      if (format !== 'dbmate' && format !== 'liquibase') {
        expect(m.sql).toBe(readFileSync(join(folder.path, m.path), 'utf8'));
      }
      expect(m.checksum).toBe(createHash('sha256').update(m.sql).digest('hex'));
    }
  });

  it('golang-migrate: no down SQL in the migrations', async () => {
    const folder = await readMigrationFolder(fixture('golang-migrate'));
    expect(folder.migrations.map((m) => m.sql).join('')).not.toMatch(/DROP/);
  });
});

describe('detectFormat', () => {
  it.each(MIGRATION_FORMATS)('detects %s from its fixture', async (format) => {
    expect(await detectFormat(fixture(format))).toBe(format);
  });

  it('prefers flyway, then golang-migrate, then dbmate, then plain', async () => {
    const plain = { '1_a.sql': 'SELECT 1;' };
    const dbmate = { ...plain, '2_b.sql': '-- migrate:up\nSELECT 2;\n' };
    const golang = { ...dbmate, '3_c.up.sql': 'SELECT 3;' };
    const flyway = { ...golang, 'V4__d.sql': 'SELECT 4;' };
    expect(await detectFormat(await folderWith(plain))).toBe('plain');
    expect(await detectFormat(await folderWith(dbmate))).toBe('dbmate');
    expect(await detectFormat(await folderWith(golang))).toBe('golang-migrate');
    expect(await detectFormat(await folderWith(flyway))).toBe('flyway');
  });

  it('refuses a missing folder, an empty one and an unknown layout, naming the folder', async () => {
    const missing = join(tmpdir(), 'sg-formats-does-not-exist');
    expect(await failure(detectFormat(missing))).toBe(
      `The migrations folder ${missing} does not exist: check the path.`,
    );
    const empty = await folderWith({});
    expect(await failure(detectFormat(empty))).toMatch(`The migrations folder ${empty} is empty`);
    const unknown = await folderWith({ 'schema.sql': 'SELECT 1;', 'notes.txt': '' });
    expect(await failure(detectFormat(unknown))).toMatch(
      `Cannot tell which migration tool the folder ${unknown} belongs to`,
    );
  });
});

describe('readMigrationFolder errors', () => {
  it('refuses a folder that does not exist, or a file', async () => {
    const missing = join(tmpdir(), 'sg-formats-does-not-exist');
    expect(await failure(readMigrationFolder(missing, 'plain'))).toMatch(/does not exist/);
    const file = join(fixture('plain'), '1_create_users.sql');
    expect(await failure(readMigrationFolder(file))).toMatch(/is a file, not a migrations folder/);
  });

  it('refuses an unknown layout', async () => {
    const dir = await folderWith({ 'schema.sql': 'SELECT 1;' });
    expect(await failure(readMigrationFolder(dir))).toMatch(/Cannot tell which migration tool/);
  });

  it.each([
    ['plain', { '1_a.sql': 'SELECT 1;', '01_b.sql': 'SELECT 2;' }, '01_b.sql and 1_a.sql'],
    ['dbmate', { '1_a.sql': '-- migrate:up\n', '1-b.sql': '-- migrate:up\n' }, '1-b.sql and 1_a.sql'],
    ['golang-migrate', { '1_a.up.sql': '', '001_b.up.sql': '' }, '001_b.up.sql and 1_a.up.sql'],
    ['flyway', { 'V1__a.sql': '', 'old/V1.0__b.sql': '' }, 'V1__a.sql and old/V1.0__b.sql'],
  ] as const)('%s: two migrations with one version name both files', async (format, files, named) => {
    const dir = await folderWith(files);
    expect(await failure(readMigrationFolder(dir, format))).toMatch(`have the version`);
    expect(await failure(readMigrationFolder(dir))).toContain(named);
  });

  it('drizzle: a journal entry without its file is named', async () => {
    const dir = await copyOf('drizzle');
    await unlink(join(dir, '0001_bright_tiger.sql'));
    expect(await failure(readMigrationFolder(dir))).toMatch(
      /lists 0001_bright_tiger but 0001_bright_tiger\.sql is not in .*: restore the file/,
    );
  });

  it('drizzle: a .sql file missing from the journal is named', async () => {
    const dir = await copyOf('drizzle');
    await writeFile(join(dir, '0003_stray.sql'), 'SELECT 1;');
    expect(await failure(readMigrationFolder(dir))).toMatch(/^0003_stray\.sql in .* is not in the drizzle journal/);
  });

  it('drizzle: a malformed journal is refused', async () => {
    const dir = await folderWith({ 'meta/_journal.json': '{"entries": [{"idx": 0}]}' });
    expect(await failure(readMigrationFolder(dir))).toMatch(/drizzle journal .* is malformed at entries\.0\.tag/);
    await writeFile(join(dir, 'meta/_journal.json'), '{');
    expect(await failure(readMigrationFolder(dir))).toMatch(/is not valid JSON/);
  });

  it('dbmate: a file without -- migrate:up, or with SQL above it, is named', async () => {
    const missing = await folderWith({ '1_a.sql': '-- migrate:up\nSELECT 1;\n', '2_b.sql': 'SELECT 2;\n' });
    expect(await failure(readMigrationFolder(missing))).toMatch(/^The dbmate migration 2_b\.sql in .* has no/);
    const above = await folderWith({ '1_a.sql': 'SELECT 0;\n-- migrate:up\nSELECT 1;\n' });
    expect(await failure(readMigrationFolder(above, 'dbmate'))).toMatch(/1_a\.sql .* has SQL above/);
  });

  it('plain: a file of another tool is not silently skipped', async () => {
    const golang = await folderWith({ '1_a.up.sql': '', '1_a.down.sql': '' });
    expect(await failure(readMigrationFolder(golang, 'plain'))).toMatch(/looks like a golang-migrate migration/);
    const flyway = await folderWith({ '1_a.sql': '', 'R__views.sql': '' });
    expect(await failure(readMigrationFolder(flyway, 'plain'))).toMatch(/^R__views\.sql .* flyway migration/);
  });

  it('diesel: dot folders are ignored, a folder without up.sql is named, two of one version are refused', async () => {
    const ok = await folderWith({
      '00000000000000_diesel_initial_setup/up.sql': 'SELECT 1;',
      '2024-01-02-000000_b/up.sql': 'SELECT 2;',
      '.git-keep/README.md': '',
    });
    expect(await detectFormat(ok)).toBe('diesel');
    expect((await readMigrationFolder(ok)).migrations.map((m) => m.version)).toEqual([
      '00000000000000',
      '20240102000000',
    ]);
    const missing = await folderWith({ '2024-01-01-000000_a/up.sql': 'SELECT 1;', '2024-01-02-000000_b/down.sql': '' });
    expect(await failure(readMigrationFolder(missing))).toMatch(
      /^The diesel migration 2024-01-02-000000_b in .* has no up\.sql, which diesel refuses/,
    );
    // diesel orders versions as text: a folder named with `_` for `-` (`2024-03-13_170000_c`, version
    // `20240313`, as vaultwarden has one) runs after `20240306170000`, not before every longer version.
    const odd = await folderWith({
      '2024-03-06-170000_a/up.sql': 'SELECT 1;',
      '2024-03-13_170000_c/up.sql': 'SELECT 3;',
      '2024-03-20-170000_d/up.sql': 'SELECT 4;',
    });
    expect((await readMigrationFolder(odd)).migrations.map((m) => [m.version, m.name])).toEqual([
      ['20240306170000', 'a'],
      ['20240313', '170000_c'],
      ['20240320170000', 'd'],
    ]);
    const twice = await folderWith({
      '2024-01-01-000000_a/up.sql': 'SELECT 1;',
      '20240101000000_b/up.sql': 'SELECT 2;',
    });
    expect(await failure(readMigrationFolder(twice))).toMatch(/20240101000000/);
  });

  it('diesel: migrate new writes a timestamped folder with up.sql, down.sql and, outside a transaction, metadata.toml', async () => {
    const dir = await copyOf('diesel');
    const now = new Date('2026-12-07T23:45:06Z');
    const written = await writeNewMigration(
      await readMigrationFolder(dir),
      'Add notes',
      'ALTER TABLE items ADD notes text;',
      {
        now,
      },
    );
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual([
      '2026-12-07-234506_add_notes/up.sql',
      '2026-12-07-234506_add_notes/down.sql',
    ]);
    const concurrent = await writeNewMigration(
      await readMigrationFolder(dir),
      'index',
      'CREATE INDEX CONCURRENTLY i ON items (title);',
      {
        now: new Date('2026-12-08T00:00:00Z'),
        transactional: false,
      },
    );
    expect(concurrent.map((p) => p.slice(dir.length + 1))).toContain('2026-12-08-000000_index/metadata.toml');
    const folder = await readMigrationFolder(dir);
    expect(folder.migrations.slice(-2).map((m) => [m.version, m.name, m.declaredTransactional])).toEqual([
      ['20261207234506', 'add_notes', true],
      ['20261208000000', 'index', false],
    ]);
  });

  it('prisma: a migration folder without migration.sql is named', async () => {
    const dir = await folderWith({ '1_a/migration.sql': 'SELECT 1;', '2_b/README.md': '' });
    expect(await failure(readMigrationFolder(dir))).toMatch(/prisma migration 2_b in .* has no migration\.sql/);
  });

  it('reads a folder with no migrations of a given format as an empty list', async () => {
    const dir = await folderWith({});
    expect((await readMigrationFolder(dir, 'golang-migrate')).migrations).toEqual([]);
  });
});

describe('transactional', () => {
  it('splits and judges the SQL with the lexer of the engine the folder is read for', async () => {
    const dir = await folderWith({ '0001_a.sql': 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);' });
    // An engine whose DDL is split at line ends and never runs in a transaction block.
    const lexer: SqlLexer = {
      ...postgres.lexer,
      split: (sql) => sql.split('\n').map((line, i) => ({ sql: line, line: i + 1 })),
      nonTransactionalStatement: (sql) => ({ sql, line: 1 }),
    };
    expect((await readMigrationFolder(dir)).migrations.map((m) => m.transactional)).toEqual([true]);
    const folder = await readMigrationFolder(dir, undefined, undefined, lexer);
    expect(folder.migrations.map((m) => m.transactional)).toEqual([false]);
    expect(folder.lexer).toBe(lexer);
    const dbmate = await folderWith({ '0001_a.sql': '-- migrate:up\nSELECT 1;\n' });
    await expect(readMigrationFolder(dbmate, 'dbmate', undefined, lexer)).rejects.toThrow(/SQL above its/);
  });

  it('is worked out when first read, and a replay is keyed by what the tool declares and the SQL', async () => {
    const dir = await folderWith({
      '0001_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n',
      '0002_b.sql': '-- migrate:up\nCREATE INDEX CONCURRENTLY b ON a (id);\n',
      '0003_c.sql': '-- migrate:up transaction:false\nCREATE TABLE c (id int);\n',
    });
    let lexed = 0;
    const lexer: SqlLexer = {
      ...postgres.lexer,
      nonTransactionalStatement: (sql) => (lexed++, postgres.lexer.nonTransactionalStatement(sql)),
    };
    const folder = await readMigrationFolder(dir, 'dbmate', undefined, lexer);
    const key = (migrations: MigrationFolder['migrations']) =>
      shadowCacheKey(
        migrations.map((m) => ({
          label: m.path,
          sql: m.sql,
          transactional: true,
          declaredTransactional: m.declaredTransactional,
        })),
        { dialect: postgres },
      );
    const before = key(folder.migrations);
    // Reading a folder and keying its replay (a warm cache's whole use of it) lexes nothing…
    expect(lexed).toBe(0);
    expect(folder.migrations.map((m) => m.declaredTransactional)).toEqual([true, true, false]);
    // …the runner's question does, once per migration.
    expect(folder.migrations.map((m) => m.transactional)).toEqual([true, false, false]);
    expect(folder.migrations.map((m) => m.transactional)).toEqual([true, false, false]);
    expect(lexed).toBe(2);
    // The same SQL declared otherwise is another replay.
    const flipped = folder.migrations.map((m, i) => (i === 0 ? { ...m, declaredTransactional: false } : m));
    expect(key(flipped)).not.toBe(before);
    expect(key(folder.migrations)).toBe(before);
  });

  it('is false for flyway scripts configured with executeInTransaction=false', async () => {
    const dir = await folderWith({
      'V1__a.sql': 'CREATE TABLE a (id int);',
      'V2__b.sql': "ALTER TYPE t ADD VALUE 'x';",
      'V2__b.sql.conf': 'executeInTransaction=false\n',
    });
    expect((await readMigrationFolder(dir)).migrations.map((m) => m.transactional)).toEqual([true, false]);
  });

  it.each([
    'CREATE INDEX CONCURRENTLY i ON t (a)',
    'create unique index concurrently if not exists i on t (a)',
    'DROP INDEX CONCURRENTLY IF EXISTS i',
    'REINDEX (VERBOSE) INDEX CONCURRENTLY i',
    'REINDEX SCHEMA public',
    'REINDEX SYSTEM',
    'VACUUM FULL t',
    'CREATE DATABASE d',
    'DROP DATABASE IF EXISTS d',
    'ALTER DATABASE d SET TABLESPACE pg_default',
    "ALTER SYSTEM SET work_mem = '8MB'",
    "CREATE TABLESPACE ts LOCATION '/data'",
    'DROP TABLESPACE ts',
    'ALTER TABLE ONLY "p" DETACH PARTITION "c" CONCURRENTLY',
    "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p",
    'DROP SUBSCRIPTION s',
    'BEGIN',
    'START TRANSACTION ISOLATION LEVEL SERIALIZABLE',
    'COMMIT',
    'END',
    'ROLLBACK',
  ])('keeps out of a transaction: %s', (statement) => {
    expect(postgres.lexer.nonTransactionalStatement(`SELECT 1;\n/* c */ ${statement};\nSELECT 2;`)).toEqual({
      sql: statement,
      line: 2,
    });
  });

  it.each([
    "ALTER TYPE mood ADD VALUE 'meh'",
    'CREATE INDEX concurrently_named ON t (a)',
    'REINDEX TABLE t',
    'ANALYZE t',
    "COMMENT ON TABLE t IS 'CREATE INDEX CONCURRENTLY'",
    "SELECT 'VACUUM'",
    'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN VACUUM; COMMIT; END $$',
    'ALTER DATABASE d SET default_tablespace = pg_default',
    '-- VACUUM\nSELECT 1',
  ])('may run in a transaction: %s', (statement) => {
    expect(postgres.lexer.nonTransactionalStatement(statement)).toBeUndefined();
  });
});

describe('migrationsUpTo', () => {
  it('returns the migrations up to and including a version, however it is spelled', async () => {
    const versions = (folder: MigrationFolder, version: string) => migrationsUpTo(folder, version).map((m) => m.path);
    const flyway = await readMigrationFolder(fixture('flyway'));
    expect(versions(flyway, '1.2')).toEqual([
      'V1__create_authors.sql',
      'V1_1__create_books.sql',
      'V1.2__Add_author_bio.sql',
    ]);
    expect(versions(flyway, '1.0')).toEqual(['V1__create_authors.sql']);
    const golang = await readMigrationFolder(fixture('golang-migrate'));
    expect(versions(golang, '0002')).toEqual(['000001_create_customers.up.sql', '000002_create_orders.up.sql']);
    const drizzle = await readMigrationFolder(fixture('drizzle'));
    expect(versions(drizzle, '0001_bright_tiger')).toEqual(['0000_warm_falcon.sql', '0001_bright_tiger.sql']);
    expect(versions(drizzle, '0001')).toEqual(['0000_warm_falcon.sql', '0001_bright_tiger.sql']);
    const prisma = await readMigrationFolder(fixture('prisma'));
    expect(migrationsUpTo(prisma, '20240106110000').map((m) => m.name)).toEqual(['init', 'add_comments']);
    const plain = await readMigrationFolder(fixture('plain'));
    expect(migrationsUpTo(plain, '10')).toEqual(plain.migrations);
  });

  it('names nearby versions when the version is not in the folder', async () => {
    const flyway = await readMigrationFolder(fixture('flyway'));
    expect(() => migrationsUpTo(flyway, '1.5')).toThrow(SchemaguardError);
    expect(() => migrationsUpTo(flyway, '1.5')).toThrow(
      /has no migration with the version 1\.5: nearby versions are 1\.1, 1\.2, 2, 10\.$/,
    );
    const drizzle = await readMigrationFolder(fixture('drizzle'));
    expect(() => migrationsUpTo(drizzle, '0001_wrong_name')).toThrow(
      /nearby versions are 0000_warm_falcon, 0001_bright_tiger, 0002_members_email_index\.$/,
    );
    const empty = await readMigrationFolder(await folderWith({}), 'plain');
    expect(() => migrationsUpTo(empty, '1')).toThrow(/has no migrations, so none has the version 1\./);
  });
});

/** SQL that every splitter mistake shows up in; each statement runs on PostgreSQL 14+. */
const TRICKY = String.raw`-- A leading comment; it is not a statement.
CREATE TABLE "odd;table" (id int, note text);
INSERT INTO "odd;table" VALUES (1, 'semi;colon'), (2, 'it''s');
/* outer /* nested; */ still a comment; */
INSERT INTO "odd;table" VALUES (3, E'back\'slash; quote'), (4, 'C:\');
CREATE FUNCTION odd_count() RETURNS bigint LANGUAGE plpgsql AS $body$
BEGIN
  RAISE NOTICE 'counting; %', 'now';
  RETURN (SELECT count(*) FROM "odd;table");
END;
$body$;
--> statement-breakpoint
CREATE FUNCTION add_one(a int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN a IS NULL THEN 0 ELSE a END + 1;
END;
CREATE RULE odd_notify AS ON INSERT TO "odd;table" DO ALSO (NOTIFY odd; NOTIFY even);
SELECT $$a;b$$ AS dollar, $x$ $$; $x$ AS nested /* c; */ -- trailing; comment
;
;;
/* only a comment */ ;
SELECT 1 AS last -- no semicolon at the end
`;

describe('splitStatements', () => {
  it('splits tricky SQL into its statements and their lines', () => {
    expect(postgres.lexer.split(TRICKY)).toEqual([
      { line: 2, sql: 'CREATE TABLE "odd;table" (id int, note text)' },
      { line: 3, sql: `INSERT INTO "odd;table" VALUES (1, 'semi;colon'), (2, 'it''s')` },
      { line: 5, sql: String.raw`INSERT INTO "odd;table" VALUES (3, E'back\'slash; quote'), (4, 'C:\')` },
      {
        line: 6,
        sql: [
          'CREATE FUNCTION odd_count() RETURNS bigint LANGUAGE plpgsql AS $body$',
          'BEGIN',
          "  RAISE NOTICE 'counting; %', 'now';",
          '  RETURN (SELECT count(*) FROM "odd;table");',
          'END;',
          '$body$',
        ].join('\n'),
      },
      {
        line: 13,
        sql: [
          'CREATE FUNCTION add_one(a int) RETURNS int LANGUAGE sql',
          'BEGIN ATOMIC',
          '  SELECT CASE WHEN a IS NULL THEN 0 ELSE a END + 1;',
          'END',
        ].join('\n'),
      },
      { line: 17, sql: 'CREATE RULE odd_notify AS ON INSERT TO "odd;table" DO ALSO (NOTIFY odd; NOTIFY even)' },
      { line: 18, sql: 'SELECT $$a;b$$ AS dollar, $x$ $$; $x$ AS nested' },
      { line: 22, sql: 'SELECT 1 AS last' },
    ]);
  });

  it('drops empty and comment-only input', () => {
    expect(postgres.lexer.split('')).toEqual([]);
    expect(
      postgres.lexer.split(' ;\n-- only; a comment\n/* and /* another; */ */;\n--> statement-breakpoint\n'),
    ).toEqual([]);
  });

  it('counts lines across CRLF line ends and multi-line strings', () => {
    expect(postgres.lexer.split("SELECT 'a\r\nb';\r\n\r\nSELECT 2;")).toEqual([
      { line: 1, sql: "SELECT 'a\r\nb'" },
      { line: 4, sql: 'SELECT 2' },
    ]);
  });

  it('keeps identifiers with $ whole and takes $1 for a parameter, not a dollar quote', () => {
    expect(postgres.lexer.split('SELECT a$b$ FROM t WHERE x = $1; SELECT 2')).toEqual([
      { line: 1, sql: 'SELECT a$b$ FROM t WHERE x = $1' },
      { line: 1, sql: 'SELECT 2' },
    ]);
  });

  it('runs an unterminated string or comment to the end', () => {
    expect(postgres.lexer.split("SELECT 'open; still open\nSELECT 2;")).toEqual([
      { line: 1, sql: "SELECT 'open; still open\nSELECT 2;" },
    ]);
    expect(postgres.lexer.split('SELECT 1; /* open; comment')).toEqual([{ line: 1, sql: 'SELECT 1' }]);
  });
});

/** What each fixture of SQL migrations builds, to check that its migrations ran (sequelize's are JavaScript). */
const BUILT: Record<Exclude<MigrationFormat, 'sequelize'>, { tables: string[]; index: string }> = {
  plain: { tables: ['posts', 'users'], index: 'posts_author_id_idx' },
  dbmate: { tables: ['accounts', 'invoices'], index: 'invoices_account_id_idx' },
  'golang-migrate': { tables: ['customers', 'orders'], index: 'orders_customer_id_idx' },
  flyway: { tables: ['authors', 'books', 'reviews'], index: 'books_author_id_idx' },
  prisma: { tables: ['Comment', 'Post', 'User'], index: 'Post_authorId_idx' },
  diesel: { tables: ['items', 'shelves'], index: 'items_shelf_id_idx' },
  drizzle: { tables: ['members', 'projects', 'teams'], index: 'members_email_idx' },
  liquibase: { tables: ['projects', 'tasks'], index: 'tasks_project_id_idx' },
};

describe.runIf(hasServer())('on a PostgreSQL server', () => {
  /** Runs a test with a fresh database on the test server. */
  async function withDatabase(work: (client: Connection, name: string) => Promise<void>) {
    const database = await createServerDatabase('sgformats');
    const client = await openTestServer(database.url);
    try {
      await work(client, database.name);
    } finally {
      await client.close();
      await database.drop();
    }
  }

  it.each(Object.keys(BUILT) as (keyof typeof BUILT)[])(
    'the %s fixture applies statement by statement',
    async (format) => {
      await withDatabase(async (client) => {
        const folder = await readMigrationFolder(fixture(format));
        for (const migration of folder.migrations) {
          for (const statement of postgres.lexer.split(migration.sql)) await client.exec(statement.sql);
        }
        const tables = await client.query<{ name: string }>(
          'SELECT tablename AS name FROM pg_tables WHERE schemaname = \'public\' ORDER BY tablename COLLATE "C"',
        );
        expect(tables.map((t) => t.name)).toEqual(BUILT[format].tables);
        const indexes = await client.query(
          'SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND i.indisvalid',
          [BUILT[format].index],
        );
        expect(indexes).toHaveLength(1);
      });
    },
  );

  it('runs each statement of the tricky SQL on its own', async () => {
    await withDatabase(async (client) => {
      for (const statement of postgres.lexer.split(TRICKY)) await client.exec(statement.sql);
      const rows = await client.query<{ id: number; note: string }>('SELECT id, note FROM "odd;table" ORDER BY id');
      expect(rows.map((r) => r.note)).toEqual(['semi;colon', "it's", "back'slash; quote", 'C:\\']);
      expect(await client.query('SELECT odd_count()::int AS n, add_one(1) AS m')).toEqual([{ n: 4, m: 2 }]);
    });
  });

  it('refuses in a transaction block exactly the statements kept out of one', async () => {
    await withDatabase(async (client, name) => {
      await client.exec(
        `CREATE TABLE t (a int);
         CREATE TABLE parent (a int) PARTITION BY RANGE (a);
         CREATE TABLE child PARTITION OF parent FOR VALUES FROM (0) TO (10);
         CREATE TYPE mood AS ENUM ('ok');`,
      );
      const statements = [
        'CREATE INDEX CONCURRENTLY t_a_idx ON t (a)',
        'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a_key ON t (a)',
        'DROP INDEX CONCURRENTLY IF EXISTS t_a_idx',
        'REINDEX TABLE CONCURRENTLY t',
        'REINDEX (VERBOSE) SCHEMA public',
        `REINDEX DATABASE ${name}`,
        'VACUUM (ANALYZE) t',
        'CREATE DATABASE sg_never_created',
        'DROP DATABASE IF EXISTS sg_never_created',
        `ALTER DATABASE ${name} SET TABLESPACE pg_default`,
        'ALTER SYSTEM RESET sg.never_set',
        "CREATE TABLESPACE sg_never LOCATION '/nonexistent'",
        'DROP TABLESPACE IF EXISTS sg_never',
        'ALTER TABLE parent DETACH PARTITION child CONCURRENTLY',
        "CREATE SUBSCRIPTION sg_never CONNECTION 'dbname=none' PUBLICATION p",
        "ALTER TYPE mood ADD VALUE 'meh'",
        'CREATE INDEX concurrently_named ON t (a)',
        'REINDEX TABLE t',
        'ANALYZE t',
        "COMMENT ON TABLE t IS 'VACUUM'",
      ];
      for (const statement of statements) {
        await client.exec('BEGIN');
        const error: unknown = await client.exec(statement).then(
          () => undefined,
          (e: unknown) => e,
        );
        await client.exec('ROLLBACK');
        const refused = (error as { code?: string } | undefined)?.code === '25001';
        expect({ statement, refused }).toEqual({
          statement,
          refused: postgres.lexer.nonTransactionalStatement(statement) !== undefined,
        });
        if (!refused) expect({ statement, error }).toEqual({ statement, error: undefined });
      }
    });
  });
});
