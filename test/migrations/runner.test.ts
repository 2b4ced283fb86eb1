import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type MigrationFile, readMigrationFolder } from '../../src/migrations/formats.js';
import { MigrationFailedError, applyMigrations } from '../../src/migrations/runner.js';
import {
  type TestDatabase,
  createServerDatabase,
  freshPglite,
  hasServer,
  openTestServer,
} from '../helpers/databases.js';
import type { Connection } from '../../src/dialects/dialect.js';

/** A plain migration folder with these files. */
async function folder(files: Record<string, string>): Promise<readonly MigrationFile[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-runner-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return (await readMigrationFolder(dir, 'plain')).migrations;
}

async function tables(client: Connection): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schemaguard_migrations' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

async function history(client: Connection) {
  return client.query<{
    version: string;
    success: boolean;
    statements_done: number;
    git_commit: string | null;
    applied_by: string | null;
    checksum: string;
  }>(
    'SELECT version, success, statements_done, git_commit, applied_by, checksum FROM public.schemaguard_migrations ORDER BY version',
  );
}

/** The behaviour both engines must show; `open` gives a fresh database. */
function runnerBehaviour(open: () => Promise<Connection>) {
  it('applies each pending migration once, in order, with its history row', async () => {
    const db = await open();
    const migrations = await folder({
      '0001_a.sql': 'CREATE TABLE public.a (id integer PRIMARY KEY);',
      '0002_b.sql': 'CREATE TABLE public.b (id integer REFERENCES public.a (id));',
    });
    const first = await applyMigrations(db, migrations, { gitCommit: 'abc123' });
    expect(first.applied.map((a) => a.version)).toEqual(['0001', '0002']);
    expect(await tables(db)).toEqual(['a', 'b']);
    const rows = await history(db);
    expect(rows.map((r) => [r.version, r.success, r.git_commit])).toEqual([
      ['0001', true, 'abc123'],
      ['0002', true, 'abc123'],
    ]);
    expect(rows[0]?.checksum).toBe(migrations[0]?.checksum);
    expect(rows[0]?.applied_by).toMatch(/^.+@.+$/);
    expect((await applyMigrations(db, migrations)).applied).toEqual([]);
  });

  it('rolls back a migration that fails in its third statement, records nothing, and applies it once fixed', async () => {
    const db = await open();
    const broken = await folder({
      '0001_a.sql': 'CREATE TABLE public.a (id integer PRIMARY KEY);',
      '0002_b.sql':
        'CREATE TABLE public.b (id integer);\nINSERT INTO public.b VALUES (1);\nINSERT INTO public.missing VALUES (1);\n',
    });
    const error = await applyMigrations(db, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as Error).message).toMatch(
      /0002_b\.sql, line 3 \(INSERT INTO public\.missing VALUES \(1\)\), failed: relation "public\.missing" does not exist; the migration was not applied\./,
    );
    expect(await tables(db)).toEqual(['a']);
    expect((await history(db)).map((r) => r.version)).toEqual(['0001']);
    const fixed = await folder({
      '0001_a.sql': 'CREATE TABLE public.a (id integer PRIMARY KEY);',
      '0002_b.sql': 'CREATE TABLE public.b (id integer);\nINSERT INTO public.b VALUES (1);\n',
    });
    expect((await applyMigrations(db, fixed)).applied.map((a) => a.version)).toEqual(['0002']);
    expect(await tables(db)).toEqual(['a', 'b']);
  });

  it('continues a non-transactional migration from the statement after the last one that ran', async () => {
    const db = await open();
    await db.exec('CREATE TABLE public.t (a integer, b integer)');
    const interrupted = await folder({
      '0001_indexes.sql':
        'CREATE INDEX CONCURRENTLY t_a ON public.t (a);\nCREATE INDEX CONCURRENTLY t_b ON public.t (nope);\n',
    });
    expect(interrupted[0]?.transactional).toBe(false);
    await expect(applyMigrations(db, interrupted)).rejects.toThrow(/line 2/);
    expect((await history(db)).map((r) => [r.version, r.success, r.statements_done])).toEqual([['0001', false, 1]]);
    // Make the second statement valid and run the same file again: it resumes at the second statement;
    // building the first index again would fail, since it exists.
    await db.exec('ALTER TABLE public.t ADD COLUMN nope integer');
    const resumed: number[] = [];
    await applyMigrations(db, interrupted, {
      onEvent: (e) => (e.kind === 'start' ? resumed.push(e.resumeAt) : undefined),
    });
    expect(resumed).toEqual([1]);
    expect((await history(db)).map((r) => [r.success, r.statements_done])).toEqual([[true, 2]]);
  });
}

