/** SQL fragments shared by the catalog queries (catalog-queries.ts, kinds/, not-modelled.ts). */

/** A namespace that holds user objects. */
export const USER_NAMESPACE = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

/**
 * The object was made after initdb: its OID (or its table's, `attrelid` in pg_attribute) is at
 * least FirstNormalObjectId, 16384. Every object of a user namespace is, but for the schema
 * `public` itself (2200): initdb makes the system catalogs' thousands of rows below it (pg_proc
 * about 3,300, pg_type, pg_attribute and pg_depend thousands), a server forces the OID counter up
 * to 16384 when it first runs and back to it when the counter wraps around, and PGlite's first
 * object gets 16384 too; a restored dump gets new OIDs, pg_upgrade keeps the old ones. (Only a
 * single-user backend, `postgres --single`, run on a new cluster before any server did, would hand
 * out lower ones; the casts, access methods and languages were read this way before.) The
 * condition changes no result: it lets a query read the catalog that drives it from its OID index,
 * past the built-in rows, instead of reading them all to drop them. Only on that catalog, and
 * never where built-in objects count (on pg_namespace, or in the grants of `public`).
 */
export function madeAfterInitdb(oid: string): string {
  return `${oid} >= 16384`;
}

/**
 * Up to how many objects (relations and routines made after initdb) the catalog queries of
 * tables, columns and the like take {@link madeAfterInitdb} too. The planner's statistics of the
 * catalogs can date from initdb (an embedded database never analyzes them), when no row passed
 * the condition: it then expects a handful of rows and joins by nested loops and index lookups,
 * the best plan for a small schema (a 3-table schema's catalog read runs in a third of the time)
 * and a slow one for a large one (200 tables: the dependencies query took 30 times as long).
 * The queries of kinds a schema has few of (operators, aggregates, text search, …) always take it.
 */
export const FEW_OBJECTS = 100;

/** How many objects {@link FEW_OBJECTS} counts, up to one more than it (an index's first rows). */
export const OBJECT_COUNT = `(SELECT count(*) FROM (SELECT FROM pg_class WHERE oid >= 16384 LIMIT ${FEW_OBJECTS + 1}) c)
  + (SELECT count(*) FROM (SELECT FROM pg_proc WHERE oid >= 16384 LIMIT ${FEW_OBJECTS + 1}) p)`;

/** `madeAfterInitdb(oid) AND ` when the schema has few objects (see {@link FEW_OBJECTS}), else nothing. */
export function ifFewObjects(few: boolean, oid: string): string {
  return few ? `${madeAfterInitdb(oid)} AND ` : '';
}

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
