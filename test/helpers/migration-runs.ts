import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../src/dialects/dialect.js';
import { type MigrationFile, readMigrationFolder } from '../../src/migrations/formats.js';

/** A plain migration folder with these files. */
export async function folder(files: Record<string, string>): Promise<readonly MigrationFile[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-runner-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return (await readMigrationFolder(dir, 'plain')).migrations;
}

/** The tables of `public` but schemaguard's history table, by name. */
export async function tables(client: Connection): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schemaguard_migrations' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

/** schemaguard's history rows, by version. */
export async function history(client: Connection) {
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
