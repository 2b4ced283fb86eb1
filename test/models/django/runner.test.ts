/**
 * The Django runner on a real Django 3.2 project: the migration graph (a squash beside what it
 * replaces, a dependency across apps), the tables of apps, model changes without a migration,
 * makemigrations, and one sentence for each way Python, Django or the settings can fail.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ResolvedConfig, resolveConfig } from '../../../src/config/load.js';
import { connect } from '../../../src/dialects/index.js';
import { SchemaguardError } from '../../../src/errors.js';
import {
  type DjangoProject,
  djangoAppTables,
  djangoAsk,
  djangoMakeMigrations,
  djangoMigrate,
  djangoMigrationGraph,
  djangoPendingModelChanges,
  djangoProject,
} from '../../../src/sources/django/runner.js';
import { CONTENT_MODELS, DJANGO_PYTHON, djangoProjectFolder, hasDjango } from '../../helpers/django-project.js';

/** The config of a project folder, with a `django` block. */
function configOf(dir: string, django: Record<string, string> = { python: DJANGO_PYTHON }): Promise<ResolvedConfig> {
  return resolveConfig({ django }, join(dir, 'schemaguard.config.json'), dir, { cwd: dir, env: process.env });
}

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<SchemaguardError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SchemaguardError)) throw new Error(`expected a SchemaguardError, got ${String(error)}`);
  return error;
}

