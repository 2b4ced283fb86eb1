/**
 * MySQL 8 and MariaDB 10.6+ (`mysql://…`, `mariadb://…`): schemaguard reads, dumps,
 * compares, writes as SQL and plans changes between their schemas, and runs migrations:
 * its history table in the connected database, `GET_LOCK` as the migration lock, shadow
 * databases created on a server, and backups with `mysqldump` or its own dump.
 */
import { listsOf } from '../../schema/kind-lists.js';
import type { CiService, Dialect, MigrationSupport } from '../dialect.js';
import { mysqlBackup } from './backup.js';
import { connectMysql } from './connection.js';
import { mysqlSchemaToSql } from './ddl.js';
import { mysqlEquivalence } from './equivalence.js';
import { mysqlHistory } from './history.js';
import { mysqlLexer } from './lexer.js';
import { mysqlHazards, planMysql } from './plan.js';
import { mysqlRecovery } from './recovery.js';
import { mysqlSeverity } from './severity.js';
import { type MysqlConnection, mysqlConnection, statementTimeoutSql } from './session.js';
import { mysqlShadow } from './shadow.js';
import { mysqlTableSizes } from './table-sizes.js';
import { mysqlToolTableSql } from './tool-tables.js';
import { isMysqlUrl, parseMysqlUrl } from './url.js';

/** The server error number of a failed statement, when it is one. */
function errno(error: unknown): number | undefined {
  return (error as { errno?: number } | undefined)?.errno;
}

/** What the migration runner needs of MySQL: its timeouts, error codes and what an interrupted run leaves. */
const migrations: MigrationSupport = {
  async setTimeouts(connection, { lockTimeoutMs, statementTimeoutMs }) {
    const { server } = connection as MysqlConnection;
    // Lock waits are in whole seconds (at least one); 0 means no limit in schemaguard's terms.
    const lockSeconds = lockTimeoutMs > 0 ? Math.max(1, Math.ceil(lockTimeoutMs / 1000)) : 31_536_000;
    await connection.exec(`SET SESSION lock_wait_timeout = ${lockSeconds}, innodb_lock_wait_timeout = ${lockSeconds}`);
    await connection.exec(statementTimeoutSql({ server }, statementTimeoutMs));
  },
  timeoutSettings: (connection) => ({
    lock: 'lock_wait_timeout',
    statement:
      (connection as MysqlConnection).server.flavour === 'MariaDB' ? 'max_statement_time' : 'max_execution_time',
  }),
  // MySQL has no setting that cancels the statement of a client that has gone.
  watchClient: () => Promise.resolve(),
  // ER_LOCK_WAIT_TIMEOUT.
  isLockTimeout: (error) => errno(error) === 1205,
  // MySQL's ER_QUERY_TIMEOUT (max_execution_time), MariaDB's ER_STATEMENT_TIMEOUT (max_statement_time).
  isStatementTimeout: (error) => errno(error) === 3024 || errno(error) === 1969,
  // MySQL's errors say a line and the text near it, never a character position.
  errorPosition: () => undefined,
  recovery: mysqlRecovery,
  // Atomic DDL leaves no leftover, and recovery() never names one (see recovery.ts).
  dropLeftover: (_connection, name) =>
    Promise.reject(new Error(`MySQL leaves no half-built object to drop; ${name} was named by mistake.`)),
  // An interrupted MySQL index build leaves nothing behind: the statement is atomic.
  mayLeaveInvalid: () => undefined,
};

/** The health check's timing, the same for both images. */
const HEALTH_TIMING = '--health-interval 5s --health-timeout 5s --health-retries 10';

/**
 * The MySQL service container: `mysqladmin ping` over TCP (`-h 127.0.0.1`), which the image's
 * first-start server (run with --skip-networking while it creates the database) does not answer.
 */
const MYSQL_CI_SERVICE: CiService = {
  name: 'mysql',
  title: 'MySQL',
  defaultVersion: '8.4',
  image: (version) => `mysql:${version}`,
  env: { MYSQL_ROOT_PASSWORD: 'mysql', MYSQL_DATABASE: 'schemaguard' },
  ports: ['3306:3306'],
  options: `--health-cmd "mysqladmin ping -h 127.0.0.1 -pmysql" ${HEALTH_TIMING}`,
  url: 'mysql://root:mysql@127.0.0.1:3306/schemaguard',
};

