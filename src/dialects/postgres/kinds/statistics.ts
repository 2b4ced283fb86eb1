import type { StatisticsDef, StatisticsKind } from '../../../schema/model-kinds.js';
import { type CatalogScope, commentJoin, notExtensionMember, userNamespace } from '../catalog-sql.js';
import { qualify } from '../quote.js';
import {
  type KindPlanContext,
  type Rows,
  changed,
  commentsOf,
  optStr,
  ownersOf,
  planDocs,
  planNewDocs,
  str,
  strings,
} from './context.js';

/** Extended statistics objects; the target is `-1` (before PostgreSQL 17) or NULL when it is the default. */
export function statisticsQuery(version: number, scope: CatalogScope | undefined): string {
  const target = version >= 170000 ? 's.stxstattarget' : 'nullif(s.stxstattarget, -1)';
  return `
SELECT n.nspname AS schema, s.stxname AS name, tn.nspname AS table_schema, c.relname AS table_name,
  s.stxkind::text[] AS kinds, pg_get_statisticsobjdef_columns(s.oid) AS on_list, ${target} AS target,
  pg_get_userbyid(s.stxowner) AS owner, d.description AS comment
FROM pg_statistic_ext s
JOIN pg_namespace n ON n.oid = s.stxnamespace
JOIN pg_class c ON c.oid = s.stxrelid
JOIN pg_namespace tn ON tn.oid = c.relnamespace
${commentJoin('d', 'pg_statistic_ext', 's.oid')}
WHERE ${userNamespace(scope)} AND ${notExtensionMember('pg_statistic_ext', 's.oid')}`;
}

const KINDS: Record<string, StatisticsKind | undefined> = { d: 'ndistinct', f: 'dependencies', m: 'mcv' };

export function readStatistics(
  rows: Rows,
  owner: (row: Record<string, unknown>) => string | undefined,
): StatisticsDef[] {
  return rows.map((s) => ({
    schema: str(s.schema),
    name: str(s.name),
    table: { schema: str(s.table_schema), table: str(s.table_name) },
    kinds: strings(s.kinds)
      .map((k) => KINDS[k])
      .filter((k): k is StatisticsKind => k !== undefined),
    on: str(s.on_list),
    target: s.target === null || s.target === undefined ? undefined : Number(s.target),
    comment: optStr(s.comment),
    owner: owner(s),
  }));
}

const statisticsName = (s: StatisticsDef) => `STATISTICS ${qualify(s.schema, s.name)}`;

/** `CREATE STATISTICS` and its target. No kind list asks for every kind (or, for one expression, none). */
export function createStatisticsSql(s: StatisticsDef): string[] {
  const kinds = s.kinds.length > 0 ? ` (${s.kinds.join(', ')})` : '';
  return [
    `CREATE ${statisticsName(s)}${kinds} ON ${s.on} FROM ${qualify(s.table.schema, s.table.table)};`,
    ...(s.target !== undefined ? [`ALTER ${statisticsName(s)} SET STATISTICS ${s.target};`] : []),
  ];
}

export const statisticsComments = (list: readonly StatisticsDef[]) => commentsOf(list, statisticsName);

export const statisticsOwners = (list: readonly StatisticsDef[]) => ownersOf(list, statisticsName);

/**
 * Statistics added, dropped or changed: a new column list, kind list or table means a
 * new object (dropped first, created after the columns exist); a target is altered.
 */
export function planStatistics(ctx: KindPlanContext): void {
  const { change } = ctx;
  const before = change.before as StatisticsDef | undefined;
  const after = change.after as StatisticsDef | undefined;
  const rebuilt = change.action === 'alter' && ['kinds', 'on', 'table'].some((a) => changed(change, a));
  if (before && (change.action === 'drop' || rebuilt))
    ctx.emit('drop dependents', `DROP ${statisticsName(before)};`, change.hazards);
  if (!after) return;
  if (change.action === 'add' || rebuilt) {
    ctx.emit('rules, statistics and publications', createStatisticsSql(after), change.hazards);
    return planNewDocs(ctx, statisticsName(after));
  }
  if (changed(change, 'target'))
    ctx.emit(
      'rules, statistics and publications',
      `ALTER ${statisticsName(after)} SET STATISTICS ${after.target ?? -1};`,
    );
  planDocs(ctx, statisticsName(after));
}
