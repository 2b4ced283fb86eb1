/**
 * The workflows on a real Django 3.2 project (the example, copied): model changes without a
 * migration reported by verify and migrate check, `verify --app`, `verify --fix` through
 * makemigrations, the seeds' incident found, repaired and applied through Django's migrate
 * inside the protocol (with each migration's sqlmigrate SQL and hazards in the plan), the
 * rollback command, and the sentences for a missing Python and failing settings.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { type TestDatabase, createServerDatabase, hasServer, openTestServer } from '../helpers/databases.js';
import { DJANGO_PYTHON, hasDjango } from '../helpers/django-project.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'django-lms');

const CACHE = mkdtempSync(join(tmpdir(), 'sg-django-wf-cache-'));
afterAll(() => rmSync(CACHE, { recursive: true, force: true }));

/** The example, copied, with a JSON config that runs it with {@link DJANGO_PYTHON}. */
function exampleCopy(config: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-django-wf-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (path) => !path.includes('__pycache__') });
  rmSync(join(dir, 'schemaguard.config.ts'));
  const json = {
    django: { manage: 'manage.py', settings: 'lms.settings', python: DJANGO_PYTHON },
    models: 'django:',
    // One cache for the file's copies: the example's django: schema is built once.
    cacheDir: CACHE,
    migrations: { dir: '.', table: 'django_migrations', command: `${DJANGO_PYTHON} manage.py migrate` },
    assertions: [
      { table: 'asset', column: 'resource_id' },
      { table: 'asset', absentColumn: 'publishing_organization_id' },
    ],
    ...config,
  };
  writeFileSync(join(dir, 'schemaguard.config.json'), `${JSON.stringify(json, null, 2)}\n`);
  return dir;
}

