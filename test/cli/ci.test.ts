import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { hasServer } from '../helpers/databases.js';
import { type TargetDatabase, serverTarget } from '../helpers/migration-project.js';
import { npxShimFolder } from '../helpers/npx-shim.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const CACHE = mkdtempSync(join(tmpdir(), 'sg-ci-cache-'));
const ASSET =
  'CREATE TABLE public.resource (id integer PRIMARY KEY);\nCREATE TABLE public.asset (id integer PRIMARY KEY, resource_id integer REFERENCES public.resource (id));\n';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface Workflow {
  on: { pull_request: { paths: string[] }; push: { branches: string[] } };
  jobs: Record<
    string,
    {
      permissions: Record<string, string>;
      services: { postgres: { image: string } };
      env: Record<string, string>;
      defaults?: { run: { 'working-directory': string } };
      steps: Step[];
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
      'The HTML report of the change',
      'Upload the report',
      'Comment on the pull request',
    ]);
    expect(job?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const upload = job?.steps.find((s) => s.uses === 'actions/upload-artifact@v4');
    expect(upload?.with).toEqual({
      name: 'schemaguard-report',
      path: 'schemaguard-report.html',
      'if-no-files-found': 'ignore',
    });
    const comment = job?.steps.at(-1);
    expect(comment?.if).toBe("${{ !cancelled() && github.event_name == 'pull_request' }}");
    expect(comment?.env).toEqual({
      GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
      PR_NUMBER: '${{ github.event.pull_request.number }}',
    });
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

    // --no-pr-comment: the report still, no comment, and a token that only reads.
    expect((await runCli(['ci', 'github', '--force', '--no-pr-comment'], { cwd: project })).code).toBe(0);
    const quiet = readWorkflow(root).jobs['schema-verification'];
    expect(quiet?.steps.map((s) => s.name).slice(-2)).toEqual(['The HTML report of the change', 'Upload the report']);
    expect(quiet?.permissions).toEqual({ contents: 'read' });
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
    // actions/upload-artifact reads paths from the repository root, not the working directory.
    const upload = workflow.jobs['schema-verification']?.steps.find((s) => s.uses === 'actions/upload-artifact@v4');
    expect(upload?.with?.path).toBe('services/api/schemaguard-report.html');
    expect(isOneSentenceError(await runCli(['ci', 'github', '--postgres', 'latest'], { cwd: project }))).toBe(true);
  }, 120_000);
});

