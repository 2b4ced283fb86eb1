import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderWith } from './folder.js';

/** The Python that has Django 3.2 and psycopg2 (Debian's python3-django, python3-psycopg2). */
export const DJANGO_PYTHON = '/usr/bin/python3';

/** With SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 (as in CI), a Python without Django fails instead of skipping. */
const REQUIRE = process.env.SCHEMAGUARD_TEST_REQUIRE_SERVERS === '1';

let known: boolean | undefined;

/** Whether Django tests run (DJANGO_PYTHON imports django and psycopg2); says so visibly when they are skipped. */
export function hasDjango(): boolean {
  if (known !== undefined) return known;
  try {
    execFileSync(DJANGO_PYTHON, ['-c', 'import django, psycopg2'], { stdio: 'ignore' });
    known = true;
  } catch {
    if (REQUIRE)
      throw new Error(`SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 but ${DJANGO_PYTHON} cannot import django and psycopg2.`);
    console.warn(`\n[schemaguard tests] ${DJANGO_PYTHON} lacks Django or psycopg2: Django tests are SKIPPED.\n`);
    known = false;
  }
  return known;
}

const MANAGE_PY = `#!/usr/bin/env python
import os
import sys

if __name__ == '__main__':
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'lms.settings')
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
`;

const SETTINGS_PY = `SECRET_KEY = 'test'
INSTALLED_APPS = ['django.contrib.contenttypes', 'django.contrib.auth', 'people', 'content']
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'unused.sqlite3'}}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
USE_TZ = True
`;

/** The models of the \`content\` app: the seeds' Asset and Resource, with tags (a many-to-many table). */
export const CONTENT_MODELS = `from django.db import models


class Resource(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey('people.Author', on_delete=models.CASCADE)


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)


class Asset(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE)
    url = models.CharField(max_length=500)
    tags = models.ManyToManyField(Tag)

    class Meta:
        db_table = 'asset'


class Draft(Resource):
    class Meta:
        proxy = True


class Legacy(models.Model):
    code = models.CharField(max_length=10)

    class Meta:
        managed = False
        db_table = 'legacy_codes'
`;

const PEOPLE_0001 = `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name='Author',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
            ],
        ),
    ]
`;

const CONTENT_0001 = `from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    initial = True
    dependencies = [('people', '__first__')]
    operations = [
        migrations.CreateModel(
            name='Resource',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='people.author')),
            ],
        ),
    ]
`;

const CONTENT_TAG_AND_ASSET = `
        migrations.CreateModel(
            name='Tag',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name='Asset',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.CharField(max_length=500)),
                ('resource', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='content.resource')),
                ('tags', models.ManyToManyField(to='content.tag')),
            ],
            options={'db_table': 'asset'},
        ),
        migrations.CreateModel(
            name='Legacy',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=10)),
            ],
            options={'db_table': 'legacy_codes', 'managed': False},
        ),
        migrations.CreateModel(
            name='Draft',
            fields=[],
            options={'proxy': True, 'indexes': [], 'constraints': []},
            bases=('content.resource',),
        ),`;

const CONTENT_0002 = `from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [('content', '0001_initial')]
    operations = [${CONTENT_TAG_AND_ASSET}
    ]
`;

/** The squash of content's 0001 and 0002, as `squashmigrations` leaves it next to them. */
const CONTENT_SQUASHED = `from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    replaces = [('content', '0001_initial'), ('content', '0002_tag_asset')]
    initial = True
    dependencies = [('people', '0001_initial')]
    operations = [
        migrations.CreateModel(
            name='Resource',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='people.author')),
            ],
        ),${CONTENT_TAG_AND_ASSET}
    ]
`;

/**
 * A new temporary Django 3.2 project (`manage.py` setting `lms.settings`): app `people` (Author)
 * and app `content` (Resource -> Author across apps, Tag, Asset with a many-to-many to Tag and
 * `db_table = 'asset'`, a proxy and an unmanaged model), whose migrations match the models:
 * content's 0001 and 0002 with their squash `0001_squashed_0002_tag_asset` beside them. `extra`
 * files are added or replace these (paths relative to the project). Returns its folder.
 */
export function djangoProjectFolder(extra: Record<string, string> = {}): string {
  return folderWith(
    {
      'manage.py': MANAGE_PY,
      'lms/__init__.py': '',
      'lms/settings.py': SETTINGS_PY,
      'people/__init__.py': '',
      'people/models.py': `from django.db import models\n\n\nclass Author(models.Model):\n    name = models.CharField(max_length=100)\n`,
      'people/migrations/__init__.py': '',
      'people/migrations/0001_initial.py': PEOPLE_0001,
      'content/__init__.py': '',
      'content/models.py': CONTENT_MODELS,
      'content/migrations/__init__.py': '',
      'content/migrations/0001_initial.py': CONTENT_0001,
      'content/migrations/0002_tag_asset.py': CONTENT_0002,
      'content/migrations/0001_squashed_0002_tag_asset.py': CONTENT_SQUASHED,
      ...extra,
    },
    'sg-django-',
  );
}

/** Writes a `schemaguard.config.json` into the project that runs it with {@link DJANGO_PYTHON}, with more keys when given. */
export function writeDjangoConfig(dir: string, more: Record<string, unknown> = {}): void {
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    `${JSON.stringify({ django: { python: DJANGO_PYTHON }, ...more }, null, 2)}\n`,
  );
}
