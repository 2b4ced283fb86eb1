import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, resolveConfig } from '../../src/config/load.js';
import type { PostgresClient } from '../../src/dialects/postgres/connection.js';
import {
  type CheckResult,
  SchemaguardError,
  runChecks,
  runCommandCheck,
  runSqlCheck,
  type SystemCheck,
} from '../../src/index.js';
import {
  type TestDatabase,
  createServerDatabase,
  hasServer,
  openTestPglite,
  openTestServer,
} from '../helpers/databases.js';

const SETUP = `
  CREATE TABLE auth_user (id integer PRIMARY KEY, username text NOT NULL, is_superuser boolean NOT NULL);
  INSERT INTO auth_user VALUES (1, 'admin', true), (2, 'editor', false);
  CREATE SEQUENCE ticket;
  CREATE FUNCTION add_user() RETURNS integer LANGUAGE sql
    AS $$ INSERT INTO auth_user VALUES (3, 'sneaky', true) RETURNING id $$;
`;

async function userCount(client: PostgresClient): Promise<number> {
  const [row] = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM auth_user');
  return row?.n ?? -1;
}

/** Drops the timing, which differs from run to run. */
function outcome(result: CheckResult) {
  expect(result.ms).toBeGreaterThanOrEqual(0);
  return { name: result.name, passed: result.passed, message: result.message };
}

function sqlCheckBehaviour(client: () => PostgresClient) {
  it('passes when the query returns a row, fails when it returns none', async () => {
    expect(
      outcome(await runSqlCheck(client(), { name: 'admin exists', sql: 'SELECT 1 FROM auth_user WHERE is_superuser' })),
    ).toEqual({
      name: 'admin exists',
      passed: true,
      message: 'returned a row',
    });
    expect(
      outcome(
        await runSqlCheck(client(), { name: 'nobody', sql: "SELECT 1 FROM auth_user WHERE username = 'nobody'" }),
      ),
    ).toEqual({ name: 'nobody', passed: false, message: 'returned no rows' });
  });

  it('takes a trailing semicolon, comments, and semicolons inside quotes', async () => {
    const sqls = [
      'SELECT id FROM auth_user WHERE is_superuser;\n',
      "-- the admin\nSELECT id FROM auth_user WHERE username <> 'a;b' /* ; */; -- done; really",
      "SELECT $tag$;$tag$, E'\\';' FROM auth_user",
      'WITH admins AS (SELECT * FROM auth_user WHERE is_superuser) TABLE admins',
      'VALUES (1)',
    ];
    for (const sql of sqls) {
      expect((await runSqlCheck(client(), { name: 'q', sql })).message, sql).toBe('returned a row');
    }
  });

  it("fails with the server's error in one line, and leaves the session usable", async () => {
    const result = await runSqlCheck(client(), { name: 'typo', sql: 'SELECT 1 FROM auth_users' });
    expect(outcome(result)).toEqual({ name: 'typo', passed: false, message: 'relation "auth_users" does not exist' });
    // Not left inside the aborted transaction.
    expect(await userCount(client())).toBe(2);
    await client().exec("INSERT INTO auth_user VALUES (10, 'temp', false); DELETE FROM auth_user WHERE id = 10;");
  });

  it('evaluates the select list, so a function that raises fails the check', async () => {
    await client().exec(`CREATE OR REPLACE FUNCTION assert_no_orphans() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
      BEGIN RAISE EXCEPTION 'found 3 orphaned assets'; END $$`);
    expect((await runSqlCheck(client(), { name: 'orphans', sql: 'SELECT assert_no_orphans()' })).message).toBe(
      'found 3 orphaned assets',
    );
  });

  it('runs read-only: a write through a function or a sequence is refused', async () => {
    expect((await runSqlCheck(client(), { name: 'write', sql: 'SELECT add_user()' })).message).toBe(
      'cannot execute INSERT in a read-only transaction',
    );
    expect((await runSqlCheck(client(), { name: 'seq', sql: "SELECT nextval('ticket')" })).message).toBe(
      'cannot execute nextval() in a read-only transaction',
    );
    expect(await userCount(client())).toBe(2);
  });

  it('refuses several statements, so a check cannot commit its way out of the transaction', async () => {
    const result = await runSqlCheck(client(), { name: 'sneaky', sql: 'SELECT 1; COMMIT; DELETE FROM auth_user' });
    expect(outcome(result)).toEqual({
      name: 'sneaky',
      passed: false,
      message: 'has 3 statements; a check runs one query',
    });
    expect((await runSqlCheck(client(), { name: 'empty', sql: '-- nothing here;\n;' })).message).toBe('has no query');
    expect((await runSqlCheck(client(), { name: 'delete', sql: 'DELETE FROM auth_user' })).message).toBe(
      'cannot execute DELETE in a read-only transaction',
    );
    expect(await userCount(client())).toBe(2);
  });
}

