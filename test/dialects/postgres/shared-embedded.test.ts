/**
 * Shared embedded databases: while sharing is on, a folder database is started once, and
 * closing its last client ends the session as closing a server connection does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeSharedEmbeddedDatabases, shareEmbeddedDatabases } from '../../../src/dialects/index.js';
import type { Connection } from '../../../src/dialects/dialect.js';
import { openEmbeddedFolder } from '../../helpers/databases.js';

/** When the database the connection reaches was started. */
async function startedAt(db: Connection): Promise<string> {
  const [row] = await db.query<{ at: string }>('SELECT pg_postmaster_start_time()::text AS at');
  return row?.at ?? '';
}

describe('embedded databases shared in a process', () => {
  it('start once; closing the last client ends its session: transaction, settings and locks', async () => {
    const release = shareEmbeddedDatabases();
    try {
      const dir = join(mkdtempSync(join(tmpdir(), 'sg-shared-')), 'db');
      const first = await openEmbeddedFolder(dir);
      const started = await startedAt(first);
      await first.exec('CREATE TABLE public.kept (id integer)');
      await first.exec("SET statement_timeout = '1s'");
      await first.query('SELECT pg_advisory_lock(42)');
      await first.exec('BEGIN; CREATE TABLE public.rolled_back (id integer)');
      // A second client of the same database: the session lives while either is open.
      const second = await openEmbeddedFolder(dir);
      const [inTransaction] = await second.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'rolled_back'",
      );
      expect(inTransaction?.n).toBe(1);
      await second.close();
      await first.close();

      const again = await openEmbeddedFolder(dir);
      expect(await startedAt(again)).toBe(started);
      const tables = await again.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      );
      expect(tables.map((t) => t.name)).toEqual(['kept']);
      const [setting] = await again.query<{ value: string }>("SELECT current_setting('statement_timeout') AS value");
      expect(setting?.value).toBe('0');
      const [locks] = await again.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'",
      );
      expect(locks?.n).toBe(0);
      await again.close();

      // Closed now: the next open starts the database again, with what was committed.
      await closeSharedEmbeddedDatabases();
      const restarted = await openEmbeddedFolder(dir);
      expect(await startedAt(restarted)).not.toBe(started);
      expect(await restarted.query('SELECT 1 FROM public.kept')).toEqual([]);
      await restarted.close();
    } finally {
      await release();
    }
  });

  it('a nested release keeps the databases of the outer sharing open', async () => {
    const outer = shareEmbeddedDatabases();
    try {
      const dir = join(mkdtempSync(join(tmpdir(), 'sg-shared-')), 'db');
      const inner = shareEmbeddedDatabases();
      const db = await openEmbeddedFolder(dir);
      const started = await startedAt(db);
      await db.close();
      await inner();
      const reopened = await openEmbeddedFolder(dir);
      expect(await startedAt(reopened)).toBe(started);
      await reopened.close();
    } finally {
      await outer();
    }
  });
});
