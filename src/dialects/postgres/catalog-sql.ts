/** SQL fragments shared by the catalog queries (catalog-queries.ts, kinds/, not-modelled.ts). */

/** A namespace that holds user objects. */
export const USER_NAMESPACE = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/** The object is not a member of an extension. */
export function notExtensionMember(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.classid = '${catalog}'::regclass
    AND xd.objid = ${oid} AND xd.deptype = 'e')`;
}

/** `LEFT JOIN pg_description` for the comment of an object (or of a column, with `subId`). */
export function commentJoin(alias: string, catalog: string, oid: string, subId = '0'): string {
  return `LEFT JOIN pg_description ${alias} ON ${alias}.objoid = ${oid}
    AND ${alias}.classoid = '${catalog}'::regclass AND ${alias}.objsubid = ${subId}`;
}