/** Runs `manage.py` commands one after another on the database at `url`. */
function manage(dir: string, url: string, commands: readonly string[]): void {
  const script = commands.map((command) => `"$PYTHON" manage.py ${command}`).join('\n');
  const run = spawnSync('bash', ['-e', '-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PYTHON: DJANGO_PYTHON, DATABASE_URL: url },
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(run.stderr);
}

/** Runs git commands one after another in `dir`, as a test author. */
function git(dir: string, commands: readonly string[]): void {
  const script = commands.map((command) => `git -c user.name=t -c user.email=t@example.com ${command}`).join('\n');
  const run = spawnSync('bash', ['-e', '-c', script], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
}

describe.runIf(hasServer() && hasDjango())('Django workflows on the example (Django 3.2, server)', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });
  async function database(): Promise<string> {
    const created = await createServerDatabase('sgdjwf');
    databases.push(created);
    return created.url;
  }

  it('verify --app keeps to the app; a model change without a migration fails verify and migrate check; --fix runs makemigrations', async () => {
    const url = await database();
    const dir = exampleCopy();
    manage(dir, url, ['migrate -v0']);
    const db = await openTestServer(url);
    await db.exec('ALTER TABLE course ADD COLUMN extra integer NOT NULL DEFAULT 0');
    await db.close();

    const whole = await runCli(['verify', '--db', url], { cwd: dir });
    expect(whole.stdout).toContain('public.course\n  - column extra');
    const content = await runCli(['verify', '--db', url, '--app', 'content'], { cwd: dir });
    expect(content.stdout).not.toContain('course');
    expect(content.code, content.stderr).toBe(0);

    writeFileSync(
      join(dir, 'content', 'models.py'),
      readFileSync(join(dir, 'content', 'models.py'), 'utf8').replace(
        '    title = models.CharField(max_length=200)\n    deleted_at',
        '    title = models.CharField(max_length=200)\n    rating = models.IntegerField(null=True)\n    deleted_at',
      ),
    );
    const missing = await runCli(['verify', '--db', url, '--app', 'content'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'missing migration: content: Add field rating to asset (makemigrations would write 0003_asset_rating)',
    );
    expect(missing.stderr).toContain('python manage.py makemigrations content');

    const check = await runCli(['migrate', 'check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      '✗ missing-migration: content: Add field rating to asset (makemigrations would write 0003_asset_rating): run "python manage.py makemigrations content"',
    );

    const fixed = await runCli(['verify', '--db', url, '--app', 'content', '--fix'], { cwd: dir });
    expect(fixed.stderr).toContain(
      `Wrote ${join('content', 'migrations', '0003_asset_rating.py')} with Django's makemigrations`,
    );
    expect(existsSync(join(dir, 'content', 'migrations', '0003_asset_rating.py'))).toBe(true);
    // The new migration is now what the database lacks.
    expect(fixed.stdout).toMatch(/public.asset\n {2}\+ column rating/);
    const clean = await runCli(['migrate', 'check'], { cwd: dir });
    expect(clean.code, clean.stdout).toBe(0);
  }, 180_000);
});

describe.runIf(hasServer() && hasDjango())("the seeds' incident on the example (Django 3.2, server)", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('verify --fix points at repair, repair fakes 0002 back, migrate apply runs Django with the sqlmigrate plan', async () => {
    const created = await createServerDatabase('sgdjinc');
    databases.push(created);
    const url = created.url;
    const dir = exampleCopy();
    manage(dir, url, ['migrate content 0001 -v0', 'migrate content 0002 --fake -v0', 'migrate -v0']);

    const fix = await runCli(['verify', '--db', url, '--fix'], { cwd: dir });
    expect(fix.stderr).toContain(
      'No migration written: the models need none; the database is what is wrong: it lacks the changes of content.0002_asset_resource, which public.django_migrations records as applied.',
    );
    expect(fix.stderr).toContain('"schemaguard migrate repair"');
    expect(fix.stderr).toContain('python manage.py migrate content 0001_initial --fake');
    expect(existsSync(join(dir, 'content', 'migrations', '0003_asset_rating.py'))).toBe(false);

    const repair = await runCli(['migrate', 'repair', '--db', url, '--yes'], { cwd: dir });
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toContain('  content.0002_asset_resource\n');
    expect(repair.stdout).toContain('Repaired');

    const apply = await runCli(['migrate', 'apply', '--db', url, '--yes', '--allow-data-loss'], { cwd: dir });
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect(apply.stdout).toContain('  content.0002_asset_resource  (content/migrations/0002_asset_resource.py)');
    expect(apply.stdout).toMatch(/-- content\.0002_asset_resource\n(-- hazard .*\n)+/);
    expect(apply.stdout).toContain('-- hazard data-loss: drops column public.asset.publishing_organization_id');
    expect(apply.stdout).toContain('ALTER TABLE "asset" ADD COLUMN "resource_id" bigint NULL');
    expect(apply.stderr).toContain(`5. running ${DJANGO_PYTHON} manage.py migrate`);
    const check = await runCli(['check', '--schema', url], { cwd: dir });
    expect(check.stdout).toContain('PASSED');

    // A revision without 0002: Django goes back to 0001 (and courses, which needs only 0001, stays).
    git(dir, [
      'init -q',
      'add -A',
      'rm -q --cached content/migrations/0002_asset_resource.py',
      'commit -qm before',
      'add -A',
      'commit -qm after',
    ]);
    const rollback = await runCli(['rollback', '--db', url, '--to', 'HEAD~1', '--dry-run'], { cwd: dir });
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toContain(
      'as these commands would, in order:\n  python manage.py migrate content 0001_initial\n',
    );
    expect(rollback.stdout).toContain('  + column publishing_organization_id [warning]');
  }, 180_000);

  it('finds the lost migration when one that changes nothing in the database was recorded after it', async () => {
    const created = await createServerDatabase('sgdjtail');
    databases.push(created);
    const url = created.url;
    const dir = exampleCopy();
    const models = join(dir, 'content', 'models.py');
    writeFileSync(
      models,
      readFileSync(models, 'utf8').replace(
        'title = models.CharField(max_length=200)',
        "title = models.CharField(max_length=200, help_text='What the asset is called.')",
      ),
    );
    writeFileSync(
      join(dir, 'content', 'migrations', '0003_asset_title_help.py'),
      [
        'from django.db import migrations, models',
        '',
        '',
        'class Migration(migrations.Migration):',
        "    dependencies = [('content', '0002_asset_resource')]",
        '    operations = [',
        '        migrations.AlterField(',
        "            model_name='asset',",
        "            name='title',",
        "            field=models.CharField(max_length=200, help_text='What the asset is called.'),",
        '        ),',
        '    ]',
        '',
      ].join('\n'),
    );
    manage(dir, url, ['migrate content 0001 -v0', 'migrate content 0002 --fake -v0', 'migrate -v0']);

    const repair = await runCli(['migrate', 'repair', '--db', url, '--yes'], { cwd: dir });
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toContain('  content.0002_asset_resource\n  content.0003_asset_title_help\n');
    expect(repair.stdout).toContain('python manage.py migrate content 0001_initial --fake');
  }, 180_000);
});

describe.runIf(hasDjango())('Django workflows that cannot run say why in one sentence', () => {
  it('names a missing interpreter, a Python without Django and settings that do not import', async () => {
    const django = { manage: 'manage.py', settings: 'lms.settings' };
    const noPython = exampleCopy({ django: { ...django, python: '/nonexistent/python3' } });
    const missing = await runCli(['migrate', 'check'], { cwd: noPython });
    expect(missing.code).toBe(2);
    expect(isOneSentenceError(missing), missing.stderr).toBe(true);
    expect(missing.stderr).toContain('the Python interpreter /nonexistent/python3 was not found');

    const broken = exampleCopy({ django: { ...django, settings: 'lms.broken', python: DJANGO_PYTHON } });
    writeFileSync(join(broken, 'lms', 'broken.py'), 'from .settings import *\nimport not_installed_anywhere\n');
    const settings = await runCli(['verify', '--db', 'postgres://127.0.0.1:1/none', '--app', 'content'], {
      cwd: broken,
    });
    expect(settings.code).toBe(2);
    expect(isOneSentenceError(settings), settings.stderr).toBe(true);
    expect(settings.stderr).toContain(
      "The Django settings lms.broken do not load: ModuleNotFoundError: No module named 'not_installed_anywhere'.",
    );
    expect(settings.stderr).not.toContain('Traceback');

    // A Python without Django (the PATH's python3 here, when it has none).
    const bare = spawnSync('python3', ['-c', 'import django'], { stdio: 'ignore' });
    if (bare.status !== 0 && !bare.error) {
      const noDjango = exampleCopy({ django: { ...django, python: 'python3' } });
      const result = await runCli(['migrate', 'check'], { cwd: noDjango });
      expect(result.code).toBe(2);
      expect(isOneSentenceError(result), result.stderr).toBe(true);
      expect(result.stderr).toContain('python3 cannot import Django');
    }
  }, 60_000);
});

describe.runIf(hasDjango())('the pre-commit hook on a Django project', () => {
  it('fails on a staged model change without its migration, naming the app and the change', async () => {
    const dir = exampleCopy();
    writeFileSync(join(dir, '.gitignore'), '__pycache__/\n.schemaguard/\n');
    git(dir, ['init -q', 'add -A', 'commit -qm start']);
    const models = join(dir, 'content', 'models.py');
    writeFileSync(
      models,
      readFileSync(models, 'utf8').replace(
        '    deleted_at',
        '    rating = models.IntegerField(null=True)\n    deleted_at',
      ),
    );
    git(dir, ['add content/models.py']);
    const hook = await runCli(['hooks', 'run', 'pre-commit'], { cwd: dir });
    expect(hook.code, hook.stderr).toBe(1);
    expect(hook.stdout).toContain('✗ missing-migration: content: Add field rating to asset');
  }, 60_000);
});
