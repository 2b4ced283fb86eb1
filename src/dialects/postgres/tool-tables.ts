/**
 * The history tables migration tools create before they run a migration, as each tool
 * creates them on PostgreSQL. A replay starts with them, so that a migration that reads,
 * fills or alters its tool's own table (`ALTER TABLE schema_migrations …`) runs on the
 * shadow database as it runs under the tool.
 */
import type { HistoryTableName } from '../dialect.js';
import type { HistoryTool } from '../../migrations/history.js';
import { schemaguardHistoryDdl } from './history.js';
import { qualify, quoteIdent } from './quote.js';

/** Each tool's table (default name, default schema) and the DDL the tool runs for it, for a qualified name. */
const TOOL_TABLES: Partial<
  Record<
    HistoryTool,
    { readonly schema?: string; readonly table: string; readonly ddl: (schema: string, table: string) => string }
  >
> = {
  schemaguard: { table: 'schemaguard_migrations', ddl: schemaguardHistoryDdl },
  // golang-migrate, database/postgres: ensureVersionTable.
  'golang-migrate': {
    table: 'schema_migrations',
    ddl: (schema, table) =>
      `CREATE TABLE IF NOT EXISTS ${qualify(schema, table)} (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);`,
  },
  // diesel_migrations, CREATE_MIGRATIONS_TABLE: the same statement on every backend.
  diesel: {
    table: '__diesel_schema_migrations',
    ddl: (schema, table) =>
      `CREATE TABLE IF NOT EXISTS ${qualify(schema, table)} (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);`,
  },
  // dbmate, pkg/driver/postgres: CreateMigrationsTable.
  dbmate: {
    table: 'schema_migrations',
    ddl: (schema, table) => `CREATE TABLE IF NOT EXISTS ${qualify(schema, table)} (version varchar(128) PRIMARY KEY);`,
  },
  // Flyway's createMetaDataTable.sql for PostgreSQL: the `_pk` constraint and the `_s_idx` index.
  flyway: {
    table: 'flyway_schema_history',
    ddl: (schema, table) => {
      const name = qualify(schema, table);
      return `CREATE TABLE ${name} (
  installed_rank integer NOT NULL,
  version varchar(50),
  description varchar(200) NOT NULL,
  type varchar(20) NOT NULL,
  script varchar(1000) NOT NULL,
  checksum integer,
  installed_by varchar(100) NOT NULL,
  installed_on timestamp NOT NULL DEFAULT now(),
  execution_time integer NOT NULL,
  success boolean NOT NULL
);
ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(`${table}_pk`)} PRIMARY KEY (installed_rank);
CREATE INDEX ${quoteIdent(`${table}_s_idx`)} ON ${name} (success);`;
    },
  },
  // prisma's schema engine (sql-schema-connector, postgres flavour): the migrations table.
  prisma: {
    table: '_prisma_migrations',
    ddl: (schema, table) => `CREATE TABLE ${qualify(schema, table)} (
  id varchar(36) PRIMARY KEY NOT NULL,
  checksum varchar(64) NOT NULL,
  finished_at timestamptz,
  migration_name varchar(255) NOT NULL,
  logs text,
  rolled_back_at timestamptz,
  started_at timestamptz NOT NULL DEFAULT now(),
  applied_steps_count integer NOT NULL DEFAULT 0
);`,
  },
  // drizzle-orm, pg-core/dialect.js migrate(): in its own `drizzle` schema.
  drizzle: {
    schema: 'drizzle',
    table: '__drizzle_migrations',
    ddl: (schema, table) =>
      `CREATE TABLE IF NOT EXISTS ${qualify(schema, table)} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);`,
  },
  // knex, migrate/table-creator.js: the migrations table and its `_lock` table with its one row.
  knex: {
    table: 'knex_migrations',
    ddl: (schema, table) => {
      const lock = qualify(schema, `${table}_lock`);
      return `CREATE TABLE ${qualify(schema, table)} (id serial PRIMARY KEY, name varchar(255), batch integer, migration_time timestamptz);
CREATE TABLE ${lock} (index serial PRIMARY KEY, is_locked integer);
INSERT INTO ${lock} (is_locked) VALUES (0);`;
    },
  },
  // Django's MigrationRecorder.ensure_schema(): created when missing, with Django's default
  // AutoField (a project whose DEFAULT_AUTO_FIELD is BigAutoField gets bigserial instead).
  django: {
    table: 'django_migrations',
    ddl: (schema, table) =>
      `CREATE TABLE IF NOT EXISTS ${qualify(schema, table)} (id serial NOT NULL PRIMARY KEY, app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied timestamptz NOT NULL);`,
  },
  // sequelize's queryInterface.createTable for umzug's SequelizeStorage, as sequelize-cli logs it
  // (on MySQL: the same with backticks and `ENGINE=InnoDB`).
  sequelize: {
    table: 'SequelizeMeta',
    ddl: (schema, table) =>
      `CREATE TABLE IF NOT EXISTS ${qualify(schema, table)} ("name" VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY ("name"));`,
  },
  // Liquibase's StandardLockService and StandardChangeLogHistoryService, as `liquibase update-sql`
  // prints them: the lock table with its one row, then the changelog table. Its names are
  // unquoted, hence lower case here; the lock table is the changelog table's name plus `lock`.
  // On MySQL the tables keep their upper-case names (DATABASECHANGELOG, DATABASECHANGELOGLOCK),
  // the timestamps are DATETIME, the integers INT, `LOCKED` a TINYINT and the lock's key
  // PK_DATABASECHANGELOGLOCK (not yet checked against `liquibase update-sql` on MySQL).
  liquibase: {
    table: 'databasechangelog',
    ddl: (schema, table) => {
      const lock = qualify(schema, `${table}lock`);
      return `CREATE TABLE ${lock} (ID INTEGER NOT NULL, LOCKED BOOLEAN NOT NULL, LOCKGRANTED TIMESTAMP WITHOUT TIME ZONE, LOCKEDBY VARCHAR(255), CONSTRAINT ${quoteIdent(`${table}lock_pkey`)} PRIMARY KEY (ID));
DELETE FROM ${lock};
INSERT INTO ${lock} (ID, LOCKED) VALUES (1, FALSE);
CREATE TABLE ${qualify(schema, table)} (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));`;
    },
  },
};

/**
 * The SQL that creates a tool's history table as the tool does before its first
 * migration (and the schema it lives in, when not `public`); undefined for a tool
 * whose table is not known here. `name` overrides where the table is (the config's
 * `migrations.table`).
 */
export function toolHistoryTableSql(tool: HistoryTool, name?: HistoryTableName): string | undefined {
  const known = TOOL_TABLES[tool];
  if (!known) return undefined;
  const schema = name?.schema ?? known.schema ?? 'public';
  const table = name?.table ?? known.table;
  const createSchema = schema === 'public' ? '' : `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)};\n`;
  return `${createSchema}${known.ddl(schema, table)}\n`;
}
