/**
 * SQLite's shadow databases: a new in-memory database in this process for every replay,
 * gone when it is closed, or a file in a temporary folder when another program (Django) is
 * given it or the scripts need libSQL. No server is needed; a shadow server in the config is refused, since SQLite has none.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaguardError } from '../../errors.js';
import { installedVersion } from '../../version.js';
import type { ConnectOptions, Connection, ShadowDatabases } from '../dialect.js';
import { openSqlite } from './driver.js';

/**
 * A statement only libSQL runs: `ALTER TABLE … ALTER COLUMN` (SQLite has no ALTER COLUMN), which
 * drizzle-kit writes for its `turso` dialect.
 */
const LIBSQL_ONLY = /\bALTER\s+TABLE\s[^;]*?\bALTER\s+COLUMN\b/i;

/** In-memory shadow databases, given how a driver becomes the dialect's connection. */
export function sqliteShadow(open: (ref: string, options?: ConnectOptions) => Promise<Connection>): ShadowDatabases {
  return {
    embeddedEngine: () => `better-sqlite3 ${installedVersion('better-sqlite3') ?? 'not installed'}`,
    async open(options) {
      if (options.server !== undefined) {
        throw new SchemaguardError(
          'SQLite has no shadow server: remove "shadow" from the config, and schemaguard replays on an in-memory SQLite database.',
        );
      }
      // Scripts written for libSQL replay on libSQL (through @libsql/client, on a file).
      const libsql = options.scripts.some((script) => LIBSQL_ONLY.test(script.sql));
      if (!options.served && !libsql) {
        const connection = await open('sqlite:memory');
        options.onStart?.('sqlite');
        return { connection, dispose: () => connection.close() };
      }
      // Another program (a Django project's migrate) opens a file, not this process's memory:
      // a new file in a temporary folder, removed with it.
      const folder = await mkdtemp(join(tmpdir(), 'schemaguard-shadow-'));
      const file = join(folder, 'shadow.db');
      try {
        const connection = await open(`${libsql ? 'libsql' : 'sqlite'}:${file}`, { create: true });
        options.onStart?.(libsql ? 'libsql' : 'sqlite');
        return {
          connection,
          serve: () => Promise.resolve({ url: `sqlite:${file}`, close: () => Promise.resolve() }),
          dispose: async () => {
            await connection.close();
            await rm(folder, { recursive: true, force: true });
          },
        };
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        throw error;
      }
    },
    // Nothing to quieten: SQLite prints no notices.
    prepare: () => Promise.resolve(),
    // SQLite has no extensions to pin.
    pinnedExtensions: () => [],
    impliedExtensions: () => undefined,
    startEmbeddedEngine: () => openSqlite('sqlite:memory'),
    // An in-memory database starts in microseconds: there is nothing to prepare.
    warmUp: () => Promise.resolve(),
  };
}
