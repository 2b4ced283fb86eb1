/** SQLite files in temporary folders for the dialect's tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A new temporary folder. */
export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'sg-sqlite-'));
}

/** A new SQLite file in a temporary folder holding what `sql` creates; its path. */
export function sqliteFileWith(sql: string, folder = tempFolder(), name = 'app.db'): string {
  const path = join(folder, name);
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
  return path;
}

/** The rows a query returns on a file. */
export function rowsOf(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
