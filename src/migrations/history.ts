/**
 * The migration histories found in a database: schemaguard's own and those of the tools
 * whose tables schemaguard reads. Each engine reads them (the dialect's `history`).
 */
import type { Connection } from '../dialects/dialect.js';

/** A migration tool whose history table schemaguard can read. */
export type HistoryTool =
  | 'schemaguard'
  | 'prisma'
  | 'diesel'
  | 'drizzle'
  | 'flyway'
  | 'golang-migrate'
  | 'dbmate'
  | 'knex'
  | 'kysely'
  | 'typeorm'
  | 'django'
  | 'sequelize'
  | 'liquibase';

/** One migration a tool records as applied (or attempted). */
export interface AppliedMigration {
  readonly tool: HistoryTool;
  /**
   * The key that matches a migration file's `version`: prisma's folder name, drizzle's
   * journal `when`, flyway's version, knex's and kysely's migration name, typeorm's timestamp,
   * Django's `app.name` (`content.0003_rename_field`), sequelize's file name
   * (`20240101120000-create-user.js`), Liquibase's `filename::id::author`.
   */
  readonly version: string;
  readonly name?: string;
  /**
   * As the tool stores it (sha256 hex for prisma/drizzle/schemaguard, flyway's CRC32 as a
   * decimal string, Liquibase's versioned MD5SUM such as `9:…`); undefined when the tool stores none.
   */
  readonly checksum?: string;
  /** ISO 8601, when the tool records it. */
  readonly appliedAt?: string;
  /** Who applied it (schemaguard: `user@host`), when the tool records it. */
  readonly appliedBy?: string;
  /**
   * False for a migration the tool records as failed or dirty (prisma: finished_at null,
   * not rolled back; flyway: success = false; golang-migrate: dirty; schemaguard: success = false;
   * Liquibase: EXECTYPE FAILED).
   */
  readonly success: boolean;
  /** schemaguard only: the statements of a failed non-transactional migration that completed before it stopped. */
  readonly statementsDone?: number;
}

/**
 * The history found in a database, in the order the tool applied the migrations.
 * golang-migrate keeps only its current version: every earlier file version is implied
 * as applied. A flyway `BASELINE` row likewise stands for every version up to its own.
 */
export interface MigrationHistory {
  readonly tool: HistoryTool;
  /** The qualified table, e.g. `public._prisma_migrations`. */
  readonly table: string;
  readonly applied: readonly AppliedMigration[];
}

/** Which history tables {@link readHistories} reads. */
export interface ReadHistoriesOptions {
  /**
   * Only this tool's table: the tool known to own the migrations. Its table is then
   * recognised by the columns it must have, even when a migration added others to it.
   */
  readonly tool?: HistoryTool;
  /** Only this table (`table`, `schema.table`, quoted as needed), whatever its name. */
  readonly table?: string;
  /**
   * Only tables in this schema (a schema-per-tenant target's, whose database has one per tenant);
   * engines without schemas within a database ignore it.
   */
  readonly schema?: string;
  /** Read at the moment of this snapshot, exported by another session (`Connection.readConsistently`). */
  readonly snapshot?: string;
}

/**
 * The history tables present in the database (all tools found), read in one read-only
 * transaction; [] when there is none. Tables are found by their tools' default names in
 * any schema (or `options.schema`), or `options.table` (`table`, `schema.table`) whatever its name; a table is
 * taken as a tool's only when it has that tool's columns. A role that may not read a
 * history table gets a one-sentence error naming the table.
 */
export function readHistories(connection: Connection, options: ReadHistoriesOptions = {}): Promise<MigrationHistory[]> {
  return connection.dialect.history.readHistories(connection, options);
}
