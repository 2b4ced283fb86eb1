/**
 * Issue 17, a SQLite project end to end, through the command line in-process: a git repository
 * with `dialect: sqlite` in its config, SQL migrations and a real SQLite file as its database.
 * `check` (the pre-deploy checklist), the pre-commit hook, `log`, `snapshot` and `ci github`;
 * and `init` on drizzle and Prisma projects for SQLite (test/fixtures/init/*-sqlite).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/load.js';
import { runCli } from '../../helpers/cli.js';
import { sqliteFileWith, tempFolder } from './helpers.js';

const AUTHOR = 'CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n';
const BOOK =
  'CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id), title TEXT);\nCREATE INDEX book_author ON book (author_id);\n';

function git(dir: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/**
 * A git repository holding a SQLite project: two migrations, a config with the development
 * database `app.db` (built from the migrations), assertions and a SQL check, all committed.
 * `migrations: false` leaves the migration folder out of the config (the database was not
 * migrated by schemaguard, so its history table would say nothing is applied).
 */
function sqliteProject({ migrations = true } = {}): string {
  const dir = tempFolder();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'commit.gpgsign', 'false');
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001_author.sql'), AUTHOR);
  writeFileSync(join(dir, 'migrations', '0002_book.sql'), BOOK);
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    JSON.stringify(
      {
        dialect: 'sqlite',
        environments: { development: { url: 'sqlite:./app.db', branch: 'main' } },
        defaultEnvironment: 'development',
        ...(migrations ? { migrations: { dir: 'migrations' } } : {}),
        assertions: [{ table: 'book', column: 'author_id' }, { foreignKey: 'book.author_id -> author.id' }],
        checks: [{ name: 'an author exists', sql: 'SELECT 1 FROM author LIMIT 1' }],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, '.gitignore'), 'app.db\n');
  sqliteFileWith(`${AUTHOR}${BOOK}INSERT INTO author VALUES (1, 'Ann');`, dir, 'app.db');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'the project');
  return dir;
}

