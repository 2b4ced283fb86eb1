/**
 * No password reaches any output or file: a full `migrate apply` on the PostgreSQL server
 * (data backup with pg_dump, an environment snapshot, the history table), then the commands
 * that read the same database, all with a URL whose password is the canary (every special
 * character of a generated password, percent-encoded); then every file under the project
 * folder, every output and every row of every table in the database are searched for any
 * piece of it. The server trusts local connections, so the password is never checked, but
 * it is in the URL every command is given.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CANARY, CANARY_PIECE, encodedCanaryUrl, unencodedCanaryUrl } from '../helpers/canary.js';
import { type CliResult, isOneSentenceError, runCli } from '../helpers/cli.js';
import { SERVER_URL, hasServer, serverAdminQuery } from '../helpers/databases.js';
import { type TargetDatabase, migrationProject, serverTarget } from '../helpers/migration-project.js';

/**
 * Every file under a folder, recursively, with its content: gzip files (data directory
 * tarballs) uncompressed, pg_dump archives as the SQL pg_restore makes of them.
 */
function filesUnder(folder: string): { path: string; content: string }[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => {
      const bytes = readFileSync(path);
      if (path.endsWith('.gz')) return { path, content: gunzipSync(bytes).toString('latin1') };
      if (path.endsWith('.dump'))
        return { path, content: execFileSync('pg_restore', ['-f', '-', path], { encoding: 'latin1' }) };
      return { path, content: bytes.toString('latin1') };
    });
}

