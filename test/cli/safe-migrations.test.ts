/**
 * The reliability the safety protocol promises, shown on the PostgreSQL server and on
 * an embedded database: failures leave the database as it was, a killed run leaves it
 * consistent, interrupted non-transactional migrations continue, concurrent runs apply
 * each migration once, and no password reaches any output or file.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.js';
import { SERVER_URL, hasServer, postgres } from '../helpers/databases.js';
import type { Connection } from '../../src/dialects/dialect.js';
import { closeSharedEmbeddedDatabases } from '../../src/dialects/index.js';
import {
  type TargetDatabase,
  applyIn,
  applyInProcess,
  embeddedTarget,
  migrationProject,
  serverTarget,
  tableColumns,
} from '../helpers/migration-project.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const ASSET = 'CREATE TABLE public.asset (id integer PRIMARY KEY, title text, size integer);\n';
/** One shadow cache for the file: replays repeat across tests. */
const CACHE = mkdtempSync(join(tmpdir(), 'sg-safe-cache-'));
/**
 * Shadow databases on the server, for the tests of the server alone whose migrations no
 * other test replays (the others find theirs in the cache): a database on the server
 * costs less to create than an embedded one to start, and no test here is about shadows.
 */
const SERVER_SHADOWS = { cacheDir: CACHE, shadow: SERVER_URL };

/** A project on `target` with the asset table applied and rows in it. */
async function seeded(target: TargetDatabase, migrations: Record<string, string>, config = {}): Promise<string> {
  const dir = migrationProject(target.url, { '0001_asset.sql': ASSET }, { cacheDir: CACHE, ...config });
  const first = await applyIn(dir, '--yes');
  expect(first.stderr).toMatch(/6\. post-verify: passed/);
  await target.use((db) => db.exec("INSERT INTO public.asset VALUES (1, NULL, NULL), (2, 'two', 2)"));
  for (const [name, sql] of Object.entries(migrations)) writeFileSync(join(dir, 'migrations', name), sql);
  return dir;
}

/** The history rows, oldest first. */
async function history(db: Connection) {
  return db.query<{ version: string; success: boolean; statements_done: number; kind: string }>(
    'SELECT version, success, statements_done, kind FROM public.schemaguard_migrations ORDER BY applied_at, version',
  );
}

/** The tables in `public`, by name. */
async function tables(db: Connection): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

/** Waits until no session of schemaguard's is left on the database but `db`'s own (at most 60 s). */
async function schemaguardSessionsGone(db: Connection): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await db.query<{ left: number }>(
      `SELECT count(*)::int AS left FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'schemaguard' AND pid <> pg_backend_pid()`,
    );
    if (row?.left === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `migrate apply` and resolves when its stderr shows `pattern`, with the process. */
async function applyUntil(dir: string, pattern: RegExp): Promise<{ child: ChildProcess; stderr: () => string }> {
  // The process opens the database this one keeps open between checks.
  await closeSharedEmbeddedDatabases();
  const child = spawn(process.execPath, [CLI, 'migrate', 'apply', '--env', 'production', '--yes'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (pattern.test(stderr)) resolve({ child, stderr: () => stderr });
    });
    child.on('close', () => reject(new Error(`apply ended before ${pattern}:\n${stderr}`)));
  });
}

const backends: [string, () => Promise<TargetDatabase>][] = [
  ['an embedded database', embeddedTarget],
  ...(hasServer()
    ? [['the PostgreSQL server', () => serverTarget('sgsafe')] as [string, () => Promise<TargetDatabase>]]
    : []),
];
const targets: TargetDatabase[] = [];
afterAll(async () => {
  for (const target of targets) await target.drop();
});
async function fresh(make: () => Promise<TargetDatabase>): Promise<TargetDatabase> {
  const target = await make();
  targets.push(target);
  return target;
}

