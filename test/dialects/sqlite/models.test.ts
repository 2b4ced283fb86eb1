/**
 * Issue 17, models of SQLite projects: a drizzle `sqlite-core` schema
 * (test/fixtures/drizzle-sqlite/schema.ts) turned into SQLite DDL by drizzle-kit, replayed on an
 * in-memory SQLite database and compared with real SQLite files: one drizzle's own migrator built
 * from the fixture's migrations (what drizzle-kit generated), one written by hand. And a Prisma
 * schema with `provider = "sqlite"` (test/fixtures/prisma-sqlite), whose DDL Prisma's WebAssembly
 * schema engine writes, compared with the file its migration built.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SchemaguardError } from '../../../src/errors.js';
import { drizzleModelBuild } from '../../../src/sources/models/drizzle.js';
import { type PrismaPackages, loadPrismaPackages, prismaModelBuild } from '../../../src/sources/models/prisma.js';
import { runCli } from '../../helpers/cli.js';
import { sqliteFileWith } from './helpers.js';

const FIXTURE = resolve('test/fixtures/drizzle-sqlite');
const PRISMA = resolve('test/fixtures/prisma-sqlite');

/** The fixture's tables as someone would write them by hand: other spelling, same schema. */
const BY_HAND = `
CREATE TABLE authors (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT true,
  created_at INTEGER NOT NULL DEFAULT (unixepoch())
);
CREATE UNIQUE INDEX authors_email_unique ON authors (email);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY NOT NULL,
  author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT 'untitled',
  score REAL,
  cover BLOB,
  CONSTRAINT score_range CHECK (score >= 0)
);
CREATE INDEX posts_title_idx ON posts (title);
CREATE UNIQUE INDEX posts_author_title ON posts (author_id, title);
CREATE VIEW active_authors AS SELECT "id", "name" FROM "authors" WHERE "authors"."active" = 1;
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture project with the project's node_modules, and a config when `config` is given. */
function project(config?: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-sqlite-models-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  if (config) writeFileSync(join(dir, 'schemaguard.config.json'), JSON.stringify(config));
  return dir;
}

/** `app.db` in `dir`, built by drizzle-orm's own migrator from the fixture's migrations. */
async function migratedFile(dir: string): Promise<string> {
  const [{ drizzle }, { migrate }] = await Promise.all([
    import('drizzle-orm/better-sqlite3'),
    import('drizzle-orm/better-sqlite3/migrator'),
  ]);
  const path = join(dir, 'app.db');
  const client = new Database(path);
  try {
    migrate(drizzle({ client }), { migrationsFolder: join(dir, 'migrations') });
  } finally {
    client.close();
  }
  return path;
}

describe('drizzle sqlite-core models', () => {
  it("are SQLite's, told by the module's exports, and drizzle-kit writes SQLite DDL for them", async () => {
    const { dialect, statements } = await drizzleModelBuild(join(FIXTURE, 'schema.ts'));
    expect(dialect).toBe('sqlite');
    expect(statements[0]).toContain('`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL');
    expect(statements).toContain('CREATE UNIQUE INDEX `authors_email_unique` ON `authors` (`email`);');
  });

  it('compare with the file drizzle migrated, and with one written by hand: no differences', async () => {
    const dir = project();
    await migratedFile(dir);
    sqliteFileWith(BY_HAND, dir, 'by-hand.db');
    for (const db of ['sqlite:./app.db', 'sqlite:./by-hand.db']) {
      const result = await runCli(['compare', 'drizzle:./schema.ts', db], { cwd: dir });
      expect(result.stderr, db).toBe('');
      expect(result.stdout, db).toContain('No differences.');
      expect(result.code, db).toBe(0);
    }
  });

  it('verify with dialect sqlite in the config: a drifted file is reported, and --fix writes the SQL', async () => {
    const dir = project({ dialect: 'sqlite', models: 'drizzle:./schema.ts', migrations: { dir: 'migrations' } });
    const db = await migratedFile(dir);
    expect((await runCli(['verify', '--db', 'sqlite:./app.db'], { cwd: dir })).code).toBe(0);
    const drift = new Database(db);
    drift.exec('ALTER TABLE posts ADD COLUMN slug TEXT; DROP INDEX posts_title_idx;');
    drift.close();
    // Both are warnings: --strict makes them fail the run.
    const result = await runCli(['verify', '--db', 'sqlite:./app.db', '--strict'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/main\.posts\n[\s\S]*- column slug/);
    expect(result.stdout).toContain('+ index posts_title_idx');
    const fixed = await runCli(['verify', '--db', 'sqlite:./app.db', '--fix', '-o', 'fix.sql'], { cwd: dir });
    expect(fixed.stderr).toBe('Wrote fix.sql: review it, then apply it with your migration tool.\n');
    const sql = readFileSync(join(dir, 'fix.sql'), 'utf8');
    expect(sql).toContain('ALTER TABLE posts DROP COLUMN slug;');
    expect(sql).toContain('CREATE INDEX posts_title_idx ON posts (title);');
  });

  it('migrate check: the models match the migrations drizzle-kit generated, and a model change is caught', async () => {
    const dir = project({ dialect: 'sqlite', models: 'drizzle:./schema.ts', migrations: { dir: 'migrations' } });
    const same = await runCli(['migrate', 'check'], { cwd: dir });
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    const file = join(dir, 'schema.ts');
    const text = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace("name: text('name').notNull(),", "name: text('name').notNull(),\n  bio: text('bio'),"),
    );
    const changed = await runCli(['migrate', 'check'], { cwd: dir });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('✗ missing-migration: The models differ from the migrations');
    expect(changed.stdout).toContain('ALTER TABLE authors ADD COLUMN bio TEXT;');
  });

  it('exporting sqlite-core and pg-core objects at once: one sentence', async () => {
    const dir = project();
    const file = join(dir, 'mixed.ts');
    writeFileSync(
      file,
      `import { sqliteTable, integer } from 'drizzle-orm/sqlite-core';
import { pgTable, integer as pgInteger } from 'drizzle-orm/pg-core';
export const a = sqliteTable('a', { id: integer('id') });
export const b = pgTable('b', { id: pgInteger('id') });
`,
    );
    const error = await drizzleModelBuild(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaguardError);
    expect((error as Error).message).toBe(
      `The drizzle schema ${file} exports both pg-core and sqlite-core objects: give each engine's models a ref of their own.`,
    );
  });
});

