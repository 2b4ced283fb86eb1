/**
 * The history tables migration tools create before they run a migration, as each tool creates
 * them on SQLite. A replay starts with them, so that a migration that reads, fills or alters its
 * tool's own table runs on the shadow database as it runs under the tool.
 */
import type { HistoryTool } from '../../migrations/history.js';
import type { HistoryTableName } from '../dialect.js';
import { historyTableDdl } from './history.js';
import { quoteIdent } from './tokens.js';

/** Each tool's default table and the DDL the tool runs for it, given the quoted name and the bare one. */
const TOOL_TABLES: Partial<
  Record<HistoryTool, { readonly table: string; readonly ddl: (name: string, bare: string) => string }>
> = {
  schemaguard: { table: 'schemaguard_migrations', ddl: (_name, bare) => historyTableDdl({ table: bare }) },
  // golang-migrate, database/sqlite3: ensureVersionTable, the table and its unique index.
  'golang-migrate': {
    table: 'schema_migrations',
    ddl: (name) =>
      `CREATE TABLE IF NOT EXISTS ${name} (version uint64, dirty bool);\nCREATE UNIQUE INDEX IF NOT EXISTS version_unique ON ${name} (version);`,
  },
  // diesel_migrations, CREATE_MIGRATIONS_TABLE: the same statement on every backend.
  diesel: {
    table: '__diesel_schema_migrations',
    ddl: (name) =>
      `CREATE TABLE IF NOT EXISTS ${name} (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);`,
  },
  // dbmate, pkg/driver/sqlite: CreateMigrationsTable.
  dbmate: {
    table: 'schema_migrations',
    ddl: (name) => `CREATE TABLE IF NOT EXISTS ${name} (version varchar(128) PRIMARY KEY);`,
  },
  // Flyway's createMetaDataTable.sql for SQLite, with its `_s_idx` index.
  flyway: {
    table: 'flyway_schema_history',
    ddl: (name, bare) => `CREATE TABLE ${name} (
  "installed_rank" INT NOT NULL PRIMARY KEY,
  "version" VARCHAR(50),
  "description" VARCHAR(200) NOT NULL,
  "type" VARCHAR(20) NOT NULL,
  "script" VARCHAR(1000) NOT NULL,
  "checksum" INT,
  "installed_by" VARCHAR(100) NOT NULL,
  "installed_on" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),
  "execution_time" INT NOT NULL,
  "success" BOOLEAN NOT NULL
);
CREATE INDEX ${quoteIdent(`${bare}_s_idx`)} ON ${name} ("success");`,
  },
  // prisma's schema engine (sql-schema-connector, sqlite flavour): the migrations table.
  prisma: {
    table: '_prisma_migrations',
    ddl: (name) => `CREATE TABLE ${name} (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
);`,
  },
  // drizzle-orm, sqlite-core/dialect migrate().
  drizzle: {
    table: '__drizzle_migrations',
    ddl: (name) =>
      `CREATE TABLE IF NOT EXISTS ${name} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);`,
  },
  // knex, migrate/table-creator.js on SQLite: the migrations table and its `_lock` table with its one row.
  knex: {
    table: 'knex_migrations',
    ddl: (name, bare) => {
      const lock = quoteIdent(`${bare}_lock`);
      return `CREATE TABLE ${name} (\`id\` integer not null primary key autoincrement, \`name\` varchar(255), \`batch\` integer, \`migration_time\` datetime);
CREATE TABLE ${lock} (\`index\` integer not null primary key autoincrement, \`is_locked\` integer);
INSERT INTO ${lock} (\`is_locked\`) VALUES (0);`;
    },
  },
  // kysely's Migrator on SQLite: the migration table and its lock table with its one row.
  kysely: {
    table: 'kysely_migration',
    ddl: (name, bare) => {
      const lock = quoteIdent(`${bare}_lock`);
      return `CREATE TABLE IF NOT EXISTS ${name} ("name" varchar(255) NOT NULL PRIMARY KEY, "timestamp" varchar(255) NOT NULL);
CREATE TABLE IF NOT EXISTS ${lock} ("id" varchar(255) NOT NULL PRIMARY KEY, "is_locked" integer DEFAULT 0 NOT NULL);
INSERT OR IGNORE INTO ${lock} ("id", "is_locked") VALUES ('migration_lock', 0);`;
    },
  },
  // TypeORM's MigrationExecutor on SQLite.
  typeorm: {
    table: 'migrations',
    ddl: (name) =>
      `CREATE TABLE IF NOT EXISTS ${name} ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "timestamp" bigint NOT NULL, "name" varchar NOT NULL);`,
  },
  // Django's MigrationRecorder.ensure_schema() on SQLite.
  django: {
    table: 'django_migrations',
    ddl: (name) =>
      `CREATE TABLE IF NOT EXISTS ${name} ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL);`,
  },
  // sequelize's queryInterface.createTable for umzug's SequelizeStorage, as sequelize-cli logs it on SQLite.
  sequelize: {
    table: 'SequelizeMeta',
    ddl: (name) => `CREATE TABLE IF NOT EXISTS ${name} (\`name\` VARCHAR(255) NOT NULL UNIQUE PRIMARY KEY);`,
  },
  // Liquibase's lock and changelog tables on SQLite, upper case as Liquibase names them.
  liquibase: {
    table: 'DATABASECHANGELOG',
    ddl: (name, bare) => {
      const lock = quoteIdent(`${bare}LOCK`);
      return `CREATE TABLE ${lock} (ID INTEGER NOT NULL, LOCKED BOOLEAN NOT NULL, LOCKGRANTED TEXT, LOCKEDBY VARCHAR(255), CONSTRAINT PK_DATABASECHANGELOGLOCK PRIMARY KEY (ID));
DELETE FROM ${lock};
INSERT INTO ${lock} (ID, LOCKED) VALUES (1, 0);
CREATE TABLE ${name} (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TEXT NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));`;
    },
  },
};

/**
 * The SQL that creates a tool's history table as the tool does on SQLite before its first
 * migration; undefined for a tool whose table is not known here. `name` overrides the table
 * (the config's `migrations.table`; SQLite has no schema to put it in but `main`).
 */
export function sqliteToolTableSql(tool: HistoryTool, name?: HistoryTableName): string | undefined {
  const known = TOOL_TABLES[tool];
  if (!known) return undefined;
  const bare = name?.table ?? known.table;
  return `${known.ddl(quoteIdent(bare), bare)}\n`;
}
