import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { hasServer } from '../helpers/databases.js';
import { type TargetDatabase, serverTarget } from '../helpers/migration-project.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const CACHE = mkdtempSync(join(tmpdir(), 'sg-ci-cache-'));
const ASSET =
  'CREATE TABLE public.resource (id integer PRIMARY KEY);\nCREATE TABLE public.asset (id integer PRIMARY KEY, resource_id integer REFERENCES public.resource (id));\n';

interface Workflow {
  on: { pull_request: { paths: string[] }; push: { branches: string[] } };
  jobs: Record<
    string,
    {
      services: { postgres: { image: string } };
      env: Record<string, string>;
      defaults?: { run: { 'working-directory': string } };
      steps: { name?: string; uses?: string; run?: string; if?: string }[];
    }
  >;
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: dir, stdio: 'ignore' });
}

/**
 * A repository with a project in `sub` (or at the top): plain migrations, models as SQL, an
 * assertion, the baseline dumped from the migrations, and `npx schemaguard` resolving to this build.
 */
async function repository(sub = ''): Promise<{ root: string; project: string }> {
  const root = mkdtempSync(join(tmpdir(), 'sg-ci-'));
  const project = join(root, sub);
  mkdirSync(join(project, 'migrations'), { recursive: true });
  mkdirSync(join(project, 'db'));
  writeFileSync(join(project, 'migrations', '0001_asset.sql'), ASSET);
  writeFileSync(join(project, 'db', 'models.sql'), ASSET);
  writeFileSync(
    join(project, 'schemaguard.config.json'),
    JSON.stringify({
      cacheDir: CACHE,
      models: 'sql:./db/models.sql',
      migrations: { dir: 'migrations' },
      assertions: [{ foreignKey: 'asset.resource_id -> resource.id' }],
    }),
  );
  mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, join(root, 'node_modules', '.bin', 'schemaguard'));
  writeFileSync(join(root, '.gitignore'), 'node_modules/\n.schemaguard/\ndatabase_schema/backups/\n');
  git(root, 'init', '-q', '-b', 'main');
  expect((await runCli(['dump', 'migrations:migrations', '--baseline'], { cwd: project })).code).toBe(0);
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'init');
  // A clone's view of the base branch, as actions/checkout with fetch-depth 0 leaves it.
  git(root, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  return { root, project };
}

function readWorkflow(root: string): Workflow {
  return parse(readFileSync(join(root, '.github', 'workflows', 'schema-verification.yml'), 'utf8')) as Workflow;
}

beforeAll(() => {
  // npm marks a package's bin executable when it links it; the build alone does not.
  chmodSync(CLI, 0o755);
});

describe('schemaguard ci github', () => {
  it("writes the seeds' workflow from the config: triggers, service database, one step per check", async () => {
    const { root, project } = await repository();
    const written = await runCli(['ci', 'github', '--postgres', '15'], { cwd: project });
    expect(written.stderr).toMatch(/^Wrote \.github\/workflows\/schema-verification\.yml: commit it/);
    expect(written.code).toBe(0);
    const workflow = readWorkflow(root);
    expect(workflow.on.pull_request.paths).toEqual([
      'migrations/**',
      'database_schema/**',
      'db/models.sql',
      'schemaguard.config.json',
      '.github/workflows/schema-verification.yml',
    ]);
    // No environment names a branch: pushes to the repository's default branch.
    expect(workflow.on.push.branches).toEqual(['main']);
    const job = workflow.jobs['schema-verification'];
    expect(job?.services.postgres.image).toBe('postgres:15');
    expect(job?.env.DATABASE_URL).toBe('postgres://postgres:postgres@localhost:5432/postgres');
    expect(job?.env.SCHEMAGUARD_SHADOW_URL).toBeUndefined();
    expect(job?.defaults).toBeUndefined();
    expect(job?.steps.map((s) => s.name ?? s.uses ?? s.run)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci',
      'Migrations load, with no conflicts and no missing migration',
      'Apply the migrations to the service database, through the safety protocol',
      'The database matches the models',
      'Schema assertions',
      'The database matches the committed baseline',
    ]);
    const checks = job?.steps.filter((s) => s.run?.includes('--format github')) ?? [];
    expect(checks.every((s) => s.run?.includes('--format markdown >> "$GITHUB_STEP_SUMMARY"'))).toBe(true);
    expect(checks.slice(1).every((s) => s.if === '${{ !cancelled() }}')).toBe(true);

    const again = await runCli(['ci', 'github', '--postgres', '15'], { cwd: project });
    expect(again.stderr).toMatch(/is up to date/);
    const otherVersion = await runCli(['ci', 'github'], { cwd: project });
    expect(isOneSentenceError(otherVersion)).toBe(true);
    expect(otherVersion.stderr).toMatch(/exists and differs from what would be written: --force replaces it/);
    expect((await runCli(['ci', 'github', '--force'], { cwd: project })).code).toBe(0);
    expect(readWorkflow(root).jobs['schema-verification']?.services.postgres.image).toBe('postgres:16');
  }, 120_000);

  it('runs on pushes to the branches the environments deploy from, and is the workflow docs/commands/ci.md shows', async () => {
    const { root, project } = await repository();
    const config = JSON.parse(readFileSync(join(project, 'schemaguard.config.json'), 'utf8')) as object;
    writeFileSync(
      join(project, 'schemaguard.config.json'),
      JSON.stringify({
        ...config,
        environments: {
          development: { urlEnv: 'DATABASE_URL' },
          staging: { urlEnv: 'STAGING_DATABASE_URL', branch: 'staging' },
          production: { urlEnv: 'PRODUCTION_DATABASE_URL', branch: 'main' },
          preview: { urlEnv: 'PREVIEW_DATABASE_URL', branch: 'staging' },
        },
      }),
    );
    expect((await runCli(['ci', 'github'], { cwd: project })).code).toBe(0);
    const workflow = readWorkflow(root);
    expect(workflow.on.push.branches).toEqual(['staging', 'main']);
    // The page shows the file for this config, word for word (as YAML data).
    const page = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'commands', 'ci.md'), 'utf8');
    const shown = /```yaml\n([\s\S]*?)```/.exec(page)?.[1];
    expect(parse(shown ?? '')).toEqual(workflow);
    const apply = workflow.jobs['schema-verification']?.steps.find((s) => s.run?.includes('migrate apply'));
    expect(page).toContain(`\`${apply?.run?.trim().replace(/^npx schemaguard /, '')}\``);
  }, 120_000);

  it("leaves out the apply step for another tool's folder without migrations.command, and names the tool's command", async () => {
    const { root, project } = await repository();
    execFileSync('git', ['mv', 'migrations/0001_asset.sql', 'migrations/1_asset.up.sql'], { cwd: project });
    writeFileSync(join(project, 'migrations', '1_asset.down.sql'), 'DROP TABLE public.asset;\n');
    const written = await runCli(['ci', 'github'], { cwd: project });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toContain(
      'note: golang-migrate migrations are applied by their own tool: set "migrations.command" in the config (e.g. "migrate -path migrations -database "$DATABASE_URL" up")',
    );
    const steps = readWorkflow(root).jobs['schema-verification']?.steps ?? [];
    expect(steps.some((s) => s.run?.includes('migrate apply'))).toBe(false);
  }, 120_000);

  it('runs the commands of a project in a subfolder there, with paths from the repository root', async () => {
    const { root, project } = await repository('services/api');
    expect((await runCli(['ci', 'github'], { cwd: project })).code).toBe(0);
    const workflow = readWorkflow(root);
    expect(workflow.jobs['schema-verification']?.defaults?.run['working-directory']).toBe('services/api');
    expect(workflow.on.pull_request.paths).toContain('services/api/migrations/**');
    expect(isOneSentenceError(await runCli(['ci', 'github', '--postgres', 'latest'], { cwd: project }))).toBe(true);
  }, 120_000);
});