describe.runIf(hasDjango())('the Django runner', () => {
  let dir: string;
  let project: DjangoProject;

  beforeAll(async () => {
    dir = djangoProjectFolder();
    project = djangoProject(await configOf(dir));
  });

  it('finds manage.py, its settings module and the interpreter', () => {
    expect(project).toMatchObject({
      python: DJANGO_PYTHON,
      manage: join(dir, 'manage.py'),
      settings: 'lms.settings',
      cwd: dir,
    });
  });

  it('takes manage.py, the settings and a Python path from the config, relative to its folder; a ref names another', async () => {
    const configured = await configOf(dir, { manage: './manage.py', settings: 'lms.ci', python: '.venv/bin/python' });
    expect(djangoProject(configured)).toMatchObject({
      python: join(dir, '.venv', 'bin', 'python'),
      manage: join(dir, 'manage.py'),
      settings: 'lms.ci',
    });
    const defaults = await resolveConfig({}, undefined, dir, { cwd: dir, env: { VIRTUAL_ENV: '/opt/venv' } });
    // The folder holding manage.py names it too.
    expect(djangoProject(defaults, '.')).toMatchObject({
      python: '/opt/venv/bin/python',
      manage: join(dir, 'manage.py'),
    });
    expect(() => djangoProject(defaults, './backend/manage.py')).toThrow(
      'There is no backend/manage.py: name the project\'s manage.py as django:./path/manage.py or with "django.manage" in the config.',
    );
  });

  it('reads the migration graph and the tables of apps in one Python run, connecting to no database', async () => {
    const [graph, tables, pending] = await djangoAsk(project, [
      { command: 'graph' },
      { command: 'app-tables', apps: ['content', 'people'] },
      { command: 'pending-changes' },
    ]);
    const key = (node: { app: string; name: string }) => `${node.app}.${node.name}`;
    const ours = graph.filter((node) => node.app === 'content' || node.app === 'people');
    expect(ours.map(key).sort()).toEqual([
      'content.0001_initial',
      'content.0001_squashed_0002_tag_asset',
      'content.0002_tag_asset',
      'people.0001_initial',
    ]);
    // Forwards order: every migration comes after what it depends on.
    const position = new Map(graph.map((node, index) => [key(node), index]));
    for (const node of graph) {
      for (const [app, name] of node.dependencies)
        expect(position.get(`${app}.${name}`)).toBeLessThan(position.get(key(node)) as number);
    }
    const byKey = new Map(graph.map((node) => [key(node), node]));
    // `('people', '__first__')`, resolved.
    expect(byKey.get('content.0001_initial')).toEqual({
      app: 'content',
      name: '0001_initial',
      dependencies: [['people', '0001_initial']],
      replaces: [],
      initial: true,
      atomic: true,
      path: join('content', 'migrations', '0001_initial.py'),
    });
    expect(byKey.get('content.0001_squashed_0002_tag_asset')?.replaces).toEqual([
      ['content', '0001_initial'],
      ['content', '0002_tag_asset'],
    ]);
    expect(byKey.get('content.0002_tag_asset')).toMatchObject({
      initial: false,
      dependencies: [['content', '0001_initial']],
    });
    // Django's own apps are there too, by their absolute file.
    expect(byKey.get('auth.0001_initial')?.path).toMatch(/^\/.*django\/contrib\/auth\/migrations\/0001_initial\.py$/);
    // The many-to-many table is the app's; the proxy and the unmanaged model have none.
    expect(tables).toEqual({
      content: ['asset', 'asset_tags', 'content_resource', 'content_tag'],
      people: ['people_author'],
    });
    expect(pending).toEqual([]);
    // The settings' SQLite database was never opened.
    expect(existsSync(join(dir, 'unused.sqlite3'))).toBe(false);
  });

  it('refuses an unknown app label, naming the installed ones', async () => {
    const error = await failure(djangoAppTables(project, ['content', 'cms']));
    expect(error.message).toBe(
      'There is no Django app labelled "cms"; the installed apps are contenttypes, auth, people, content.',
    );
  });

  it('says which model changes have no migration, and makemigrations writes it', async () => {
    const edited = djangoProjectFolder({
      'content/models.py': CONTENT_MODELS.replace(
        '    url = models.CharField(max_length=500)\n',
        "    url = models.CharField(max_length=500)\n    title = models.CharField(max_length=100, default='')\n    size = models.IntegerField()\n",
      ),
    });
    const edits = djangoProject(await configOf(edited));
    // A new non-null field without default: makemigrations would ask for one; a dry run describes it.
    expect(await djangoPendingModelChanges(edits)).toEqual([
      {
        app: 'content',
        // Numbered after the squash, the app's leaf; named as Django 3.2 names several operations.
        migration: expect.stringMatching(/^0002_auto_\d{8}_\d{4}$/) as unknown as string,
        operations: ['Add field size to asset', 'Add field title to asset'],
      },
    ]);
    // makemigrations cannot invent the default; with one it writes the migration.
    const refused = await failure(djangoMakeMigrations(edits, ['content']));
    expect(refused.message).toMatch(
      /^makemigrations needs an answer for content \(a default for a new non-null field\)/,
    );
    writeFileSync(
      join(edited, 'content', 'models.py'),
      readFileSync(join(edited, 'content', 'models.py'), 'utf8').replace(
        'models.IntegerField()',
        'models.IntegerField(default=0)',
      ),
    );
    const [written, pending] = await djangoAsk(edits, [
      { command: 'makemigrations', apps: ['content'] },
      { command: 'pending-changes' },
    ]);
    expect(written).toEqual([expect.stringMatching(/^content\/migrations\/0002_auto_\d{8}_\d{4}\.py$/)]);
    expect(existsSync(join(edited, written[0] as string))).toBe(true);
    expect(pending).toEqual([]);
  });

  it('runs migrate (faked too) and sqlmigrate on an embedded database folder, served for each run', async () => {
    const url = `pglite:${join(dir, 'dev-db')}`;
    await (await connect(url, { create: true })).close();
    const [migrated, [sql]] = await djangoAsk(
      project,
      [
        { command: 'migrate', app: 'people' },
        { command: 'sqlmigrate', migrations: [{ app: 'content', name: '0002_tag_asset' }] },
      ],
      { url },
    );
    expect(migrated).toContain('Applying people.0001_initial... OK');
    expect(sql).toContain('CREATE TABLE "asset_tags"');
    // Every other migration recorded as applied, none of them run.
    const faked = await djangoMigrate(project, url, { fake: true });
    expect(faked).toContain('Applying content.0001_squashed_0002_tag_asset... FAKED');
    const database = await connect(url);
    try {
      const tables = await database.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      );
      expect(tables.map((t) => t.name)).toEqual(['django_migrations', 'people_author']);
      const recorded = await database.query<{ name: string }>(
        "SELECT name FROM django_migrations WHERE app = 'content' ORDER BY id",
      );
      // A squash applied is recorded with what it replaces, as Django does.
      expect(recorded.map((r) => r.name)).toEqual(['0001_initial', '0002_tag_asset', '0001_squashed_0002_tag_asset']);
    } finally {
      await database.close();
    }
  });

  it('keeps the password of the database out of its messages', async () => {
    const error = await failure(djangoMigrate(project, 'postgres://app:s3cret-pw@127.0.0.1:1/app'));
    expect(error.message).toMatch(/^Django's migrate fails: django\.db\.utils\.OperationalError: /);
    expect(error.message).not.toContain('s3cret-pw');
    expect((error.cause as Error).stack).not.toContain('s3cret-pw');
  });

  it('names what failed in a graph Django cannot build', async () => {
    const orphan = djangoProjectFolder({
      'people/migrations/0002_orphan.py':
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [('people', '0001_gone')]\n    operations = []\n",
    });
    const error = await failure(djangoMigrationGraph(djangoProject(await configOf(orphan))));
    expect(error.message).toBe(
      "Reading Django's migration graph fails: django.db.migrations.exceptions.NodeNotFoundError: Migration people.0002_orphan dependencies reference nonexistent parent node ('people', '0001_gone').",
    );
  });

  it('names the interpreter it could not find, and the config key to set', async () => {
    const missing = djangoProject(await configOf(dir, { python: '/nonexistent/bin/python3' }));
    const error = await failure(djangoMigrationGraph(missing));
    expect(error.message).toBe(
      'Cannot run Django: the Python interpreter /nonexistent/bin/python3 was not found; set "django.python" in the config to the Python that has Django (e.g. .venv/bin/python).',
    );
  });

  it('says how to install Django for a Python without it', async () => {
    // The same Python without its site packages (where Debian's Django is).
    const bare = join(dir, 'bare-python');
    writeFileSync(bare, `#!/bin/sh\nexec ${DJANGO_PYTHON} -S "$@"\n`);
    chmodSync(bare, 0o755);
    const error = await failure(djangoMigrationGraph(djangoProject(await configOf(dir, { python: bare }))));
    expect(error.message).toBe(
      `${bare} cannot import Django (ModuleNotFoundError: No module named 'django'): install it for that interpreter (${bare} -m pip install Django), or set "django.python" in the config to the Python that has it.`,
    );
  });

  it('gives the first line of the error of settings that do not load, the traceback as its cause', async () => {
    const broken = djangoProjectFolder({ 'lms/settings.py': "import lms.secrets_for_ci\nSECRET_KEY = 'x'\n" });
    const error = await failure(djangoMigrationGraph(djangoProject(await configOf(broken))));
    expect(error.message).toBe(
      "The Django settings lms.settings do not load: ModuleNotFoundError: No module named 'lms.secrets_for_ci'.",
    );
    expect((error.cause as Error).stack).toMatch(
      /^Traceback \(most recent call last\):\n[\s\S]*lms\/settings\.py", line 1/,
    );
  });
});
