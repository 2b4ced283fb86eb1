import type { KindLists } from './model-kinds.js';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedBy<T>(list: readonly T[] | undefined, key: (item: T) => string): readonly T[] | undefined {
  return list && [...list].sort((a, b) => compare(key(a), key(b)));
}

/**
 * The lists of {@link KindLists} in canonical order (objects by qualified name, a
 * publication's tables and schemas by name); a list the schema lacks stays absent.
 */
export function normalizeKindLists(schema: KindLists): KindLists {
  const lists: KindLists = {
    rules: sortedBy(schema.rules, (r) => `${r.schema}\u0000${r.table}\u0000${r.name}`),
    foreignDataWrappers: sortedBy(schema.foreignDataWrappers, (w) => w.name),
    foreignServers: sortedBy(schema.foreignServers, (s) => s.name),
    userMappings: sortedBy(schema.userMappings, (m) => `${m.server}\u0000${m.user}`),
    foreignTables: sortedBy(schema.foreignTables, (t) => `${t.schema}\u0000${t.name}`),
    statistics: sortedBy(schema.statistics, (s) => `${s.schema}\u0000${s.name}`),
    publications: sortedBy(schema.publications, (p) => p.name)?.map((p) => ({
      ...p,
      tables: sortedBy(p.tables, (t) => `${t.schema}\u0000${t.table}`),
      schemas: sortedBy(p.schemas, (s) => s),
    })),
  };
  return Object.fromEntries(Object.entries(lists).filter(([, list]) => list !== undefined));
}
