/**
 * SQLite and libSQL (`sqlite:./app.db`, `sqlite:memory`, `file:` URLs, `libsql://…`):
 * schemaguard reads, dumps, compares, writes SQL and plans changes for their schemas, replays
 * SQL and migration folders on in-memory shadow databases, keeps its history table and backs
 * files up with `VACUUM INTO`. Running migrations (the lock and the runner's session
 * settings) is not done yet: those members answer one sentence saying so.
 */
import { SchemaguardError } from '../../errors.js';
import { redactUrl } from '../../redact.js';
import type { Dialect, MigrationSupport } from '../dialect.js';
import { sqliteBackup } from './backup.js';
import { sqliteSchemaToSql } from './ddl.js';
import { openSqlite } from './driver.js';
import { sqliteEquivalence } from './equivalence.js';
import { sqliteHistory } from './history.js';
import { sqliteLexer } from './lexer.js';
import { sqliteHazards, planSqlite } from './plan.js';
import { sqliteSeverity } from './severity.js';
import { sqliteConnection } from './session.js';
import { sqliteShadow } from './shadow.js';
import { isSqliteRef, parseSqliteRef, sqliteFile, withSqliteFile } from './url.js';

/** The sentence every member not done yet answers with. */
function notYet(what: string): never {
  throw new SchemaguardError(
    `${what} for SQLite is not supported yet: schemaguard reads, dumps, compares and plans SQLite schemas; running migrations comes next.`,
  );
}

/** Whether an error is SQLite's "database is locked" (a busy timeout ran out). */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  return /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** What the migration runner would need of SQLite; running migrations is not supported yet. */
const migrations: MigrationSupport = {
  setTimeouts: () => notYet('Running migrations'),
  // SQLite waits for a lock as long as its busy timeout, and has no statement timeout.
  timeoutSettings: () => ({ lock: 'busy_timeout', statement: 'none' }),
  watchClient: () => Promise.resolve(),
  isLockTimeout: isBusy,
  // SQLite has no statement timeout.
  isStatementTimeout: () => false,
  errorPosition: () => undefined,
  recovery: () => notYet('Resuming an interrupted migration'),
  dropLeftover: () => notYet('Clearing what an interrupted migration left'),
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
    isEmbedded: (ref) => !/^libsql:/i.test(ref),
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
  shadow: sqliteShadow((ref) => sqliteDialect.connect(ref)),
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
