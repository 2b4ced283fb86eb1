/**
 * docs/workflow.md, run as written: every command of its shell blocks, in order, in a
 * real git repository with the real pre-commit hook, against real databases (the
 * PostgreSQL server when there is one, else embedded ones), with the edits its prose
 * describes made between them. The first command runs through npx and the installed bin,
 * as do the hooks of the commits; the other schemaguard commands run in this process.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasServer } from '../helpers/databases.js';
import { type TargetDatabase, embeddedTarget, serverTarget } from '../helpers/migration-project.js';

const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli', 'main.js');
const MODELS =
  'CREATE TABLE public.course (id integer PRIMARY KEY, title text NOT NULL);\nCREATE TABLE public.lesson (id integer PRIMARY KEY, course_id integer NOT NULL REFERENCES public.course (id));\n';
const WITH_LEVEL = MODELS.replace('title text NOT NULL', 'title text NOT NULL, level integer');

/** The commands of the page's shell blocks, as written. */
function documentedCommands(): string[] {
  const page = readFileSync(join(REPO, 'docs', 'workflow.md'), 'utf8');
  const blocks = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.flatMap((block) => block.split('\n').filter((line) => line.includes('schemaguard ')));
}

/**
 * A documented `[VAR=value …] npx schemaguard …` line as the variables and the arguments it
 * gives the CLI, or undefined for any other command. The page's lines quote nothing.
 */