describe('Prisma models with provider = "sqlite"', () => {
  /** A copy of the Prisma fixture project, with `prisma/dev.db` built from its migration. */
  function prismaProject(): string {
    const dir = mkdtempSync(join(tmpdir(), 'sg-sqlite-prisma-'));
    dirs.push(dir);
    cpSync(PRISMA, dir, { recursive: true });
    const migration = readFileSync(join(dir, 'prisma/migrations/20240301090000_init/migration.sql'), 'utf8');
    sqliteFileWith(migration, join(dir, 'prisma'), 'dev.db');
    return dir;
  }

  it("are SQLite's, and Prisma's WebAssembly engine writes the SQL its migration holds", async () => {
    const { dialect, statements } = await prismaModelBuild(join(PRISMA, 'prisma/schema.prisma'));
    expect(dialect).toBe('sqlite');
    expect(statements[0]).toContain('"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT');
    expect(statements).toContain('CREATE UNIQUE INDEX "User_email_key" ON "User"("email");');
  });

  it('need no PGlite adapter: a missing package is named with better-sqlite3 instead', async () => {
    const missingPackage = '@prisma/schema-engine-wasm-not-installed';
    const error = await loadPrismaPackages(() => import(missingPackage) as Promise<PrismaPackages>, 'sqlite').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchemaguardError);
    expect((error as Error).message).toBe(
      'Reading Prisma models needs @prisma/schema-engine-wasm, @prisma/driver-adapter-utils and better-sqlite3: npm i -D @prisma/schema-engine-wasm @prisma/driver-adapter-utils better-sqlite3.',
    );
  });

  it('compare with the database its migration built: no differences; a drift is reported', async () => {
    const dir = prismaProject();
    const same = await runCli(['compare', 'prisma:./prisma/schema.prisma', 'sqlite:./prisma/dev.db'], { cwd: dir });
    expect(same.stderr).toBe('');
    expect(same.stdout).toContain('No differences.');
    expect(same.code).toBe(0);
    sqliteFileWith(
      'DROP INDEX Post_title_idx; ALTER TABLE User ADD COLUMN nickname TEXT;',
      join(dir, 'prisma'),
      'dev.db',
    );
    const drifted = await runCli(['compare', 'prisma:./prisma/schema.prisma', 'sqlite:./prisma/dev.db', '--strict'], {
      cwd: dir,
    });
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toContain('- index Post_title_idx');
    expect(drifted.stdout).toContain('+ column nickname');
  });

  it('migrate check: the models match the replay of the Prisma migrations', async () => {
    const dir = prismaProject();
    writeFileSync(
      join(dir, 'schemaguard.config.json'),
      JSON.stringify({
        dialect: 'sqlite',
        models: 'prisma:./prisma/schema.prisma',
        migrations: { dir: 'prisma/migrations' },
      }),
    );
    const result = await runCli(['migrate', 'check'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
