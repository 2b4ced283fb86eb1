/** The migration lock on SQLite files: two runs at once, a writer holding SQLite's write lock, a lock row left behind. */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dialectByName } from '../../../src/dialects/index.js';
import { CLI, runCli } from '../../helpers/cli.js';
import { rowsOf, sqliteFileWith, tempFolder } from './helpers.js';

const sqlite = dialectByName('sqlite');

/** A project whose migrations take a moment (rows to insert), with `app.db` empty. */
function project(): { folder: string; db: string } {
  const folder = tempFolder();
  mkdirSync(join(folder, 'migrations'));
  writeFileSync(
    join(folder, 'migrations', '0001_event.sql'),
    'CREATE TABLE event (id INTEGER PRIMARY KEY, at TEXT);\n' +
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO event SELECT i, NULL FROM n;\n',
  );
  writeFileSync(join(folder, 'migrations', '0002_tag.sql'), 'CREATE TABLE tag (id INTEGER PRIMARY KEY);\n');
  writeFileSync(
    join(folder, 'schemaguard.config.json'),
    JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'migrations' } }),
  );
  return { folder, db: sqliteFileWith('SELECT 1', folder, 'app.db') };
}

/** Runs the built CLI in a process of its own. */
function runProcess(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the migration lock on SQLite', () => {
  it('two processes at once: one applies; the other waits for it or finds nothing to do', async () => {
    const { folder, db } = project();
    const args = ['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'];
    const [a, b] = await Promise.all([runProcess(args, folder), runProcess(args, folder)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const [first, second] = a.stderr.includes('5. execute: passed') ? [a, b] : [b, a];
    expect(first.stderr).toContain('5. execute: passed');
    expect(second.stderr).not.toContain('5. execute');
    // The two start together, but one may be done before the other reads the history: then
    // the second finds nothing to do without waiting.
    if (second.stderr.includes('waiting for the migration lock')) {
      expect(second.stderr).toMatch(
        /waiting for the migration lock, held by another schemaguard run \(process \d+ of .+ on .+ since \d{4}-.+Z\)…/,
      );
      expect(second.stderr + second.stdout).toMatch(
        /0001_event\.sql and 0002_tag\.sql were applied by .+ while this run waited for the lock/,
      );
    } else {
      expect(second.stderr + second.stdout).toMatch(/Nothing to do/);
    }
    expect(rowsOf(db, 'SELECT version FROM schemaguard_migrations ORDER BY version')).toEqual([
      { version: '0001' },
      { version: '0002' },
    ]);
    expect(rowsOf(db, 'SELECT count(*) AS n FROM event')).toEqual([{ n: 20000 }]);
  });

  it('two runners on two connections in one process: each migration applied once', async () => {
    const { folder, db } = project();
    const { readMigrationFolder } = await import('../../../src/migrations/formats.js');
    const { applyMigrations } = await import('../../../src/migrations/runner.js');
    const migrations = await readMigrationFolder(join(folder, 'migrations'), 'plain', folder, sqlite.lexer);
    const a = await sqlite.connect(`sqlite:${db}`);
    const b = await sqlite.connect(`sqlite:${db}`);
    try {
      const waits: string[] = [];
      const onEvent = (event: { kind: string; holder?: string }) => {
        if (event.kind === 'waiting-for-lock') waits.push(event.holder ?? '');
      };
      const results = await Promise.all([
        applyMigrations(a, migrations.migrations, { onEvent }),
        applyMigrations(b, migrations.migrations, { onEvent }),
      ]);
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 2]);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toContain(`another schemaguard run (process ${process.pid}`);
    } finally {
      await a.close();
      await b.close();
    }
    expect(rowsOf(db, 'SELECT count(*) AS n FROM schemaguard_lock')).toEqual([{ n: 0 }]);
  });

  it("says who holds SQLite's write lock when a writer keeps it past --lock-timeout", async () => {
    const { folder, db } = project();
    const writer = new Database(db);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const result = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes', '--lock-timeout', '1'], {
        cwd: folder,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'waiting for the migration lock, held by another schemaguard run or writer holding SQLite’s write lock…\n',
      );
      expect(result.stderr.trim().split('\n').at(-1)).toBe(
        "schemaguard: Another schemaguard run or writer holds SQLite's write lock on ./app.db; waited 1 s (--lock-timeout): try again when it has finished.",
      );
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('takes over the lock row of a process that is gone, and names a live holder of another host', async () => {
    const { folder, db } = project();
    const raw = new Database(db);
    const name = 'schemaguard migrations schemaguard_migrations';
    raw.exec(
      'CREATE TABLE schemaguard_lock (name TEXT NOT NULL PRIMARY KEY, token TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, user TEXT, taken_at TEXT NOT NULL)',
    );
    raw
      .prepare('INSERT INTO schemaguard_lock VALUES (?, ?, ?, ?, ?, ?)')
      .run(name, 'x', 2 ** 22 + 7, hostname(), 'ana', '2026-01-01T00:00:00.000Z');
    raw.close();
    const applied = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder });
    expect(applied.code, applied.stderr).toBe(0);
    expect(rowsOf(db, 'SELECT count(*) AS n FROM schemaguard_lock')).toEqual([{ n: 0 }]);
    const again = new Database(db);
    again
      .prepare('INSERT INTO schemaguard_lock VALUES (?, ?, ?, ?, ?, ?)')
      .run(name, 'y', 4242, 'build-7', 'ci', '2026-01-01T00:00:00.000Z');
    again.close();
    const refused = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes', '--lock-timeout', '1'], {
      cwd: folder,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n').at(-1)).toBe(
      "schemaguard: Another schemaguard run (process 4242 of ci on build-7 since 2026-01-01T00:00:00.000Z) holds the migration lock of ./app.db; waited 1 s (--lock-timeout): try again when it has finished, or, if that process is gone, delete its row: DELETE FROM schemaguard_lock WHERE name = 'schemaguard migrations schemaguard_migrations'.",
    );
  });

  it('a run killed in the middle of a migration leaves nothing of it; the next run takes over its lock and applies it', async () => {
    const { folder, db } = project();
    expect((await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], { cwd: folder })).code).toBe(0);
    // A migration that takes seconds on the live rows (and none on the shadow, which has no rows).
    writeFileSync(
      join(folder, 'migrations', '0003_pair.sql'),
      'CREATE TABLE pair (a INTEGER, b INTEGER);\nINSERT INTO pair SELECT x.id, y.id FROM tag AS x, tag AS y;\n',
    );
    sqliteFileWith(
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) INSERT INTO tag SELECT i FROM n',
      folder,
      'app.db',
    );
    const child = spawn(process.execPath, [CLI, 'migrate', 'apply', '--db', 'sqlite:./app.db', '--yes'], {
      cwd: folder,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('applying 0003_pair.sql')) setTimeout(resolve, 300);
      });
      child.on('exit', () => reject(new Error(`exited before 0003: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    // The killed run's journal is rolled back by the next connection that opens the file to write: schemaguard's.
    const status = await runCli(['migrate', 'status', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(status.stdout).toContain('2 applied, 1 pending');
    // 0001 and 0002 committed; of 0003 nothing: no table, no history row; the dead run's lock row is still there.
    expect(rowsOf(db, 'SELECT version FROM schemaguard_migrations ORDER BY version')).toEqual([
      { version: '0001' },
      { version: '0002' },
    ]);
    expect(rowsOf(db, "SELECT count(*) AS n FROM sqlite_schema WHERE name = 'pair'")).toEqual([{ n: 0 }]);
    expect(rowsOf(db, 'SELECT pid FROM schemaguard_lock')).toEqual([{ pid: child.pid }]);
    sqliteFileWith('DELETE FROM tag WHERE id > 10', folder, 'app.db');
    const next = await runCli(['migrate', 'apply', '--db', 'sqlite:./app.db', '--yes', '--lock-timeout', '5'], {
      cwd: folder,
    });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toContain('waiting for the migration lock');
    expect(rowsOf(db, "SELECT version FROM schemaguard_migrations WHERE version = '0003'")).toEqual([
      { version: '0003' },
    ]);
    expect(rowsOf(db, 'SELECT count(*) AS n FROM pair')).toEqual([{ n: 100 }]);
    expect(rowsOf(db, 'SELECT count(*) AS n FROM schemaguard_lock')).toEqual([{ n: 0 }]);
  });
});
