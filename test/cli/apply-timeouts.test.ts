/**
 * What `migrate apply` runs its statements under, and what a killed backup leaves: the
 * default lock and statement timeouts (stated in the plan, overridden by the config and
 * the command line), a migration that hit lock_timeout rolled back and tried again, and
 * a backup set that is complete or absent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOneSentenceError } from '../helpers/cli.js';
import { hasServer, openTestServer } from '../helpers/databases.js';
import {
  type TargetDatabase,
  applyIn,
  backupFiles,
  embeddedTarget,
  migrationProject,
  serverTarget,
} from '../helpers/migration-project.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const CACHE = mkdtempSync(join(tmpdir(), 'sg-timeouts-cache-'));
/** A migration that records the timeouts it ran under. */
const SETTINGS =
  "CREATE TABLE public.settings AS SELECT current_setting('lock_timeout') AS lock_timeout, current_setting('statement_timeout') AS statement_timeout;\n";

const targets: TargetDatabase[] = [];
afterAll(async () => {
  for (const target of targets) await target.drop();
});

async function settings(target: TargetDatabase) {
  return target.use((db) =>
    db.query<{ lock_timeout: string; statement_timeout: string }>('SELECT * FROM public.settings'),
  );
}

describe('migrate apply timeouts on an embedded database', () => {
  it('runs statements with lock_timeout 5 s and statement_timeout 30 min by default, and says so in the plan', async () => {
    const target = await embeddedTarget();
    const dir = migrationProject(target.url, { '0001_settings.sql': SETTINGS }, { cacheDir: CACHE });
    const run = await applyIn(dir, '--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Timeouts: each statement waits at most 5 s for a lock (lock_timeout; a migration that times out waiting is rolled back and tried again, up to 3 times) and runs at most 30 min (statement_timeout).',
    );
    expect(await settings(target)).toEqual([{ lock_timeout: '5s', statement_timeout: '30min' }]);
  }, 240_000);

  it('takes the timeouts from the config, and the command line over the config', async () => {
    const fromConfig = await embeddedTarget();
    const config = { cacheDir: CACHE, migrations: { dir: 'migrations', lockTimeout: 2, statementTimeout: 0 } };
    const dir = migrationProject(fromConfig.url, { '0001_settings.sql': SETTINGS }, config);
    const run = await applyIn(dir, '--yes');
    expect(run.stdout).toMatch(/waits at most 2 s for a lock .* runs without limit \(statement_timeout\)/);
    expect(await settings(fromConfig)).toEqual([{ lock_timeout: '2s', statement_timeout: '0' }]);

    const fromFlags = await embeddedTarget();
    const other = migrationProject(fromFlags.url, { '0001_settings.sql': SETTINGS }, config);
    const flagged = await applyIn(
      other,
      '--yes',
      '--statement-lock-timeout',
      '0.5',
      '--statement-timeout',
      '90',
      '--lock-retries',
      '0',
    );
    expect(flagged.stdout).toContain('waits at most 0.5 s for a lock (lock_timeout; a migration that times out');
    expect(flagged.stdout).toContain('runs at most 90 s (statement_timeout)');
    expect(await settings(fromFlags)).toEqual([{ lock_timeout: '500ms', statement_timeout: '90s' }]);
  }, 240_000);

  it('refuses a timeout that is not a number of seconds, in one sentence', async () => {
    // Refused before any database is opened: the project's database need not exist.
    const dir = migrationProject('pglite:./never-created', { '0001_settings.sql': SETTINGS }, { cacheDir: CACHE });
    for (const flags of [
      ['--statement-lock-timeout', 'soon'],
      ['--statement-timeout', '-1'],
      ['--lock-retries', '1.5'],
    ]) {
      const run = await applyIn(dir, '--yes', ...flags);
      expect(isOneSentenceError(run), run.stderr).toBe(true);
      expect(run.stderr).toContain(flags[0]);
    }
  }, 240_000);
});

/** Starts `migrate apply` in a project; resolves with the process once `ready(dir)` holds. */
function applyUntil(dir: string, ready: () => boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'migrate', 'apply', '--env', 'production', '--yes'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        resolve(child);
      }
    }, 5);
    child.on('close', () => {
      clearInterval(timer);
      reject(new Error('apply ended first'));
    });
  });
}