describe('a SQLite project on the command line', () => {
  it('check: the pre-deploy checklist passes on the SQLite file, and fails on a drifted one', async () => {
    const dir = sqliteProject({ migrations: false });
    const baseline = await runCli(['dump', '--env', 'development', '--baseline'], { cwd: dir });
    expect(baseline.code, baseline.stderr).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'baseline');
    const passed = await runCli(['check', '--env', 'development'], { cwd: dir });
    expect(passed.stdout).toMatch(/✓ connectivity: connection: SQLite 3\.\d+/);
    expect(passed.stdout).toMatch(/✓ schema: schema consistency/);
    expect(passed.stdout).toMatch(/✓ assertion: book\.author_id exists/);
    expect(passed.stdout).toMatch(/✓ sql: an author exists: returned a row/);
    expect(passed.stdout).toContain('PASSED');
    expect(passed.code, passed.stdout + passed.stderr).toBe(0);

    sqliteFileWith('ALTER TABLE book DROP COLUMN title; ALTER TABLE author ADD COLUMN born INT;', dir, 'app.db');
    const failed = await runCli(['check', '--env', 'development'], { cwd: dir });
    expect(failed.stdout).toMatch(
      /✗ schema: schema consistency: differs from database_schema\/baseline_schema\.json: \+1 column, -1 column/,
    );
    expect(failed.stdout).toMatch(/✓ assertion: book\.author_id exists/);
    expect(failed.code).toBe(1);
  });

  it('the pre-commit hook: the staged baseline must be the replay of the staged migrations', async () => {
    const dir = sqliteProject();
    expect((await runCli(['dump', 'migrations:', '--baseline'], { cwd: dir })).code).toBe(0);
    git(dir, 'add', '-A');
    const passed = await runCli(['hooks', 'run', 'pre-commit'], { cwd: dir });
    expect(passed.stderr).not.toMatch(/error|✗/);
    expect(passed.code, passed.stdout + passed.stderr).toBe(0);
    git(dir, 'commit', '-q', '--no-verify', '-m', 'baseline');

    writeFileSync(join(dir, 'migrations', '0003_isbn.sql'), 'ALTER TABLE book ADD COLUMN isbn TEXT;\n');
    git(dir, 'add', '-A');
    const stale = await runCli(['hooks', 'run', 'pre-commit'], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(`${stale.stdout}${stale.stderr}`).toContain('main.book');
    expect(`${stale.stdout}${stale.stderr}`).toContain('isbn');
  });

  it("log: the baseline's history from git names what each commit changed", async () => {
    const dir = sqliteProject();
    expect((await runCli(['dump', 'migrations:', '--baseline'], { cwd: dir })).code).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'baseline');
    writeFileSync(join(dir, 'migrations', '0003_isbn.sql'), 'ALTER TABLE book ADD COLUMN isbn TEXT;\n');
    expect((await runCli(['dump', 'migrations:', '--baseline'], { cwd: dir })).code).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'isbn');
    const log = await runCli(['log'], { cwd: dir });
    expect(log.stderr).toBe('');
    expect(log.code).toBe(0);
    const lines = log.stdout.split('\n');
    expect(lines.find((l) => l.includes('isbn'))).toMatch(/\+1 column/);
    const table = await runCli(['log', '--table', 'book', '--patch'], { cwd: dir });
    expect(table.stdout).toContain('+ column isbn');
  });

  it('snapshot: keeps versioned snapshots of the SQLite file and lists what changed between them', async () => {
    const dir = sqliteProject();
    const first = await runCli(['snapshot', '--env', 'development'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    sqliteFileWith('CREATE TABLE tag (id INTEGER PRIMARY KEY);', dir, 'app.db');
    expect((await runCli(['snapshot', '--env', 'development'], { cwd: dir })).code).toBe(0);
    const files = readdirSync(join(dir, 'database_schema', 'snapshots', 'development'));
    expect(files).toHaveLength(2);
    const snapshot = JSON.parse(
      readFileSync(join(dir, 'database_schema', 'snapshots', 'development', files.sort()[1] ?? ''), 'utf8'),
    ) as { dialect: string };
    expect(snapshot.dialect).toBe('sqlite');
    const list = await runCli(['snapshot', '--list', '--env', 'development'], { cwd: dir });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/\+1 table/);
  });

  it('ci github: the workflow has no service container; the job makes an empty SQLite file', async () => {
    const dir = sqliteProject();
    const result = await runCli(['ci', 'github'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(dir, '.github', 'workflows', 'schema-verification.yml'), 'utf8');
    const job = (
      parse(text) as {
        jobs: Record<string, { services?: unknown; env: Record<string, string>; steps: { run?: string }[] }>;
      }
    ).jobs['schema-verification'];
    expect(job?.services).toBeUndefined();
    expect(text).not.toContain('services:');
    expect(job?.env.DATABASE_URL).toBe('sqlite:./schemaguard-ci.db');
    expect(job?.env.SCHEMAGUARD_SHADOW_URL).toBeUndefined();
    const runs = job?.steps.map((s) => s.run ?? '') ?? [];
    const touch = runs.findIndex((r) => r === 'touch schemaguard-ci.db\n');
    const apply = runs.findIndex((r) => r.includes('migrate apply'));
    expect(touch).toBeGreaterThan(0);
    expect(apply).toBeGreaterThan(touch);
    // The report of the change, beside the job's file, and the pull-request comment, as for a server's engine.
    expect(runs.at(-3)).toContain(
      'npx schemaguard report "$DATABASE_URL" --against "$against" -o schemaguard-report.html\n',
    );
    expect(runs.at(-1)).toContain('npx schemaguard compare "$against" "$DATABASE_URL" --strict --format markdown');
    const engine = await runCli(['ci', 'github', '--force', '--engine', 'mysql'], { cwd: dir });
    expect(engine.code).toBe(2);
    expect(engine.stderr).toBe(
      'schemaguard: --engine chooses the service container, and a SQLite project needs none: leave it out.\n',
    );
  });
});

describe('check on a SQLite file that schemaguard did not migrate', () => {
  it('the migration status reads its history as empty: every table is drift', async () => {
    const dir = sqliteProject();
    const result = await runCli(['check', '--env', 'development', '--allow-pending'], { cwd: dir });
    expect(result.stdout).toContain(
      '✗ migrations: migration status: drift: the database has table main.author, which no applied migration makes',
    );
    expect(result.code).toBe(1);
  });
});

