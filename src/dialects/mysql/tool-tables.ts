/**
 * The history tables migration tools create before they run a migration, as each tool
 * creates them on MySQL. A replay starts with them, so that a migration that reads, fills
 * or alters its tool's own table runs on the shadow database as it runs under the tool.
 */
import type { HistoryTool } from '../../migrations/history.js';
import type { HistoryTableName } from '../dialect.js';
import { historyTableDdl } from './history.js';
import { quoteIdent } from './introspect.js';

/** Each tool's default table and the DDL the tool runs for it, given the quoted name and the bare one. */
const TOOL_TABLES: Partial<
  Record<
    HistoryTool,
    { readonly table: string; readonly ddl: (name: string, bare: string, database?: string) => string }
  >
> = {
  schemaguard: {
    table: 'schemaguard_migrations',
    ddl: (_name, bare, database) => historyTableDdl({ table: bare, ...(database ? { schema: database } : {}) }),
  },
  // golang-migrate, database/mysql: ensureVersionTable.
  'golang-migrate': {
    table: 'schema_migrations',
    ddl: (name) => `CREATE TABLE IF NOT EXISTS ${name} (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);`,
  },
  // diesel_migrations, CREATE_MIGRATIONS_TABLE: the same statement on every backend.
  diesel: {
    table: '__diesel_schema_migrations',
    ddl: (name) =>
      `CREATE TABLE IF NOT EXISTS ${name} (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);`,
  },
  // dbmate, pkg/driver/mysql: CreateMigrationsTable.
  dbmate: {
    table: 'schema_migrations',
    ddl: (name) => `CREATE TABLE IF NOT EXISTS ${name} (version varchar(128) NOT NULL PRIMARY KEY);`,
  },
  // Flyway's createMetaDataTable.sql for MySQL: the `_pk` key and the `_s_idx` index.
  flyway: {
    table: 'flyway_schema_history',
    ddl: (name, bare) => `CREATE TABLE ${name} (
  installed_rank INT NOT NULL,
  version VARCHAR(50),
  description VARCHAR(200) NOT NULL,
  type VARCHAR(20) NOT NULL,
  script VARCHAR(1000) NOT NULL,
  checksum INT,
  installed_by VARCHAR(100) NOT NULL,
  installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  execution_time INT NOT NULL,
  success BOOL NOT NULL,
  CONSTRAINT ${quoteIdent(`${bare}_pk`)} PRIMARY KEY (installed_rank)
) ENGINE=InnoDB;
CREATE INDEX ${quoteIdent(`${bare}_s_idx`)} ON ${name} (success);`,
  },
  // prisma's schema engine (sql-schema-connector, mysql flavour): the migrations table.
  prisma: {
    table: '_prisma_migrations',
    ddl: (name) => `CREATE TABLE ${name} (
  id VARCHAR(36) PRIMARY KEY NOT NULL,
  checksum VARCHAR(64) NOT NULL,
  finished_at DATETIME(3),
  migration_name VARCHAR(255) NOT NULL,
  logs TEXT,
  rolled_back_at DATETIME(3),
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
  },
  // drizzle-orm, mysql-core/dialect.js migrate(): in the connected database.
  drizzle: {
    table: '__drizzle_migrations',
    ddl: (name) => `CREATE TABLE IF NOT EXISTS ${name} (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint);`,
  },
  // knex, migrate/table-creator.js on MySQL: the migrations table and its `_lock` table with its one row.
  knex: {
    table: 'knex_migrations',
    ddl: (name, bare, database) => {
      const lock = (database ? `${quoteIdent(database)}.` : '') + quoteIdent(`${bare}_lock`);
      return `CREATE TABLE ${name} (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(255), batch int, migration_time timestamp NULL DEFAULT NULL);
CREATE TABLE ${lock} (\`index\` int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, is_locked int);
INSERT INTO ${lock} (is_locked) VALUES (0);`;
    },
  },
  // Django's MigrationRecorder.ensure_schema() on MySQL, with Django's default AutoField.
  django: {
    table: 'django_migrations',
    ddl: (name) =>
      `CREATE TABLE IF NOT EXISTS ${name} (id integer AUTO_INCREMENT NOT NULL PRIMARY KEY, app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied datetime(6) NOT NULL);`,
  },
  // sequelize's queryInterface.createTable for umzug's SequelizeStorage, as sequelize-cli logs it on MySQL.
  sequelize: {
    table: 'SequelizeMeta',
    ddl: (name) =>
      `CREATE TABLE IF NOT EXISTS ${name} (\`name\` VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY (\`name\`)) ENGINE=InnoDB;`,
  },
  // Liquibase's lock and changelog tables on MySQL, upper case as Liquibase names them.
  liquibase: {
    table: 'DATABASECHANGELOG',
    ddl: (name, bare, database) => {
      const lock = (database ? `${quoteIdent(database)}.` : '') + quoteIdent(`${bare}LOCK`);
      return `CREATE TABLE ${lock} (ID INT NOT NULL, \`LOCKED\` TINYINT NOT NULL, LOCKGRANTED datetime NULL, LOCKEDBY VARCHAR(255) NULL, CONSTRAINT PK_DATABASECHANGELOGLOCK PRIMARY KEY (ID));
DELETE FROM ${lock};
INSERT INTO ${lock} (ID, \`LOCKED\`) VALUES (1, 0);
CREATE TABLE ${name} (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED datetime NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35) NULL, DESCRIPTION VARCHAR(255) NULL, COMMENTS VARCHAR(255) NULL, TAG VARCHAR(255) NULL, LIQUIBASE VARCHAR(20) NULL, CONTEXTS VARCHAR(255) NULL, LABELS VARCHAR(255) NULL, DEPLOYMENT_ID VARCHAR(10) NULL);`;
    },
  },
};

/**
 * The SQL that creates a tool's history table as the tool does on MySQL before its first
 * migration; undefined for a tool whose table is not known here. `name` overrides where
 * the table is (the config's `migrations.table`; its `schema` is a database).
 */
export function mysqlToolTableSql(tool: HistoryTool, name?: HistoryTableName): string | undefined {
  const known = TOOL_TABLES[tool];
  if (!known) return undefined;
  const bare = name?.table ?? known.table;
  const quoted = (name?.schema ? `${quoteIdent(name.schema)}.` : '') + quoteIdent(bare);
  return `${known.ddl(quoted, bare, name?.schema)}\n`;
}
