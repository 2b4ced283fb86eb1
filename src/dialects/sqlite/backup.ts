/**
 * Backups of a SQLite database before a migration: `VACUUM INTO` writes a consistent copy of
 * the whole database (schema and rows) to a new file, which opens as a SQLite database of its
 * own. A libSQL server's database is not backed up this way: the warning says so.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SchemaguardError, errorMessage } from '../../errors.js';
import type { Backup } from '../dialect.js';
import { quoteString } from './tokens.js';
import { parseSqliteRef } from './url.js';

/** Backups with `VACUUM INTO`. */
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
    } catch (error) {
      throw new SchemaguardError(`Cannot back up ${target.path} to ${path}: ${errorMessage(error)}.`, { cause: error });
    } finally {
      await connection.close();
    }
    return { path };
  },
};