describe.runIf(hasServer())('a canary password with every special character', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('is in no output, no file a full migrate apply writes, and no row of the database', async () => {
    const role = `sgcanary_${process.pid}`;
    // Trust authentication: the password is stored but never asked for.
    await serverAdminQuery(`CREATE ROLE ${role} LOGIN PASSWORD '${CANARY}'`);
    cleanup.push(() => serverAdminQuery(`DROP ROLE IF EXISTS ${role}`));
    const target: TargetDatabase = await serverTarget('sgcanary');
    cleanup.push(() => target.drop());
    const database = new URL(target.url).pathname.slice(1);
    await serverAdminQuery(`ALTER DATABASE ${database} OWNER TO ${role}`);
    const host = new URL(SERVER_URL as string).host;
    const url = encodedCanaryUrl(role, host, database);

    const dir = migrationProject(
      'pglite:unused',
      {
        '0001_asset.sql': 'CREATE TABLE public.asset (id integer PRIMARY KEY, title text);\n',
        '0002_tag.sql': 'CREATE TABLE public.tag (id integer PRIMARY KEY, asset_id integer REFERENCES public.asset);\n',
      },
      {
        environments: {
          production: { urlEnv: 'PROD_URL', snapshot: 'database_schema/production_schema.json' },
        },
        backup: { data: true },
        checks: [{ name: 'assets readable', sql: 'SELECT 1' }],
      },
    );
    const env = { PROD_URL: url };
    const outputs: CliResult[] = [];
    const step = async (...args: string[]) => {
      const result = await runCli(args, { cwd: dir, env });
      outputs.push(result);
      return result;
    };
    // The same, with the password in no environment variable: only the URL given can tell it.
    const alone = async (...args: string[]) => {
      const result = await runCli(args, { cwd: dir, env: { PROD_URL: '' } });
      outputs.push(result);
      return result;
    };

    const applied = await step('migrate', 'apply', '--env', 'production', '--yes');
    expect(applied.stderr).toMatch(/8\. snapshot: passed/);
    expect(applied.code, applied.stderr).toBe(0);
    writeFileSync(join(dir, 'migrations', '0003_title.sql'), 'ALTER TABLE public.asset ADD COLUMN kind text;\n');
    const json = await step('migrate', 'apply', '--env', 'production', '--yes', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { backup: { data?: string }; database: string };
    // The data backup is pg_dump's, given the password through its environment.
    expect(report.backup.data).toMatch(/\.dump$/);
    expect(statSync(report.backup.data as string).size).toBeGreaterThan(0);
    expect(report.database).toContain(role);
    // A failing migration: its error goes to the output, the report and the history.
    writeFileSync(join(dir, 'migrations', '0004_fails.sql'), 'SELECT 1/0;\n');
    const failed = await step('migrate', 'apply', '--env', 'production', '--yes', '--format', 'json');
    expect(failed.code).toBe(1);
    rmSync(join(dir, 'migrations', '0004_fails.sql'));

    // Every command that reads the database, by --env and by --db.
    for (const args of [
      ['snapshot', '--env', 'production'],
      ['dump', '--env', 'production', '-o', 'out/env.json'],
      ['dump', '--db', url, '--format', 'sql', '-o', 'out/db.sql'],
      ['dump', url, '-o', 'out/ref.json'],
      ['compare', 'database_schema/production_schema.json', '--db', url, '--format', 'json'],
      ['compare', '--baseline', 'out/env.json', '--env', 'production', '--format', 'markdown', '-o', 'out/compare.md'],
      ['diff', 'database_schema/production_schema.json', url],
      ['verify', '--db', url, '--models', 'migrations:./migrations', '--format', 'json'],
      ['migrate', 'status', '--env', 'production', '--format', 'json'],
      ['migrate', 'plan', '--db', url],
      ['check', '--env', 'production', '--format', 'json', '-o', 'out/check.json'],
      ['rollback', '--env', 'production', '--to', 'database_schema/production_schema.json', '--dry-run'],
      ['snapshot', '--list', '--format', 'json'],
    ]) {
      const result = await step(...args);
      expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBeLessThan(2);
    }
    // Errors carrying the URL: malformed (unencoded), and well-formed but refused (no such database).
    for (const bad of [unencodedCanaryUrl(role, host, database), encodedCanaryUrl(role, host, 'sg_nope')]) {
      for (const args of [
        ['dump', '--db', bad],
        ['dump', '--db', bad, '--verbose'],
        ['dump', '--db', bad, '--verbose', '--connect-timeout', 'x'],
        ['migrate', 'apply', '--db', bad, '--yes'],
        ['compare', '--db', bad, '--baseline', 'database_schema/production_schema.json'],
      ]) {
        const result = await alone(...args);
        expect(result.code).toBe(2);
        if (!args.includes('--verbose')) expect(isOneSentenceError(result), result.stderr).toBe(true);
      }
    }

    const leaks = [
      ...outputs.flatMap((r, i) => [
        { path: `output ${i} stdout`, content: r.stdout },
        { path: `output ${i} stderr`, content: r.stderr },
      ]),
      ...filesUnder(dir),
    ].filter((f) => CANARY_PIECE.test(f.content));
    expect(
      leaks.map((f) => `${f.path}: ${new RegExp(`.{0,60}${CANARY_PIECE.source}.{0,60}`, 's').exec(f.content)?.[0]}`),
    ).toEqual([]);
    // The project has what a full run writes: backups (schema, SQL, data), the snapshot, the versioned snapshots.
    const written = filesUnder(dir).map((f) => f.path.slice(dir.length + 1));
    expect(written).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^database_schema\/backups\/production\/.*\.json$/),
        expect.stringMatching(/^database_schema\/backups\/production\/.*\.sql$/),
        expect.stringMatching(/^database_schema\/backups\/production\/.*\.dump$/),
        'database_schema/production_schema.json',
        expect.stringMatching(/^database_schema\/snapshots\/production\/.*\.json$/),
        'out/db.sql',
      ]),
    );

    // Every row of every table the runs wrote, the history first among them.
    const rows = await target.use(async (db) => {
      const tables = await db.query<{ name: string }>(
        "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
      );
      expect(tables.map((t) => t.name)).toContain('public.schemaguard_migrations');
      const all: unknown[] = [];
      for (const { name } of tables) all.push(name, ...(await db.query(`SELECT * FROM ${name}`)));
      return JSON.stringify(all);
    });
    expect(rows).not.toMatch(CANARY_PIECE);
  }, 600_000);
});
