/**
 * Issue 16, models of MySQL projects: a drizzle `mysql-core` schema
 * (test/fixtures/drizzle-mysql/schema.ts) is turned into MySQL DDL by drizzle-kit, replayed
 * on a temporary database of the MariaDB test server and compared with databases that
 * drizzle's own migrator built from the fixture's migrations.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaguardError } from '../../../src/errors.js';
import { drizzleModelBuild } from '../../../src/sources/models/drizzle.js';
import { prismaModelDdl } from '../../../src/sources/models/prisma.js';
import { runCli } from '../../helpers/cli.js';
import { countingProxy } from '../../helpers/counting-proxy.js';
import {
  type MysqlTestDatabase,
  MYSQL_URL,
  createMysqlDatabase,
  hasMysqlServer,
} from '../../helpers/mysql-databases.js';

const FIXTURE = resolve('test/fixtures/drizzle-mysql');

/** A copy of the fixture project, with the project's node_modules and a config naming the models and migrations. */
function project(extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-mysql-models-'));
  cpSync(FIXTURE, dir, { recursive: true });
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    JSON.stringify({
      dialect: 'mysql',
      models: 'drizzle:./schema.ts',
      migrations: { dir: 'migrations' },
      cacheDir: mkdtempSync(join(tmpdir(), 'sg-mysql-models-cache-')),
      ...extra,
    }),
  );
  return dir;
}

/** A database built by drizzle's own migrator from the fixture's migrations. */
async function migratedDatabase(): Promise<MysqlTestDatabase> {
  const database = await createMysqlDatabase(undefined, 'sgmodels');
  const [{ drizzle }, { migrate }] = await Promise.all([
    import('drizzle-orm/mysql2'),
    import('drizzle-orm/mysql2/migrator'),
  ]);
  const connection = await createConnection(database.url);
  try {
    await migrate(drizzle(connection), { migrationsFolder: join(FIXTURE, 'migrations') });
  } finally {
    await connection.end();
  }
  return database;
}

/** Adds a column to the project's model, with no migration for it. */
function addBioColumn(dir: string): void {
  const file = join(dir, 'schema.ts');
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(
    "name: varchar('name', { length: 80 }).notNull(),",
    "name: varchar('name', { length: 80 }).notNull(),\n  bio: varchar('bio', { length: 500 }),",
  );
  expect(changed).not.toBe(text);
  writeFileSync(file, changed);
}