describe('migration runner on PGlite', () => {
  let client: Connection | undefined;
  afterAll(async () => {
    await client?.close();
  });
  runnerBehaviour(async () => {
    client = await freshPglite(client);
    return client;
  });
});

describe.runIf(hasServer())('migration runner on the PostgreSQL server', () => {
  const databases: TestDatabase[] = [];
  const clients: Connection[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    await Promise.all(databases.map((d) => d.drop()));
  });
  const open = async () => {
    const db = await createServerDatabase('sgrunner');
    databases.push(db);
    const client = await openTestServer(db.url);
    clients.push(client);
    return client;
  };
  runnerBehaviour(open);

  it('lets two runs started at once apply each migration exactly once; a short --lock-timeout gives up', async () => {
    const db = await createServerDatabase('sgrunner');
    databases.push(db);
    const [a, b, c] = await Promise.all([openTestServer(db.url), openTestServer(db.url), openTestServer(db.url)]);
    clients.push(a, b, c);
    const migrations = await folder({
      '0001_slow.sql':
        'CREATE TABLE public.counter (n integer);\nSELECT pg_sleep(1);\nINSERT INTO public.counter VALUES (1);\n',
      '0002_more.sql': 'INSERT INTO public.counter VALUES (2);',
    });
    const waits: string[] = [];
    const [first, second] = await Promise.all([
      applyMigrations(a, migrations),
      new Promise((r) => setTimeout(r, 100)).then(() =>
        applyMigrations(b, migrations, {
          onEvent: (e) => (e.kind === 'waiting-for-lock' ? waits.push(e.holder) : undefined),
        }),
      ),
    ]);
    expect([...first.applied, ...second.applied].map((x) => x.version).sort()).toEqual(['0001', '0002']);
    expect(waits).toHaveLength(1);
    const rows = await a.query<{ n: number }>('SELECT n FROM public.counter ORDER BY n');
    expect(rows.map((r) => r.n)).toEqual([1, 2]);

    const more = await folder({ '0003_slow.sql': 'SELECT pg_sleep(2);' });
    const holding = applyMigrations(a, more);
    await new Promise((r) => setTimeout(r, 300));
    await expect(applyMigrations(c, more, { lockTimeoutMs: 200 })).rejects.toThrow(
      /Another migration run holds the lock of this database \(process \d+/,
    );
    await holding;
  });

  it('leaves the database consistent when the process is killed mid-migration, and the next run completes', async () => {
    const db = await createServerDatabase('sgrunner');
    databases.push(db);
    const dir = mkdtempSync(join(tmpdir(), 'sg-runner-kill-'));
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE public.a (id integer);');
    writeFileSync(
      join(dir, '0002_long.sql'),
      'CREATE TABLE public.b (id integer);\nSELECT pg_sleep(3);\nINSERT INTO public.b VALUES (1);\n',
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '..', 'fixtures', 'runner', 'apply-child.ts'), db.url, dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('start 0002')) setTimeout(resolve, 500);
      });
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    expect(output).not.toContain('finished');
    const client = await openTestServer(db.url);
    clients.push(client);
    expect(await tables(client)).toEqual(['a']);
    expect((await history(client)).map((r) => r.version)).toEqual(['0001']);
    const { migrations } = await readMigrationFolder(dir, 'plain');
    expect((await applyMigrations(client, migrations)).applied.map((x) => x.version)).toEqual(['0002']);
    expect(await tables(client)).toEqual(['a', 'b']);
  }, 60_000);
});
