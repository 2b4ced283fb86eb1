import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { hasServer, postgres } from '../helpers/databases.js';
import { type TargetDatabase, embeddedTarget, migrationProject, serverTarget } from '../helpers/migration-project.js';

const CACHE = mkdtempSync(join(tmpdir(), 'sg-check-cache-'));
const INIT =
  'CREATE TABLE public.publishing_organization (id integer PRIMARY KEY);\nCREATE TABLE public.resource (id integer PRIMARY KEY);\nCREATE TABLE public.asset (id integer PRIMARY KEY, publishing_organization_id integer REFERENCES public.publishing_organization (id));\nCREATE TABLE public.auth_user (id integer PRIMARY KEY, is_superuser boolean NOT NULL);\n';
const RENAME =
  'ALTER TABLE public.asset DROP COLUMN publishing_organization_id;\nALTER TABLE public.asset ADD COLUMN resource_id integer REFERENCES public.resource (id);\n';
/** The seeds' critical relationships and their admin-user check. */
const CONFIG = {
  cacheDir: CACHE,
  assertions: [
    { table: 'asset', column: 'resource_id' },
    { table: 'asset', absentColumn: 'publishing_organization_id' },
    { foreignKey: 'asset.resource_id -> resource.id' },
  ],
  checks: [
    { name: 'admin user exists', sql: 'SELECT 1 FROM public.auth_user WHERE is_superuser LIMIT 1' },
    { name: 'containers up', command: 'test -f containers.up' },
  ],
};

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: dir, encoding: 'utf8' });
}

/** A git repository on `main` with the project committed: migrations, config, baseline, containers up. */
async function repository(target: TargetDatabase, config: object = CONFIG): Promise<string> {
  const dir = migrationProject(target.url, { '0001_init.sql': INIT, '0002_asset_resource.sql': RENAME }, config);
  const environments = { production: { url: target.url, branch: 'main' } };
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    JSON.stringify({ ...config, environments, migrations: { dir: 'migrations' } }),
  );
  writeFileSync(join(dir, 'containers.up'), '');
  writeFileSync(join(dir, '.gitignore'), '.schemaguard/\ndatabase_schema/backups/\n');
  git(dir, 'init', '-q', '-b', 'main');
  const baseline = await runCli(['dump', 'migrations:migrations', '--baseline'], { cwd: dir });
  expect(baseline.code).toBe(0);
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

const check = (dir: string, ...flags: string[]) => runCli(['check', '--env', 'production', ...flags], { cwd: dir });

const targets: TargetDatabase[] = [];
afterAll(async () => {
  for (const target of targets) await target.drop();
});

