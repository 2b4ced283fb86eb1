import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'django-lms');

/** A git repository with the given files (or a copy of a folder), where `schemaguard` resolves. */
function project(files: Record<string, string> = {}, copyOf?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-init-django-'));
  if (copyOf) cpSync(copyOf, dir, { recursive: true, filter: (path) => !path.includes('__pycache__') });
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

const MANAGE = (settings: string) =>
  `import os\nimport sys\n\nif __name__ == '__main__':\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${settings}")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n`;

describe('schemaguard init detects a Django project', () => {
  it('the example: manage.py, its settings module, the apps, the engine; the config loads with the django block', async () => {
    const dir = project({}, EXAMPLE);
    // The example's own config is what init would replace: start without it.
    rmSync(join(dir, 'schemaguard.config.ts'));
    const result = await init(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^Found: Django project manage\.py \(settings lms\.settings; apps content, courses; database postgresql\)\.$/m,
    );
    expect(result.stdout).toMatch(
      /Created schemaguard\.config\.ts: postgres, development from \$DATABASE_URL, django:, Django's migrations \(django_migrations, python manage\.py migrate\)\./,
    );
    expect(result.stdout).toMatch(/npx schemaguard dump --baseline django:\n/);
    const text = readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8');
    expect(text).toMatch(/\n {2}django: \{ manage: 'manage\.py', settings: 'lms\.settings' \},\n/);
    expect(text).toMatch(/\n {2}models: 'django:',\n/);
    expect(text).toMatch(/Django's migrations \(apps content, courses\), recorded in django_migrations/);
    const config = await loadConfig({ cwd: dir });
    expect(config.django).toEqual({ manage: join(dir, 'manage.py'), settings: 'lms.settings' });
    expect(config.models).toBe('django:');
    expect(config.migrations).toEqual({ dir, table: 'django_migrations', command: 'python manage.py migrate' });
    expect(config.dialect).toBe('postgres');
  });

  it('manage.py in a folder, a settings package with star imports, app configs and the URL variable the settings read', async () => {
    const dir = project({
      'backend/manage.py': MANAGE('config.settings.dev'),
      'backend/config/__init__.py': '',
      'backend/config/settings/__init__.py': '',
      'backend/config/settings/base.py': [
        'import dj_database_url',
        '# INSTALLED_APPS = ["commented.out"]',
        'INSTALLED_APPS = (',
        "    'django.contrib.auth',",
        "    'django.contrib.contenttypes',",
        "    'apps.blog.apps.BlogConfig',",
        ')',
        "DATABASES = {'default': dj_database_url.config(env='APP_DATABASE_URL', engine='django.db.backends.postgresql')}",
        '',
      ].join('\n'),
      'backend/config/settings/dev.py':
        "from .base import *\n\nINSTALLED_APPS += ['debug_toolbar', 'shop', 'notes.NotesConfig']\nDEBUG = True\n",
      'backend/apps/__init__.py': '',
      'backend/apps/blog/__init__.py': '',
      'backend/apps/blog/migrations/0001_initial.py': '',
      'backend/notes/__init__.py': '',
      'backend/shop/__init__.py': '',
    });
    const result = await init(dir, '--yes');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /Found: Django project backend\/manage\.py \(settings config\.settings\.dev; apps apps\.blog, shop, notes; database postgresql\)\./,
    );
    const config = await loadConfig({ cwd: dir });
    expect(config.environments.development).toEqual({ urlEnv: 'APP_DATABASE_URL' });
    expect(config.django).toEqual({ manage: join(dir, 'backend', 'manage.py'), settings: 'config.settings.dev' });
    expect(config.migrations).toEqual({
      dir: join(dir, 'backend'),
      table: 'django_migrations',
      command: 'python backend/manage.py migrate',
    });
  });

  it('a settings module without manage.py runs Django through python -m django', async () => {
    const dir = project({
      'site_config/__init__.py': '',
      'site_config/settings.py': "INSTALLED_APPS = ['django.contrib.auth', 'notes']\n",
      'notes/__init__.py': '',
    });
    const result = await init(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Found: Django project settings site_config\.settings \(apps notes\)\./);
    const config = await loadConfig({ cwd: dir });
    expect(config.migrations?.command).toBe('python -m django migrate --settings=site_config.settings');
    expect(readFileSync(join(dir, 'schemaguard.config.ts'), 'utf8')).toMatch(
      /\n {2}django: \{ settings: 'site_config\.settings' \},\n/,
    );
  });

  it("says in one sentence when the settings' engine is not one schemaguard has, and writes a config for the default", async () => {
    const dir = project({
      'manage.py': MANAGE('mysite.settings'),
      'mysite/__init__.py': '',
      'mysite/settings.py':
        "INSTALLED_APPS = ['polls']\nDATABASES = {'default': {'ENGINE': 'django.db.backends.oracle', 'NAME': 'x'}}\n",
    });
    const result = await init(dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      'The Django settings use django.db.backends.oracle, which schemaguard does not support yet (it supports postgres, mysql, sqlite): the config is written for postgres.\n',
    );
    expect((await loadConfig({ cwd: dir })).dialect).toBe('postgres');
  });

  it('--models: none keeps the Django project and its migrations with the models left as a comment; django:PATH must name a file', async () => {
    const files = { 'manage.py': MANAGE('mysite.settings'), 'mysite/__init__.py': '', 'mysite/settings.py': '' };
    const none = project(files);
    const withFolder = await init(none, '--models', 'none', '--migrations', 'sql');
    expect(withFolder.code, withFolder.stderr).toBe(0);
    expect(withFolder.stderr).toMatch(
      /^--migrations was not applied: a Django project's migrations are Django's, run by python manage\.py migrate\.$/m,
    );
    expect(readFileSync(join(none, 'schemaguard.config.ts'), 'utf8')).toMatch(/\n {2}\/\/ models: 'django:',\n/);
    const config = await loadConfig({ cwd: none });
    expect(config.models).toBeUndefined();
    expect(config.django).toEqual({ manage: join(none, 'manage.py'), settings: 'mysite.settings' });
    expect(config.migrations?.command).toBe('python manage.py migrate');

    const bad = project(files);
    const result = await init(bad, '--models', 'django:./nope/manage.py');
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(
      /The models django:\.\/nope\/manage\.py name \.\/nope\/manage\.py, which is not a file/,
    );
    expect(readdirSync(bad).sort()).toEqual(['.git', 'manage.py', 'mysite', 'node_modules']);

    const elsewhere = await init(project({ 'src/index.ts': 'export {};\n' }), '--models', 'django:');
    expect(isOneSentenceError(elsewhere), elsewhere.stderr).toBe(true);
    expect(elsewhere.stderr).toMatch(/The models django: need a Django project here, and there is no manage\.py/);

    const explicit = project(files);
    expect((await init(explicit, '--models', 'django:./manage.py')).code).toBe(0);
    expect(readFileSync(join(explicit, 'schemaguard.config.ts'), 'utf8')).toMatch(
      /\n {2}models: 'django:\.\/manage\.py',\n/,
    );
  });
});