describe.each(backends)('migrate apply on %s', (_name, make) => {
  it('a migration failing in its third statement leaves the database as before it; the fixed file applies on rerun', async () => {
    const target = await fresh(make);
    const dir = await seeded(target, {
      '0002_three.sql':
        'ALTER TABLE public.asset ADD COLUMN kind text;\nCREATE TABLE public.tag (id integer);\nALTER TABLE public.asset ALTER COLUMN title SET NOT NULL;\n',
    });
    const failed = await applyIn(dir, '--yes');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /Step 5 \(execute\) failed: .*0002_three\.sql, line 3 \(ALTER TABLE public\.asset ALTER COLUMN title SET NOT NULL\), failed: .*contains null values/,
    );
    // One opening of the database for all the checks: an embedded one takes a while to open.
    await target.use(async (db) => {
      expect(await tableColumns(db, 'asset')).toEqual(['id', 'title', 'size']);
      expect(await tables(db)).not.toContain('tag');
      expect((await history(db)).map((r) => r.version)).toEqual(['0001']);
    });

    writeFileSync(
      join(dir, 'migrations', '0002_three.sql'),
      "ALTER TABLE public.asset ADD COLUMN kind text;\nCREATE TABLE public.tag (id integer);\nUPDATE public.asset SET title = '' WHERE title IS NULL;\nALTER TABLE public.asset ALTER COLUMN title SET NOT NULL;\n",
    );
    const fixed = await applyIn(dir, '--yes');
    expect(fixed.stderr).toMatch(/6\. post-verify: passed/);
    expect(fixed.code).toBe(0);
    await target.use(async (db) => {
      expect(await tableColumns(db, 'asset')).toEqual(['id', 'title', 'size', 'kind']);
      expect((await history(db)).map((r) => [r.version, r.success])).toEqual([
        ['0001', true],
        ['0002', true],
      ]);
    });
  }, 240_000);

  it('a non-transactional migration stopped after its first statement continues from the second', async () => {
    const target = await fresh(make);
    const dir = await seeded(target, {
      '0002_index.sql':
        'CREATE INDEX CONCURRENTLY asset_title_idx ON public.asset (title);\nALTER TABLE public.asset ALTER COLUMN size SET NOT NULL;\n',
    });
    const stopped = await applyIn(dir, '--yes');
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/0002_index\.sql, line 2 .*contains null values/);
    await target.use(async (db) => {
      expect(await history(db)).toEqual([
        expect.objectContaining({ version: '0001', success: true }),
        expect.objectContaining({ version: '0002', success: false, statements_done: 1 }),
      ]);
      await db.exec('UPDATE public.asset SET size = 0 WHERE size IS NULL');
    });
    const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
    expect(status.stdout).toMatch(
      /interrupted\s+0002 index .*1 of 2 statements done; migrate apply continues from statement 2/,
    );
    expect(status.stdout).toMatch(/No drift/);

    const resumed = await applyIn(dir, '--yes');
    expect(resumed.stderr).toMatch(/1\. pre-verify: passed/);
    expect(resumed.stderr).toMatch(/applying 0002_index\.sql from statement 2 \(continuing\)/);
    expect(resumed.code).toBe(0);
    await target.use(async (db) => {
      expect(await history(db)).toEqual([
        expect.objectContaining({ version: '0001', success: true }),
        expect.objectContaining({ version: '0002', success: true, statements_done: 2 }),
      ]);
      const indexes = await db.query(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'asset' AND indexname = 'asset_title_idx'",
      );
      expect(indexes).toHaveLength(1);
    });
  }, 240_000);

  it('killed (SIGKILL) in the middle of a long migration: the database is consistent and the next apply completes', async () => {
    const target = await fresh(make);
    const dir = await seeded(target, {
      '0002_long.sql':
        'CREATE TABLE public.big AS SELECT g AS id FROM generate_series(1, 1000) AS g;\nSELECT pg_sleep(4);\nALTER TABLE public.asset ADD COLUMN kind text;\n',
    });
    const run = await applyUntil(dir, /applying 0002_long\.sql/);
    // Well inside the sleep: the run cannot have completed.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run.child.kill('SIGKILL');
    await new Promise((resolve) => run.child.once('close', resolve));
    expect(run.stderr()).not.toMatch(/applied 0002_long/);
    await target.use(async (db) => {
      // The server notices the dropped connection when its statement ends (an embedded database ended with the process).
      await schemaguardSessionsGone(db);
      expect(await tables(db)).toEqual(['asset', 'schemaguard_migrations']);
      expect((await history(db)).map((r) => r.version)).toEqual(['0001']);
    });

    const next = await applyIn(dir, '--yes');
    expect(next.stderr).toMatch(/6\. post-verify: passed/);
    expect(next.code).toBe(0);
    expect(await target.use(tables)).toEqual(['asset', 'big', 'schemaguard_migrations']);
  }, 240_000);

  it('two runs started at the same moment apply each migration exactly once', async () => {
    const target = await fresh(make);
    const dir = await seeded(target, {
      '0002_slow.sql': 'CREATE TABLE public.tag (id integer);\nSELECT pg_sleep(2);\n',
      '0003_more.sql': 'CREATE TABLE public.label (id integer);\n',
    });
    const runs: CliResult[] = await Promise.all([applyInProcess(dir, '--yes'), applyInProcess(dir, '--yes')]);
    for (const run of runs) {
      // Each either waited and found nothing left to do, or was refused with a reason.
      if (run.code === 2) expect(run.stderr).toMatch(/in use by process \d+|holds the lock/);
      else expect(run.stderr).toMatch(/6\. post-verify: passed|Nothing to do/);
      expect([0, 2]).toContain(run.code);
    }
    expect(runs.some((r) => r.code === 0)).toBe(true);
    await target.use(async (db) => {
      expect((await history(db)).map((r) => r.version)).toEqual(['0001', '0002', '0003']);
      expect(await tables(db)).toEqual(['asset', 'label', 'schemaguard_migrations', 'tag']);
    });
  }, 240_000);

  it('rollback --to a backup restores the schema (compare is clean), marks the migration pending, and apply redoes it', async () => {
    const target = await fresh(make);
    const dir = await seeded(target, { '0002_kind.sql': 'ALTER TABLE public.asset ADD COLUMN kind text;\n' });
    const applied = await applyIn(dir, '--yes');
    expect(applied.code).toBe(0);
    const backup = /To undo: schemaguard rollback --env production --to (\S+)/.exec(applied.stdout)?.[1];
    expect(backup).toBeDefined();

    const dry = await runCli(['rollback', '--env', 'production', '--to', backup ?? '', '--dry-run'], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/ALTER TABLE public\.asset DROP COLUMN kind;/);
    expect(dry.stdout).toMatch(/The reverse plan, to undo this rollback:[\s\S]*ADD COLUMN kind text/);
    expect(dry.stdout).toMatch(/rolled back \(pending again\): 0002_kind\.sql/);
    const refused = await runCli(['rollback', '--env', 'production', '--to', backup ?? '', '--yes'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Step 4 \(confirm\): the plan loses data \(column public\.asset\.kind\)/);

    const rolled = await runCli(
      ['rollback', '--env', 'production', '--to', backup ?? '', '--yes', '--allow-data-loss'],
      {
        cwd: dir,
      },
    );
    expect(rolled.stderr).toMatch(/2\. backup: passed[\s\S]*6\. post-verify: passed/);
    expect(rolled.code).toBe(0);
    const compared = await runCli(['compare', backup ?? '', 'env:production'], { cwd: dir });
    expect(compared.code).toBe(0);
    expect(await target.use(history)).toEqual([
      expect.objectContaining({ version: '0001', kind: 'migration' }),
      expect.objectContaining({ version: '0002', kind: 'migration' }),
      expect.objectContaining({ version: expect.stringMatching(/^rollback_\d{8}T\d{6}Z_nogit$/), kind: 'rollback' }),
    ]);
    const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
    expect(status.stdout).toMatch(/pending\s+0002 kind/);
    expect(status.stdout).toMatch(/No drift/);

    const redo = await applyIn(dir, '--yes');
    expect(redo.stderr).toMatch(/applied 0002_kind\.sql/);
    expect(redo.code).toBe(0);
    expect(await target.use((db) => tableColumns(db, 'asset'))).toEqual(['id', 'title', 'size', 'kind']);
  }, 240_000);
});

