/**
 * What only a server shows of the migration runner: two sessions at once, and a process killed
 * mid-migration. What every engine must do is in test/dialects/conformance/runner.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/dialects/dialect.js';
import { readMigrationFolder } from '../../src/migrations/formats.js';
import { applyMigrations } from '../../src/migrations/runner.js';
import { type TestDatabase, createServerDatabase, hasServer, openTestServer } from '../helpers/databases.js';
import { folder, history, tables } from '../helpers/migration-runs.js';

describe.runIf(hasServer())('migration runner on the PostgreSQL server', () => {
  const databases: TestDatabase[] = [];
  const clients: Connection[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    await Promise.all(databases.map((d) => d.drop()));
  });

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