function schemaguardCommand(line: string): { env: Record<string, string>; args: string[] } | undefined {
  const words = line.split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? '')) {
    const [name = '', value = ''] = (words.shift() as string).split('=');
    env[name] = value;
  }
  if (words[0] !== 'npx' || words[1] !== 'schemaguard' || /['"|&;$]/.test(line)) return undefined;
  // log still finds the file's history from the process's working directory: through npx.
  if (words[2] === 'log') return undefined;
  return { env, args: words.slice(2) };
}

type Step =
  | { readonly run: string; readonly code: number; readonly output?: RegExp }
  | { readonly edit: string; readonly apply: () => Promise<void> | void };

describe('docs/workflow.md, command by command', () => {
  const databases: TargetDatabase[] = [];
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    chmodSync(CLI, 0o755);
    project = mkdtempSync(join(tmpdir(), 'sg-workflow-'));
    mkdirSync(join(project, 'db'));
    mkdirSync(join(project, 'migrations'));
    writeFileSync(join(project, 'db', 'schema.sql'), MODELS);
    writeFileSync(join(project, 'migrations', '0001_init.sql'), MODELS);
    // What `npm i -D schemaguard` gives a project: the package and its bin.
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(REPO, join(project, 'node_modules', 'schemaguard'));
    symlinkSync(CLI, join(project, 'node_modules', '.bin', 'schemaguard'));
    writeFileSync(join(project, '.gitignore'), 'node_modules/\n');
    spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: project });
    const make = hasServer() ? () => serverTarget('sgworkflow') : embeddedTarget;
    const [development, staging, production] = [await make(), await make(), await make()];
    databases.push(development, staging, production);
    env = {
      ...process.env,
      NO_COLOR: '1',
      DATABASE_URL: development.url,
      STAGING_DATABASE_URL: staging.url,
      PRODUCTION_DATABASE_URL: production.url,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
    };
  });
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('runs every command of the page, each doing what the page says', async () => {
    const production = () => databases[2] as TargetDatabase;
    const steps: Step[] = [
      // Initial setup.
      { run: 'npx schemaguard init --models sql:./db/schema.sql --migrations migrations', code: 0 },
      { run: 'npx schemaguard dump --baseline migrations:./migrations', code: 0 },
      { run: 'npx schemaguard hooks install', code: 0, output: /pre-commit/ },
      { run: 'npx schemaguard ci github', code: 0, output: /schema-verification\.yml/ },
      { run: 'git add . && git commit -m "Track the schema with schemaguard"', code: 0 },
      // Daily development: the development database has the first migration.
      { run: 'npx schemaguard migrate apply --env development --yes', code: 0, output: /6\. post-verify: passed/ },
      {
        edit: 'a level column on course in the models',
        apply: () => writeFileSync(join(project, 'db', 'schema.sql'), WITH_LEVEL),
      },
      { run: 'npx schemaguard verify --env development', code: 1, output: /\+ column level \[breaking\]/ },
      // "Forget the migration … and the commit is refused with the command that fixes it."
      {
        run: 'git add . && git commit -m "Level, without its migration"',
        code: 1,
        output:
          /✗ missing-migration: The models differ from the migrations[^]*npx schemaguard migrate new <name> --from-models/,
      },
      {
        run: 'npx schemaguard migrate new add_course_level --from-models',
        code: 0,
        output: /migrations\/0002_add_course_level\.sql/,
      },
      { run: 'npx schemaguard migrate check', code: 0, output: /match the models/ },
      {
        run: 'npx schemaguard migrate apply --env development --yes',
        code: 0,
        output: /applied 0002_add_course_level\.sql/,
      },
      { run: 'npx schemaguard dump --baseline migrations:./migrations', code: 0 },
      { run: 'git add . && git commit -m "Course level"', code: 0 },
      // Deployment.
      {
        run: 'npx schemaguard check --env production --allow-pending',
        code: 0,
        output: /migration status: 0 applied, 2 pending \(allowed\)/,
      },
      { run: 'npx schemaguard migrate plan --env production', code: 0, output: /Pending migrations \(2\)/ },
      {
        run: 'npx schemaguard migrate apply --env production --yes',
        code: 0,
        output: /8\. snapshot: passed \(database_schema\/production_schema\.json\)/,
      },
      { run: 'git add . && git commit -m "Production schema after the deployment"', code: 0 },
      { run: 'npx schemaguard check --env production', code: 0, output: /^PASSED: /m },
      // Several environments: staging has nothing yet.
      { run: 'npx schemaguard compare env:production env:staging', code: 1, output: /table public\.course/ },
      { run: 'npx schemaguard migrate apply --env staging --yes', code: 0 },
      { run: 'npx schemaguard snapshot --env production', code: 0, output: /database_schema\/snapshots\/production\// },
      { run: 'npx schemaguard snapshot --list', code: 0, output: /first snapshot/ },
      { run: 'git add . && git commit -m "Snapshot of production"', code: 0 },
      { run: 'npx schemaguard log', code: 0, output: /Course level .*\+1 column/ },
      // Rollback: HEAD~3 is the first commit, before the level column.
      { run: 'npx schemaguard rollback --env staging --to HEAD~3 --dry-run', code: 0, output: /DROP COLUMN level/ },
      {
        run: 'npx schemaguard rollback --env staging --to HEAD~3 --yes --allow-data-loss',
        code: 0,
        output: /6\. post-verify: passed/,
      },
      { run: 'npx schemaguard migrate status --env staging', code: 1, output: /pending\s+0002 add_course_level/ },
      { run: 'git add . && git commit -m "Staging schema after the rollback"', code: 0 },
      // Troubleshooting: a column added to production by hand.
      {
        edit: 'a column added to production by hand',
        apply: () => production().use((db) => db.exec('ALTER TABLE public.course ADD COLUMN note text')),
      },
      {
        run: 'npx schemaguard migrate status --env production',
        code: 1,
        output: /Drift: [^]*\+ column note \[warning\]/,
      },
      {
        run: 'SCHEMAGUARD_SKIP_VERIFICATION=true npx schemaguard check --env production',
        code: 0,
        output: /PASSED WITH VERIFICATION SKIPPED/,
      },
      { run: 'npx schemaguard verify --env production --fix', code: 0, output: /0003_fix_schema_drift\.sql/ },
    ];
    const ran: string[] = [];
    for (const step of steps) {
      if ('edit' in step) {
        await step.apply();
        continue;
      }
      const command = ran.length === 0 ? undefined : schemaguardCommand(step.run);
      const result = command
        ? await runCli(command.args, { cwd: project, env: { ...env, ...command.env } }).then((r) => ({
            ...r,
            status: r.code,
          }))
        : spawnSync('bash', ['-e', '-c', step.run], { cwd: project, env, encoding: 'utf8', timeout: 180_000 });
      const output = `${result.stdout}${result.stderr}`;
      expect({ command: step.run, code: result.status }, output).toEqual({ command: step.run, code: step.code });
      if (step.output) expect(output, step.run).toMatch(step.output);
      ran.push(step.run);
    }
    // Every command on the page ran here, as written.
    expect(ran).toEqual(expect.arrayContaining(documentedCommands()));
    const fix = readdirSync(join(project, 'migrations')).find((f) => f.includes('fix_schema_drift'));
    expect(readFileSync(join(project, 'migrations', fix ?? ''), 'utf8')).toMatch(/DROP COLUMN note/);
  }, 600_000);
});
