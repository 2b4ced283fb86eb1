import { listsOf } from '../../schema/kind-lists.js';
import type { CiService, Connection, Dialect, MigrationSupport } from '../dialect.js';
import { postgresBackup } from './backup.js';
import {
  type PostgresClient,
  closeSharedEmbeddedDatabases,
  connectPostgres,
  parseServerUrl,
  shareEmbeddedDatabases,
  shareServerSessions,
} from './connection.js';
import { readTableData } from './data.js';
import { schemaToSql } from './ddl.js';
import { postgresEquivalence } from './equivalence.js';
import { postgresHazards } from './hazards.js';
import { postgresTableSizes } from './table-sizes.js';
import {
  markRolledBack,
  readHistories,
  readProgress,
  readRuns,
  recordProgress,
  recordRun,
  recordSuccess,
  schemaguardHistoryDdl,
  schemaguardHistoryTable,
  setChecksum,
} from './history.js';
import { introspectPostgres } from './introspect.js';
import { mayLeaveInvalid, recoveryOf } from './leftovers.js';
import { postgresLexer } from './lexer.js';
import { takeAdvisoryLock } from './lock.js';
import { planPostgres } from './plan/index.js';
import { postgresSeverity } from './severity.js';
import { postgresShadow } from './shadow.js';
import { quoteIdent } from './quote.js';
import { toolHistoryTableSql } from './tool-tables.js';