describe.runIf(hasServer())('migrate apply on the PostgreSQL server, with a password in the URL', () => {
  it('keeps the password out of the output, the report, the backups (with pg_dump data) and the history', async () => {
    const target = await fresh(() => serverTarget('sgsecret'));
    // The test server trusts local connections, so any password is accepted.
    const url = target.url.replace('postgres@', 'postgres:S3cret-pw-42@');
    const dir = migrationProject(
      'pglite:unused',
      { '0001_asset.sql': ASSET },
      {
        ...SERVER_SHADOWS,
        environments: { production: { urlEnv: 'PROD_URL' } },
        backup: { data: true },
        checks: [{ name: 'asset readable', sql: 'SELECT 1 FROM public.asset LIMIT 1' }],
      },
    );
    const env = { PROD_URL: url };
    const applyJson = () =>
      runCli(['migrate', 'apply', '--env', 'production', '--yes', '--format', 'json'], { cwd: dir, env });
    const first = await applyJson();
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({
      result: 'failed',
      error: expect.stringMatching(/asset readable/),
      executed: [{ label: '0001_asset.sql' }],
    });
    await target.use((db) => db.exec('INSERT INTO public.asset VALUES (1, NULL, 1)'));
    writeFileSync(join(dir, 'migrations', '0002_tag.sql'), 'CREATE TABLE public.tag (id integer);\n');
    writeFileSync(
      join(dir, 'migrations', '0003_title.sql'),
      'ALTER TABLE public.asset ALTER COLUMN title SET NOT NULL;\n',
    );
    const failed = await applyJson();
    expect(failed.code).toBe(1);
    const failure = JSON.parse(failed.stdout) as {
      result: string;
      error: string;
      backup: { data: string };
      executed: { label: string }[];
    };
    expect(failure.result).toBe('failed');
    expect(failure.error).toMatch(/0003_title\.sql, line 1 .*contains null values/);
    // What ran before the failure is in the report.
    expect(failure.executed.map((e) => e.label)).toEqual(['0002_tag.sql']);
    expect(statSync(failure.backup.data).size).toBeGreaterThan(0);

    await target.use((db) => db.exec("UPDATE public.asset SET title = 'a'"));
    const done = await applyJson();
    expect(done.code).toBe(0);
    const report = JSON.parse(done.stdout) as {
      result: string;
      steps: { step: number; name: string; result: string }[];
      checks: { name: string; passed: boolean }[];
      database: string;
    };
    expect(report.result).toBe('applied');
    expect(report.steps.map((s) => `${s.step} ${s.name} ${s.result}`)).toEqual([
      '1 pre-verify passed',
      '2 backup passed',
      '3 plan passed',
      '4 confirm passed',
      '5 execute passed',
      '6 post-verify passed',
      '7 system checks passed',
      '8 snapshot skipped',
    ]);
    expect(report.checks).toEqual([expect.objectContaining({ name: 'asset readable', passed: true })]);
    const status = await runCli(['migrate', 'status', '--env', 'production', '--format', 'json'], { cwd: dir, env });
    const rollback = await runCli(['rollback', '--env', 'production', '--to', 'nosuchrev', '--yes'], { cwd: dir, env });
    expect(rollback.code).toBe(2);

    const outputs = [first, failed, done, status, rollback].flatMap((r) => [r.stdout, r.stderr]).join('\n');
    expect(outputs).not.toContain('S3cret');
    const backupDir = join(dir, 'database_schema', 'backups', 'production');
    for (const file of readdirSync(backupDir)) {
      expect(readFileSync(join(backupDir, file)).includes('S3cret'), file).toBe(false);
    }
    const rows = await target.use((db) => db.query('SELECT * FROM public.schemaguard_migrations'));
    expect(JSON.stringify(rows)).not.toContain('S3cret');
  }, 240_000);

  it('sets lock_timeout and statement_timeout and uses the history table the config names', async () => {
    const target = await fresh(() => serverTarget('sgtimeouts'));
    const dir = migrationProject(
      target.url,
      { '0001_asset.sql': ASSET },
      {
        cacheDir: CACHE,
        // No retries after a lock timeout (apply-timeouts.test.ts shows them): the first one fails the run.
        migrations: { dir: 'migrations', table: 'deploy_history', lockTimeout: 1, statementTimeout: 2, lockRetries: 0 },
      },
    );
    expect((await applyIn(dir, '--yes')).code).toBe(0);
    expect(await target.use(tables)).toEqual(['asset', 'deploy_history']);

    writeFileSync(join(dir, 'migrations', '0002_slow.sql'), 'SELECT pg_sleep(3);\n');
    const slow = await applyIn(dir, '--yes');
    expect(slow.stderr).toMatch(/0002_slow\.sql, line 1 .*canceling statement due to statement timeout/);
    expect(slow.code).toBe(1);

    writeFileSync(join(dir, 'migrations', '0002_slow.sql'), 'ALTER TABLE public.asset ADD COLUMN kind text;\n');
    const blocked = await target.use(async (holder) => {
      await holder.exec('BEGIN; LOCK TABLE public.asset IN ACCESS SHARE MODE');
      try {
        return await applyIn(dir, '--yes');
      } finally {
        await holder.exec('ROLLBACK');
      }
    });
    expect(blocked.stderr).toMatch(/0002_slow\.sql, line 1 .*canceling statement due to lock timeout/);
    expect(blocked.code).toBe(1);
    const rows = await target.use((db) => db.query<{ version: string }>('SELECT version FROM public.deploy_history'));
    expect(rows.map((r) => r.version)).toEqual(['0001']);
  }, 240_000);

  it('rollback --to a git revision takes the baseline as it was there', async () => {
    const target = await fresh(() => serverTarget('sggitrollback'));
    const dir = migrationProject(target.url, { '0001_asset.sql': ASSET }, { cacheDir: CACHE });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    writeFileSync(join(dir, '.gitignore'), 'database_schema/backups/\n.schemaguard/\n');
    expect((await applyIn(dir, '--yes')).code).toBe(0);
    expect((await runCli(['dump', '--env', 'production', '--baseline'], { cwd: dir })).code).toBe(0);
    git('add', '.');
    git('commit', '-qm', 'asset');
    writeFileSync(join(dir, 'migrations', '0002_kind.sql'), 'ALTER TABLE public.asset ADD COLUMN kind text;\n');
    expect((await applyIn(dir, '--yes')).code).toBe(0);
    expect((await runCli(['dump', '--env', 'production', '--baseline'], { cwd: dir })).code).toBe(0);
    git('add', '.');
    git('commit', '-qm', 'kind');

    const rolled = await runCli(['rollback', '--env', 'production', '--to', 'HEAD~1', '--yes', '--allow-data-loss'], {
      cwd: dir,
    });
    expect(rolled.stdout).toMatch(/ALTER TABLE public\.asset DROP COLUMN kind;/);
    expect(rolled.code).toBe(0);
    expect((await runCli(['compare', 'git:HEAD~1', 'env:production'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['compare', 'git:HEAD', 'env:production'], { cwd: dir })).code).toBe(1);
    const [rollback] = (await target.use(history)).filter((r) => r.kind === 'rollback');
    expect(rollback?.version).toMatch(/^rollback_\d{8}T\d{6}Z_[0-9a-f]{7}$/);
  }, 240_000);

  it("repairs the seeds' incident: the history says the rename ran, the database still has the old column", async () => {
    const target = await fresh(() => serverTarget('sgrepair'));
    const old =
      'CREATE TABLE public.organization (id integer PRIMARY KEY);\nCREATE TABLE public.resource (id integer PRIMARY KEY);\nCREATE TABLE public.asset (id integer PRIMARY KEY, organization_id integer REFERENCES public.organization (id));\n';
    const rename =
      'ALTER TABLE public.asset ADD COLUMN resource_id integer REFERENCES public.resource (id);\nALTER TABLE public.asset DROP COLUMN organization_id;\n';
    const dir = migrationProject(
      target.url,
      { '0001_init.sql': old, '0002_asset_resource.sql': rename },
      { ...SERVER_SHADOWS, models: 'migrations:./migrations' },
    );
    await target.use((db) => db.exec(old));
    const noHistory = await runCli(['migrate', 'repair', '--env', 'production', '--dry-run'], { cwd: dir });
    // After the note on the servers' versions, one sentence.
    expect(noHistory.code).toBe(2);
    expect(noHistory.stderr.trim().split('\n').at(-1)).toMatch(
      /^schemaguard: This database has no migration history to repair/,
    );
    await target.use((db) =>
      db.exec(`${postgres.history.createSql()};
        INSERT INTO public.schemaguard_migrations (version, name, checksum, success) VALUES ('0001', 'init', '', true), ('0002', 'asset_resource', '', true);`),
    );
    const fix = await runCli(['verify', '--env', 'production', '--fix'], { cwd: dir });
    expect(fix.stderr).toMatch(
      /No migration written: the database lacks the changes of 0002_asset_resource\.sql, which its history records as applied.*migrate repair --env production/,
    );
    expect(fix.code).toBe(1);
    expect(readdirSync(join(dir, 'migrations'))).toHaveLength(2);
    const refused = await applyIn(dir, '--yes');
    expect(refused.stderr).toMatch(
      /Step 1 \(pre-verify\) failed[\s\S]*"schemaguard migrate repair" marks them as not applied/,
    );
    expect(refused.code).toBe(1);

    const dry = await runCli(['migrate', 'repair', '--env', 'production', '--dry-run'], { cwd: dir });
    expect(dry.stdout).toMatch(
      /records these migrations as applied, but the database does not have their changes[^\n]*\n {2}0002_asset_resource\.sql\n/,
    );
    expect(dry.code).toBe(0);
    expect((await target.use(history)).map((r) => r.version)).toEqual(['0001', '0002']);
    const repaired = await runCli(['migrate', 'repair', '--env', 'production', '--yes'], { cwd: dir });
    expect(repaired.stdout).toMatch(/Repaired: next, schemaguard migrate apply --env production/);
    expect(repaired.code).toBe(0);
    const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
    expect(status.stdout).toMatch(/pending\s+0002 asset_resource/);
    expect(status.stdout).toMatch(/No drift/);

    const applied = await applyIn(dir, '--yes', '--allow-data-loss');
    expect(applied.stderr).toMatch(/applied 0002_asset_resource\.sql/);
    expect(applied.code).toBe(0);
    expect((await runCli(['verify', '--env', 'production'], { cwd: dir })).code).toBe(0);
    const again = await runCli(['migrate', 'repair', '--env', 'production', '--dry-run'], { cwd: dir });
    expect(again.stdout).toMatch(/Nothing to repair/);
  }, 240_000);

  it('runs the configured migration command inside the protocol, its output streamed', async () => {
    const target = await fresh(() => serverTarget('sgexternal'));
    const dir = migrationProject(target.url, {}, SERVER_SHADOWS);
    const migrator = join(import.meta.dirname, '..', 'fixtures', 'external-migrator.mjs');
    writeFileSync(
      join(dir, 'schemaguard.config.json'),
      JSON.stringify({
        ...SERVER_SHADOWS,
        environments: { production: { url: target.url } },
        migrations: { dir: 'migrations', format: 'dbmate', command: `node ${migrator} migrations` },
      }),
    );
    writeFileSync(
      join(dir, 'migrations', '20260101000000_asset.sql'),
      `-- migrate:up\n${ASSET}\n-- migrate:down\nDROP TABLE public.asset;\n`,
    );
    // A real process: the command's output is streamed to the process's own stderr.
    const done = await applyInProcess(dir, '--yes');
    expect(done.stderr).toMatch(
      /5\. running node .*external-migrator\.mjs migrations\nApplying: 20260101000000_asset\.sql\n5\. execute: passed/,
    );
    expect(done.stderr).toMatch(/6\. post-verify: passed/);
    expect(done.code).toBe(0);
    expect(await target.use(tables)).toEqual(['asset', 'schema_migrations']);

    // It fails on the data of this database only: the shadow database's table is empty.
    await target.use((db) => db.exec('INSERT INTO public.asset VALUES (1)'));
    writeFileSync(
      join(dir, 'migrations', '20260102000000_bad.sql'),
      '-- migrate:up\nINSERT INTO public.asset VALUES (1);\n',
    );
    const failed = await applyInProcess(dir, '--yes');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Step 5 \(execute\) failed: "node .*" exited with code 1; its output is above\./);
  }, 240_000);
});
