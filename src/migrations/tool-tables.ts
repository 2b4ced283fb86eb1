/**
 * Which tool's history table records the migrations of a folder, and where the config
 * puts it. The tables themselves are each engine's (see the dialect's `history.toolTableSql`):
 * a replay starts with them, so that a migration that reads, fills or alters its tool's
 * own table runs on the shadow database as it runs under the tool. Comparisons leave them
 * out, as they leave out the live database's.
 */
import type { HistoryTableName } from '../dialects/dialect.js';
import type { MigrationFormat } from './formats.js';
import type { HistoryTool } from './history.js';

export type { HistoryTableName } from '../dialects/dialect.js';

/** The tool whose history table records the migrations of a folder of each format. */
export const TOOL_OF_FORMAT: Readonly<Record<MigrationFormat, HistoryTool>> = {
  plain: 'schemaguard',
  dbmate: 'dbmate',
  'golang-migrate': 'golang-migrate',
  flyway: 'flyway',
  prisma: 'prisma',
  diesel: 'diesel',
  drizzle: 'drizzle',
  sequelize: 'sequelize',
  liquibase: 'liquibase',
};

/** `schema.table` or `table`, as the config's `migrations.table` names it. */
export function historyTableName(name: string): HistoryTableName {
  const dot = name.indexOf('.');
  return dot < 0 ? { table: name } : { schema: name.slice(0, dot), table: name.slice(dot + 1) };
}