/** One PGlite for the whole file. */
let pglite: PostgresClient;
beforeAll(async () => {
  pglite = await openTestPglite();
  await pglite.exec(SETUP);
});
afterAll(async () => {
  await pglite?.close();
});

describe('SQL checks on PGlite', () => {
  sqlCheckBehaviour(() => pglite);
});

describe.runIf(hasServer())('SQL checks on the PostgreSQL server', () => {
  let database: TestDatabase;
  let db: PostgresClient;
  beforeAll(async () => {
    database = await createServerDatabase('sgchecks');
    db = await openTestServer(database.url);
    await db.exec(SETUP);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  sqlCheckBehaviour(() => db);

  it('stops a query that runs longer than its timeout', async () => {
    const started = Date.now();
    const result = await runSqlCheck(db, { name: 'slow', sql: 'SELECT pg_sleep(5)', timeout: 0.5 });
    expect(outcome(result)).toEqual({ name: 'slow', passed: false, message: 'timed out after 0.5 s' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await userCount(db)).toBe(2);
  });
});

describe('command checks', () => {
  it('passes on exit code 0', async () => {
    expect(outcome(await runCommandCheck({ name: 'ok', command: 'echo fine' }))).toEqual({
      name: 'ok',
      passed: true,
      message: 'exited with code 0',
    });
  });

  it('fails with the exit code and the last line of stderr (or of stdout when stderr is empty)', async () => {
    const failing = await runCommandCheck({
      name: 'django check',
      command:
        'echo "System check identified some issues"; echo "first" >&2; echo "  ERROR: bad setting  " >&2; exit 3',
    });
    expect(outcome(failing)).toEqual({
      name: 'django check',
      passed: false,
      message: 'exited with code 3: ERROR: bad setting',
    });
    expect((await runCommandCheck({ name: 'quiet', command: 'echo "only stdout"; exit 1' })).message).toBe(
      'exited with code 1: only stdout',
    );
    expect((await runCommandCheck({ name: 'silent', command: 'exit 4' })).message).toBe('exited with code 4');
    expect((await runCommandCheck({ name: 'missing', command: 'schemaguard-no-such-command-xyz' })).message).toMatch(
      /^exited with code 127: .*schemaguard-no-such-command-xyz.*not found/,
    );
  });

  it('runs in the given folder with the given variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-checks-'));
    writeFileSync(join(dir, 'marker'), '');
    expect((await runCommandCheck({ name: 'cwd', command: 'test -f marker' }, { cwd: dir })).passed).toBe(true);
    expect((await runCommandCheck({ name: 'cwd', command: 'test -f marker' }, { cwd: tmpdir() })).passed).toBe(false);
    expect(
      (
        await runCommandCheck(
          { name: 'env', command: 'test "$SG_CHECK" = yes' },
          { env: { ...process.env, SG_CHECK: 'yes' } },
        )
      ).passed,
    ).toBe(true);
  });

  it('fails with "could not start" instead of throwing when the folder does not exist', async () => {
    const result = await runCommandCheck({ name: 'nowhere', command: 'true' }, { cwd: '/no/such/folder/here' });
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/^cannot start: /);
  });

  it('times out: kills the command and returns at once', async () => {
    const started = Date.now();
    const result = await runCommandCheck({ name: 'slow', command: 'echo "waiting for db" >&2; sleep 5', timeout: 0.5 });
    expect(outcome(result)).toEqual({ name: 'slow', passed: false, message: 'timed out after 0.5 s: waiting for db' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('kills the whole process group, not only the shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-checks-'));
    const started = Date.now();
    const result = await runCommandCheck(
      { name: 'background', command: '(sleep 1.5; touch late) & sleep 10', timeout: 0.3 },
      { cwd: dir },
    );
    expect(result.message).toBe('timed out after 0.3 s');
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(existsSync(join(dir, 'late'))).toBe(false);
  });
});

describe('runChecks', () => {
  const checks: SystemCheck[] = [
    { name: 'admin user exists', sql: 'SELECT 1 FROM auth_user WHERE is_superuser' },
    { name: 'system check', command: 'exit 2' },
    { name: 'no orphans', sql: "SELECT 1 FROM auth_user WHERE username = 'orphan'" },
    { name: 'smoke test', command: 'true' },
  ];

  it('runs every check in order, reporting each as it finishes', async () => {
    const seen: string[] = [];
    const results = await runChecks(checks, { client: pglite, onResult: (r) => seen.push(r.name) });
    expect(results.map(outcome)).toEqual([
      { name: 'admin user exists', passed: true, message: 'returned a row' },
      { name: 'system check', passed: false, message: 'exited with code 2' },
      { name: 'no orphans', passed: false, message: 'returned no rows' },
      { name: 'smoke test', passed: true, message: 'exited with code 0' },
    ]);
    expect(seen).toEqual(checks.map((c) => c.name));
  });

  it('needs a client only when there are SQL checks', async () => {
    await expect(runChecks(checks)).rejects.toThrow(SchemaguardError);
    await expect(runChecks(checks)).rejects.toThrow(
      'The check "admin user exists" runs SQL, so it needs a database connection.',
    );
    expect((await runChecks([{ name: 'smoke test', command: 'true' }])).map((r) => r.passed)).toEqual([true]);
  });
});