describe.runIf(hasServer())('the workflow steps, run locally against the PostgreSQL server', () => {
  const targets: TargetDatabase[] = [];
  afterAll(async () => {
    for (const target of targets) await target.drop();
  });

  /**
   * Runs the workflow's schemaguard steps (the first `count` of them, all by default) as the
   * runner would: bash -e, the job's env, the summary file.
   */
  function runSteps(root: string, project: string, url: string, count?: number) {
    const job = readWorkflow(root).jobs['schema-verification'];
    const summary = join(mkdtempSync(join(tmpdir(), 'sg-ci-summary-')), 'summary.md');
    writeFileSync(summary, '');
    const results = (job?.steps ?? [])
      .filter((step) => step.run?.includes('npx schemaguard'))
      .slice(0, count)
      .map((step) => {
        const result = spawnSync('bash', ['-e', '-c', step.run ?? ''], {
          cwd: project,
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: url, BASE_REF: 'main', GITHUB_STEP_SUMMARY: summary, NO_COLOR: '1' },
          timeout: 180_000,
        });
        return { name: step.name, status: result.status, stdout: result.stdout, stderr: result.stderr };
      });
    return { results, summary: readFileSync(summary, 'utf8') };
  }

  it('passes on a sound project, and a model change without its migration fails with an annotation', async () => {
    const target = await serverTarget('sgci');
    targets.push(target);
    const { root, project } = await repository();
    expect((await runCli(['ci', 'github'], { cwd: project })).code).toBe(0);
    const sound = runSteps(root, project, target.url);
    expect(sound.results.map((r) => [r.name, r.status])).toEqual([
      ['Migrations load, with no conflicts and no missing migration', 0],
      ['Apply the migrations to the service database, through the safety protocol', 0],
      ['The database matches the models', 0],
      ['Schema assertions', 0],
      ['The database matches the committed baseline', 0],
    ]);
    expect(sound.summary).toMatch(/### Migration check/);
    expect(sound.summary).toMatch(/### Schema assertions on .*: PASSED/);

    // A pull request that adds a column to the models and forgets the migration.
    writeFileSync(join(project, 'db', 'models.sql'), `${ASSET}ALTER TABLE public.asset ADD COLUMN title text;\n`);
    git(root, 'commit', '-qam', 'title in the models');
    const fresh = await serverTarget('sgci');
    targets.push(fresh);
    // The migration check, the first step, is the one that fails (each step is a process: the rest are not run).
    const forgotten = runSteps(root, project, fresh.url, 1);
    const [migrationCheck] = forgotten.results;
    expect(migrationCheck?.status).toBe(1);
    expect(migrationCheck?.stdout).toMatch(/^::error title=migrate check%3A missing-migration::/m);
  }, 300_000);
});
