import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { DJANGO_PYTHON, hasDjango } from '../helpers/django-project.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'django-lms');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}

interface Workflow {
  on: { pull_request: { paths: string[] }; push: { branches: string[] } };
  jobs: Record<
    string,
    {
      env: Record<string, string>;
      permissions: Record<string, string>;
      defaults?: { run: { 'working-directory': string } };
      steps: Step[];
    }
  >;
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: dir, stdio: 'ignore' });
}

/** A git repository holding the Django example in `sub` (or at the top), where `schemaguard` resolves. */
function repository(sub = ''): { root: string; project: string } {
  const root = mkdtempSync(join(tmpdir(), 'sg-ci-django-'));
  const project = join(root, sub);
  cpSync(EXAMPLE, project, { recursive: true, filter: (path) => !path.includes('__pycache__') });
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(ROOT, join(root, 'node_modules', 'schemaguard'));
  writeFileSync(join(root, '.gitignore'), 'node_modules/\n__pycache__/\n');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'init');
  return { root, project };
}

function readWorkflow(root: string): Workflow {
  return parse(readFileSync(join(root, '.github', 'workflows', 'schema-verification.yml'), 'utf8')) as Workflow;
}

const stepNames = (steps: readonly Step[]) => steps.map((s) => s.name ?? s.uses ?? s.run);

describe('schemaguard ci github for a Django project', () => {
  it("the example: Python and its requirements, Django's makemigrations --check, then schemaguard's steps", async () => {
    const { root, project } = repository();
    const written = await runCli(['ci', 'github', '--python', '3.11'], { cwd: project });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toBe(
      'Wrote .github/workflows/schema-verification.yml: commit it, and the checks run on the next pull request.\n',
    );
    const workflow = readWorkflow(root);
    expect(workflow.on.pull_request.paths).toEqual([
      'database_schema/**',
      '**/models.py',
      '**/models/**',
      '**/migrations/**',
      'lms/settings.py',
      'requirements.txt',
      'schemaguard.config.ts',
      '.github/workflows/schema-verification.yml',
    ]);
    expect(workflow.on.push.branches).toEqual(['staging', 'main']);
    const job = workflow.jobs['schema-verification'];
    // The settings read the database from $DATABASE_URL: the job's service database.
    expect(job?.env.DATABASE_URL).toBe('postgres://postgres:postgres@localhost:5432/postgres');
    const steps = job?.steps ?? [];
    expect(stepNames(steps)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci',
      'actions/setup-python@v5',
      'pip install -r requirements.txt',
      'Django migrations: no conflicts and no missing migration',
      'Apply the migrations to the service database, through the safety protocol',
      'The database matches the models',
      'Schema assertions',
      'The database matches the committed baseline',
      'The HTML report of the change',
      'Upload the report',
      'Comment on the pull request',
    ]);
    expect(steps.find((s) => s.uses === 'actions/upload-artifact@v4')?.with?.path).toBe('schemaguard-report.html');
    expect(job?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(steps[3]?.with).toEqual({
      'python-version': '3.11',
      cache: 'pip',
      'cache-dependency-path': 'requirements.txt',
    });
    expect(steps[5]?.run).toMatch(/^python manage\.py makemigrations --check --dry-run \|\| \{\n/);
    expect(steps[5]?.run).toMatch(/echo "::error title=makemigrations --check::/);
    // Django's migrate, inside the safety protocol, through migrations.command.
    expect(steps[6]?.run).toBe('npx schemaguard migrate apply --db "$DATABASE_URL" --yes --allow-data-loss\n');
    expect(steps[7]?.run).toMatch(/^npx schemaguard verify --db "\$DATABASE_URL" --format markdown/);

    // docs/commands/ci.md shows these steps for the example, word for word (as YAML data).
    expect((await runCli(['ci', 'github', '--force'], { cwd: project })).code).toBe(0);
    const page = readFileSync(join(ROOT, 'docs', 'commands', 'ci.md'), 'utf8');
    const shown = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)][1]?.[1];
    expect(parse(shown ?? '')).toEqual(readWorkflow(root).jobs['schema-verification']?.steps.slice(3, 7));

    const bad = await runCli(['ci', 'github', '--python', '3'], { cwd: project });
    expect(isOneSentenceError(bad), bad.stderr).toBe(true);
    expect(bad.stderr).toMatch(/--python takes a Python version such as 3\.12, not "3"\./);
  });

  it('manage.py in a subfolder, no requirements.txt, no migrations.command: installs Django and the driver, and says what to add', async () => {
    const { root } = repository('backend');
    // The config at the top names manage.py below it; no requirements, no migrations.
    writeFileSync(
      join(root, 'schemaguard.config.json'),
      JSON.stringify({ django: { manage: 'backend/manage.py' }, models: 'django:' }),
    );
    rmSync(join(root, 'backend', 'requirements.txt'));
    rmSync(join(root, 'backend', 'schemaguard.config.ts'));
    const written = await runCli(['ci', 'github'], { cwd: root });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toMatch(
      /note: no requirements\.txt beside the config or manage\.py: the workflow installs Django and the database driver with pip/,
    );
    expect(written.stderr).toMatch(
      /note: no "migrations\.command" in the config: set it to "python backend\/manage\.py migrate" and rerun/,
    );
    const workflow = readWorkflow(root);
    expect(workflow.on.pull_request.paths).toEqual([
      'database_schema/**',
      'backend/**/models.py',
      'backend/**/models/**',
      'backend/**/migrations/**',
      'backend/lms/settings.py',
      'schemaguard.config.json',
      '.github/workflows/schema-verification.yml',
    ]);
    const steps = workflow.jobs['schema-verification']?.steps ?? [];
    expect(steps[3]?.with).toEqual({ 'python-version': '3.12' });
    expect(stepNames(steps)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci',
      'actions/setup-python@v5',
      'pip install Django psycopg2-binary',
      'Django migrations: no conflicts and no missing migration',
      'The database matches the models',
      'The database matches the committed baseline',
      'The HTML report of the change',
      'Upload the report',
      'Comment on the pull request',
    ]);
    expect(steps[5]?.run).toMatch(/^python backend\/manage\.py makemigrations --check --dry-run/);

    // No django block: the manage.py of the django: models.
    writeFileSync(join(root, 'schemaguard.config.json'), JSON.stringify({ models: 'django:./backend/manage.py' }));
    expect((await runCli(['ci', 'github', '--force'], { cwd: root })).code).toBe(0);
    const fromModels = readWorkflow(root).jobs['schema-verification']?.steps ?? [];
    expect(fromModels[5]?.run).toMatch(/^python backend\/manage\.py makemigrations --check --dry-run/);
  });
});