describe.runIf(hasServer())('the workflow steps, run locally against the PostgreSQL server', () => {
  const targets: TargetDatabase[] = [];
  afterAll(async () => {
    for (const target of targets) await target.drop();
  });

  interface GhCall {
    args: string[];
    /** What a `-F body=@FILE` sent. */
    body?: string;
  }

  /**
   * A stand-in for GitHub's `gh` CLI, in a folder to put first on PATH. GitHub's API is not
   * reachable from the tests, so this is the one fake they use: it records each call (its
   * arguments, and the body a `-F body=@FILE` sends), answers the comment list with `comments`
   * filtered by the call's `--jq` through the real jq (as gh's built-in jq would), returns a created
   * comment otherwise, and with `readOnly` refuses writes as GitHub refuses a fork's token.
   */
  function fakeGh(comments: object[], readOnly = false): { bin: string; calls: () => GhCall[] } {
    const bin = mkdtempSync(join(tmpdir(), 'sg-ci-gh-'));
    const log = join(bin, 'calls.jsonl');
    writeFileSync(
      join(bin, 'gh'),
      `#!/usr/bin/env node
const { appendFileSync, readFileSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const args = process.argv.slice(2);
const field = args.find((a) => a.startsWith('body=@'));
const body = field === undefined ? undefined : readFileSync(field.slice('body=@'.length), 'utf8');
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, body }) + '\\n');
const method = args.includes('--method') ? args[args.indexOf('--method') + 1] : 'GET';
if (method === 'GET') {
  const filter = args[args.indexOf('--jq') + 1];
  process.stdout.write(execFileSync('jq', ['-r', filter], { input: ${JSON.stringify(JSON.stringify(comments))} }));
} else if (${String(readOnly)}) {
  process.stderr.write('gh: Resource not accessible by integration (HTTP 403)\\n');
  process.exit(1);
} else {
  process.stdout.write('{"id": 99}\\n');
}
`,
      { mode: 0o755 },
    );
    const calls = () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .trimEnd()
            .split('\n')
            .map((line) => JSON.parse(line) as GhCall)
        : [];
    return { bin, calls };
  }

  /** Runs a step's script as the runner does (bash -e, in the job's working directory), on pull request 7 of acme/shop. */
  function runScript(script: string, project: string, url: string, bin: string, summary = '/dev/null') {
    const result = spawnSync('bash', ['-e', '-c', script], {
      cwd: project,
      encoding: 'utf8',
      env: {
        ...process.env,
        // npx as the runner's would resolve schemaguard, without npm's start (test/helpers/npx-shim.ts).
        PATH: `${bin}:${npxShimFolder()}:${process.env.PATH ?? ''}`,
        DATABASE_URL: url,
        BASE_REF: 'main',
        GITHUB_STEP_SUMMARY: summary,
        NO_COLOR: '1',
        GH_TOKEN: 'token',
        PR_NUMBER: '7',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '123',
      },
      timeout: 180_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * Runs the workflow's schemaguard steps (those named `names`, all by default) as the runner
   * would, with the job's env and a summary file, on a pull request that has no comment yet.
   */
  function runSteps(root: string, project: string, url: string, names?: readonly string[]) {
    const job = readWorkflow(root).jobs['schema-verification'];
    const summary = join(mkdtempSync(join(tmpdir(), 'sg-ci-summary-')), 'summary.md');
    writeFileSync(summary, '');
    const { bin } = fakeGh([]);
    const results = (job?.steps ?? [])
      .filter((step) => step.run?.includes('npx schemaguard') && (!names || names.includes(step.name ?? '')))
      .map((step) => ({ name: step.name, ...runScript(step.run ?? '', project, url, bin, summary) }));
    return { results, summary: readFileSync(summary, 'utf8') };
  }

  /** Runs the comment step's script with the fake gh holding `comments`: what it printed, and the calls gh got. */
  function runComment(script: string, project: string, url: string, comments: object[], readOnly = false) {
    const gh = fakeGh(comments, readOnly);
    return { ...runScript(script, project, url, gh.bin), calls: gh.calls() };
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
      ['The HTML report of the change', 0],
      ['Comment on the pull request', 0],
    ]);
    // The pull request leaves the schema as the base branch has it: no comment is posted.
    expect(sound.results.at(-1)?.stdout).toBe('No schema change, and no comment to update: none posted.\n');
    expect(sound.summary).toMatch(/### Migration check/);
    expect(sound.summary).toMatch(/### Schema assertions on .*: PASSED/);

    // A pull request that adds a column to the models and forgets the migration.
    writeFileSync(join(project, 'db', 'models.sql'), `${ASSET}ALTER TABLE public.asset ADD COLUMN title text;\n`);
    git(root, 'commit', '-qam', 'title in the models');
    const fresh = await serverTarget('sgci');
    targets.push(fresh);
    // The migration check, the first step, is the one that fails (each step is a process: the rest are not run).
    const forgotten = runSteps(root, project, fresh.url, [
      'Migrations load, with no conflicts and no missing migration',
    ]);
    const [migrationCheck] = forgotten.results;
    expect(migrationCheck?.status).toBe(1);
    expect(migrationCheck?.stdout).toMatch(/^::error title=migrate check%3A missing-migration::/m);
  }, 300_000);
  it('a pull request: the report of its change where the upload step reads it, and one comment, posted then updated', async () => {
    const target = await serverTarget('sgci');
    targets.push(target);
    const { root, project } = await repository('services/api');
    expect((await runCli(['ci', 'github'], { cwd: project })).code).toBe(0);
    // The pull request: a title column in the models, its migration, the baseline dumped again.
    writeFileSync(join(project, 'db', 'models.sql'), `${ASSET}ALTER TABLE public.asset ADD COLUMN title text;\n`);
    writeFileSync(join(project, 'migrations', '0002_title.sql'), 'ALTER TABLE public.asset ADD COLUMN title text;\n');
    expect((await runCli(['dump', 'migrations:migrations', '--baseline'], { cwd: project })).code).toBe(0);
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'title');

    // The sound project's test runs every step: here, what the report and the comment need.
    const run = runSteps(root, project, target.url, [
      'Apply the migrations to the service database, through the safety protocol',
      'The HTML report of the change',
    ]);
    expect(
      run.results.map((r) => [r.name, r.status]),
      run.results.map((r) => r.stderr).join('\n'),
    ).toEqual([
      ['Apply the migrations to the service database, through the safety protocol', 0],
      ['The HTML report of the change', 0],
    ]);
    const steps = readWorkflow(root).jobs['schema-verification']?.steps ?? [];
    // The page the upload step names (from the repository root), written by the report step (in services/api).
    const upload = steps.find((s) => s.uses === 'actions/upload-artifact@v4');
    expect(upload?.with?.path).toBe('services/api/schemaguard-report.html');
    const html = readFileSync(join(root, upload?.with?.path ?? ''), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<h2>Changes against git:origin/main:database_schema/baseline_schema.json</h2>');
    expect(html).toContain('public.asset.title');

    const script = steps.find((s) => s.name === 'Comment on the pull request')?.run ?? '';
    const posted = runComment(script, project, target.url, []);
    expect(posted.status, posted.stderr).toBe(0);
    expect(posted.stdout).toBe('Commented on the pull request.\n');
    const [list, post] = posted.calls;
    expect(list?.args).toEqual([
      'api',
      '--paginate',
      'repos/acme/shop/issues/7/comments',
      '--jq',
      '.[] | select(.body | startswith("<!-- schemaguard -->")) | .id',
    ]);
    expect(post?.args.slice(0, 5)).toEqual(['api', '--method', 'POST', 'repos/acme/shop/issues/7/comments', '-F']);
    const body = post?.body ?? '';
    expect(body).toMatch(/^<!-- schemaguard -->\n### Schema differences\n/);
    expect(body).toContain('Comparing `git:origin/main:database_schema/baseline_schema.json` with `postgres://');
    expect(body).toMatch(/```mermaid\nerDiagram\n {2}"public\.asset \(changed\)"/);
    expect(body).toContain('| 🟡 | warning | column `public.asset.title` | extra |');
    expect(body).toMatch(
      /\nThe HTML report .* is the schemaguard-report artifact of \[this run\]\(https:\/\/github\.com\/acme\/shop\/actions\/runs\/123\)\.\n$/,
    );

    // The next run finds its comment by the marker, among others, and updates it.
    const comments = [
      { id: 41, body: 'Looks good.' },
      { id: 42, body: body.replace('title', 'subtitle') },
      { id: 43, body: '> <!-- schemaguard --> quoted' },
    ];
    const updated = runComment(script, project, target.url, comments);
    expect(updated.stdout).toBe('Updated comment 42.\n');
    expect(updated.calls.map((c) => c.args.slice(0, 4))).toEqual([
      ['api', '--paginate', 'repos/acme/shop/issues/7/comments', '--jq'],
      ['api', '--method', 'PATCH', 'repos/acme/shop/issues/comments/42'],
    ]);
    expect(updated.calls[1]?.body).toBe(body);

    // A fork's pull request, whose token reads but cannot write: the step says so and passes. And
    // over the limit, the markdown is cut at a line's end, with a note (a smaller limit here: after
    // the table's header).
    const header = '| --- | --- | --- | --- |\n';
    const kept = body.slice(0, body.indexOf(header) + header.length);
    const limit = Buffer.byteLength(kept.slice('<!-- schemaguard -->\n'.length));
    expect(script).toContain('-v limit=60000 ');
    const fork = runComment(script.replace('-v limit=60000 ', `-v limit=${limit} `), project, target.url, [], true);
    expect(fork.status).toBe(0);
    expect(fork.stdout).toBe(
      "::warning title=Pull-request comment::The comment could not be written (a pull request from a fork gets a read-only token): the change is in this run's report.\n",
    );
    expect(fork.calls.map((c) => c.args[2])).toEqual(['repos/acme/shop/issues/7/comments', 'POST']);
    expect(fork.calls[1]?.body).toBe(
      `${kept}\n_Cut short: the whole change is in the report._\n${body.slice(body.indexOf('\nThe HTML report'))}`,
    );

    // The pull request that adds schemaguard: its base branch has no baseline yet, so the report
    // compares with the pull request's own.
    rmSync(join(root, upload?.with?.path ?? ''));
    // A base branch of one commit with nothing in it (git's empty tree).
    const empty = execFileSync('git', ['commit-tree', '-m', 'before', '4b825dc642cb6eb9a060e54bf8d69288fbee4904'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@e',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@e',
      },
    });
    git(root, 'update-ref', 'refs/remotes/origin/main', empty.trim());
    const first = runSteps(root, project, target.url, ['The HTML report of the change']).results[0];
    expect(first?.status, first?.stderr).toBe(0);
    expect(first?.stdout).toBe(
      "origin/main has no database_schema/baseline_schema.json yet: comparing with this commit's.\n",
    );
    expect(readFileSync(join(root, upload?.with?.path ?? ''), 'utf8')).toContain(
      '<h2>Changes against database_schema/baseline_schema.json</h2><p>No differences.</p>',
    );
  }, 300_000);
});