describe('drizzle mysql-core models, without a server', () => {
  it("are MySQL's, told by the module's exports, and drizzle-kit writes MySQL DDL for them", async () => {
    const { dialect, statements } = await drizzleModelBuild(join(FIXTURE, 'schema.ts'));
    expect(dialect).toBe('mysql');
    const authors = statements.find((s) => s.startsWith('CREATE TABLE `authors`')) ?? '';
    expect(authors).toContain("`role` enum('reader','writer','editor') NOT NULL DEFAULT 'reader'");
    expect(authors).toContain('ON UPDATE CURRENT_TIMESTAMP');
    expect(statements).toContain(
      'ALTER TABLE `posts` ADD CONSTRAINT `posts_author_id_authors_id_fk` FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON DELETE cascade ON UPDATE restrict;',
    );
  });

  it('exporting pg-core and mysql-core objects at once: one sentence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-mysql-models-mixed-'));
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
    const file = join(dir, 'mixed.ts');
    writeFileSync(
      file,
      `import { mysqlTable, int } from 'drizzle-orm/mysql-core';
import { pgTable, integer } from 'drizzle-orm/pg-core';
export const a = mysqlTable('a', { id: int('id') });
export const b = pgTable('b', { id: integer('id') });
`,
    );
    try {
      const error = await drizzleModelBuild(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaguardError);
      expect((error as Error).message).toBe(
        `The drizzle schema ${file} exports both pg-core and mysql-core objects: give each engine's models a ref of their own.`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a Prisma schema for MySQL: one sentence saying why it is not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-mysql-models-prisma-'));
    const file = join(dir, 'schema.prisma');
    writeFileSync(file, 'datasource db {\n  provider = "mysql"\n}\n\nmodel User {\n  id Int @id\n}\n');
    try {
      const error = await prismaModelDdl(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaguardError);
      expect((error as Error).message).toMatch(
        /^The Prisma schema .* uses the mysql provider, for which Prisma's WebAssembly schema engine writes no DDL [^\n]*\.$/,
      );
      // Said before anything connects: the server named here does not exist.
      const result = await runCli(['compare', 'prisma:./schema.prisma', 'mysql://root@127.0.0.1:1/app'], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`schemaguard: ${(error as Error).message}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(hasMysqlServer())('drizzle mysql-core models on MariaDB', () => {
  const databases: MysqlTestDatabase[] = [];
  const dirs: string[] = [];
  let live: MysqlTestDatabase;

  /** A project directory removed after the tests. */
  function scratchProject(extra?: Record<string, unknown>): string {
    const dir = project(extra);
    dirs.push(dir);
    return dir;
  }

  beforeAll(async () => {
    live = await migratedDatabase();
    databases.push(live);
  });

  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('verify: the database its migrations built matches the models', async () => {
    const result = await runCli(['verify', '--db', live.url], { cwd: scratchProject() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No differences.');
  });

  it('compare drizzle:… mysql://… without a config: the models are replayed on that server', async () => {
    const dir = scratchProject();
    rmSync(join(dir, 'schemaguard.config.json'));
    const result = await runCli(['compare', 'drizzle:./schema.ts', live.url], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No differences.');
  });

  it('SQL of the models that the server refuses: one line naming the model file and line', async () => {
    const dir = scratchProject();
    // drizzle-kit writes `serial AUTO_INCREMENT`, which MariaDB refuses.
    writeFileSync(
      join(dir, 'serial.ts'),
      `import { mysqlTable, serial, varchar } from 'drizzle-orm/mysql-core';
export const tags = mysqlTable('tags', {
  id: serial('id').primaryKey(),
  label: varchar('label', { length: 40 }),
});
`,
    );
    const result = await runCli(['compare', 'drizzle:./serial.ts', live.url], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^schemaguard: the drizzle models of serial\.ts fail on the shadow database: You have an error in your SQL syntax;[^\n]*; the statement for "tags" \(serial\.ts, line 2\) is: CREATE TABLE `tags` \( `id` serial AUTO_INCREMENT[^\n]*\.\n$/,
    );
  });

  it('verify names a drift of the database', async () => {
    const drifted = await migratedDatabase();
    databases.push(drifted);
    await drifted.exec(
      "ALTER TABLE posts MODIFY title varchar(150) NOT NULL; ALTER TABLE authors MODIFY role enum('reader','writer') NOT NULL DEFAULT 'reader'",
    );
    const result = await runCli(['verify', '--db', drifted.url], { cwd: scratchProject() });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/db\.posts\n\s+~ column title\s+type: varchar\(150\) → varchar\(200\) \[breaking\]/);
    expect(result.stdout).toMatch(
      /db\.authors\n\s+~ column role\s+type: enum\('reader','writer'\) → enum\('reader','writer','editor'\)/,
    );
  });

  it('a model change without a migration: caught by migrate check and verify; migrate new --from-models writes it', async () => {
    const dir = scratchProject({ shadow: MYSQL_URL });
    expect((await runCli(['migrate', 'check'], { cwd: dir })).code).toBe(0);
    addBioColumn(dir);

    const check = await runCli(['migrate', 'check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('✗ missing-migration: The models differ from the migrations');
    expect(check.stdout).toContain('ADD COLUMN `bio` varchar(500) NULL AFTER `name`;');
    const verify = await runCli(['verify', '--db', live.url], { cwd: dir });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/db\.authors\n\s+\+ column bio \[breaking\]/);

    const written = await runCli(['migrate', 'new', 'add_bio', '--from-models'], { cwd: dir });
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(readdirSync(join(dir, 'migrations')).filter((f) => f.endsWith('.sql'))).toHaveLength(2);
    const after = await runCli(['migrate', 'check'], { cwd: dir });
    expect(after.stdout).toContain('they match the models');
    expect(after.code).toBe(0);
  });

  it('the second check of unchanged models and migrations contacts no server', async () => {
    const proxy = await countingProxy();
    try {
      const dir = scratchProject({ shadow: `mysql://root@127.0.0.1:${proxy.port}/mysql` });
      const first = await runCli(['migrate', 'check'], { cwd: dir });
      expect(first.code, first.stderr).toBe(0);
      expect(proxy.connections()).toBeGreaterThan(0);
      await proxy.close();
      const second = await runCli(['migrate', 'check'], { cwd: dir });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      // Changed models need the server again, and say it cannot be reached.
      addBioColumn(dir);
      const changed = await runCli(['migrate', 'check'], { cwd: dir });
      expect(changed.code).toBe(2);
      expect(changed.stderr).toMatch(/Cannot connect to MySQL at 127\.0\.0\.1:\d+: connection refused/);
    } finally {
      await proxy.close();
    }
  });
});
