import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SchemaguardError } from '../../src/errors.js';
import { detectFormat, readMigrationFolder } from '../../src/migrations/formats.js';
import { type MigrationHistory, readHistories } from '../../src/migrations/history.js';
import { migrationStatus } from '../../src/migrations/status.js';
import { filterSchema } from '../../src/schema/filter.js';
import { emptySchema } from '../../src/schema/model.js';
import { toolApplyCommand } from '../../src/migrations/tool-command.js';
import { writeNewMigration } from '../../src/migrations/writer.js';
import { folderWith } from '../helpers/folder.js';
import { openTestPglite, postgres, resetDatabase } from '../helpers/databases.js';
import type { Connection } from '../../src/dialects/dialect.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/migrations/', import.meta.url));

/** A sequelize-cli migration as `migration:generate` writes it, creating a table. */
const sequelizeMigration = (table: string) => `'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('${table}', { id: { type: Sequelize.INTEGER, primaryKey: true } });
  },
  async down(queryInterface) {
    await queryInterface.dropTable('${table}');
  },
};
`;

describe('a sequelize migration folder', () => {
  it('is every script of the folder, named by its file as SequelizeMeta records it, none replayed', async () => {
    const folder = await readMigrationFolder(join(FIXTURES, 'sequelize'));
    expect(folder.format).toBe('sequelize');
    expect(folder.migrations).toEqual([]);
    expect(folder.code).toEqual([
      { version: '20240101120000-create-teams.js', name: 'create-teams', path: '20240101120000-create-teams.js' },
      {
        version: '20240102120000-create-members.js',
        name: 'create-members',
        path: '20240102120000-create-members.js',
      },
    ]);
  });

  it('is told from a folder of knex migrations by `queryInterface`', async () => {
    const sequelize = folderWith({ '20240101120000-a.cjs': sequelizeMigration('a'), 'helper.d.ts': '' });
    expect(await detectFormat(sequelize)).toBe('sequelize');
    const knex = folderWith({ '20240101120000_a.js': 'exports.up = (knex) => knex.schema.createTable("a");\n' });
    expect(await detectFormat(knex)).toBe('plain');
  });

  it('has states from SequelizeMeta: applied, pending, and unknown for a row without a file', async () => {
    const folder = await readMigrationFolder(join(FIXTURES, 'sequelize'));
    const history: MigrationHistory = {
      tool: 'sequelize',
      table: 'public."SequelizeMeta"',
      applied: [
        { tool: 'sequelize', version: '20231201000000-removed.js', success: true },
        { tool: 'sequelize', version: '20240101120000-create-teams.js', success: true },
      ],
    };
    expect(migrationStatus(folder, history, true).map((s) => [s.state, s.version, s.code])).toEqual([
      ['applied', '20240101120000-create-teams.js', true],
      ['pending', '20240102120000-create-members.js', true],
      ['unknown', '20231201000000-removed.js', undefined],
    ]);
  });

  it('is applied by sequelize-cli, and no migration is written into it', async () => {
    const folder = await readMigrationFolder(join(FIXTURES, 'sequelize'));
    expect(toolApplyCommand(folder, FIXTURES)).toBe('npx sequelize-cli db:migrate --migrations-path sequelize');
    const error = await writeNewMigration(folder, 'add users', 'CREATE TABLE users (id int);').catch((e) => e);
    expect(error).toBeInstanceOf(SchemaguardError);
    expect((error as Error).message).toMatch(/sequelize migrations, which are JavaScript: write the migration with/);
  });
});

