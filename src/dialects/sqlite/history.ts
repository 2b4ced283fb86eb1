/**
 * schemaguard's history table on SQLite (`schemaguard_migrations` in the `main` database),
 * with times as ISO 8601 text in UTC. Other tools' history tables on SQLite are not read
 * yet: a database that has one of them and not schemaguard's gets one sentence saying so.
 */
import { SchemaguardError } from '../../errors.js';
import type {
  AppliedMigration,
  HistoryTool,
  MigrationHistory,
  ReadHistoriesOptions,
} from '../../migrations/history.js';
import type { Connection, HistoryStore, HistoryTableName, RunEntry } from '../dialect.js';
import { NOT_ROLLED_BACK, readRunRecords, readStatementsDone } from '../history-rows.js';
import { quoteIdent } from './tokens.js';

/** The current time as the history writes it: `2026-12-06T18:40:00.123Z`. */
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/** The default table names of the other tools, as they keep them on SQLite. */
const OTHER_TOOLS: readonly (readonly [string, HistoryTool])[] = [
  ['_prisma_migrations', 'prisma'],
  ['__drizzle_migrations', 'drizzle'],
  ['flyway_schema_history', 'flyway'],
  ['schema_migrations', 'golang-migrate'],
  ['knex_migrations', 'knex'],
  ['kysely_migration', 'kysely'],
  ['migrations', 'typeorm'],
  ['django_migrations', 'django'],
  ['SequelizeMeta', 'sequelize'],
  ['DATABASECHANGELOG', 'liquibase'],
];

/** schemaguard's history table, quoted (SQLite's only namespace is the connected file). */
function historyTable(name: Partial<HistoryTableName> = {}): string {
  return quoteIdent(name.table ?? 'schemaguard_migrations');
}

/** Idempotent DDL of schemaguard's history table: PostgreSQL's columns in SQLite's types. */
function historyTableDdl(name: Partial<HistoryTableName> = {}): string {
  return `CREATE TABLE IF NOT EXISTS ${historyTable(name)} (
  version TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL DEFAULT (${NOW}),
  execution_ms INTEGER,
  applied_by TEXT,
  git_commit TEXT,
  success INTEGER NOT NULL,
  statements_done INTEGER NOT NULL DEFAULT 0,
  skipped_verification INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL DEFAULT 'migration' CHECK (kind IN ('migration', 'rollback')),
  rolled_back_at TEXT
);`;
}

interface HistoryRow {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly applied_at: string;
  readonly applied_by: string | null;
  readonly success: number;
  readonly statements_done: number;
}

/** The history tables present: schemaguard's; another tool's only to say that reading it is not done yet. */
async function readHistories(connection: Connection, options: ReadHistoriesOptions = {}): Promise<MigrationHistory[]> {
  return connection.transaction(
    async (tx) => {
      const names = (await tx.query<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")).map(
        (r) => r.name,
      );
      const ours = options.table?.replace(/^main\./, '').replace(/^"(.*)"$/, '$1') ?? 'schemaguard_migrations';
      const found = names.find((n) => n.toLowerCase() === ours.toLowerCase());
      if (found !== undefined && (options.tool === undefined || options.tool === 'schemaguard')) {
        const rows = await tx.query<HistoryRow>(
          `SELECT version, name, checksum, applied_at, applied_by, success, statements_done FROM ${quoteIdent(found)}
           WHERE ${NOT_ROLLED_BACK} ORDER BY applied_at, version`,
        );
        const applied = rows.map((r): AppliedMigration => ({
          tool: 'schemaguard',
          version: r.version,
          name: r.name,
          checksum: r.checksum,
          appliedAt: r.applied_at,
          ...(r.applied_by === null ? {} : { appliedBy: r.applied_by }),
          success: Number(r.success) !== 0,
          ...(Number(r.success) !== 0 ? {} : { statementsDone: Number(r.statements_done) }),
        }));
        return [{ tool: 'schemaguard' as const, table: found, applied }];
      }
      const other = OTHER_TOOLS.find(
        ([table, tool]) =>
          (options.tool === undefined || options.tool === tool) &&
          names.some((n) => n.toLowerCase() === table.toLowerCase()),
      );
      if (other) {
        throw new SchemaguardError(
          `Reading ${other[1]}'s history table (${other[0]}) for SQLite is not supported yet: schemaguard reads only its own history table on SQLite.`,
        );
      }
      return [];
    },
    { readOnly: true },
  );
}

/** schemaguard's history table on SQLite. */
export const sqliteHistory: HistoryStore = {
  table: historyTable,
  createSql: historyTableDdl,
  readRuns: readRunRecords,
  readProgress: readStatementsDone,
  async record(connection, table, entry: RunEntry) {
    await connection.query(
      `INSERT INTO ${table} (version, name, checksum, applied_by, git_commit, success, statements_done, execution_ms, skipped_verification, kind)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (version) DO UPDATE SET name = excluded.name, checksum = excluded.checksum, success = excluded.success,
         statements_done = excluded.statements_done, execution_ms = excluded.execution_ms, applied_by = excluded.applied_by,
         git_commit = excluded.git_commit, skipped_verification = excluded.skipped_verification, kind = excluded.kind,
         rolled_back_at = NULL, applied_at = ${NOW}`,
      [
        entry.version,
        entry.name,
        entry.checksum,
        entry.appliedBy,
        entry.gitCommit ?? null,
        entry.success ? 1 : 0,
        entry.statementsDone,
        entry.executionMs ?? null,
        entry.skippedVerification ? 1 : 0,
        entry.kind,
      ],
    );
  },
  async recordProgress(connection, table, version, done) {
    await connection.query(`UPDATE ${table} SET statements_done = ? WHERE version = ?`, [done, version]);
  },
  async recordSuccess(connection, table, version, ms) {
    await connection.query(`UPDATE ${table} SET success = 1, execution_ms = ? WHERE version = ?`, [ms, version]);
  },
  async markRolledBack(connection, table, versions) {
    if (versions.length === 0) return;
    await connection.query(
      `UPDATE ${table} SET rolled_back_at = ${NOW} WHERE ${NOT_ROLLED_BACK} AND version IN (${versions.map(() => '?').join(', ')})`,
      [...versions],
    );
  },
  async setChecksum(connection, table, version, checksum) {
    await connection.query(`UPDATE ${table} SET checksum = ? WHERE ${NOT_ROLLED_BACK} AND version = ?`, [
      checksum,
      version,
    ]);
  },
  readHistories,
  // Other tools' tables on SQLite are not created for replays yet.
  toolTableSql: () => undefined,
};
