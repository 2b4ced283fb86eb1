/**
 * Server sessions shared in a process: a command reuses the sessions it closes, each reset
 * before its next use, and never one the server has ended meanwhile.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shareServerSessions } from '../../../src/dialects/index.js';
import type { Connection } from '../../../src/dialects/dialect.js';
import {
  type TestDatabase,
  createServerDatabase,
  hasServer,
  openTestServer,
  serverAdminQuery,
  serverUrlFor,
} from '../../helpers/databases.js';
import { applyIn, migrationProject } from '../../helpers/migration-project.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function fresh(): Promise<TestDatabase> {
  const database = await createServerDatabase('sgsessions');
  databases.push(database);
  return database;
}

/** The session's backend process and a setting it changed. */
async function backend(db: Connection): Promise<{ pid: number; timeout: string }> {
  const [row] = await db.query<{ pid: number; timeout: string }>(
    "SELECT pg_backend_pid() AS pid, current_setting('statement_timeout') AS timeout",
  );
  return row ?? { pid: 0, timeout: '' };
}

/** How many sessions the server has counted on the database since the statistics were reset (PostgreSQL 14+). */
async function sessionsOn(database: TestDatabase): Promise<number> {
  const db = await openTestServer(serverUrlFor('postgres'));
  try {
    // A session is counted when it ends, once its statistics reach the server.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const [row] = await db.query<{ n: number }>('SELECT sessions::int AS n FROM pg_stat_database WHERE datname = $1', [
      database.name,
    ]);
    return row?.n ?? -1;
  } finally {
    await db.close();
  }
}

describe.skipIf(!hasServer())('server sessions shared in a process', () => {
  it('a closed session is reset and reused; one the server ended while idle is not', async () => {
    const database = await fresh();
    const release = shareServerSessions();
    try {
      const first = await openTestServer(database.url);
      await first.exec("SET statement_timeout = '7s'");
      const before = await backend(first);
      await first.close();

      const second = await openTestServer(database.url);
      // The same backend, its settings reset.
      expect(await backend(second)).toEqual({ pid: before.pid, timeout: '0' });
      await second.close();

      await serverAdminQuery(`SELECT pg_terminate_backend(${before.pid})`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const third = await openTestServer(database.url);
      const after = await backend(third);
      expect(after.pid).not.toBe(before.pid);
      await third.close();
    } finally {
      await release();
    }
  });

  it('migrate apply reuses its sessions: two or three on the database, where it opened five or six', async () => {
    const database = await fresh();
    const dir = migrationProject(database.url, {
      '0001_asset.sql': 'CREATE TABLE public.asset (id integer PRIMARY KEY, title text);\n',
    });
    const counted = await sessionsOn(database);
    const first = await applyIn(dir, '--yes');
    expect(first.code, first.stderr).toBe(0);
    writeFileSync(join(dir, 'migrations', '0002_kind.sql'), 'ALTER TABLE public.asset ADD COLUMN kind text;\n');
    const second = await applyIn(dir, '--yes');
    expect(second.code, second.stderr).toBe(0);
    // The first: the lock's session and the work's. The second reads the history once more.
    // Before sessions were shared within a command: 5 and 6.
    expect((await sessionsOn(database)) - counted).toBeLessThanOrEqual(5);
  });
});