describe.runIf(hasDjango())("the workflow's Django step, run as the runner would with Django 3.2", () => {
  /** Runs the makemigrations step with bash -e, `python` being the Python that has Django. */
  function runMigrationStep(root: string, project: string) {
    const step = readWorkflow(root).jobs['schema-verification']?.steps.find((s) => s.run?.includes('makemigrations'));
    const bin = mkdtempSync(join(tmpdir(), 'sg-ci-python-'));
    // A script rather than a link: the interpreter then runs as itself, whatever the environment.
    writeFileSync(join(bin, 'python'), `#!/bin/sh\nexec ${DJANGO_PYTHON} "$@"\n`, { mode: 0o755 });
    // No ~/.bashrc: bash reads it when its input is a socket (as a child's pipe is), and a
    // version manager's lines there (pyenv's shims) would put another python first on PATH.
    return spawnSync('bash', ['--norc', '--noprofile', '-e', '-c', step?.run ?? 'false'], {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // No database is reachable here: Django only warns that it cannot check the history's consistency.
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      },
      timeout: 60_000,
    });
  }

  it('passes on the example, and fails with an annotation naming the app and the change on a model without its migration', async () => {
    const { root, project } = repository();
    expect((await runCli(['ci', 'github'], { cwd: project })).code).toBe(0);
    const clean = runMigrationStep(root, project);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/No changes detected/);

    appendFileSync(
      join(project, 'content', 'models.py'),
      '\n\nclass Licence(models.Model):\n    name = models.CharField(max_length=100)\n',
    );
    const forgotten = runMigrationStep(root, project);
    expect(forgotten.status).toBe(1);
    expect(forgotten.stdout).toMatch(
      /Migrations for 'content':\n\s+content\/migrations\/0003_licence\.py\n\s+- Create model Licence/,
    );
    expect(forgotten.stdout).toMatch(
      /^::error title=makemigrations --check::The models have changes without a migration/m,
    );
  });
});