/**
 * The MariaDB service container: its own variables, and the image's `healthcheck.sh`, whose
 * `--connect` needs the TCP port up and `--innodb_initialized` InnoDB ready (newer images have
 * no `mysqladmin`).
 */
const MARIADB_CI_SERVICE: CiService = {
  name: 'mariadb',
  title: 'MariaDB',
  defaultVersion: '10.11',
  image: (version) => `mariadb:${version}`,
  env: { MARIADB_ROOT_PASSWORD: 'mariadb', MARIADB_DATABASE: 'schemaguard' },
  ports: ['3306:3306'],
  options: `--health-cmd "healthcheck.sh --connect --innodb_initialized" ${HEALTH_TIMING}`,
  url: 'mysql://root:mariadb@127.0.0.1:3306/schemaguard',
};

/** The CI services, MySQL's (the default) first. */
const MYSQL_CI_SERVICES = [MYSQL_CI_SERVICE, MARIADB_CI_SERVICE];

/**
 * The service a project gets: the one named, else MariaDB when a hint says `mariadb` (a
 * `mariadb://` URL, an image name), else MySQL; its URL `mariadb://…` when the project's URLs
 * are written so (Sequelize picks its driver by the scheme), `mysql://…` otherwise (Prisma's).
 */
function chooseCiService(hints: readonly string[], name?: string): CiService {
  const mariadb = hints.some((hint) => /^mariadb(:\/\/|$)/i.test(hint));
  const service = MYSQL_CI_SERVICES.find((s) => s.name === name) ?? (mariadb ? MARIADB_CI_SERVICE : MYSQL_CI_SERVICE);
  if (!hints.some((hint) => /^mariadb:\/\//i.test(hint))) return service;
  return { ...service, url: service.url.replace(/^mysql:/, 'mariadb:') };
}

/** MySQL 8 and MariaDB 10.6+ servers. */
export const mysqlDialect: Dialect = {
  name: 'mysql',
  aliases: ['mariadb'],
  title: 'MySQL',
  refs: {
    forms: ['mysql://…', 'mariadb://…'],
    examples: ['mysql://user@host:3306/database'],
    handles: isMysqlUrl,
    isEmbedded: () => false,
    checkUrl(ref) {
      parseMysqlUrl(ref);
    },
  },
  capabilities: {
    // Every DDL statement commits the transaction around it.
    transactionalDdl: false,
    // A MySQL schema is a database: the connected one is the model's only namespace.
    schemas: false,
    // Online DDL exists (ALGORITHM=INPLACE, LOCK=NONE), but not as a separate concurrent build.
    concurrentIndexes: false,
    // ALGORITHM=INSTANT|INPLACE, LOCK=NONE on each ALTER TABLE: --online.
    onlineAlter: true,
    privileges: true,
    embedded: false,
  },
  lexer: mysqlLexer,
  connect: async (ref, options) => mysqlConnection(await connectMysql(ref, options), mysqlDialect),
  // MySQL has no embedded databases to keep open.
  shareEmbeddedDatabases: () => () => Promise.resolve(),
  closeSharedEmbeddedDatabases: () => Promise.resolve(),
  toSql: (schema, options) => mysqlSchemaToSql(schema, options),
  model: { lists: listsOf('mysql'), severity: mysqlSeverity },
  equivalence: mysqlEquivalence,
  hazards: (change) => mysqlHazards(change),
  plan: (changes, from, to, options) => planMysql(changes, from, to, options),
  readTableSizes: mysqlTableSizes,
  migrations,
  history: mysqlHistory(mysqlToolTableSql),
  shadow: mysqlShadow((client) => mysqlConnection(client, mysqlDialect)),
  backup: mysqlBackup(),
  ciServices: { names: MYSQL_CI_SERVICES.map((service) => service.name), choose: chooseCiService },
};