describe('schemaguard check on an embedded database', () => {
  it("catches the seeds' incident: the history says the rename ran, the database has the old column", async () => {
    const target = await embeddedTarget();
    const dir = await repository(target);
    await target.use((db) =>
      db.exec(`${INIT}
        INSERT INTO public.auth_user VALUES (1, true);
        ${postgres.history.createSql()}
        INSERT INTO public.schemaguard_migrations (version, name, checksum, success) VALUES ('0001', 'init', '', true), ('0002', 'asset_resource', '', true);`),
    );
    const result = await check(dir);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Pre-deploy checks for production');
    expect(lines).toContainEqual(expect.stringMatching(/^✓ git: working tree: clean \(\d+ ms\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ git: branch: on main/));
    expect(lines).toContainEqual('- git: upstream: no upstream branch');
    expect(lines).toContainEqual(
      expect.stringMatching(/^✓ connectivity: connection: PostgreSQL 18\.\d+, [\d.]+ ms round trip/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^✗ schema: schema consistency: differs from database_schema\/baseline_schema\.json: .*column/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^✗ migrations: migration status: drift: .*public\.asset\.publishing_organization_id.*0002_asset_resource\.sql/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^✗ assertion: asset\.resource_id exists: asset has no column resource_id/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^✗ assertion: .*publishing_organization_id.*: asset\.publishing_organization_id still exists/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^✓ sql: admin user exists: returned a row/));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ command: containers up: exited with code 0/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^FAILED: 5 passed, 5 failed, 0 skipped by override, 1 not run$/),
    );

    // The emergency override: the schema failures become loud warnings, and the gate passes.
    const skipped = await runCli(['check', '--env', 'production', '--format', 'json'], {
      cwd: dir,
      env: { SCHEMAGUARD_SKIP_VERIFICATION: 'true' },
    });
    expect(skipped.code).toBe(0);
    const report = JSON.parse(skipped.stdout) as {
      result: string;
      verificationSkipped: boolean;
      checks: { group: string; status: string; message: string }[];
    };
    expect(report.result).toBe('PASSED WITH VERIFICATION SKIPPED');
    expect(report.verificationSkipped).toBe(true);
    expect(report.checks.filter((c) => c.status === 'warning').map((c) => c.group)).toEqual([
      'schema',
      'migrations',
      'assertion',
      'assertion',
      'assertion',
    ]);
    expect(report.checks.every((c) => c.status !== 'warning' || c.message.startsWith('SKIPPED: '))).toBe(true);

    const github = await check(dir, '--format', 'github');
    expect(github.stdout).toMatch(
      /^::error title=check%3A assertion%3A asset\.resource_id exists::asset has no column resource_id$/m,
    );
    expect(github.stdout).toMatch(/^::notice title=Pre-deploy checks for production::FAILED: /m);
    const markdown = await check(dir, '--format', 'markdown');
    expect(markdown.stdout).toMatch(
      /^### Pre-deploy checks for production: FAILED\n\n\| \| Check \| Result \| Time \|/,
    );

    // Offline: the assertions against the migrations, which do have resource_id.
    const offline = await runCli(['check', '--schema', 'migrations:migrations'], { cwd: dir });
    expect(offline.stdout).toMatch(/^Schema assertions on /);
    expect(offline.stdout).toMatch(/PASSED: 3 passed, 0 failed/);
    expect(offline.code).toBe(0);
  }, 240_000);

  it('reports the git state: changes and untracked files, the wrong branch, a branch behind its upstream', async () => {
    const target = await embeddedTarget();
    const dir = await repository(target, { cacheDir: CACHE });
    const remote = mkdtempSync(join(tmpdir(), 'sg-check-remote-'));
    git(remote, 'clone', '-q', dir, '.');
    git(remote, 'commit', '-q', '--allow-empty', '-m', 'ahead');
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'fetch', '-q', 'origin');
    git(dir, 'branch', '-q', '--set-upstream-to', 'origin/main');
    writeFileSync(join(dir, 'notes.txt'), 'untracked');
    writeFileSync(join(dir, 'containers.up'), 'changed');
    const behind = await check(dir);
    expect(behind.stdout).toMatch(
      /^✗ git: working tree: not clean: 1 changed \(containers\.up\); 1 untracked \(notes\.txt\)/m,
    );
    expect(behind.stdout).toMatch(/^✗ git: upstream: 1 commit behind origin\/main: pull first/m);
    expect(behind.code).toBe(1);

    git(dir, 'checkout', '-q', '-b', 'feature/x');
    const wrongBranch = await check(dir);
    expect(wrongBranch.stdout).toMatch(/^✗ git: branch: on feature\/x, but production deploys from main/m);
  }, 240_000);

  it('skips the database checks when it cannot connect, and refuses a bad format', async () => {
    const dir = migrationProject('postgres://app@127.0.0.1:1/app', {}, CONFIG);
    const unreachable = await check(dir, '--connect-timeout', '2');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toMatch(/^✗ connectivity: connection: .*127\.0\.0\.1:1/m);
    expect(unreachable.stdout).toMatch(/^- schema: schema consistency: no connection$/m);
    expect(unreachable.stdout).toMatch(/^- sql: admin user exists: no connection$/m);
    expect(isOneSentenceError(await check(dir, '--format', 'yaml'))).toBe(true);
  }, 60_000);
});

describe.runIf(hasServer())('schemaguard check on the PostgreSQL server', () => {
  it('passes on a database migrated as committed; --allow-pending lets a pending migration through', async () => {
    const target = await serverTarget('sgcheck');
    targets.push(target);
    const dir = await repository(target);
    const applied = await runCli(['migrate', 'apply', '--env', 'production', '--yes'], { cwd: dir });
    // The same checks run after the migrations: there is no admin user yet.
    expect(applied.stderr).toMatch(/Step 7 \(system checks\) failed: admin user exists: returned no rows\./);
    expect(applied.code).toBe(1);
    await target.use((db) => db.exec('INSERT INTO public.auth_user VALUES (1, true)'));
    const result = await check(dir);
    expect(result.stdout).toMatch(/^✓ connectivity: connection: PostgreSQL 15\.\d+/m);
    expect(result.stdout).toMatch(/^✓ schema: schema consistency: matches database_schema\/baseline_schema\.json/m);
    expect(result.stdout).toMatch(/^✓ migrations: migration status: 2 applied, no drift/m);
    expect(result.stdout).toMatch(/^PASSED: 10 passed, 0 failed, 0 skipped by override, 1 not run$/m);
    expect(result.code).toBe(0);

    writeFileSync(join(dir, 'migrations', '0003_lesson.sql'), 'CREATE TABLE public.lesson (id integer PRIMARY KEY);\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'lesson');
    const pending = await check(dir);
    expect(pending.stdout).toMatch(/^✗ migrations: migration status: 1 pending: 0003_lesson\.sql \(--allow-pending/m);
    expect(pending.code).toBe(1);
    const allowed = await check(dir, '--allow-pending');
    expect(allowed.stdout).toMatch(/^✓ migrations: migration status: 2 applied, 1 pending \(allowed\), no drift/m);
    expect(allowed.code).toBe(0);
  }, 240_000);
});
