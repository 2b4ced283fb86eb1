/**
 * SQLite's shadow databases: a new in-memory database in this process for every replay,
 * gone when it is closed. No server and no file is needed; a shadow server in the config is
 * refused, since SQLite has none.
 */
import { SchemaguardError } from '../../errors.js';
import { installedVersion } from '../../version.js';
import type { Connection, ShadowDatabases } from '../dialect.js';
import { openSqlite } from './driver.js';

/** In-memory shadow databases, given how a driver becomes the dialect's connection. */
export function sqliteShadow(open: (ref: string) => Promise<Connection>): ShadowDatabases {
  return {
    embeddedEngine: () => `better-sqlite3 ${installedVersion('better-sqlite3') ?? 'not installed'}`,
    async open(options) {
      if (options.server !== undefined) {
        throw new SchemaguardError(
          'SQLite has no shadow server: remove "shadow" from the config, and schemaguard replays on an in-memory SQLite database.',
        );
      }
      const connection = await open('sqlite:memory');
      options.onStart?.('sqlite');
      return { connection, dispose: () => connection.close() };
    },
    // Nothing to quieten: SQLite prints no notices.
    prepare: () => Promise.resolve(),
    // SQLite has no extensions to pin.
    pinnedExtensions: () => [],
    startEmbeddedEngine: () => openSqlite('sqlite:memory'),
    // An in-memory database starts in microseconds: there is nothing to prepare.
    warmUp: () => Promise.resolve(),
  };
}
