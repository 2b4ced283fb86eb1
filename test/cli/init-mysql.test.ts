import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { runCli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'init');

/** A git repository holding a copy of a fixture project (and more files), where `schemaguard` resolves. */
function project(fixture: string | undefined, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-init-mysql-'));
  if (fixture) cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'schemaguard'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const init = (dir: string, ...flags: string[]) => runCli(['init', ...flags], { cwd: dir });

/** The shadow note of a MySQL config, commented out: MySQL has no embedded database. */
const SHADOW_COMMENT =
  /\n {2}\/\/ MySQL has no embedded database: [^\n]*\n {2}\/\/ [^\n]*\n {2}\/\/ shadow: 'mysql:\/\/user@host:3306\/database',\n/;

/** Runs init with no questions; returns its output and the config it wrote, loaded. */
async function initialized(dir: string, ...flags: string[]) {
  const result = await init(dir, '--yes', ...flags);
  expect(result.code, result.stderr).toBe(0);
  const text = readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8');
  return { result, text, config: await loadConfig({ cwd: dir }) };
}

describe('schemaguard init detects a MySQL or MariaDB project', () => {
  it("Prisma with provider mysql: the mysql dialect, Prisma's models and migrations, a shadow server to name", async () => {
    const dir = project('prisma-mysql');
    const { result, text, config } = await initialized(dir);
    expect(result.stdout).toMatch(
      /^Found: Prisma schema prisma\/schema\.prisma; prisma migrations in prisma\/migrations; MySQL database \(provider "mysql" in prisma\/schema\.prisma; DATABASE_URL in \.env\)\.$/m,
    );
    // The URL in .env holds a password: init names the variable, never the URL.
    expect(result.stdout).not.toContain('app:app');
    expect(result.stdout).toMatch(
      /^Created schemaguard\.config\.ts: mysql, development from \$DATABASE_URL, prisma:\.\/prisma\/schema\.prisma, migrations prisma\/migrations \(prisma\)\.$/m,
    );
    expect(result.stdout).toMatch(
      /^MySQL has no embedded database for the shadow databases: set shadow: in schemaguard\.config\.ts to a server URL/m,
    );
    expect(text).toMatch(/\n {2}dialect: 'mysql',\n/);
    expect(text).toMatch(SHADOW_COMMENT);
    expect(config.dialect).toBe('mysql');
    expect(config.models).toBe(`prisma:${join(dir, 'prisma', 'schema.prisma')}`);
    expect(config.migrations).toEqual({ dir: join(dir, 'prisma', 'migrations'), format: 'prisma' });
    expect(config.shadow).toBeUndefined();
  });

  it("drizzle with dialect 'mysql': the mysql dialect, the drizzle schema and its migration folder", async () => {
    const dir = project('drizzle-mysql');
    const { result, config } = await initialized(dir);
    expect(result.stdout).toMatch(/; MySQL database \(dialect 'mysql' in drizzle\.config\.ts\)\.$/m);
    expect(config.dialect).toBe('mysql');
    expect(config.models).toBe(`drizzle:${join(dir, 'src', 'db', 'schema.ts')}`);
    expect(config.migrations).toEqual({ dir: join(dir, 'drizzle'), format: 'drizzle' });
  });

  it("knex with client 'mysql2': the mysql dialect, and the knex migrations left to knex", async () => {
    const dir = project('knex-mysql2');
    const { result, text, config } = await initialized(dir);
    expect(result.stdout).toMatch(
      /^Found: knex migrations in db\/migrations \(knexfile\.ts\); MySQL database \(client 'mysql2' in knexfile\.ts\)\.$/m,
    );
    expect(config.dialect).toBe('mysql');
    expect(config.migrations).toBeUndefined();
    expect(text).toMatch(/migrations\.command: 'npx knex migrate:latest'/);
    expect(text).toMatch(SHADOW_COMMENT);
  });

  it('docker-compose.yml with a mariadb image: the mysql dialect (MariaDB is one of its servers), the SQL migrations', async () => {
    const dir = project('compose-mariadb');
    const { result, config } = await initialized(dir);
    expect(result.stdout).toMatch(
      /^Found: plain migrations in migrations; MySQL database \(image mariadb:10\.11 in docker-compose\.yml\)\.$/m,
    );
    expect(config.dialect).toBe('mysql');
    expect(config.migrations).toEqual({ dir: join(dir, 'migrations'), format: 'plain' });
  });

  it("Sequelize with dialect 'mariadb' in the config .sequelizerc names", async () => {
    const dir = project(undefined, {
      '.sequelizerc':
        "const path = require('path');\n\nmodule.exports = {\n  config: path.resolve('db', 'database.json'),\n};\n",
      'db/database.json': JSON.stringify({ development: { dialect: 'mariadb', host: '127.0.0.1' } }, null, 2),
    });
    const { result, config } = await initialized(dir);
    expect(result.stdout).toMatch(/MySQL database \(dialect 'mariadb' in db\/database\.json\)\.$/m);
    expect(config.dialect).toBe('mysql');
  });

  it('a mysql:// DATABASE_URL in .env, and a Django project whose settings use django.db.backends.mysql', async () => {
    const env = project(undefined, { '.env': "export DATABASE_URL='mysql://root@127.0.0.1:3306/app'\n" });
    expect((await initialized(env)).config.dialect).toBe('mysql');

    const django = project(undefined, {
      'manage.py':
        'import os\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")\n',
      'site_config/__init__.py': '',
      'site_config/settings.py':
        "INSTALLED_APPS = ['shop']\nDATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'NAME': 'shop'}}\n",
      'shop/__init__.py': '',
      'shop/models.py': 'from django.db import models\n',
    });
    const { result, text, config } = await initialized(django);
    expect(result.stdout).toMatch(/database mysql\)/);
    expect(config.dialect).toBe('mysql');
    expect(config.models).toBe('django:');
    expect(text).toMatch(SHADOW_COMMENT);

    // Settings that read the URL from the environment name no engine: the URL in .env does.
    const fromEnv = project(undefined, {
      'manage.py':
        'import os\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")\n',
      'site_config/__init__.py': '',
      'site_config/settings.py':
        "import os\nimport dj_database_url\n\nDATABASES = {'default': dj_database_url.parse(os.environ['APP_DATABASE_URL'])}\n",
      '.env': 'APP_DATABASE_URL=mariadb://shop@db:3306/shop\n',
    });
    const read = await initialized(fromEnv);
    expect(read.result.stdout).toMatch(/; MySQL database \(APP_DATABASE_URL in \.env\)\.$/m);
    expect(read.config.dialect).toBe('mysql');
    expect(read.config.environments.development).toEqual({ urlEnv: 'APP_DATABASE_URL' });
  });

  it('the flag wins over what is found, and a PostgreSQL project gets no shadow note', async () => {
    const dir = project('drizzle-mysql');
    const { result, text, config } = await initialized(dir, '--dialect', 'postgresql');
    expect(config.dialect).toBe('postgres');
    expect(text).not.toMatch(/shadow/);
    expect(result.stdout).not.toMatch(/no embedded database/);

    const postgres = project(undefined, {
      'docker-compose.yml': 'services:\n  db:\n    image: postgres:16-alpine\n',
      '.env': 'DATABASE_URL=postgres://app@localhost:5432/app\n',
    });
    const written = await initialized(postgres);
    // The default engine, proposed anyway: nothing more is said.
    expect(written.result.stdout).toMatch(/^Found nothing to propose/m);
    expect(written.config.dialect).toBe('postgres');
  });
});
