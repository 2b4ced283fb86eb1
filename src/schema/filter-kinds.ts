import type { KindLists } from './model-kinds.js';

/** What a schema filter keeps, as {@link filterKindLists} needs it. */
export interface KindFilter {
  /** Whether a table, view or foreign table is kept. */
  readonly keepRelation: (schema: string, name: string) => boolean;
  /** Whether objects that belong to the database rather than a schema are kept. */
  readonly keepDatabaseObjects: boolean;
}

/**
 * The part of {@link KindLists} a filter keeps: rules and statistics go with their
 * table, foreign tables are relations, wrappers, servers, user mappings and
 * publications belong to the database (a publication keeps only the tables kept).
 */
export function filterKindLists(schema: KindLists, filter: KindFilter): KindLists {
  const { keepRelation, keepDatabaseObjects } = filter;
  const database = <T>(list: readonly T[] | undefined) => list && (keepDatabaseObjects ? list : []);
  const lists: KindLists = {
    rules: schema.rules?.filter((r) => keepRelation(r.schema, r.table)),
    foreignDataWrappers: database(schema.foreignDataWrappers),
    foreignServers: database(schema.foreignServers),
    userMappings: database(schema.userMappings),
    foreignTables: schema.foreignTables?.filter((t) => keepRelation(t.schema, t.name)),
    statistics: schema.statistics?.filter((s) => keepRelation(s.table.schema, s.table.table)),
    publications: database(schema.publications)?.map((p) =>
      p.tables ? { ...p, tables: p.tables.filter((t) => keepRelation(t.schema, t.table)) } : p,
    ),
  };
  return Object.fromEntries(Object.entries(lists).filter(([, list]) => list !== undefined));
}
