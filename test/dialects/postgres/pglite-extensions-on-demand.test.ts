/**
 * An embedded database loads an extension's module only when it has the extension installed
 * or SQL creates it: each loaded module costs time at every start.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../src/migrations/runner.js';
import type { MigrationFile } from '../../../src/migrations/formats.js';
import { postgres } from '../../helpers/databases.js';

const available = async (connection: Awaited<ReturnType<typeof postgres.connect>>, name: string) =>
  (await connection.query('SELECT 1 FROM pg_available_extensions WHERE name = $1', [name])).length === 1;

describe('extensions of an embedded database', () => {
  it('are loaded when SQL creates one, keeping the session: its settings and advisory locks', async () => {
    const connection = await postgres.connect('pglite:memory');
    try {
      expect(await available(connection, 'hstore')).toBe(false);
      await connection.exec(
        "CREATE SCHEMA app; SET lock_timeout = '1234ms'; SET search_path = app, public; CREATE TABLE kept (id int)",
      );
      const lock = await connection.lock('on-demand test');
      await connection.exec("CREATE EXTENSION hstore; CREATE TABLE h (v hstore); INSERT INTO h VALUES ('a=>1')");
      expect(await connection.query('SELECT v -> $1 AS a FROM h', ['a'])).toEqual([{ a: '1' }]);
      expect(await connection.query("SELECT current_setting('lock_timeout') AS t")).toEqual([{ t: '1234ms' }]);
      expect(await connection.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'")).toEqual([
        { n: 1 },
      ]);
      expect(await connection.query("SELECT to_regclass('kept')::text AS kept")).toEqual([{ kept: 'kept' }]);
      expect(await connection.query("SELECT current_setting('search_path') AS path")).toEqual([
        { path: 'app, public' },
      ]);
      await lock.release();
    } finally {
      await connection.close();
    }
  });

  it('a folder loads those it has installed; a migration that creates one runs in its transaction', async () => {
    const ref = `pglite:${join(mkdtempSync(join(tmpdir(), 'sg-ext-')), 'db')}`;
    const first = await postgres.connect(ref, { create: true });
    const migrations: MigrationFile[] = [
      {
        version: '1',
        name: 'citext',
        path: '1_citext.sql',
        sql: 'CREATE EXTENSION citext;\nCREATE TABLE person (email citext PRIMARY KEY);\n',
        checksum: '',
        transactional: true,
      },
    ];
    try {
      expect(await available(first, 'citext')).toBe(false);
      await applyMigrations(first, migrations);
      await first.exec("INSERT INTO person VALUES ('A@example.com')");
    } finally {
      await first.close();
    }
    const again = await postgres.connect(ref);
    try {
      expect(await available(again, 'citext')).toBe(true);
      expect(await available(again, 'hstore')).toBe(false);
      expect(await again.query("SELECT email::text FROM person WHERE email = 'a@EXAMPLE.com'")).toEqual([
        { email: 'A@example.com' },
      ]);
    } finally {
      await again.close();
    }
  });

  it('inside a transaction, an extension not loaded is PostgreSQL’s error, and the session goes on', async () => {
    const connection = await postgres.connect('pglite:memory');
    try {
      await expect(connection.transaction((tx) => tx.exec('CREATE EXTENSION ltree'))).rejects.toThrow(/ltree/);
      expect(await connection.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await connection.exec('CREATE EXTENSION ltree');
      expect(await connection.query("SELECT 'a.b'::ltree::text AS path")).toEqual([{ path: 'a.b' }]);
    } finally {
      await connection.close();
    }
  });
});
