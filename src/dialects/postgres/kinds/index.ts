import type { ChangeDraft } from '../../../diff/change.js';
import type { Change, Hazard } from '../../../diff/change.js';
import type { Schema } from '../../../schema/model.js';
import type { IntrospectOptions } from '../../dialect.js';
import type { KindPlanContext, Rows } from './context.js';
import type { CatalogScope } from '../catalog-sql.js';
import {
  FOREIGN_DATA_WRAPPERS_QUERY,
  FOREIGN_SERVERS_QUERY,
  USER_MAPPINGS_QUERY,
  createForeignDataWrapperSql,
  createForeignServerSql,
  createUserMappingSql,
  foreignDataComments,
  foreignTablesQuery,
  foreignDataOwners,
  planForeignDataWrapper,
  planForeignServer,
  planForeignTable,
  planUserMapping,
  readForeignDataWrappers,
  readForeignServers,
  readForeignTables,
  readUserMappings,
} from './foreign-data.js';
import {
  createPublicationSql,
  planPublication,
  publicationComments,
  publicationOwners,
  publicationsQuery,
  readPublications,
} from './publications.js';
import { rulesQuery, createRuleSql, planRule, readRules, ruleComments } from './rules.js';
import {
  createStatisticsSql,
  planStatistics,
  readStatistics,
  statisticsComments,
  statisticsOwners,
  statisticsQuery,
} from './statistics.js';
import { tableStorageQuery, columnStorageSql, replicaIdentityStatements, withTableStorage } from './table-storage.js';

export * from './catalog-kinds.js';
export type { KindPlanContext, KindStep } from './context.js';
export { planRebuiltTableKinds } from './rebuilt-tables.js';
export { planRulesAroundColumnType } from './rules.js';
export { createForeignTableSql } from './foreign-data.js';
export {
  accessMethodClause,
  columnStorageSql,
  compressionClause,
  planColumnStorage,
  planTableStorage,
} from './table-storage.js';

/**
 * The catalog queries of these kinds, one per kind over the whole database (or over the
 * `scope`'s schemas), run with the others in the same read-only transaction.
 */
export function kindQueries(version: number, few = false, scope?: CatalogScope) {
  return {
    tableStorage: tableStorageQuery(few, scope),
    foreignDataWrappers: FOREIGN_DATA_WRAPPERS_QUERY,
    foreignServers: FOREIGN_SERVERS_QUERY,
    userMappings: USER_MAPPINGS_QUERY,
    foreignTables: foreignTablesQuery(scope),
    rules: rulesQuery(few, scope),
    statistics: statisticsQuery(version, scope),
    publications: publicationsQuery(version),
  };
}

/** The names of the queries of {@link kindQueries}. */
export type KindQueryName = keyof ReturnType<typeof kindQueries>;

type KindRows = Record<KindQueryName, Rows>;

/** The schema with these kinds' lists and the tables' storage attributes, from their catalog rows. */
export function withKinds(schema: Schema, rows: KindRows, options: IntrospectOptions): Schema {
  const owner = (row: Record<string, unknown>) => (options.includeOwners ? (row.owner as string) : undefined);
  return {
    ...schema,
    tables: withTableStorage(schema.tables, rows.tableStorage),
    foreignDataWrappers: readForeignDataWrappers(rows.foreignDataWrappers, owner),
    foreignServers: readForeignServers(rows.foreignServers, owner),
    userMappings: readUserMappings(rows.userMappings),
    foreignTables: readForeignTables(rows.foreignTables, owner),
    rules: readRules(rows.rules),
    statistics: readStatistics(rows.statistics, owner),
    publications: readPublications(rows.publications, owner),
  };
}

/** Statements creating these kinds, by the phase of a whole-schema script they belong to. */
export interface KindPhases {
  /** Wrappers, servers and user mappings: after extensions, before the foreign tables that use them. */
  readonly foreignData: string[];
  /** Column storage, replica identities, rules, statistics and publications: once tables, views and indexes exist. */
  readonly late: string[];
  readonly comments: string[];
  readonly owners: string[];
}

export function kindPhases(schema: Schema): KindPhases {
  const wrappers = schema.foreignDataWrappers ?? [];
  const servers = schema.foreignServers ?? [];
  const foreignTables = schema.foreignTables ?? [];
  return {
    foreignData: [
      ...wrappers.map(createForeignDataWrapperSql),
      ...servers.map(createForeignServerSql),
      ...(schema.userMappings ?? []).flatMap(createUserMappingSql),
    ],
    late: [
      ...schema.tables.flatMap(columnStorageSql),
      ...replicaIdentityStatements(schema.tables),
      ...(schema.rules ?? []).flatMap((r) => createRuleSql(r)),
      ...(schema.statistics ?? []).flatMap(createStatisticsSql),
      ...(schema.publications ?? []).map(createPublicationSql),
    ],
    comments: [
      ...foreignDataComments(wrappers, servers, foreignTables),
      ...ruleComments(schema.rules ?? []),
      ...statisticsComments(schema.statistics ?? []),
      ...publicationComments(schema.publications ?? []),
    ],
    owners: [
      ...foreignDataOwners(wrappers, servers, foreignTables),
      ...statisticsOwners(schema.statistics ?? []),
      ...publicationOwners(schema.publications ?? []),
    ],
  };
}

const PLANNERS: Partial<Record<Change['objectType'], (ctx: KindPlanContext) => void>> = {
  'foreign data wrapper': planForeignDataWrapper,
  'foreign server': planForeignServer,
  'user mapping': planUserMapping,
  'foreign table': planForeignTable,
  rule: planRule,
  statistics: planStatistics,
  publication: planPublication,
};

/** Plans a change of one of these kinds. */
export function planKindChange(ctx: KindPlanContext): void {
  PLANNERS[ctx.change.objectType]?.(ctx);
}

/**
 * What a plan says above a statement of these kinds whose hazard reads differently for
 * them than for a table or column: replication and rules change what others see.
 */
export function kindHazardMessage(hazard: Hazard, change: Change, verb: string): string | undefined {
  if (hazard !== 'backward-incompatible') return undefined;
  const object = `${change.objectType} ${change.path}`;
  switch (change.objectType) {
    case 'publication':
      return `${verb} ${object}; its subscribers receive other rows or columns from the moment it commits`;
    case 'rule':
      return `${verb} ${object}; statements on ${change.table ?? 'its table'} do something else under running code`;
    case 'table':
      return (change.attributes ?? []).some((a) => a.attribute === 'replicaIdentity')
        ? `${verb} the replica identity of ${change.path}; subscribers identify updated and deleted rows differently`
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Hazards of these kinds and attributes: a new table access method rewrites the table;
 * a changed replica identity, rule or publication changes what running code or
 * subscribers see.
 */
export function kindHazards(change: ChangeDraft): Hazard[] {
  if (change.action !== 'alter') return [];
  const changed = (name: string) => (change.attributes ?? []).some((a) => a.attribute === name);
  if (change.objectType === 'table') {
    return [
      ...(changed('accessMethod') ? (['table-rewrite', 'long-lock'] as const) : []),
      ...(changed('replicaIdentity') ? (['backward-incompatible'] as const) : []),
    ];
  }
  const structural = (change.attributes ?? []).some((a) => !['comment', 'owner'].includes(a.attribute));
  if ((change.objectType === 'rule' || change.objectType === 'publication') && structural)
    return ['backward-incompatible'];
  return [];
}
