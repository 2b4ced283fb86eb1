/**
 * SQLite for the tests outside the dialect's own folder: the dialect through the registry,
 * and sessions of real files in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../src/dialects/dialect.js';
import { dialectByName } from '../../src/dialects/index.js';
import type { DatabaseSession } from './databases.js';

/** SQLite, through the registry. */
export const sqlite = dialectByName('sqlite');

/**
 * A new, empty SQLite file on each `fresh()` (the previous one closed and left in the
 * session's temporary folder); `close()` removes the folder.
 */
export function sqliteSession(): DatabaseSession {
  const folder = mkdtempSync(join(tmpdir(), 'sg-sqlite-session-'));
  let client: Connection | undefined;
  let files = 0;
  return {
    async fresh() {
      await client?.close();
      client = await sqlite.connect(`sqlite:${join(folder, `db${++files}.db`)}`, { create: true });
      return client;
    },
    async close() {
      await client?.close();
      client = undefined;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** SQLite's version as one number, as `sqlite3_libversion_number()` gives it: 3.45.3 is 3045003. */
export async function sqliteVersionNumber(db: Connection): Promise<number> {
  const [major = 0, minor = 0, patch = 0] = (await db.serverVersion()).split('.').map(Number);
  return major * 1_000_000 + minor * 1000 + patch;
}
