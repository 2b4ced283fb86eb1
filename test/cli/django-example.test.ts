import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type TestDatabase, createServerDatabase, hasServer } from '../helpers/databases.js';
import { DJANGO_PYTHON, hasDjango } from '../helpers/django-project.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'django-lms');

/** The example, copied (Python writes its caches beside the modules), where `schemaguard` resolves. */
function exampleCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-django-lms-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (path) => !path.includes('__pycache__') });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'schemaguard'));
  return dir;
}

/** Runs `manage.py` commands one after another (bash -e), with the example's settings reading `url`. */
function manage(dir: string, url: string, commands: readonly string[]) {
  const script = commands.map((command) => `"$PYTHON" manage.py ${command}`).join('\n');
  return spawnSync('bash', ['-e', '-c', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PYTHON: DJANGO_PYTHON, DATABASE_URL: url, DJANGO_SUPERUSER_PASSWORD: 'not-a-secret' },
    timeout: 120_000,
  });
}

const QUERY_ASSETS = `shell -c "from content.models import Asset; print(list(Asset.objects.all()))"`;

describe.runIf(hasServer() && hasDjango())(
  "the Django example reproduces the seeds' incident (Django 3.2, server)",
  () => {
    const databases: TestDatabase[] = [];
    afterAll(async () => {
      for (const database of databases) await database.drop();
    });

    it('0002 faked: Django sees nothing wrong, the application fails, the assertions fail; the repair makes them pass', async () => {
      const database = await createServerDatabase('sgdjlms');
      databases.push(database);
      const dir = exampleCopy();
      const incident = manage(dir, database.url, [
        'check',
        'migrate content 0001 -v0',
        'migrate content 0002 --fake -v0',
        'migrate -v0',
        'createsuperuser --noinput --username admin --email admin@example.com',
        'makemigrations --check --dry-run',
        'showmigrations content',
      ]);
      expect(incident.status, incident.stderr).toBe(0);
      // Django's own tools: the models and the migration files agree, and every migration is ticked.
      expect(incident.stdout).toMatch(/No changes detected/);
      expect(incident.stdout).toMatch(/content\n \[X\] 0001_initial\n \[X\] 0002_asset_resource\n/);
      const broken = manage(dir, database.url, [QUERY_ASSETS]);
      expect(broken.status).not.toBe(0);
      expect(broken.stderr).toMatch(/ProgrammingError: column asset\.resource_id does not exist/);

      const failing = await runCli(['check', '--schema', database.url], { cwd: dir });
      expect(failing.code, failing.stderr).toBe(1);
      expect(failing.stdout).toMatch(/✗ assertion: asset\.resource_id exists: asset has no column resource_id/);
      expect(failing.stdout).toMatch(/✗ assertion: asset\.publishing_organization_id does not exist/);

      // The repair: forget the false record of 0002, then run it for real.
      const repaired = manage(dir, database.url, [
        'migrate content 0001 --fake -v0',
        'migrate content -v0',
        QUERY_ASSETS,
      ]);
      expect(repaired.status, repaired.stderr).toBe(0);
      expect(repaired.stdout).toMatch(/^\[\]$/m);
      const passing = await runCli(['check', '--schema', database.url], { cwd: dir });
      expect(passing.code, passing.stdout).toBe(0);
      expect(passing.stdout).toMatch(/PASSED: 3 passed, 0 failed/);
    }, 180_000);
  },
);