describe('a Liquibase folder', () => {
  it('lists the changesets of its formatted SQL changelogs, each with the lines of its file', async () => {
    const folder = await readMigrationFolder(join(FIXTURES, 'liquibase'));
    expect(folder.format).toBe('liquibase');
    expect(folder.migrations.map((m) => [m.version, m.name, m.path, m.transactional])).toEqual([
      ['changes/001-projects.sql::1::ana', '1', 'changes/001-projects.sql', true],
      ['changes/001-projects.sql::2::ana', '2', 'changes/001-projects.sql', true],
      // runInTransaction:false, and CREATE INDEX CONCURRENTLY could not run in one anyway.
      ['changes/002-index.sql::tasks-index::Bo Smith', 'tasks-index', 'changes/002-index.sql', false],
    ]);
    const second = folder.migrations[1];
    expect(folder.lexer.split(second?.sql ?? '')).toEqual([
      { sql: expect.stringMatching(/^CREATE TABLE tasks \(/), line: 9 },
      { sql: "INSERT INTO projects (name) VALUES ('first; of many')", line: 14 },
    ]);
    // Rollback lines are not part of the changeset.
    expect(folder.migrations.map((m) => m.sql).join('')).not.toMatch(/DROP TABLE/);
    // The master changelog only includes: it is no changelog of changesets of its own.
    expect(folder.code).toEqual([]);
  });

  it('lists XML and YAML changelogs with changesets as not replayed, and is found by them or its properties', async () => {
    const dir = folderWith({
      'changelog.xml':
        '<databaseChangeLog><changeSet id="1" author="a"><createTable tableName="t"/></changeSet></databaseChangeLog>\n',
      'more/changelog-2.yaml': 'databaseChangeLog:\n  - changeSet:\n      id: 2\n      author: a\n',
      'notes.sql': 'SELECT 1;\n',
    });
    expect(await detectFormat(dir)).toBe('liquibase');
    const folder = await readMigrationFolder(dir);
    expect(folder.migrations).toEqual([]);
    expect(folder.code.map((c) => c.path)).toEqual(['changelog.xml', 'more/changelog-2.yaml']);
    expect(await detectFormat(folderWith({ 'liquibase.properties': 'changeLogFile=x.xml\n', 'x.sql': '' }))).toBe(
      'liquibase',
    );
  });

  it('matches DATABASECHANGELOG rows by id, author and file, never comparing MD5SUM', async () => {
    const folder = await readMigrationFolder(join(FIXTURES, 'liquibase'));
    const row = (version: string, success = true) => ({
      tool: 'liquibase' as const,
      version,
      checksum: '9:0123456789abcdef0123456789abcdef',
      success,
    });
    const history: MigrationHistory = {
      tool: 'liquibase',
      table: 'public.databasechangelog',
      applied: [
        // Recorded with the path it was included by, from the search path above the folder.
        row('classpath:db/changelog/changes/001-projects.sql::1::ana'),
        row('db/changelog/changes/001-projects.sql::2::ana', false),
        row('db/changelog/changes/001-projects.sql::3::ana'),
      ],
    };
    expect(migrationStatus(folder, history, true).map((s) => [s.state, s.version])).toEqual([
      ['applied', 'changes/001-projects.sql::1::ana'],
      ['failed', 'changes/001-projects.sql::2::ana'],
      ['pending', 'changes/002-index.sql::tasks-index::Bo Smith'],
      ['unknown', 'db/changelog/changes/001-projects.sql::3::ana'],
    ]);
  });

  it("lists an XML changelog's rows under its file, as not replayed", async () => {
    const dir = folderWith({
      'changelog.xml':
        '<databaseChangeLog><changeSet id="1" author="a"/><changeSet id="2" author="a"/></databaseChangeLog>',
      'other.yaml': 'databaseChangeLog:\n  - changeSet:\n      id: 1\n',
    });
    const folder = await readMigrationFolder(dir);
    const history: MigrationHistory = {
      tool: 'liquibase',
      table: 'public.databasechangelog',
      applied: [{ tool: 'liquibase', version: 'changelog.xml::1::a', name: 'createTable tableName=t', success: true }],
    };
    expect(migrationStatus(folder, history, true).map((s) => [s.state, s.version, s.path, s.code])).toEqual([
      ['applied', 'changelog.xml::1::a', 'changelog.xml', true],
      ['pending', 'other.yaml', 'other.yaml', true],
    ]);
  });

  it('writes a new migration as a formatted SQL changelog that reads back as one changeset', async () => {
    const dir = folderWith({
      'changelog.sql': '--liquibase formatted sql\n--changeset a:1\nCREATE TABLE t (id int);\n',
    });
    const folder = await readMigrationFolder(dir);
    const now = new Date('2026-01-02T03:04:05Z');
    const [path] = await writeNewMigration(folder, 'Add index', 'CREATE INDEX CONCURRENTLY i ON t (id);', {
      transactional: false,
      now,
    });
    expect(readFileSync(path ?? '', 'utf8')).toBe(
      '--liquibase formatted sql\n\n--changeset schemaguard:20260102030405_add_index runInTransaction:false\nCREATE INDEX CONCURRENTLY i ON t (id);\n',
    );
    const again = await readMigrationFolder(dir);
    expect(again.migrations.map((m) => [m.version, m.transactional])).toEqual([
      ['20260102030405_add_index.sql::20260102030405_add_index::schemaguard', false],
      ['changelog.sql::1::a', true],
    ]);
    expect(toolApplyCommand(again, dir)).toBe('liquibase update');
  });
});

describe('sequelize and Liquibase tables are bookkeeping', () => {
  it('left out of comparisons unless system tables are asked for, in either case Liquibase gives them', () => {
    const names = [
      'SequelizeMeta',
      'databasechangelog',
      'databasechangeloglock',
      'DATABASECHANGELOG',
      'DATABASECHANGELOGLOCK',
      'projects',
    ];
    const schema = { ...emptySchema(), tables: names.map((name) => ({ schema: 'public', name, columns: [] })) };
    expect(filterSchema(schema, {}).tables.map((t) => t.name)).toEqual(['projects']);
    expect(filterSchema(schema, { includeSystemTables: true }).tables).toHaveLength(names.length);
  });
});

describe('sequelize and Liquibase history tables on PGlite', () => {
  let db: Connection;
  beforeAll(async () => {
    db = await openTestPglite();
  });
  beforeEach(async () => {
    await resetDatabase(db);
    await db.exec("SET TimeZone = 'UTC'");
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates SequelizeMeta as sequelize does and reads it in name order', async () => {
    await db.exec(postgres.history.toolTableSql('sequelize') ?? '');
    await db.exec(postgres.history.toolTableSql('sequelize') ?? '');
    const keys = await db.query<{ name: string; type: string }>(
      `SELECT conname AS name, contype::text AS type FROM pg_constraint WHERE conrelid = 'public."SequelizeMeta"'::regclass AND contype IN ('p', 'u') ORDER BY 1`,
    );
    // PostgreSQL keeps one of a UNIQUE and a PRIMARY KEY on the same column declared together.
    expect(keys).toEqual([{ name: 'SequelizeMeta_pkey', type: 'p' }]);
    await db.exec(
      `INSERT INTO "SequelizeMeta" (name) VALUES ('20240102120000-create-members.js'), ('20240101120000-create-teams.js')`,
    );
    expect(await readHistories(db)).toStrictEqual([
      {
        tool: 'sequelize',
        table: 'public."SequelizeMeta"',
        applied: [
          { tool: 'sequelize', version: '20240101120000-create-teams.js', success: true },
          { tool: 'sequelize', version: '20240102120000-create-members.js', success: true },
        ],
      },
    ]);
  });

  it('creates databasechangelog and its lock table as Liquibase does, and reads every EXECTYPE', async () => {
    await db.exec(postgres.history.toolTableSql('liquibase') ?? '');
    expect(await db.query('SELECT id, locked, lockgranted, lockedby FROM databasechangeloglock')).toEqual([
      { id: 1, locked: false, lockgranted: null, lockedby: null },
    ]);
    const insert = (id: string, order: number, type: string) =>
      db.query(
        `INSERT INTO databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, DESCRIPTION, LIQUIBASE, DEPLOYMENT_ID)
         VALUES ($1, 'ana', 'db/changes.sql', '2024-01-01 10:00:00', $2, $3, '9:d41d8cd98f00b204e9800998ecf8427e', 'sql', '4.29.2', '1234567890')`,
        [id, order, type],
      );
    await insert('1', 1, 'EXECUTED');
    await insert('2', 2, 'MARK_RAN');
    await insert('3', 3, 'RERAN');
    await insert('4', 4, 'FAILED');
    await insert('5', 5, 'SKIPPED');
    const [history] = await readHistories(db);
    const applied = (id: string, success: boolean) => ({
      tool: 'liquibase',
      version: `db/changes.sql::${id}::ana`,
      name: 'sql',
      checksum: '9:d41d8cd98f00b204e9800998ecf8427e',
      appliedAt: '2024-01-01T10:00:00.000Z',
      success,
    });
    expect(history).toStrictEqual({
      tool: 'liquibase',
      table: 'public.databasechangelog',
      applied: [applied('1', true), applied('2', true), applied('3', true), applied('4', false)],
    });
  });
});