describe('assertions and checks in the config', () => {
  const invalid = async (raw: unknown) => {
    try {
      await resolveConfig(raw, '/app/schemaguard.config.json', '/app');
    } catch (error) {
      expect(error).toBeInstanceOf(SchemaguardError);
      return (error as Error).message.replace('The config file /app/schemaguard.config.json is invalid at ', '');
    }
    throw new Error('the config was accepted');
  };

  it('resolves both lists, empty by default', async () => {
    expect(defaultConfig('/app')).toMatchObject({ assertions: [], checks: [] });
    expect(await resolveConfig({}, undefined, '/app')).toMatchObject({ assertions: [], checks: [] });
    const config = await resolveConfig(
      {
        assertions: [
          { name: 'assets have resources', table: 'asset', column: 'resource_id' },
          { table: 'asset', absentColumn: 'publishing_organization_id' },
          { foreignKey: 'asset.resource_id -> resource.id' },
          { table: 'audit.log', index: ['created_at'] },
          { table: 'resource' },
        ],
        checks: [
          { name: 'admin user exists', sql: 'SELECT 1 FROM auth_user WHERE is_superuser' },
          { name: 'django system check', command: 'python manage.py check --deploy', timeout: 120 },
        ],
      },
      '/app/schemaguard.config.json',
      '/app',
    );
    expect(config.assertions).toHaveLength(5);
    expect(config.checks).toEqual([
      { name: 'admin user exists', sql: 'SELECT 1 FROM auth_user WHERE is_superuser' },
      { name: 'django system check', command: 'python manage.py check --deploy', timeout: 120 },
    ]);
  });

  it('names the bad assertion and says which keys go together', async () => {
    expect(
      await invalid({ assertions: [{ table: 'asset' }, { table: 'asset', column: 'a', absentColumn: 'b' }] }),
    ).toBe(
      'assertions[1]: give one of "column", "absentColumn" and "index" per assertion, not "column" and "absentColumn".',
    );
    expect(await invalid({ assertions: [{ column: 'resource_id' }] })).toBe('assertions[0]: "column" needs "table".');
    expect(await invalid({ assertions: [{ name: 'nothing' }] })).toBe(
      'assertions[0]: give "table" (with "column", "absentColumn" or "index") or "foreignKey".',
    );
    expect(await invalid({ assertions: [{ foreignKey: 'asset.resource_id -> resource.id', table: 'asset' }] })).toBe(
      'assertions[0]: "foreignKey" stands alone: remove "table".',
    );
    expect(await invalid({ assertions: [{ foreignKey: 'asset.resource_id' }] })).toBe(
      'assertions[0].foreignKey: "asset.resource_id" is not a foreign key: write it as "table.column -> table.column" or "table.(a, b) -> table.(x, y)".',
    );
    expect(await invalid({ assertions: [{ foreignKey: 'a.(x, y) -> b.x' }] })).toBe(
      'assertions[0].foreignKey: "a.(x, y) -> b.x" has 2 columns on the left and 1 on the right.',
    );
    expect(await invalid({ assertions: [{ table: 'db.audit.log' }] })).toBe(
      'assertions[0].table: "db.audit.log" is not a table name: write "table" or "schema.table".',
    );
    expect(await invalid({ assertions: [{ table: 'asset', colum: 'resource_id' }] })).toBe(
      'assertions[0]: unknown key "colum".',
    );
    expect(await invalid({ assertions: [{ table: 'asset', index: 'resource_id' }] })).toBe(
      'assertions[0].index: Invalid input: expected array, received string.',
    );
    expect(await invalid({ assertions: [{ table: 'asset', index: [] }] })).toBe(
      'assertions[0].index: Too small: expected array to have >=1 items.',
    );
  });

  it('names the bad check', async () => {
    expect(await invalid({ checks: [{ name: 'admin' }] })).toBe(
      'checks[0]: give "sql" (a query that must return a row) or "command" (a shell command that must exit with 0).',
    );
    expect(await invalid({ checks: [{ name: 'admin', sql: 'SELECT 1', command: 'true' }] })).toBe(
      'checks[0]: give "sql" or "command", not both.',
    );
    expect(await invalid({ checks: [{ sql: 'SELECT 1' }] })).toBe('checks[0].name: every check needs a "name".');
    expect(await invalid({ checks: [{ name: 'slow', command: 'true', timeout: 0 }] })).toBe(
      'checks[0].timeout: Too small: expected number to be >0.',
    );
    expect(await invalid({ checks: [{ name: 'x', command: 'true', timout: 5 }] })).toBe(
      'checks[0]: unknown key "timout".',
    );
  });
});
