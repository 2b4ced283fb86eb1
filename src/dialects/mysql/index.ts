/**
 * MySQL 8 and MariaDB 10.6+ (`mysql://…`, `mariadb://…`): schemaguard reads, dumps,
 * compares, writes as SQL and plans changes between their schemas. Running migrations
 * (history, shadow databases, backups) is not done yet: those members answer with one
 * sentence saying so.
 */
import { SchemaguardError } from '../../errors.js';
import { listsOf } from '../../schema/kind-lists.js';
import type { Dialect, MigrationSupport } from '../dialect.js';
import { connectMysql } from './connection.js';
import { mysqlSchemaToSql } from './ddl.js';
import { mysqlEquivalence } from './equivalence.js';
import { mysqlLexer } from './lexer.js';
import { mysqlHazards, planMysql } from './plan.js';
import { mysqlSeverity } from './severity.js';
import { mysqlConnection, statementTimeoutSql } from './session.js';
import { isMysqlUrl, parseMysqlUrl } from './url.js';

/** The sentence every write-side member answers with: what it would do, and what schemaguard does do for MySQL. */
function notYet(what: string): never {
  throw new SchemaguardError(
    `${what} for MySQL is not supported yet: schemaguard reads, dumps and compares MySQL schemas; migrations come next.`,
  );
}

/** The server error number of a failed statement, when it is one. */
function errno(error: unknown): number | undefined {
  return (error as { errno?: number } | undefined)?.errno;
}

/** What the migration runner would need of MySQL: its timeouts and error codes; running migrations is not supported yet. */
const migrations: MigrationSupport = {
  async setTimeouts(connection, { lockTimeoutMs, statementTimeoutMs }) {
    const server = (connection as { server?: { flavour: 'MySQL' | 'MariaDB'; version: string } }).server;
    if (!server) notYet('Running migrations');
    // Lock waits are in whole seconds (at least one); 0 means no limit in schemaguard's terms.
    const lockSeconds = lockTimeoutMs > 0 ? Math.max(1, Math.ceil(lockTimeoutMs / 1000)) : 31_536_000;
    await connection.exec(`SET SESSION lock_wait_timeout = ${lockSeconds}, innodb_lock_wait_timeout = ${lockSeconds}`);
    await connection.exec(statementTimeoutSql({ server }, statementTimeoutMs));
  },
  // MySQL has no setting that cancels the statement of a client that has gone.
  watchClient: () => Promise.resolve(),
  // ER_LOCK_WAIT_TIMEOUT.
  isLockTimeout: (error) => errno(error) === 1205,
  // MySQL's ER_QUERY_TIMEOUT (max_execution_time), MariaDB's ER_STATEMENT_TIMEOUT (max_statement_time).
  isStatementTimeout: (error) => errno(error) === 3024 || errno(error) === 1969,
  // MySQL's errors say a line and the text near it, never a character position.
  errorPosition: () => undefined,
  recovery: () => notYet('Resuming an interrupted migration'),
  dropLeftover: () => notYet('Clearing what an interrupted migration left'),
  // An interrupted MySQL index build leaves nothing behind: the statement is atomic.
  mayLeaveInvalid: () => undefined,
};

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
  migrations,
  history: {
    table: (name = {}) => (name.schema ? `${name.schema}.` : '') + (name.table ?? 'schemaguard_migrations'),
    createSql: () => notYet('Recording migration history'),
    readRuns: () => notYet('Reading migration history'),
    readProgress: () => notYet('Reading migration history'),
    record: () => notYet('Recording migration history'),
    recordProgress: () => notYet('Recording migration history'),
    recordSuccess: () => notYet('Recording migration history'),
    markRolledBack: () => notYet('Rolling back migrations'),
    setChecksum: () => notYet('Repairing migration history'),
    readHistories: () => notYet('Reading migration history'),
    toolTableSql: () => notYet('Replaying migration history'),
  },
  shadow: {
    embeddedEngine: () => notYet('Replaying SQL on a shadow database'),
    open: () => notYet('Replaying SQL on a shadow database'),
    prepare: () => notYet('Replaying SQL on a shadow database'),
    // MySQL has no extensions to pin.
    pinnedExtensions: () => [],
    startEmbeddedEngine: () => notYet('An embedded database'),
    warmUp: () => notYet('An embedded database'),
  },
  backup: { data: () => notYet('Backing up data before a migration') },
  ciService: {
    name: 'mysql',
    image: (version) => `mysql:${version}`,
    env: { MYSQL_ROOT_PASSWORD: 'mysql', MYSQL_DATABASE: 'schemaguard' },
    ports: ['3306:3306'],
    options:
      '--health-cmd "mysqladmin ping -h 127.0.0.1 -pmysql" --health-interval 5s --health-timeout 5s --health-retries 10',
    url: 'mysql://root:mysql@127.0.0.1:3306/schemaguard',
  },
};