/** A git repository holding a copy of an init fixture, where `schemaguard` and the ORMs' packages resolve. */
function initProject(fixture: string, files: Record<string, string> = {}): string {
  const dir = tempFolder();
  cpSync(resolve('test/fixtures/init', fixture), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(resolve('.'), join(dir, 'node_modules', 'schemaguard'));
  for (const name of ['drizzle-orm', 'drizzle-kit', 'jiti']) {
    symlinkSync(resolve('node_modules', name), join(dir, 'node_modules', name));
  }
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

describe('init on a SQLite project', () => {
  it("drizzle with dialect 'sqlite': the sqlite dialect, its file as the development database, the models and migrations", async () => {
    const dir = initProject('drizzle-sqlite');
    const result = await runCli(['init', '--yes'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/; SQLite database \(dialect 'sqlite' in drizzle\.config\.ts\)\.$/m);
    expect(result.stdout).toMatch(
      /^Created schemaguard\.config\.ts: sqlite, development sqlite:\.\/local\.db, drizzle:\.\/src\/db\/schema\.ts, migrations drizzle \(drizzle\)\.$/m,
    );
    const text = readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8');
    expect(text).toContain("  dialect: 'sqlite',\n");
    expect(text).toContain("    development: { url: 'sqlite:./local.db' },\n");
    expect(text).not.toContain('shadow:');
    const config = await loadConfig({ cwd: dir });
    expect(config.dialect).toBe('sqlite');
    expect(config.environments.development?.url).toBe('sqlite:./local.db');
    expect(config.models).toBe(`drizzle:${join(dir, 'src', 'db', 'schema.ts')}`);
    expect(config.migrations).toEqual({ dir: join(dir, 'drizzle'), format: 'drizzle' });

    // The config works: the file drizzle's migrations built matches the models.
    sqliteFileWith(
      readFileSync(join(dir, 'drizzle', '0000_init.sql'), 'utf8').replaceAll('--> statement-breakpoint', ''),
      dir,
      'local.db',
    );
    const verify = await runCli(['verify'], { cwd: dir });
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toContain('No differences.');
    expect(verify.code).toBe(0);
  });

  it('then the pre-commit hook: a model change without a migration is refused, with the SQL it needs', async () => {
    const dir = initProject('drizzle-sqlite');
    git(dir, 'config', 'user.email', 'test@example.com');
    git(dir, 'config', 'user.name', 'Test');
    expect((await runCli(['init', '--yes'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['dump', 'migrations:', '--baseline'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n', { flag: 'a' });
    git(dir, 'add', '-A');
    const clean = await runCli(['hooks', 'run', 'pre-commit'], { cwd: dir });
    expect(clean.code, `${clean.stdout}${clean.stderr}`).toBe(0);
    git(dir, 'commit', '-q', '--no-verify', '-m', 'schemaguard');

    const file = join(dir, 'src', 'db', 'schema.ts');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        "name: text('name').notNull(),",
        "name: text('name').notNull(),\n  bio: text('bio'),",
      ),
    );
    git(dir, 'add', '-A');
    const refused = await runCli(['hooks', 'run', 'pre-commit'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(`${refused.stdout}${refused.stderr}`).toContain('ALTER TABLE authors ADD COLUMN bio TEXT;');
  });

  it("drizzle with dialect 'turso' and the file in .env: the sqlite dialect and that file", async () => {
    const dir = initProject('drizzle-sqlite', {
      'drizzle.config.ts':
        "export default {\n  dialect: 'turso',\n  schema: './src/db/schema.ts',\n  out: './drizzle',\n  dbCredentials: { url: process.env.DB_FILE_NAME! },\n};\n",
      '.env': 'DB_FILE_NAME=file:data/app.db\n',
    });
    const result = await runCli(['init', '--yes'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/SQLite database \(dialect 'turso' in drizzle\.config\.ts; DB_FILE_NAME in \.env\)/);
    expect(readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8')).toContain(
      "    development: { url: 'sqlite:./data/app.db' },\n",
    );
  });

  it('Prisma with provider sqlite: the file:./dev.db of the schema is prisma/dev.db, beside the schema', async () => {
    const dir = initProject('prisma-sqlite');
    const result = await runCli(['init', '--yes'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'The development database ./prisma/dev.db does not exist yet: schemaguard never creates one;',
    );
    expect(result.stdout).toMatch(
      /^Found: Prisma schema prisma\/schema\.prisma; prisma migrations in prisma\/migrations; SQLite database \(provider "sqlite" in prisma\/schema\.prisma\)\.$/m,
    );
    expect(result.stdout).toMatch(
      /^Created schemaguard\.config\.ts: sqlite, development sqlite:\.\/prisma\/dev\.db, prisma:\.\/prisma\/schema\.prisma, migrations prisma\/migrations \(prisma\)\.$/m,
    );
    const config = await loadConfig({ cwd: dir });
    expect(config.dialect).toBe('sqlite');
    expect(config.environments.development?.url).toBe('sqlite:./prisma/dev.db');
    expect(config.migrations).toEqual({ dir: join(dir, 'prisma', 'migrations'), format: 'prisma' });
    // migrate check replays Prisma's migrations on an in-memory SQLite database and compares the models.
    const check = await runCli(['migrate', 'check'], { cwd: dir });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });

  it('Prisma with url = env("DATABASE_URL") and the file: URL in .env: still beside the schema', async () => {
    const schema = readFileSync(resolve('test/fixtures/init/prisma-sqlite/prisma/schema.prisma'), 'utf8');
    const dir = initProject('prisma-sqlite', {
      'prisma/schema.prisma': schema.replace('url      = "file:./dev.db"', 'url      = env("DATABASE_URL")'),
      '.env': 'DATABASE_URL="file:./data/dev.db"\n',
    });
    const result = await runCli(['init', '--yes'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /SQLite database \(provider "sqlite" in prisma\/schema\.prisma; DATABASE_URL in \.env\)/,
    );
    expect(readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8')).toContain(
      "    development: { url: 'sqlite:./prisma/data/dev.db' },\n",
    );
  });

  it('a server URL is never written: with --url-env the development database comes from the variable', async () => {
    const dir = initProject('prisma-sqlite');
    const result = await runCli(['init', '--yes', '--url-env', 'APP_DB'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8')).toContain(
      "    development: { urlEnv: 'APP_DB' },\n",
    );
  });
});