/** The SQLSTATE of a server error, when it is one. */
function sqlState(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

/** A connection of the dialect's contract over a PostgreSQL client, and the client's image when it has one. */
interface PostgresConnection extends Connection {
  readonly saveImage?: () => Promise<Blob>;
  /** See `PostgresClient.queryBatch`: the catalog is read in one round trip. */
  readonly queryBatch?: PostgresClient['queryBatch'];
}

/** Whether a ref names an embedded database. */
function isEmbedded(ref: string): boolean {
  return /^pglite:/i.test(ref);
}

/** The data directory a `pglite:` ref names, as written; undefined for `pglite:memory` and server URLs. */
function dataDirectory(ref: string): string | undefined {
  if (!ref.startsWith('pglite:')) return undefined;
  const target = ref.slice('pglite:'.length);
  if (target === '' || target === 'memory' || target.startsWith('memory://')) return undefined;
  return target.replace(/^file:\/\//, '');
}

/** The dialect's connection over an open client: transactions, advisory locks and exported snapshots in SQL. */
function postgresConnection(client: PostgresClient): PostgresConnection {
  const embedded = isEmbedded(client.source);
  const connection: PostgresConnection = {
    source: client.source,
    dialect: postgresDialect,
    query: (sql, params) => client.query(sql, params),
    exec: (sql) => client.exec(sql),
    ...(client.queryBatch ? { queryBatch: client.queryBatch } : {}),
    ...(client.prepareFor ? { prepareFor: client.prepareFor } : {}),
    ...(client.serve ? { serve: client.serve } : {}),
    async transaction(work, options = {}) {
      await client.exec(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
      try {
        if (options.timeoutMs !== undefined) {
          await client.query("SELECT set_config('statement_timeout', $1, true)", [
            String(Math.ceil(options.timeoutMs)),
          ]);
        }
        const result = await work(connection);
        // A transaction that must leave nothing cannot fail to: its rollback's own failure changes nothing.
        if (options.rollback) await client.exec('ROLLBACK').catch(() => {});
        else await client.exec('COMMIT');
        return result;
      } catch (error) {
        await client.exec('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    lock: (name, options) => takeAdvisoryLock(client, name, options),
    async readConsistently(read) {
      if (embedded) return read(undefined);
      await client.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const [row] = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
        return await read(row?.id);
      } finally {
        await client.exec('COMMIT').catch(() => {});
      }
    },
    async serverVersion() {
      const [row] = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
      return row?.version ?? 'unknown';
    },
    // Through the connection's own `query` and `queryBatch`, so that a wrapper around it sees every round trip.
    introspect(options) {
      return introspectPostgres(this, options);
    },
    readData: (schema, options) => readTableData(client, schema, options),
    close: () => client.close(),
    ...(client.saveImage ? { saveImage: client.saveImage } : {}),
  };
  return connection;
}

/** What the migration runner needs of PostgreSQL. */
const migrations: MigrationSupport = {
  async setTimeouts(connection, { lockTimeoutMs, statementTimeoutMs }) {
    await connection.exec(`SET lock_timeout = ${Math.floor(lockTimeoutMs)}`);
    await connection.exec(`SET statement_timeout = ${Math.floor(statementTimeoutMs)}`);
  },
  timeoutSettings: () => ({ lock: 'lock_timeout', statement: 'statement_timeout' }),
  async watchClient(connection) {
    // A server that notices within a second that its client is gone cancels the statement
    // in flight, instead of finishing it (and holding the migration lock) for nobody.
    await connection.query("SELECT set_config('client_connection_check_interval', '1000', false)").catch(() => {});
  },
  // SQLSTATE 55P03: a statement gave up waiting for a lock (`lock_timeout`).
  isLockTimeout: (error) => sqlState(error) === '55P03',
  // SQLSTATE 57014 is any cancellation: only `statement_timeout`'s says so.
  isStatementTimeout: (error) =>
    sqlState(error) === '57014' && /statement timeout/i.test(error instanceof Error ? error.message : String(error)),
  errorPosition(error) {
    const position = Number((error as { position?: string } | undefined)?.position);
    return Number.isFinite(position) && position > 0 ? position : undefined;
  },
  recovery: (connection, sql) => recoveryOf(connection, sql),
  async dropLeftover(connection, name) {
    await connection.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  },
  mayLeaveInvalid,
};

/** The PostgreSQL service container of a CI job. */
const postgresCiService: CiService = {
  name: 'postgres',
  title: 'PostgreSQL',
  defaultVersion: '16',
  image: (version) => `postgres:${version}`,
  env: { POSTGRES_PASSWORD: 'postgres' },
  ports: ['5432:5432'],
  options: '--health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 10',
  url: 'postgres://postgres:postgres@localhost:5432/postgres',
};

/** PostgreSQL 14+, on a server (`postgres://…`) or embedded (`pglite:memory`, `pglite:./dir`). */
export const postgresDialect: Dialect = {
  name: 'postgres',
  aliases: ['postgresql'],
  title: 'PostgreSQL',
  refs: {
    forms: ['postgres://…', 'pglite:…'],
    examples: ['postgres://…', 'pglite:./dir', 'pglite:memory'],
    folders: {
      noun: 'The PGlite data directory',
      example: 'pglite:./data',
      folder: dataDirectory,
      withFolder: (_ref, path) => `pglite:${path}`,
    },
    handles: (ref) => /^(postgres|postgresql|pglite):/i.test(ref),
    isEmbedded,
    checkUrl(ref) {
      if (!isEmbedded(ref)) parseServerUrl(ref);
    },
  },
  capabilities: {
    transactionalDdl: true,
    schemas: true,
    concurrentIndexes: true,
    // Its DDL takes no algorithm or lock clause: --concurrently is its online index build.
    onlineAlter: false,
    privileges: true,
    embedded: true,
  },
  lexer: postgresLexer,
  connect: async (ref, options) => {
    const client = await connectPostgres(ref, options);
    if (options?.schema) {
      try {
        await client.exec(`SET search_path TO ${quoteIdent(options.schema)}`);
      } catch (error) {
        await client.close().catch(() => {});
        throw error;
      }
    }
    return postgresConnection(client);
  },
  shareEmbeddedDatabases,
  closeSharedEmbeddedDatabases,
  shareServerSessions,
  toSql: (schema, options) => schemaToSql(schema, options),
  // PostgreSQL has the optional kinds modelled after its catalog (not MySQL's events).
  model: { lists: [...listsOf('relations'), ...listsOf('catalog')], severity: postgresSeverity },
  equivalence: postgresEquivalence,
  hazards: postgresHazards,
  plan: planPostgres,
  readTableSizes: postgresTableSizes,
  migrations,
  history: {
    table: schemaguardHistoryTable,
    createSql: (name = {}) => schemaguardHistoryDdl(name.schema, name.table),
    readRuns,
    readProgress,
    record: recordRun,
    recordProgress,
    recordSuccess,
    markRolledBack,
    setChecksum,
    readHistories,
    toolTableSql: toolHistoryTableSql,
  },
  shadow: postgresShadow(postgresConnection),
  backup: postgresBackup((connection) => (connection as PostgresConnection).saveImage?.()),
  ciServices: {
    names: ['postgres'],
    choose: () => postgresCiService,
  },
};