describe.runIf(hasServer())('migrate apply timeouts on the PostgreSQL server', () => {
  const ASSET = 'CREATE TABLE public.asset (id integer PRIMARY KEY, title text);\n';

  async function project(migrations: Record<string, string>, config = {}) {
    const target = await serverTarget('sgtimeout');
    targets.push(target);
    const dir = migrationProject(target.url, { '0001_asset.sql': ASSET }, { cacheDir: CACHE, ...config });
    expect((await applyIn(dir, '--yes')).code).toBe(0);
    for (const [name, sql] of Object.entries(migrations)) writeFileSync(join(dir, 'migrations', name), sql);
    return { target, dir };
  }

  /** Takes an exclusive lock on public.asset from another session; the result releases it. */
  async function lockAsset(target: TargetDatabase): Promise<() => Promise<void>> {
    const blocker = await openTestServer(target.url);
    await blocker.exec('BEGIN; LOCK TABLE public.asset IN ACCESS EXCLUSIVE MODE');
    return async () => {
      await blocker.exec('COMMIT');
      await blocker.close();
    };
  }

  /** `migrate apply` in a project, with a promise for the moment its stderr first matches a pattern. */
  function watchedApply(dir: string, flags: string[]) {
    const child = spawn(process.execPath, [CLI, 'migrate', 'apply', '--env', 'production', '--yes', ...flags], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    const waiting: { pattern: RegExp; resolve: () => void }[] = [];
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const w of waiting.filter((w) => w.pattern.test(stderr))) w.resolve();
    });
    const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
      child.on('close', (code) => resolve({ code, stderr })),
    );
    return {
      done,
      seen: (pattern: RegExp) => new Promise<void>((resolve) => waiting.push({ pattern, resolve })),
    };
  }

  it('rolls back a migration that hit lock_timeout and tries it again once the lock is free', async () => {
    const { target, dir } = await project({ '0002_size.sql': 'ALTER TABLE public.asset ADD COLUMN size integer;\n' });
    const release = await lockAsset(target);
    const run = watchedApply(dir, ['--statement-lock-timeout', '1']);
    await run.seen(/trying again/);
    await release();
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /0002_size\.sql: canceling statement due to lock timeout; rolled back, trying again in 1 s \(1 of 3\)/,
    );
    expect(result.stderr).toMatch(/6\. post-verify: passed/);
  }, 120_000);

  it('gives up after the retries, with the database as before the migration', async () => {
    const { target, dir } = await project({
      '0002_size.sql': 'CREATE TABLE public.tag (id integer);\nALTER TABLE public.asset ADD COLUMN size integer;\n',
    });
    const release = await lockAsset(target);
    const result = await watchedApply(dir, ['--statement-lock-timeout', '0.5', '--lock-retries', '1']).done;
    await release();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/trying again in 1 s \(1 of 1\)/);
    expect(result.stderr).toMatch(
      /Step 5 \(execute\) failed: .*0002_size\.sql.*lock timeout.*the migration was not applied/,
    );
    const tables = await target.use((db) =>
      db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"),
    );
    expect(tables.map((t) => t.name)).toEqual(['asset', 'schemaguard_migrations']);
  }, 120_000);

  it('a run killed while writing its backup leaves no snapshot a rollback could take, and the next run clears what it left', async () => {
    const { target, dir } = await project(
      { '0002_size.sql': 'ALTER TABLE public.asset ADD COLUMN size integer;\n' },
      { backup: { data: true } },
    );
    // Enough rows that pg_dump takes a moment.
    await target.use((db) =>
      db.exec("INSERT INTO public.asset SELECT g, repeat('x', 200) FROM generate_series(1, 200000) g"),
    );
    const folder = join(dir, 'database_schema', 'backups', 'production');
    const before = backupFiles(dir);
    const partial = () => existsSync(folder) && readdirSync(folder).some((name) => name.endsWith('.partial'));
    const child = await applyUntil(dir, partial);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
    const left = backupFiles(dir).filter((name) => !before.includes(name));
    expect(
      left.some((name) => name.endsWith('.json')),
      left.join(', '),
    ).toBe(false);
    expect(left.some((name) => name.endsWith('.partial'))).toBe(true);
    // What a kill in the middle of writing the .sql leaves too (seen in CI): the writer's temporary file.
    const stem = (left.find((name) => name.endsWith('.partial')) as string).slice(0, -'.partial'.length);
    writeFileSync(join(folder, `.${stem}.sql.${child.pid}.0a1b2c3d.tmp`), '-- half');

    const next = await applyIn(dir, '--yes');
    expect(next.code, next.stderr).toBe(0);
    const sets = backupFiles(dir).filter((name) => !before.includes(name));
    expect(sets.filter((name) => name.endsWith('.partial'))).toEqual([]);
    const stems = new Set(sets.map((name) => name.replace(/\.(json|sql|dump)$/, '')));
    expect(stems.size, sets.join(', ')).toBe(1);
    expect(sets.map((name) => name.slice(name.indexOf('.'))).sort()).toEqual(['.dump', '.json', '.sql']);
  }, 180_000);
});
