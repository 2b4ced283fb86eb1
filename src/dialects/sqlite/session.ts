/**
 * The dialect's connection over an open SQLite database: transactions, introspection and
 * sample rows. SQLite has no statement timeout; a transaction's `timeoutMs` is not applied.
 */
import { SchemaguardError, errorMessage } from '../../errors.js';
import type { Schema, TableData } from '../../schema/model.js';
import type { Connection, Dialect, ReadDataOptions } from '../dialect.js';
import type { SqliteDriver } from './driver.js';
import { introspectSqlite } from './introspect.js';
import { newLocks, reassertLocks, releaseAll, type SqliteLocks, takeSqliteLock } from './lock.js';
import { quoteIdent } from './tokens.js';
import { sampleRowsQuery } from '../sample-rows.js';

/** A connection of the dialect's contract, with the driver under it. */
export interface SqliteConnection extends Connection {
  readonly driver: SqliteDriver;
  /** Writes the rows of the locks this connection holds again (after a restore replaced the file). */
  reassertLocks(): Promise<void>;
}

/**
 * A value as sample rows hold it (JSON): a BLOB as `\x` and its bytes in hexadecimal, as
 * PostgreSQL prints a bytea (better-sqlite3 gives a Buffer, libSQL an ArrayBuffer); an integer
 * beyond 2^53, which a JSON number would round, as its digits (as PostgreSQL's and MySQL's
 * bigints are).
 */
function jsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (value instanceof ArrayBuffer) return `\\x${Buffer.from(value).toString('hex')}`;
  return value;
}

/** Up to `limit` rows of each named table, ordered by primary key (else by every column), in one read transaction. */
function readData(driver: SqliteDriver, schema: Schema, options: ReadDataOptions) {
  const wanted = new Set(options.tables);
  return driver.transaction('read', async (session) => {
    const data: Record<string, TableData> = {};
    for (const table of schema.tables) {
      const key = `${table.schema}.${table.name}`;
      if (!wanted.has(key)) continue;
      const { columns, sql } = sampleRowsQuery(table, options.limit, quoteIdent);
      const rows = await session.query(sql, [], { exactIntegers: true }).catch((error: unknown) => {
        throw new SchemaguardError(`Cannot read the rows of ${key}: ${errorMessage(error)}.`, { cause: error });
      });
      data[key] = { columns, rows: rows.map((r) => columns.map((c) => jsonValue(r[c]))) };
    }
    return data;
  });
}

/** The dialect's connection over an open database. */
export function sqliteConnection(
  driver: SqliteDriver,
  source: string,
  dialect: Dialect,
  locks: SqliteLocks = newLocks(),
): SqliteConnection {
  // How messages name the database: its file as given (`./app.db`), or the libSQL URL.
  const where = source.replace(/^(sqlite|file):(?!\/\/)/i, '');
  const connection: SqliteConnection = {
    source,
    dialect,
    driver,
    query: <Row>(sql: string, params?: readonly unknown[]) => driver.query(sql, params) as Promise<Row[]>,
    exec: (sql) => driver.exec(sql),
    transaction(work, options = {}) {
      return driver.transaction(
        options.readOnly ? 'read' : 'write',
        (inner) => work(inner === driver ? connection : sqliteConnection(inner, source, dialect, locks)),
        options.rollback,
      );
    },
    lock: (name, options) => takeSqliteLock(driver, locks, where, name, options),
    reassertLocks: () => reassertLocks(driver, locks),
    // Nobody else can read at this connection's snapshot.
    readConsistently: (read) => read(undefined),
    serverVersion: () => Promise.resolve(driver.version),
    // Through the connection it is called on (a wrapper's `query` and `transaction` see the statements).
    introspect(options) {
      return introspectSqlite(this ?? connection, options);
    },
    readData: (schema, options) => readData(driver, schema, options),
    async close() {
      await releaseAll(driver, locks);
      await driver.close();
    },
  };
  return connection;
}
