/** SQL fragments shared by the catalog queries (catalog-queries.ts, kinds/, not-modelled.ts). */

import { quoteLiteral } from './quote.js';

/**
 * A read of some schemas alone (`IntrospectOptions.schemas`): their names, and the OIDs of
 * the relations and types they hold, read first ({@link scopeQuery}). The catalog queries
 * start from these OIDs (an index lookup of the few rows they need) instead of reading whole
 * catalogs and keeping the rows of these schemas: one tenant of a database of a thousand
 * schemas reads as fast as a small database.
 */
export interface CatalogScope {
  readonly schemas: readonly string[];
  /** The OIDs of the relations in these schemas (tables, views, sequences, indexes, …). */
  readonly relations: readonly string[];
  /** The OIDs of the types in these schemas (enums, domains, composite types, row and array types, …). */
  readonly types: readonly string[];
}

/** The namespace `n` holds user objects, and is one of the scope's schemas in a scoped read. */
export function userNamespace(scope: CatalogScope | undefined): string {
  const user = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;
  if (!scope) return user;
  return scope.schemas.length === 0
    ? 'false'
    : `n.nspname IN (${scope.schemas.map(quoteLiteral).join(', ')}) AND ${user}`;
}

/** The query of a {@link CatalogScope}'s OIDs (as PostgreSQL array literals), for the given schemas. */
export function scopeQuery(schemas: readonly string[]): string {
  const namespace = userNamespace({ schemas, relations: [], types: [] });
  return `SELECT
  ARRAY(SELECT c.oid FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid WHERE ${namespace})::text AS relations,
  ARRAY(SELECT t.oid FROM pg_namespace n JOIN pg_type t ON t.typnamespace = n.oid WHERE ${namespace})::text AS types`;
}

/**
 * `<column> = ANY (the scope's OIDs) AND ` in a scoped read, for the catalog column that joins
 * the driving catalog of a query to the scope's relations or types; nothing otherwise.
 */
export function inScope(scope: CatalogScope | undefined, list: 'relations' | 'types', column: string): string {
  return scope ? `${column} = ANY (${scopeOids(scope, list)}) AND ` : '';
}

/** The scope's OIDs of relations or types, as an `oid[]` literal. */
export function scopeOids(scope: CatalogScope, list: 'relations' | 'types'): string {
  return `'{${scope[list].join(',')}}'::oid[]`;
}

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
