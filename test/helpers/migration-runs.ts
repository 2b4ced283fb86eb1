import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, SqlLexer } from '../../src/dialects/dialect.js';
import { type MigrationFile, readMigrationFolder } from '../../src/migrations/formats.js';

/** A plain migration folder with these files, read with the engine's lexer (default PostgreSQL's). */
export async function folder(files: Record<string, string>, lexer?: SqlLexer): Promise<readonly MigrationFile[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-runner-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return (await readMigrationFolder(dir, 'plain', undefined, lexer)).migrations;
}

/** The tables of `public` (on MySQL, of the connected database; on SQLite, of `main`) but schemaguard's history table, by name. */
export async function tables(client: Connection): Promise<string[]> {
  if (client.dialect.name === 'sqlite') {
    const rows = await client.query<{ name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('schemaguard_migrations', 'schemaguard_lock') ORDER BY 1",
    );
    return rows.map((r) => r.name);
  }
  if (client.dialect.name === 'mysql') {
    const rows = await client.query<{ name: string }>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> 'schemaguard_migrations' ORDER BY 1",
    );
    return rows.map((r) => r.name);
  }
  const rows = await client.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schemaguard_migrations' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

/** One row of schemaguard's history table. */
interface HistoryRow {
  version: string;
  success: boolean;
  statements_done: number;
  git_commit: string | null;
  applied_by: string | null;
  checksum: string;
}

/** schemaguard's history rows, by version (MySQL's `success`, a tinyint, and SQLite's, an integer, as a boolean). */
export async function history(client: Connection): Promise<HistoryRow[]> {
  if (client.dialect.name === 'mysql' || client.dialect.name === 'sqlite') {
    const rows = await client.query<HistoryRow>(
      'SELECT version, success, statements_done, git_commit, applied_by, checksum FROM schemaguard_migrations ORDER BY version',
    );
    return rows.map((row) => ({ ...row, success: Boolean(row.success), statements_done: Number(row.statements_done) }));
  }
  return client.query<HistoryRow>(
    'SELECT version, success, statements_done, git_commit, applied_by, checksum FROM public.schemaguard_migrations ORDER BY version',
  );
}
