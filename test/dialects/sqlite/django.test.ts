/**
 * A Django project on SQLite (Django's default database): `django:` refs replay the project's
 * own `migrate` on a SQLite file in a temporary folder (Django cannot open this process's
 * in-memory databases), and `verify` compares the models with the project's database file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { DJANGO_PYTHON, djangoProjectFolder, hasDjango, writeDjangoConfig } from '../../helpers/django-project.js';

/** The fixture's settings, with the `default` database the SQLite file DATABASE_URL names (`sqlite:./app.db`). */
const SETTINGS_FROM_URL = `import os
SECRET_KEY = 'test'
INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth', 'people', 'content']
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': os.environ.get('DATABASE_URL', 'sqlite:unused.sqlite3').split(':', 1)[1]}}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
USE_TZ = True
`;

describe.runIf(hasDjango())('a Django project on SQLite', () => {
  it("dumps what the project's migrate makes, verifies its database file and names a drift in it", async () => {
    const dir = djangoProjectFolder();
    writeDjangoConfig(dir, { dialect: 'sqlite', models: 'django:' });

    const dumped = await runCli(['dump', 'django:'], { cwd: dir, env: { SCHEMAGUARD_DEBUG: '1' } });
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(dumped.stderr).toContain('shadow database started (sqlite) for django:');
    const snapshot = JSON.parse(dumped.stdout) as {
      dialect: string;
      schema: { tables: { name: string; columns: { name: string; type: string }[] }[] };
    };
    expect(snapshot.dialect).toBe('sqlite');
    const asset = snapshot.schema.tables.find((table) => table.name === 'asset');
    expect(asset?.columns.map((column) => `${column.name} ${column.type}`)).toEqual([
      'id INTEGER',
      'url varchar(500)',
      'resource_id INTEGER',
    ]);

    // The project's own database, made by its own migrate (the settings name unused.sqlite3).
    const migrate = spawnSync(DJANGO_PYTHON, ['manage.py', 'migrate', '-v0'], { cwd: dir, encoding: 'utf8' });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(existsSync(join(dir, 'unused.sqlite3'))).toBe(true);
    const clean = await runCli(['verify', '--db', 'sqlite:./unused.sqlite3'], { cwd: dir });
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);

    const db = new Database(join(dir, 'unused.sqlite3'));
    db.exec('ALTER TABLE asset ADD COLUMN extra integer; ALTER TABLE asset DROP COLUMN url');
    db.close();
    const drifted = await runCli(['verify', '--db', 'sqlite:./unused.sqlite3'], { cwd: dir });
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(/main\.asset\n {2}- column extra \[warning\]/);
    expect(drifted.stdout).toMatch(/\+ column url \[breaking\]/);
  }, 120_000);

  it("applies the project's migrations to a SQLite file through the protocol, with Django's own migrate", async () => {
    // Settings that take the database from DATABASE_URL, as the migration command is run with it.
    const dir = djangoProjectFolder({ 'lms/settings.py': SETTINGS_FROM_URL });
    writeDjangoConfig(dir, {
      dialect: 'sqlite',
      models: 'django:',
      migrations: { dir: '.', table: 'django_migrations', command: `${DJANGO_PYTHON} manage.py migrate` },
    });
    new Database(join(dir, 'app.db')).close();
    const applied = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/post-verify: passed/);
    const db = new Database(join(dir, 'app.db'), { readonly: true });
    const names = db.prepare("SELECT name FROM django_migrations WHERE app = 'content' ORDER BY id").all();
    db.close();
    expect(names.length).toBeGreaterThan(0);
    const again = await runCli(['verify', '--db', 'sqlite:./app.db'], { cwd: dir });
    expect(again.code, again.stdout).toBe(0);
  }, 120_000);
});
