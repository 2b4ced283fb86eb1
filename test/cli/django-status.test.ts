/**
 * `migrate status` and `check` on a real Django 3.2 project whose databases Django itself
 * migrated part of the way: the graph's order, a squashed migration pending, applied and
 * partly applied, a faked migration (applied, and its tables missing: drift), a row whose
 * migration is not on disk, and a project found from the database's history alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { type DjangoProject, djangoMigrate, djangoProject } from '../../src/sources/django/runner.js';
import { runCli } from '../helpers/cli.js';
import { createServerDatabase, hasServer, openTestServer, type TestDatabase } from '../helpers/databases.js';
import {
  CONTENT_MODELS,
  DJANGO_PYTHON,
  djangoProjectFolder,
  hasDjango,
  writeDjangoConfig,
} from '../helpers/django-project.js';

/** content 0003, written before the squash: it depends on 0002, which the squash replaces. */
const CONTENT_0003 = `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('content', '0002_tag_asset')]
    operations = [migrations.AddField(model_name='tag', name='color', field=models.CharField(default='', max_length=7))]
`;

const MODELS = CONTENT_MODELS.replace(
  'name = models.CharField(max_length=50, unique=True)',
  "name = models.CharField(max_length=50, unique=True)\n    color = models.CharField(max_length=7, default='')",
);

const SQUASH = join('content', 'migrations', '0001_squashed_0002_tag_asset.py');

/** Django's own view of a database (its MigrationLoader): the migrations it plans with, and those it counts applied. */
const DJANGO_VIEW = `
import json, os, sys
from urllib.parse import urlsplit
cwd, url = sys.argv[1], urlsplit(sys.argv[2])
sys.path.insert(0, cwd)
os.environ['DJANGO_SETTINGS_MODULE'] = 'lms.settings'
import django
from django.conf import settings
settings.DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': url.path[1:],
    'USER': url.username or '', 'PASSWORD': url.password or '', 'HOST': url.hostname, 'PORT': url.port or ''}}
django.setup()
from django.db import connection
from django.db.migrations.loader import MigrationLoader
loader = MigrationLoader(connection)
nodes = set(loader.graph.nodes)
print(json.dumps({
    'planned': sorted('%s.%s' % key for key in nodes),
    'applied': sorted('%s.%s' % key for key in loader.applied_migrations if key in nodes),
}))
`;

/** What Django says and what `migrate status --format json` says, in the same shape. */
async function bothViews(dir: string, url: string): Promise<{ django: unknown; schemaguard: unknown }> {
  const django: unknown = JSON.parse(execFileSync(DJANGO_PYTHON, ['-c', DJANGO_VIEW, dir, url], { encoding: 'utf8' }));
  const json = await runCli(['migrate', 'status', '--db', url, '--format', 'json'], { cwd: dir });
  const { migrations } = JSON.parse(json.stdout) as { migrations: { version: string; state: string }[] };
  const planned = migrations.filter((m) => m.state !== 'unknown').map((m) => m.version);
  const applied = migrations.filter((m) => m.state === 'applied').map((m) => m.version);
  return { django, schemaguard: { planned: [...planned].sort(), applied: [...applied].sort() } };
}

/** The lines of `migrate status` about the project's own apps (Django's contrib apps left out). */
function projectLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^ {2}\w+ +(people|content)\./.test(line));
}

