/**
 * SQLite and libSQL (`sqlite:./app.db`, `sqlite:memory`, `file:` URLs, `libsql://…`):
 * schemaguard reads, dumps, compares, writes SQL and plans changes for their schemas, replays
 * SQL and migration folders on in-memory shadow databases, keeps its history table and backs
 * files up with `VACUUM INTO`, and runs migrations: each in one transaction with its history
 * row, under a lock row (`schemaguard_lock`, see lock.ts) rather than SQLite's write lock held
 * for the whole run.
 */
import { redactUrl } from '../../redact.js';
import type { Dialect, MigrationSupport } from '../dialect.js';
import { sqliteBackup } from './backup.js';
import { sqliteSchemaToSql } from './ddl.js';
import { openSqlite } from './driver.js';
import { sqliteEquivalence } from './equivalence.js';
import { sqliteHistory } from './history.js';
import { sqliteLexer } from './lexer.js';
import { isSqliteBusy } from './lock.js';
import { sqliteHazards, planSqlite } from './plan.js';
import { sqliteRecovery } from './recovery.js';
import { sqliteSeverity } from './severity.js';
import { type SqliteConnection, sqliteConnection } from './session.js';
import { sqliteShadow } from './shadow.js';
import { isSqliteRef, parseSqliteRef, sqliteFile, withSqliteFile } from './url.js';

/** SQLite's busy timeout for "no limit": the largest it takes. */
const FOREVER_MS = 2_147_483_647;

/** What the migration runner needs of SQLite: its busy timeout, its busy error, and what an interrupted run leaves. */
const migrations: MigrationSupport = {
  async setTimeouts(connection, { lockTimeoutMs }) {
    // A libSQL server orders writers itself: it has no busy timeout to set.
    if ((connection as SqliteConnection).driver.server) return;
    // How long a statement (and each migration's BEGIN IMMEDIATE) waits for another writer.
    await connection.exec(`PRAGMA busy_timeout = ${lockTimeoutMs > 0 ? lockTimeoutMs : FOREVER_MS}`);
  },
  // SQLite waits for a lock as long as its busy timeout, and has no statement timeout.
  timeoutSettings: (connection) => ((connection as SqliteConnection).driver.server ? {} : { lock: 'busy_timeout' }),
  watchClient: () => Promise.resolve(),
  isLockTimeout: isSqliteBusy,
  // SQLite has no statement timeout.
  isStatementTimeout: () => false,
  errorPosition: () => undefined,
  recovery: sqliteRecovery,
  // Statements are atomic: recovery() never names a leftover.
  dropLeftover: (_connection, name) =>
    Promise.reject(new Error(`SQLite leaves no half-built object to drop; ${name} was named by mistake.`)),
  // A statement is atomic in SQLite: nothing is left half-built.
  mayLeaveInvalid: () => undefined,
};

/** SQLite files, in-memory databases and libSQL servers. */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  aliases: ['sqlite3', 'libsql'],
  title: 'SQLite',
  refs: {
    forms: ['sqlite:…', 'file:…', 'libsql://…'],
    examples: ['sqlite:./app.db', 'sqlite:memory', 'libsql://host'],
    folders: {
      noun: 'The SQLite database file',
      example: 'sqlite:./app.db',
      folder: (ref) => {
        try {
          return sqliteFile(ref);
        } catch {
          return undefined;
        }
      },
      withFolder: withSqliteFile,
    },
    handles: isSqliteRef,
    isEmbedded: (ref) => !/^libsql:\/\//i.test(ref),
    checkUrl(ref) {
      parseSqliteRef(ref);
    },
  },
  capabilities: {
    transactionalDdl: true,
    schemas: false,
    concurrentIndexes: false,
    // ALTER TABLE takes no algorithm or lock: `--online` has nothing to write.
    onlineAlter: false,
    privileges: false,
    embedded: true,
  },
  lexer: sqliteLexer,
  connect: async (ref, options) => sqliteConnection(await openSqlite(ref, options), redactUrl(ref), sqliteDialect),
  // Each open of a file is cheap: nothing is kept open between them.
  shareEmbeddedDatabases: () => () => Promise.resolve(),
  closeSharedEmbeddedDatabases: () => Promise.resolve(),
  toSql: (schema, options) => sqliteSchemaToSql(schema, options),
  model: { lists: [], severity: sqliteSeverity },
  equivalence: sqliteEquivalence,
  hazards: (change, from, to) => sqliteHazards(change, from, to),
  plan: (changes, from, to, options) => planSqlite(changes, from, to, options),
  migrations,
  history: sqliteHistory,
  shadow: sqliteShadow((ref, options) => sqliteDialect.connect(ref, options)),
  backup: sqliteBackup,
  ciServices: {
    // SQLite needs no service container: the CI job opens a file of its own, empty (an empty
    // file is an empty SQLite database) until the migrations are applied to it.
    names: [],
    choose: () => ({
      name: 'sqlite',
      title: 'SQLite',
      defaultVersion: '3',
      image: () => '',
      env: {},
      ports: [],
      options: '',
      url: 'sqlite:./schemaguard-ci.db',
      container: false,
      prepare: 'touch schemaguard-ci.db',
    }),
  },
};
