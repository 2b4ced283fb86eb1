/**
 * The two ways schemaguard talks to SQLite: local files and in-memory databases through
 * `better-sqlite3` (an optional peer, loaded when a SQLite ref is first opened), and libSQL
 * servers through `@libsql/client`. Both are wrapped as one small {@link SqliteDriver}.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SchemaguardError, errorMessage } from '../../errors.js';
import type { ConnectOptions } from '../dialect.js';
import { foreignKeys } from './lexer.js';
import { DEFAULT_TOKEN_VARIABLE, type SqliteTarget, parseSqliteRef } from './url.js';

/** A row as the drivers return it: column name to value. */
export type SqliteRow = Record<string, unknown>;

/** How a query reads its rows. */
export interface QueryOptions {
  /**
   * Integers beyond 2^53 as exact `bigint`s (the others stay numbers). Without it, better-sqlite3
   * reads them as the nearest double; libSQL's are always exact.
   */
  readonly exactIntegers?: boolean;
}

/** An integer read as a `bigint`: a number when a double holds it exactly, else the bigint. */
function exactInteger(value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** An open SQLite database, whichever driver holds it. */
export interface SqliteDriver {
  /** The SQLite library's version (`3.45.3`). */
  readonly version: string;
  /** The file it is, when it is a local file (absolute). */
  readonly file?: string;
  /**
   * A libSQL server (`libsql://`): it orders writers itself and refuses connection pragmas
   * such as `busy_timeout`.
   */
  readonly server?: boolean;
  query(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<SqliteRow[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction (`BEGIN IMMEDIATE` when `write`), committed when it returns, rolled back when it throws. */
  transaction<T>(mode: 'read' | 'write', work: (driver: SqliteDriver) => Promise<T>, rollback?: boolean): Promise<T>;
  close(): Promise<void>;
}

/** The parts of `better-sqlite3` used here (its types are a dev dependency only). */
interface BetterSqliteStatement {
  readonly reader: boolean;
  safeIntegers(toggle: boolean): BetterSqliteStatement;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}
interface BetterSqliteDatabase {
  prepare(sql: string): BetterSqliteStatement;
  exec(sql: string): unknown;
  close(): unknown;
  readonly inTransaction: boolean;
}
type BetterSqliteConstructor = new (
  filename: string,
  options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
) => BetterSqliteDatabase;

/** Loads `better-sqlite3` (through `load`, which tests replace), or says in one sentence how to install it. */
export async function loadBetterSqlite(
  load: () => Promise<unknown> = () => import('better-sqlite3'),
): Promise<BetterSqliteConstructor> {
  try {
    const module = (await load()) as { default: BetterSqliteConstructor };
    return module.default;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new SchemaguardError(
        'Reading SQLite databases needs better-sqlite3, which is not installed: npm i -D better-sqlite3@12.',
      );
    }
    throw new SchemaguardError(`Cannot load better-sqlite3: ${errorMessage(error).replace(/\.$/, '')}.`, {
      cause: error,
    });
  }
}

/** Savepoints taken so far, for unique names. */
let savepoints = 0;

/** A `better-sqlite3` database as a {@link SqliteDriver}. */
function betterSqliteDriver(db: BetterSqliteDatabase, version: string, file?: string): SqliteDriver {
  const driver: SqliteDriver = {
    version,
    ...(file ? { file } : {}),
    query(sql, params = [], options = {}) {
      try {
        const statement = db.prepare(sql);
        if (statement.reader && options.exactIntegers) {
          const rows = statement.safeIntegers(true).all(...params) as SqliteRow[];
          for (const row of rows) for (const key in row) row[key] = exactInteger(row[key]);
          return Promise.resolve(rows);
        }
        if (statement.reader) return Promise.resolve(statement.all(...params) as SqliteRow[]);
        statement.run(...params);
        return Promise.resolve([]);
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    exec(sql) {
      try {
        db.exec(sql);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    async transaction(mode, work, rollback = false) {
      // Inside a transaction already (a check within a run): a savepoint, rolled back or released alike.
      const nested = db.inTransaction;
      const savepoint = `schemaguard_${++savepoints}`;
      db.exec(nested ? `SAVEPOINT ${savepoint}` : mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
      // A read changes nothing, whatever it runs.
      if (mode === 'read') db.exec('PRAGMA query_only = 1');
      const undo = () => db.exec(nested ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
      try {
        const result = await work(driver);
        if (rollback) undo();
        else db.exec(nested ? `RELEASE ${savepoint}` : 'COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) undo();
        throw error;
      } finally {
        if (mode === 'read') db.exec('PRAGMA query_only = 0');
      }
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
  return driver;
}

/** Opens a local file (or a new in-memory database) with `better-sqlite3`. */
async function openFile(target: SqliteTarget, options: ConnectOptions): Promise<SqliteDriver> {
  const Database = await loadBetterSqlite();
  if (target.kind === 'memory') {
    const db = new Database(':memory:');
    return betterSqliteDriver(db, sqliteVersionOf(db));
  }
  if (target.kind !== 'file') throw new Error('openFile takes a file or memory target');
  const file = isAbsolute(target.path) ? target.path : resolve(options.cwd ?? '', target.path);
  if (!options.create && !existsSync(file)) {
    throw new SchemaguardError(`The SQLite database file ${target.path} does not exist.`);
  }
  if (target.driver === 'libsql') {
    return openLibsql(pathToFileURL(file).href, undefined, { written: target.path, path: file });
  }
  let db: BetterSqliteDatabase;
  try {
    db = new Database(file, { fileMustExist: !options.create, timeout: options.connectTimeoutMs ?? 10_000 });
  } catch (error) {
    throw new SchemaguardError(`Cannot open the SQLite database file ${target.path}: ${errorMessage(error)}.`, {
      cause: error,
    });
  }
  try {
    return betterSqliteDriver(db, sqliteVersionOf(db), file);
  } catch (error) {
    db.close();
    throw new SchemaguardError(`${target.path} is not a SQLite database: ${errorMessage(error)}.`, { cause: error });
  }
}

/** The SQLite library's version; reading the schema also proves the file is a database. */
function sqliteVersionOf(db: BetterSqliteDatabase): string {
  db.prepare('SELECT count(*) FROM sqlite_schema').all();
  const [row] = db.prepare('SELECT sqlite_version() AS version').all() as { version: string }[];
  return row?.version ?? 'unknown';
}

/** The parts of `@libsql/client` used here. */
interface LibsqlExecutor {
  execute(statement: { sql: string; args: unknown[] }): Promise<{ rows: unknown[]; columns: string[] }>;
  executeMultiple(sql: string): Promise<void>;
}
interface LibsqlTransaction extends LibsqlExecutor {
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): void;
}
interface LibsqlClient extends LibsqlExecutor {
  transaction(mode: 'read' | 'write'): Promise<LibsqlTransaction>;
  close(): void;
}

/**
 * A libSQL executor (the client, or one of its transactions) as a {@link SqliteDriver}.
 *
 * A libSQL server runs each statement outside a transaction on a connection of its own, so
 * `PRAGMA foreign_keys = OFF` sent before a transaction would leave the transaction's connection
 * with foreign keys on: a table rebuild's `DROP TABLE` of a parent would then delete the rows
 * of its children through `ON DELETE CASCADE`. The driver of a server keeps that setting
 * instead, and applies it to the connection of its next write transaction (ending the
 * transaction the client began, setting the pragma, beginning again), then turns foreign keys
 * back on before the connection is let go.
 */
function libsqlDriver(
  client: LibsqlClient,
  executor: LibsqlExecutor,
  version: string,
  file?: string,
  session: { foreignKeysOff: boolean } = { foreignKeysOff: false },
): SqliteDriver {
  const server = file === undefined;
  const driver: SqliteDriver = {
    version,
    ...(server ? { server: true } : { file }),
    async query(sql, params = []) {
      const result = await executor.execute({ sql, args: [...params] });
      // Rows are arrays with named members too: keep the named ones. The client reads integers as
      // bigints (`intMode`): those a number holds exactly become numbers.
      return result.rows.map((row) =>
        Object.fromEntries(result.columns.map((column, i) => [column, exactInteger((row as unknown[])[i])])),
      );
    },
    async exec(sql) {
      const setting = server && executor === client ? foreignKeys(sql) : undefined;
      if (setting) session.foreignKeysOff = setting === 'off';
      else await executor.executeMultiple(sql);
    },
    async transaction(mode, work, rollback = false) {
      const transaction = await client.transaction(mode);
      const foreignKeysOff = server && mode === 'write' && session.foreignKeysOff;
      try {
        if (foreignKeysOff) await transaction.executeMultiple('COMMIT; PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE');
        const result = await work(libsqlDriver(client, transaction, version, file, session));
        if (foreignKeysOff)
          await transaction.executeMultiple(`${rollback ? 'ROLLBACK' : 'COMMIT'}; PRAGMA foreign_keys = ON`);
        else if (rollback) await transaction.rollback();
        else await transaction.commit();
        return result;
      } catch (error) {
        if (foreignKeysOff) await transaction.executeMultiple('ROLLBACK; PRAGMA foreign_keys = ON').catch(() => {});
        else await transaction.rollback().catch(() => {});
        throw error;
      } finally {
        transaction.close();
      }
    },
    close() {
      client.close();
      return Promise.resolve();
    },
  };
  return driver;
}

/**
 * Opens a libSQL database (a `libsql://` server, or any URL `@libsql/client` takes, such as
 * `file:`); `local` is the local file a `file:` URL names, as the ref wrote it (for messages) and
 * its absolute path.
 */
export async function openLibsql(
  url: string,
  authToken: string | undefined,
  local?: { readonly written: string; readonly path: string },
  tokenVariable = DEFAULT_TOKEN_VARIABLE,
): Promise<SqliteDriver> {
  let createClient: (config: { url: string; authToken?: string; intMode?: 'bigint' }) => LibsqlClient;
  try {
    ({ createClient } = (await import('@libsql/client')) as unknown as { createClient: typeof createClient });
  } catch {
    throw new SchemaguardError(
      'Reading libSQL databases needs @libsql/client, which is not installed: npm i -D @libsql/client.',
    );
  }
  // Integers as bigints, never rounded (the default, numbers, refuses those beyond 2^53).
  const client = createClient({ url, intMode: 'bigint', ...(authToken ? { authToken } : {}) });
  try {
    // Reading the schema proves a local file is a database.
    if (local) await client.execute({ sql: 'SELECT count(*) FROM sqlite_schema', args: [] });
    const result = await client.execute({ sql: 'SELECT sqlite_version() AS version', args: [] });
    const version = String((result.rows[0] as unknown[] | undefined)?.[0] ?? 'unknown');
    return libsqlDriver(client, client, version, local?.path);
  } catch (error) {
    client.close();
    if (local) {
      throw new SchemaguardError(
        `${local.written} is not a SQLite database: ${errorMessage(error).replace(/\.$/, '')}.`,
        {
          cause: error,
        },
      );
    }
    const host = /^[a-z]+:\/\/([^/?]+)/i.exec(url)?.[1] ?? url;
    const reason = /\bHTTP status 401\b/.test(errorMessage(error))
      ? authToken
        ? `the server refused the auth token in ${tokenVariable} (HTTP 401)`
        : `the server wants an auth token: put it in ${tokenVariable} (HTTP 401)`
      : errorMessage(error).replace(/\.$/, '');
    throw new SchemaguardError(`Cannot connect to libSQL at ${host}: ${reason}.`, { cause: error });
  }
}

/** Opens the database a SQLite ref names. */
export async function openSqlite(ref: string, options: ConnectOptions = {}): Promise<SqliteDriver> {
  const target = parseSqliteRef(ref);
  if (target.kind !== 'libsql') return openFile(target, options);
  const env = options.env ?? {};
  return openLibsql(target.url, env[target.tokenVariable], undefined, target.tokenVariable);
}
