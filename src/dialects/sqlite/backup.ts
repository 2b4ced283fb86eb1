/**
 * Backups of a SQLite database before a migration, and restores from them. `VACUUM INTO` writes a
 * consistent copy of the whole database (schema and rows) to a new file, which opens as a SQLite
 * database of its own; the copy's migration lock rows are removed, since the run that held them is
 * not in the copy. A restore copies the backup back with SQLite's online backup API into the live
 * file, as one write transaction through SQLite's own locking and journal (or WAL): other
 * connections open on the file see the database before or after the restore, never half of it, and
 * the `-wal` and `-shm` files stay consistent, which copying the file over it would not. A libSQL
 * server's database is not backed up this way: the warning says so.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SchemaguardError, errorMessage } from '../../errors.js';
import type { Backup, Connection } from '../dialect.js';
import { loadBetterSqlite, openSqlite } from './driver.js';
import { LOCK_TABLE } from './lock.js';
import type { SqliteConnection } from './session.js';
import { quoteString } from './tokens.js';
import { parseSqliteRef } from './url.js';

/** The parts of better-sqlite3's backup API used here. */
interface BackupSource {
  backup(destination: string, options: { progress: () => number }): Promise<unknown>;
  close(): unknown;
}

/** How long a restore waits for the application's writers to let go of the file. */
const RESTORE_WAIT_MS = 60_000;

/** Every page in one step: the restore is one transaction on the live file. */
const ALL_PAGES = 0x7fffffff;

/** Restores the file `connection` is open on from the backup `file`, keeping the connection's migration locks. */
async function restoreFile(connection: Connection, file: string): Promise<void> {
  const { driver, reassertLocks } = connection as SqliteConnection;
  if (!driver.file) {
    throw new SchemaguardError(
      `${connection.source} is not a local SQLite file: only a file is restored from its backup.`,
    );
  }
  if (!existsSync(file)) throw new SchemaguardError(`The backup ${file} does not exist.`);
  const Database = await loadBetterSqlite();
  const source = new Database(file, { readonly: true, fileMustExist: true }) as unknown as BackupSource;
  // A step that finds the file locked copies nothing and is tried again: give up after a while.
  const deadline = Date.now() + RESTORE_WAIT_MS;
  try {
    await source.backup(driver.file, {
      progress: () => {
        if (Date.now() > deadline) {
          throw new Error(`another connection kept SQLite's write lock for ${RESTORE_WAIT_MS / 1000} s`);
        }
        return ALL_PAGES;
      },
    });
  } catch (error) {
    throw new SchemaguardError(`Cannot restore ${connection.source} from ${file}: ${errorMessage(error)}.`, {
      cause: error,
    });
  } finally {
    source.close();
  }
  // The backup has no row of this run's lock: it is written again.
  await reassertLocks();
}

/** Backups with `VACUUM INTO`, restores with the backup API. */
export const sqliteBackup: Backup = {
  async data(ref, base, open) {
    const target = parseSqliteRef(ref);
    if (target.kind === 'libsql') {
      return {
        warning: 'A libSQL server database is not backed up by schemaguard: take one with your provider’s tools.',
      };
    }
    if (target.kind === 'memory') return { warning: 'An in-memory SQLite database has nothing to back up.' };
    const path = `${base}.db`;
    await mkdir(dirname(path), { recursive: true });
    const connection = await open();
    try {
      await connection.exec(`VACUUM INTO ${quoteString(path)}`);
      // The copy holds the lock row of the run taking it: a restore of it must not.
      const copy = await openSqlite(`sqlite:${path}`);
      try {
        const [found] = await copy.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", [LOCK_TABLE]);
        if (found) await copy.exec(`DELETE FROM ${LOCK_TABLE}`);
      } finally {
        await copy.close();
      }
    } catch (error) {
      throw new SchemaguardError(`Cannot back up ${target.path} to ${path}: ${errorMessage(error)}.`, { cause: error });
    } finally {
      await connection.close();
    }
    return { path };
  },
  restore: { file: (base) => `${base}.db`, run: restoreFile },
};
