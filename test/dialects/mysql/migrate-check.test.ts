/**
 * Issue 16, `migrate check` on MySQL: the replay needs a shadow server (the config's, else the
 * server of its first environment that has one, else one sentence), and a second check of an unchanged folder needs no server at all:
 * the result is taken from the cache, the shadow server not contacted.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../../helpers/cli.js';
import { countingProxy } from '../../helpers/counting-proxy.js';
import { hasMysqlServer, mysql } from '../../helpers/mysql-databases.js';

/** A MySQL project with a plain migration folder, the config's shadow server when given, and its environments. */
function project(
  shadow: string | undefined,
  cacheDir = mkdtempSync(join(tmpdir(), 'sg-mysql-check-cache-')),
  environments?: Record<string, { url?: string; urlEnv?: string }>,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-mysql-check-'));
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001_author.sql'), 'CREATE TABLE author (id int PRIMARY KEY, name text);\n');
  writeFileSync(
    join(dir, 'migrations', '0002_book.sql'),
    'CREATE TABLE book (id int PRIMARY KEY, author_id int REFERENCES author (id));\n',
  );
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    JSON.stringify({
      dialect: 'mysql',
      cacheDir,
      migrations: { dir: 'migrations' },
      ...(shadow ? { shadow } : {}),
      ...(environments ? { environments } : {}),
    }),
  );
  return dir;
}

describe.runIf(hasMysqlServer())('migrate check on MySQL', () => {
  it('without a shadow server: one sentence, exit code 2', async () => {
    const result = await runCli(['migrate', 'check'], { cwd: project(undefined) });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'schemaguard: MySQL has no embedded database: set "shadow" in the config (or SCHEMAGUARD_SHADOW_URL) to a MySQL server URL where schemaguard may create databases.\n',
    );
  });

  it('without a shadow server, replays on the server of the first environment that has one, and says which', async () => {
    const url = new URL(process.env.SCHEMAGUARD_TEST_MYSQL_URL as string);
    const dir = project(undefined, undefined, {
      // Its variable is not set: passed over.
      staging: { urlEnv: 'SG_TEST_UNSET_STAGING_URL' },
      production: { url: url.href },
    });
    const result = await runCli(['migrate', 'check'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      `Replaying the migrations on the server of environment "production" (mysql://${url.username}@${url.host}): the config names no "shadow" server.\n`,
    );
    expect(result.stdout).toMatch(/✓ The migrations load and have no conflicts/);
  });

  it('without a shadow server in the config, replays on the one SCHEMAGUARD_SHADOW_URL names (as the CI workflow sets it)', async () => {
    const result = await runCli(['migrate', 'check'], {
      cwd: project(undefined),
      env: { SCHEMAGUARD_SHADOW_URL: process.env.SCHEMAGUARD_TEST_MYSQL_URL },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ The migrations load and have no conflicts/);
  });

  it('without a shadow server and with no environment URL set: the same one sentence', async () => {
    const result = await runCli(['migrate', 'check'], {
      cwd: project(undefined, undefined, { production: { urlEnv: 'SG_TEST_UNSET_PRODUCTION_URL' } }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^schemaguard: MySQL has no embedded database: set "shadow" in the config/);
  });

  it('replays on the shadow server once; the second check of the unchanged folder contacts no server', async () => {
    const proxy = await countingProxy();
    const cache = mkdtempSync(join(tmpdir(), 'sg-mysql-check-cache-'));
    const dir = project(`mysql://root@127.0.0.1:${proxy.port}/mysql`, cache);
    const first = await runCli(['migrate', 'check'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(proxy.connections()).toBeGreaterThan(0);
    // The result is in the cache folder, for any later process.
    expect(readdirSync(join(cache, 'shadow')).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
    // The server is gone: a check that tried to reach it would fail to connect.
    await proxy.close();
    const second = await runCli(['migrate', 'check'], { cwd: dir });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    // A changed folder needs the server again, and says it cannot reach it.
    writeFileSync(join(dir, 'migrations', '0003_note.sql'), 'CREATE TABLE note (id int PRIMARY KEY);\n');
    const changed = await runCli(['migrate', 'check'], { cwd: dir });
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/Cannot connect to MySQL at 127\.0\.0\.1:\d+: connection refused/);
  });

  it('Ctrl-C during a replay ends the statement running on the shadow database and drops it', async () => {
    const shadow = process.env.SCHEMAGUARD_TEST_MYSQL_URL as string;
    const dir = project(shadow);
    writeFileSync(join(dir, 'migrations', '0003_slow.sql'), 'SELECT SLEEP(60);\n');
    const child = spawn(process.execPath, [CLI, 'migrate', 'check'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const admin = await mysql.connect(shadow);
    try {
      const shadows = async () =>
        (
          await admin.query<{ name: string }>(
            'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?',
            [`schemaguard\\_shadow\\_${child.pid}\\_%`],
          )
        ).map((r) => r.name);
      const sleeping = async () =>
        (await admin.query("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(60)%'")).length;
      const started = Date.now();
      while ((await sleeping()) === 0) {
        expect(Date.now() - started, 'the replay reaches the slow statement').toBeLessThan(20_000);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await shadows()).toHaveLength(1);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(await shadows()).toEqual([]);
      expect(await sleeping()).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await admin.close();
    }
  });
});