describe.runIf(hasServer() && hasDjango())('migrate status and check on a Django 3.2 project', () => {
  let dir: string;
  let project: DjangoProject;
  const databases: TestDatabase[] = [];

  /** A new empty server database, dropped after the file. */
  async function database(): Promise<string> {
    const created = await createServerDatabase('sgdjango');
    databases.push(created);
    return created.url;
  }

  beforeAll(async () => {
    dir = djangoProjectFolder({ 'content/migrations/0003_tag_color.py': CONTENT_0003, 'content/models.py': MODELS });
    writeDjangoConfig(dir);
    const config = await resolveConfig(
      { django: { python: DJANGO_PYTHON } },
      join(dir, 'schemaguard.config.json'),
      dir,
      {
        cwd: dir,
        env: process.env,
      },
    );
    project = djangoProject(config);
  });

  afterAll(async () => {
    for (const created of databases) await created.drop();
  });

  it('lists applied and pending migrations in graph order, a squash pending in place of what it replaces', async () => {
    const url = await database();
    await djangoMigrate(project, url, { app: 'people' });
    const result = await runCli(['migrate', 'status', '--db', url], { cwd: dir });
    expect(result.stdout).toContain('History: public.django_migrations (django)');
    expect(projectLines(result.stdout)).toEqual([
      '  applied     people.0001_initial  (people/migrations/0001_initial.py)',
      `  pending     content.0001_squashed_0002_tag_asset  (${SQUASH})  squashes content.0001_initial, content.0002_tag_asset`,
      '  pending     content.0003_tag_color  (content/migrations/0003_tag_color.py)',
    ]);
    // Django's own apps are migrations like the project's: pending here.
    expect(result.stdout).toMatch(/^ {2}pending +contenttypes\.0001_initial$/m);
    expect(result.stdout).toMatch(/^ {2}pending +auth\.0012_alter_user_first_name_max_length$/m);
    expect(result.stdout).toContain('No drift: the database matches the migrations it has applied.');
    expect(result.code).toBe(1);
    const views = await bothViews(dir, url);
    expect(views.schemaguard).toEqual(views.django);

    // Unapplying the squash deletes the rows of what it replaces and leaves its own: pending again.
    await djangoMigrate(project, url, { app: 'content' });
    await djangoMigrate(project, url, { app: 'content', migration: 'zero' });
    const db = await openTestServer(url);
    const rows = await db.query<{ name: string }>("SELECT name FROM django_migrations WHERE app = 'content'");
    await db.close();
    expect(rows.map((r) => r.name)).toEqual(['0001_squashed_0002_tag_asset']);
    const after = await runCli(['migrate', 'status', '--db', url], { cwd: dir });
    expect(projectLines(after.stdout)).toEqual(projectLines(result.stdout));
    const unapplied = await bothViews(dir, url);
    expect(unapplied.schemaguard).toEqual(unapplied.django);
  }, 180_000);

  it('lists the migrations of a partly applied squash one by one, and a row not on disk', async () => {
    const url = await database();
    // content 0001 was applied before the squash existed.
    const squash = readFileSync(join(dir, SQUASH), 'utf8');
    rmSync(join(dir, SQUASH));
    try {
      await djangoMigrate(project, url, { app: 'content', migration: '0001_initial' });
    } finally {
      writeFileSync(join(dir, SQUASH), squash);
    }
    const db = await openTestServer(url);
    await db.exec("INSERT INTO django_migrations (app, name, applied) VALUES ('content', '0009_gone', now())");
    await db.close();
    const result = await runCli(['migrate', 'status', '--db', url], { cwd: dir });
    expect(projectLines(result.stdout)).toEqual([
      '  applied     people.0001_initial  (people/migrations/0001_initial.py)',
      '  applied     content.0001_initial  (content/migrations/0001_initial.py)  replaced by content.0001_squashed_0002_tag_asset, which is partly applied',
      '  pending     content.0002_tag_asset  (content/migrations/0002_tag_asset.py)  replaced by content.0001_squashed_0002_tag_asset, which is partly applied',
      '  pending     content.0003_tag_color  (content/migrations/0003_tag_color.py)',
      '  unknown     content.0009_gone  recorded but not on disk',
    ]);
    // Django applied content 0001 alone on the shadow database too: no drift.
    expect(result.stdout).toContain('No drift');
    expect(result.code).toBe(1);
    const views = await bothViews(dir, url);
    expect(views.schemaguard).toEqual(views.django);

    const json = await runCli(['migrate', 'status', '--db', url, '--format', 'json'], { cwd: dir });
    const parsed = JSON.parse(json.stdout) as {
      history: { tool: string };
      migrations: { version: string; app?: string; state: string; squashedInto?: string }[];
    };
    expect(parsed.history.tool).toBe('django');
    expect(parsed.migrations.find((m) => m.version === 'content.0002_tag_asset')).toMatchObject({
      app: 'content',
      name: '0002_tag_asset',
      state: 'pending',
      squashedInto: 'content.0001_squashed_0002_tag_asset',
    });
  }, 180_000);

  it('counts faked migrations as applied, and drift shows the tables they did not make', async () => {
    const url = await database();
    await djangoMigrate(project, url, { app: 'content', fake: true });
    const result = await runCli(['migrate', 'status', '--db', url], { cwd: dir });
    expect(projectLines(result.stdout)).toEqual([
      '  applied     people.0001_initial  (people/migrations/0001_initial.py)',
      `  applied     content.0001_squashed_0002_tag_asset  (${SQUASH})  squashes content.0001_initial, content.0002_tag_asset`,
      '  applied     content.0003_tag_color  (content/migrations/0003_tag_color.py)',
    ]);
    expect(result.stdout).toContain('Drift: the database differs from the replay of the migrations it has applied');
    for (const table of ['people_author', 'content_resource', 'content_tag', 'asset', 'asset_tags']) {
      expect(result.stdout).toContain(`table public.${table}`);
    }
    expect(result.code).toBe(1);
    const views = await bothViews(dir, url);
    expect(views.schemaguard).toEqual(views.django);

    const check = await runCli(['check', '--db', url, '--allow-pending'], { cwd: dir });
    expect(check.stdout).toMatch(/migration status.*drift: the database lacks table public\.asset/);
    expect(check.code).toBe(1);
  }, 180_000);

  it('passes check when every migration is applied, and finds the project from the history without a django block', async () => {
    const url = await database();
    await djangoMigrate(project, url);
    const check = await runCli(['check', '--db', url], { cwd: dir });
    expect(check.stdout).toMatch(/migration status.*\d+ applied, no drift/);

    // No django block: the database's django_migrations says it is a Django project, and the
    // active virtualenv's Python runs it.
    const plain = djangoProjectFolder({
      'content/migrations/0003_tag_color.py': CONTENT_0003,
      'content/models.py': MODELS,
    });
    writeFileSync(join(plain, 'schemaguard.config.json'), '{}\n');
    mkdirSync(join(plain, 'venv', 'bin'), { recursive: true });
    symlinkSync(DJANGO_PYTHON, join(plain, 'venv', 'bin', 'python'));
    const status = await runCli(['migrate', 'status', '--db', url], {
      cwd: plain,
      env: { VIRTUAL_ENV: join(plain, 'venv') },
    });
    expect(projectLines(status.stdout)).toEqual([
      '  applied     people.0001_initial  (people/migrations/0001_initial.py)',
      `  applied     content.0001_squashed_0002_tag_asset  (${SQUASH})  squashes content.0001_initial, content.0002_tag_asset`,
      '  applied     content.0003_tag_color  (content/migrations/0003_tag_color.py)',
    ]);
    expect(status.stdout).toContain('No drift');
    expect(status.code).toBe(0);

    // The replay of the same applied migrations of the same files is taken from the cache.
    const again = await runCli(['migrate', 'status', '--db', url], {
      cwd: plain,
      env: { VIRTUAL_ENV: join(plain, 'venv'), SCHEMAGUARD_DEBUG: '1' },
    });
    expect(again.stderr).toMatch(/shadow result for the migrations applied \(\d+\) taken from the cache/);
    expect(again.code).toBe(0);
  }, 180_000);
});
