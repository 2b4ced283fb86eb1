/**
 * The newcomer's path: the demo (`npm run demo`'s script, run in this process) on embedded
 * PostgreSQL and on the server, and a project taken, as a user runs it, from `init` through
 * a commit the hook rejects to the one it lets through.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../examples/demo.js';
import { SERVER_URL, hasServer } from '../helpers/databases.js';
import { SHARED_CACHE_DIR } from '../setup/shared-image.js';

const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli', 'main.js');

/** The demo, as `npm run demo` runs it, with what it writes to each stream and its exit code. */
async function demo(server?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runDemo({
    server,
    output: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
  });
  return { status, stdout, stderr };
}

describe('npm run demo', () => {
  it('tells the whole story on embedded PostgreSQL, every step checked, and leaves nothing behind', async () => {
    const result = await demo();
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    for (const heading of [
      '== 1. Create the development and production databases from the migrations',
      '== 4. The pre-deploy check fails, and points at asset.resource_id',
      '== 7. The check passes; production equals the baseline',
    ]) {
      expect(result.stdout).toContain(heading);
    }
    expect(result.stdout).toMatch(/Backup: database_schema\/backups\/production\/\d{8}T\d{6}Z_nogit\.json/);
    expect(result.stdout).toMatch(/What you saw/);
    // Each command's output reads as on a terminal, stdout and stderr in the order written:
    // verify says on stderr why it writes no migration before its report follows on stdout.
    expect(result.stdout).toMatch(
      /\$ schemaguard verify --env production --fix\n {2}No migration written: [^\n]*\n {2}Bringing [^\n]*\n[\s\S]*?\+ column resource_id \[breaking\]/,
    );
    expect(result.stderr).not.toMatch(/demo: FAILED/);
    const work = /in (\/\S+schemaguard-demo-\w+)\n/.exec(result.stdout)?.[1];
    expect(work).toBeDefined();
    expect(spawnSync('test', ['-e', work ?? '']).status).toBe(1);
  }, 300_000);

  it.runIf(hasServer())(
    'tells the same story on the PostgreSQL server',
    async () => {
      const result = await demo(SERVER_URL);
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/on a PostgreSQL server/);
      expect(result.stdout).toMatch(/✓ connectivity: connection: PostgreSQL \d+/);
      expect(result.stdout).toMatch(/What you saw/);
    },
    300_000,
  );
});

describe('a project from init to a commit the hook lets through', () => {
  let project: string;
  const run = (command: string) =>
    spawnSync('bash', ['-c', command], {
      cwd: project,
      encoding: 'utf8',
      env: {
        ...process.env,
        NO_COLOR: '1',
        GIT_AUTHOR_NAME: 'Dev',
        GIT_AUTHOR_EMAIL: 'dev@example.com',
        GIT_COMMITTER_NAME: 'Dev',
        GIT_COMMITTER_EMAIL: 'dev@example.com',
      },
    });

  beforeAll(() => {
    chmodSync(CLI, 0o755);
    project = mkdtempSync(join(tmpdir(), 'sg-newcomer-'));
    mkdirSync(join(project, 'db'));
    mkdirSync(join(project, 'migrations'));
    const asset = 'CREATE TABLE public.asset (id integer PRIMARY KEY, title text NOT NULL);\n';
    writeFileSync(join(project, 'db', 'schema.sql'), asset);
    writeFileSync(join(project, 'migrations', '0001_asset.sql'), asset);
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(REPO, join(project, 'node_modules', 'schemaguard'));
    symlinkSync(CLI, join(project, 'node_modules', '.bin', 'schemaguard'));
    writeFileSync(join(project, '.gitignore'), 'node_modules/\n');
    // The demo shows a first run's initdb; here the shadow databases start from the suite's image.
    mkdirSync(join(project, '.schemaguard', 'cache'), { recursive: true });
    for (const image of readdirSync(SHARED_CACHE_DIR).filter((f) => f.endsWith('-initdb.tar.gz'))) {
      copyFileSync(join(SHARED_CACHE_DIR, image), join(project, '.schemaguard', 'cache', image));
    }
    run('git init -q -b main');
  });

  it('init, hooks install; a model change without its migration is refused; migrate new --from-models makes it pass', () => {
    for (const command of [
      'npx schemaguard init --models sql:./db/schema.sql --migrations migrations',
      'npx schemaguard dump --baseline migrations:./migrations',
      'npx schemaguard hooks install',
      'git add . && git commit -qm "schemaguard"',
    ]) {
      const result = run(command);
      expect(result.status, `${command}\n${result.stdout}${result.stderr}`).toBe(0);
    }
    writeFileSync(
      join(project, 'db', 'schema.sql'),
      'CREATE TABLE public.asset (id integer PRIMARY KEY, title text NOT NULL, resource_id integer);\n',
    );
    const refused = run('git add . && git commit -qm "resource_id in the models"');
    expect(refused.status).toBe(1);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/✗ missing-migration: The models differ from the migrations/);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/npx schemaguard migrate new <name> --from-models/);
    expect(run('git log --oneline').stdout.trim().split('\n')).toHaveLength(1);

    for (const command of [
      'npx schemaguard migrate new add_resource_id --from-models',
      'npx schemaguard dump --baseline migrations:./migrations',
      'git add . && git commit -qm "resource_id"',
    ]) {
      const result = run(command);
      expect(result.status, `${command}\n${result.stdout}${result.stderr}`).toBe(0);
    }
    expect(run('git log --oneline').stdout.trim().split('\n')).toHaveLength(2);
    expect(run('git show --stat HEAD').stdout).toMatch(/migrations\/0002_add_resource_id\.sql/);
  }, 240_000);
});
