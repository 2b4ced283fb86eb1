/**
 * The dialect's connection over a `mysql2` session: transactions, named locks
 * (`GET_LOCK`), introspection and sample rows.
 */
import { SchemaguardError, errorMessage } from '../../errors.js';
import type { Schema, TableData } from '../../schema/model.js';
import type { Connection, Dialect, ReadDataOptions } from '../dialect.js';
import { type MysqlClient, shownVersion } from './connection.js';
import { introspectMysql, quoteIdent } from './introspect.js';
import { takeUserLock } from './lock.js';
import { sampleRowsQuery } from '../sample-rows.js';

/** A connection of the dialect's contract, with what introspection needs of the session. */
export interface MysqlConnection extends Connection {
  readonly database: string;
  readonly server: MysqlClient['server'];
}

/** The statement timeout setting of the server's flavour: MariaDB's in seconds, MySQL's (SELECT only) in milliseconds. */
export function statementTimeoutSql(client: Pick<MysqlClient, 'server'>, timeoutMs: number): string {
  return client.server.flavour === 'MariaDB'
    ? `SET SESSION max_statement_time = ${Math.max(0, timeoutMs) / 1000}`
    : `SET SESSION max_execution_time = ${Math.max(0, Math.ceil(timeoutMs))}`;
}

/** Up to `limit` rows of each named table, ordered by primary key (else by every column), in one consistent read. */
async function readData(client: MysqlClient, schema: Schema, options: ReadDataOptions) {
  const wanted = new Set(options.tables);
  const data: Record<string, TableData> = {};
  await client.exec('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  try {
    for (const table of schema.tables) {
      const key = `${table.schema}.${table.name}`;
      if (!wanted.has(key)) continue;
      const { columns, sql } = sampleRowsQuery(table, options.limit, quoteIdent);
      const rows = await client.query<Record<string, unknown>>(sql).catch((error: unknown) => {
        throw new SchemaguardError(`Cannot read the rows of ${key}: ${errorMessage(error)}.`, { cause: error });
      });
      data[key] = { columns, rows: rows.map((r) => columns.map((c) => r[c] ?? null)) };
    }
  } finally {
    await client.exec('COMMIT').catch(() => {});
  }
  return data;
}

/** The dialect's connection over an open session. */
export function mysqlConnection(client: MysqlClient, dialect: Dialect): MysqlConnection {
  const connection: MysqlConnection = {
    source: client.source,
    dialect,
    database: client.database,
    server: client.server,
    query: (sql, params) => client.query(sql, params),
    exec: (sql) => client.exec(sql),
    async transaction(work, options = {}) {
      if (options.timeoutMs !== undefined) await client.exec(statementTimeoutSql(client, options.timeoutMs));
      await client.exec(options.readOnly ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION');
      try {
        const result = await work(connection);
        if (options.rollback) await client.exec('ROLLBACK').catch(() => {});
        else await client.exec('COMMIT');
        return result;
      } catch (error) {
        await client.exec('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        if (options.timeoutMs !== undefined) await client.exec(statementTimeoutSql(client, 0)).catch(() => {});
      }
    },
    lock: (name, options) => takeUserLock(client, name, options),
    // Another MySQL session cannot read at this session's snapshot.
    readConsistently: (read) => read(undefined),
    serverVersion: () => Promise.resolve(shownVersion(client.server)),
    // Through the connection's own `query`, so that a wrapper around it sees every statement.
    introspect(options) {
      return introspectMysql(this as MysqlConnection, options);
    },
    readData: (schema, options) => readData(client, schema, options),
    close: () => client.close(),
  };
  return connection;
}
