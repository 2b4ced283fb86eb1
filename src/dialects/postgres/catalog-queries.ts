/**
 * The catalog queries of PostgreSQL introspection: one per object kind, each over the
 * whole database, never one per table. They run with an empty `search_path`, so every
 * type name and expression the server prints is schema-qualified. Object ids come back
 * as text (`oid`) and are used only to join rows in memory; they are never stored.
 *
 * The queries depend on the server's major version only where the catalog does
 * ({@link catalogQueries}). Comments come from one join with pg_description, and column
 * numbers are turned into names in memory from the columns already read: no per-row
 * function call or subquery where a join does.
 */

import {
  type CatalogScope,
  OBJECT_COUNT,
  commentJoin,
  ifFewObjects,
  inScope,
  madeAfterInitdb,
  notExtensionMember,
  scopeOids,
  userNamespace,
} from './catalog-sql.js';
import { catalogKindQueries } from './kinds/index.js';
import { notModelledQuery } from './not-modelled.js';

/**
 * A scoped read's foreign keys may reference a table outside its schemas (one shared by every
 * tenant), whose name and columns the read has not: they come with the constraint.
 */
const REFERENCED_NAMES = `
  rn.nspname AS ref_schema, rc.relname AS ref_table,
  ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(num, pos)
    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.pos) AS ref_column_names`;

const GRANTEE = `CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee)::text END`;

/** The server's version and how many objects the schema has (up to a point); read first, since the other queries depend on them. */
export const SERVER_VERSION = `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version,
  ${OBJECT_COUNT} AS objects`;

/**
 * The catalog queries for a server of the given `server_version_num`; with `few`, those of a
 * schema of few objects (see `FEW_OBJECTS`): the same rows, read past the built-in ones; with
 * `schemas`, those of the objects in these schemas alone (see {@link DATABASE_WIDE_QUERIES}).
 */
export function catalogQueries(version: number, few = false, scope?: CatalogScope) {
  const after = (oid: string) => ifFewObjects(few, oid);
  const namespace = userNamespace(scope);
  const rel = (column: string) => inScope(scope, 'relations', column);
  const typ = (column: string) => inScope(scope, 'types', column);
  const pg15 = version >= 150000;
  const pg17 = version >= 170000;
  const pg18 = version >= 180000;
  return {
    namespaces: `
SELECT n.oid::text AS oid, n.nspname AS name, d.description AS comment, pg_get_userbyid(n.nspowner) AS owner
FROM pg_namespace n
${commentJoin('d', 'pg_namespace', 'n.oid')}
WHERE ${namespace} AND ${notExtensionMember('pg_namespace', 'n.oid')}`,

    extensions: `
SELECT x.extname AS name, n.nspname AS schema, x.extversion AS version, d.description AS comment
FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
${commentJoin('d', 'pg_extension', 'x.oid')}
WHERE x.extname <> 'plpgsql'`,

    collations: `
SELECT n.nspname AS schema, c.collname AS name,
  CASE c.collprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'default' END AS provider,
  ${pg17 ? 'c.colllocale' : pg15 ? 'c.colliculocale' : 'NULL::text'} AS locale,
  c.collcollate AS lc_collate, c.collctype AS lc_ctype, c.collisdeterministic AS deterministic,
  d.description AS comment
FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
${commentJoin('d', 'pg_collation', 'c.oid')}
WHERE ${madeAfterInitdb('c.oid')} AND ${namespace} AND ${notExtensionMember('pg_collation', 'c.oid')}`,

    /** Enums, domains and standalone composite types. */
    types: `
SELECT t.oid::text AS oid, t.typtype AS kind, n.nspname AS schema, t.typname AS name,
  pg_get_userbyid(t.typowner) AS owner, d.description AS comment, t.typrelid::text AS relid,
  CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS enum_values,
  CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
  t.typnotnull AS not_null, t.typdefault AS default_value,
  CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> bt.typcollation
    THEN t.typcollation::regcollation::text END AS collation
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_class r ON r.oid = t.typrelid
${commentJoin('d', 'pg_type', 't.oid')}
WHERE ${typ('t.oid')}${after('t.oid')}${namespace} AND ${notExtensionMember('pg_type', 't.oid')}
  AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND r.relkind = 'c'))`,

    domainChecks: `
SELECT c.contypid::text AS type_oid, c.conname AS name, pg_get_expr(c.conbin, 0) AS expression,
  NOT c.convalidated AS not_valid, d.description AS comment
FROM pg_constraint c
JOIN pg_type t ON t.oid = c.contypid
JOIN pg_namespace n ON n.oid = t.typnamespace
${commentJoin('d', 'pg_constraint', 'c.oid')}
WHERE ${typ('c.contypid')}${after('c.oid')}c.contypid <> 0 AND c.contype = 'c' AND ${namespace}`,

    sequences: `
SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type,
  s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max,
  s.seqcache::text AS cache, s.seqcycle AS cycle, c.relpersistence = 'u' AS unlogged,
  pg_get_userbyid(c.relowner) AS owner, d.description AS comment,
  tn.nspname AS owned_by_schema, tc.relname AS owned_by_table, ta.attname AS owned_by_column
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
  AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class tc ON tc.oid = dep.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
LEFT JOIN pg_attribute ta ON ta.attrelid = dep.refobjid AND ta.attnum = dep.refobjsubid
${commentJoin('d', 'pg_class', 'c.oid')}
WHERE ${rel('s.seqrelid')}${after('s.seqrelid')}${namespace} AND ${notExtensionMember('pg_class', 'c.oid')}
  AND (dep.deptype IS NULL OR dep.deptype <> 'i')`,

    /** Tables, partitioned tables, views and materialized views. */
    relations: `
SELECT c.oid::text AS oid, c.relkind AS kind, n.nspname AS schema, c.relname AS name,
  c.relpersistence = 'u' AS unlogged, c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
  c.relispartition AS is_partition,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_by,
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
  coalesce(c.reloptions::text[], '{}') AS options,
  pg_get_userbyid(c.relowner) AS owner, d.description AS comment, coalesce(inh.parents, '{}') AS parents
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN (SELECT inhrelid, array_agg(inhparent::text ORDER BY inhseqno) AS parents FROM pg_inherits GROUP BY inhrelid) inh
  ON inh.inhrelid = c.oid
${commentJoin('d', 'pg_class', 'c.oid')}
WHERE ${relationsRead(few, scope, ['r', 'p', 'v', 'm'])}`,

    /**
     * Columns of tables, views, materialized views and composite types, in order. A default cannot name a
     * column, so it is printed without its table (which pg_get_expr would open for every
     * default: half the query's time on 24,000 defaults); a generated column's expression can.
     */
    columns: `
SELECT a.attrelid::text AS relid, a.attnum AS num, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
  a.attnotnull AS not_null,
  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) ELSE pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
  a.attidentity AS identity, a.attgenerated AS generated, a.attislocal AS is_local,
  ${pg18 ? 'coalesce(nn.connoinherit, false)' : 'false'} AS not_null_no_inherit,
  CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END AS collation,
  d.description AS comment,
  CASE WHEN c.relkind IN ('r', 'p') AND a.attcompression IN ('p', 'l') THEN a.attcompression::text END AS compression,
  CASE WHEN c.relkind IN ('r', 'p') AND a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
  format_type(s.seqtypid, NULL) AS seq_type, s.seqstart::text AS seq_start, s.seqincrement::text AS seq_increment,
  s.seqmin::text AS seq_min, s.seqmax::text AS seq_max, s.seqcache::text AS seq_cache, s.seqcycle AS seq_cycle
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_depend idd ON a.attidentity <> '' AND idd.classid = 'pg_class'::regclass
  AND idd.refclassid = 'pg_class'::regclass AND idd.refobjid = a.attrelid AND idd.refobjsubid = a.attnum
  AND idd.deptype = 'i'
LEFT JOIN pg_sequence s ON s.seqrelid = idd.objid
${pg18 ? "LEFT JOIN pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey[1] = a.attnum" : ''}
${commentJoin('d', 'pg_class', 'a.attrelid', 'a.attnum')}
WHERE ${rel('a.attrelid')}${after('a.attrelid')}a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'c') AND ${namespace}
ORDER BY a.attrelid, a.attnum`,

    /**
     * Table constraints other than NOT NULL (a column attribute here, whatever the
     * server version) and constraint triggers. Constraints cloned onto partitions or
     * inherited by child tables are left out, also where the child had its own copy
     * merged in: creating the parent's constraint recreates them. Column lists come
     * back as column numbers.
     */
    constraints: `
SELECT c.conrelid::text AS relid, c.conname AS name, c.contype AS type,
  c.condeferrable AS deferrable, c.condeferred AS deferred, NOT c.convalidated AS not_valid,
  c.connoinherit AS no_inherit,
  ${pg18 ? 'c.conperiod' : 'false'} AS period, ${pg18 ? 'NOT c.conenforced' : 'false'} AS not_enforced,
  c.conkey::int[] AS columns,
  CASE WHEN c.contype = 'c' THEN pg_get_expr(c.conbin, c.conrelid) END AS expression,
  CASE WHEN c.contype = 'x' THEN pg_get_constraintdef(c.oid, true) END AS definition,
  c.confrelid::text AS ref_relid, c.confkey::int[] AS ref_columns,
  c.confmatchtype AS match_type, c.confupdtype AS on_update, c.confdeltype AS on_delete,
  ${pg15 ? 'c.confdelsetcols::int[]' : "'{}'::int[]"} AS on_delete_columns,
  i.indkey::int[] AS index_columns, i.indnkeyatts AS index_key_count,
  ${pg15 ? 'coalesce(i.indnullsnotdistinct, false)' : 'false'} AS nulls_not_distinct,
  d.description AS comment${scope ? `,${REFERENCED_NAMES}` : ''}
FROM pg_constraint c
JOIN pg_class tc ON tc.oid = c.conrelid
JOIN pg_namespace n ON n.oid = tc.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.conindid AND c.contype IN ('p', 'u')
${commentJoin('d', 'pg_constraint', 'c.oid')}
${scope ? 'LEFT JOIN pg_class rc ON rc.oid = c.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace' : ''}
WHERE ${rel('c.conrelid')}${after('c.oid')}c.contype IN ('p', 'u', 'c', 'x', 'f') AND c.conparentid = 0 AND c.conislocal AND c.coninhcount = 0
  AND ${namespace} AND ${notExtensionMember('pg_class', 'tc.oid')}`,

    /**
     * Indexes that do not back a constraint and are not a partition's copy of its
     * parent's index; one row per key column. What belongs to the whole index is read
     * from its first row, where the predicate alone is printed (once, not per column).
     */
    indexes: `
SELECT i.indrelid::text AS relid, ic.relname AS name, i.indisunique AS is_unique, am.amname AS method,
  NOT i.indisvalid AS invalid, coalesce(ic.reloptions::text[], '{}') AS options,
  CASE WHEN k.pos = 1 THEN pg_get_expr(i.indpred, i.indrelid) END AS predicate,
  ${pg15 ? 'i.indnullsnotdistinct' : 'false'} AS nulls_not_distinct,
  d.description AS comment, i.indnkeyatts AS key_count,
  k.pos AS position, k.num AS attnum,
  CASE WHEN k.num = 0 THEN pg_get_indexdef(i.indexrelid, k.pos::int, true) END AS expression,
  CASE WHEN NOT opc.opcdefault THEN
    CASE WHEN opn.nspname = 'pg_catalog' THEN '' ELSE quote_ident(opn.nspname) || '.' END || quote_ident(opc.opcname)
  END AS opclass,
  CASE WHEN coll.oid IS NOT NULL AND coll.oid <> coalesce(a.attcollation, 0) AND coll.oid <> 100
    THEN coll.oid::regcollation::text END AS collation,
  coalesce(i.indoption[k.pos - 1], 0) AS option_bits
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class tc ON tc.oid = i.indrelid
JOIN pg_namespace n ON n.oid = tc.relnamespace
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(num, pos)
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num AND k.num <> 0
LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[k.pos - 1] AND k.pos <= i.indnkeyatts
LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
LEFT JOIN pg_collation coll ON coll.oid = i.indcollation[k.pos - 1] AND k.pos <= i.indnkeyatts
${commentJoin('d', 'pg_class', 'ic.oid')}
WHERE ${rel('i.indrelid')}${after('i.indexrelid')}${namespace} AND ${notExtensionMember('pg_class', 'tc.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE ${scope ? 'c.conrelid = i.indrelid AND ' : ''}c.conindid = i.indexrelid
    AND c.contype IN ('p', 'u', 'x'))
  AND NOT (ic.relispartition AND EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid))
ORDER BY i.indrelid, ic.relname, k.pos`,

    /** User triggers (not those behind foreign keys), excluding partitions' clones. */
    triggers: `
SELECT t.tgrelid::text AS relid, t.tgname AS name, t.tgtype AS type_bits, t.tgenabled AS enabled,
  t.tgfoid::regproc::text AS function, t.tgnargs AS arg_count, t.tgargs AS args, t.tgattr::int[] AS columns,
  t.tgoldtable AS old_table, t.tgnewtable AS new_table, t.tgconstraint <> 0 AS is_constraint,
  t.tgdeferrable AS deferrable, t.tginitdeferred AS deferred,
  pg_get_triggerdef(t.oid, true) AS definition, d.description AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
${commentJoin('d', 'pg_trigger', 't.oid')}
WHERE ${rel('t.tgrelid')}${after('t.oid')}NOT t.tgisinternal AND t.tgparentid = 0 AND ${namespace} AND ${notExtensionMember('pg_class', 'c.oid')}`,

    policies: `
SELECT p.polrelid::text AS relid, p.polname AS name, p.polcmd AS command, p.polpermissive AS permissive,
  ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) r ORDER BY 1) AS roles,
  pg_get_expr(p.polqual, p.polrelid) AS using_expr, pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr,
  d.description AS comment
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
${commentJoin('d', 'pg_policy', 'p.oid')}
WHERE ${rel('p.polrelid')}${namespace}`,

    functions: `
SELECT p.oid::text AS oid, n.nspname AS schema, p.proname AS name, p.prokind AS kind,
  pg_get_function_identity_arguments(p.oid) AS identity_arguments, pg_get_function_arguments(p.oid) AS arguments,
  CASE WHEN p.prokind = 'f' THEN pg_get_function_result(p.oid) END AS returns,
  l.lanname AS language, p.prosrc AS source,
  CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) END AS sql_body,
  p.provolatile AS volatility, p.proisstrict AS strict, p.prosecdef AS security_definer,
  p.proleakproof AS leakproof, p.proparallel AS parallel, p.procost AS cost, p.prorows AS rows,
  p.proretset AS returns_set, coalesce(p.proconfig, '{}') AS config,
  pg_get_userbyid(p.proowner) AS owner, d.description AS comment
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
${commentJoin('d', 'pg_proc', 'p.oid')}
WHERE ${after('p.oid')}p.prokind IN ('f', 'p') AND ${namespace} AND ${notExtensionMember('pg_proc', 'p.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_depend id WHERE id.classid = 'pg_proc'::regclass AND id.objid = p.oid
    AND id.deptype = 'i')`,

    eventTriggers: `
SELECT e.evtname AS name, e.evtevent AS event, e.evtfoid::regproc::text AS function, e.evtenabled AS enabled,
  coalesce(e.evttags, '{}') AS tags, d.description AS comment
FROM pg_event_trigger e
${commentJoin('d', 'pg_event_trigger', 'e.oid')}
WHERE ${notExtensionMember('pg_event_trigger', 'e.oid')}`,

    /**
     * Normal dependencies between user objects, each side reduced to the object a
     * snapshot lists: a view's rewrite rule to the view, a column default or a check
     * constraint to its table or domain, an array type to its element type.
     */
    dependencies: `
WITH objects AS (
  SELECT 'pg_class'::regclass AS classid, c.oid AS objid,
    CASE WHEN c.relkind IN ('v', 'm') THEN 'view' WHEN c.relkind = 'S' THEN 'sequence'
      WHEN c.relkind = 'c' THEN 'type' ELSE 'table' END AS kind,
    n.nspname AS schema, CASE WHEN c.relkind = 'c' THEN t.typname ELSE c.relname END AS name, NULL::text AS args
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_type t ON t.oid = c.reltype
  WHERE ${rel('c.oid')}${after('c.oid')}c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c') AND ${namespace}
  UNION ALL
  SELECT 'pg_type'::regclass, t.oid, CASE WHEN r.relkind IN ('r', 'p') THEN 'table'
      WHEN r.relkind IN ('v', 'm') THEN 'view' ELSE 'type' END,
    n.nspname, coalesce(r.relname, t.typname), NULL
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_class r ON r.oid = t.typrelid
  WHERE ${typ('t.oid')}${after('t.oid')}t.typtype IN ('e', 'd', 'c') AND ${namespace}
  UNION ALL
  SELECT 'pg_type'::regclass, a.oid, 'type', n.nspname, e.typname, NULL
  FROM pg_type a JOIN pg_type e ON e.oid = a.typelem AND e.typarray = a.oid
  JOIN pg_namespace n ON n.oid = e.typnamespace
  WHERE ${typ('a.oid')}${after('a.oid')}e.typtype IN ('e', 'd', 'c') AND ${namespace}
  UNION ALL
  SELECT 'pg_proc'::regclass, p.oid, 'function', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${after('p.oid')}p.prokind IN ('f', 'p', 'a') AND ${namespace}
  UNION ALL
  SELECT 'pg_operator'::regclass, o.oid, 'operator', n.nspname, o.oprname,
    coalesce(format_type(nullif(o.oprleft, 0), NULL), 'NONE') || ',' || format_type(o.oprright, NULL)
  FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE ${after('o.oid')}${namespace}
  UNION ALL
  SELECT 'pg_rewrite'::regclass, w.oid, 'view', n.nspname, c.relname, NULL
  FROM pg_rewrite w JOIN pg_class c ON c.oid = w.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${rel('w.ev_class')}${after('w.oid')}c.relkind IN ('v', 'm') AND ${namespace}
  UNION ALL
  SELECT 'pg_attrdef'::regclass, d.oid, 'table', n.nspname, c.relname, NULL
  FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${rel('d.adrelid')}${rel('c.oid')}${after('d.oid')}c.relkind IN ('r', 'p') AND ${namespace}
  UNION ALL
  SELECT 'pg_constraint'::regclass, k.oid, CASE WHEN k.contypid <> 0 THEN 'type' ELSE 'table' END,
    n.nspname, coalesce(c.relname, t.typname), NULL
  FROM pg_constraint k LEFT JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_type t ON t.oid = k.contypid
  JOIN pg_namespace n ON n.oid = coalesce(c.relnamespace, t.typnamespace)
  WHERE ${scope ? `(k.conrelid = ANY (${scopeOids(scope, 'relations')}) OR k.contypid = ANY (${scopeOids(scope, 'types')})) AND ` : ''}${after('k.oid')}k.contype = 'c' AND ${namespace}
)
SELECT DISTINCT o.kind, o.schema, o.name, o.args, r.kind AS ref_kind, r.schema AS ref_schema, r.name AS ref_name,
  r.args AS ref_args
FROM pg_depend d
JOIN objects o ON o.classid = d.classid AND o.objid = d.objid
JOIN objects r ON r.classid = d.refclassid AND r.objid = d.refobjid
WHERE d.deptype = 'n'`,

    /** Grants of schemas, relations, columns and routines, leaving out what the owner holds. */
    grants: `
SELECT 'namespace' AS kind, n.oid::text AS objid, NULL::text AS column_name, ${GRANTEE} AS grantee,
  x.privilege_type AS privilege, x.is_grantable AS grantable
FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n'::"char", n.nspowner))) x
WHERE ${namespace} AND x.grantee <> n.nspowner
UNION ALL
SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'relation' END, c.oid::text, NULL, ${GRANTEE},
  x.privilege_type, x.is_grantable
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
  aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's'::"char" ELSE 'r'::"char" END, c.relowner))) x
WHERE ${rel('c.oid')}${after('c.oid')}c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${namespace} AND x.grantee <> c.relowner
UNION ALL
SELECT 'column', c.oid::text, a.attname::text, ${GRANTEE}, x.privilege_type, x.is_grantable
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace,
  aclexplode(a.attacl) x
WHERE ${rel('a.attrelid')}${after('a.attrelid')}a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped AND ${namespace} AND x.grantee <> c.relowner
UNION ALL
SELECT 'function', p.oid::text, NULL, ${GRANTEE}, x.privilege_type, x.is_grantable
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,
  aclexplode(coalesce(p.proacl, acldefault('f'::"char", p.proowner))) x
WHERE ${after('p.oid')}p.prokind IN ('f', 'p') AND ${namespace} AND x.grantee <> p.proowner`,

    /**
     * Every privilege an owner holds on each kind of object, on this server: a grantee
     * holding all of them is recorded as `ALL`, which reads the same on every version
     * (PostgreSQL 17 added MAINTAIN to tables).
     */
    allPrivileges: `
SELECT CASE k WHEN 'n' THEN 'namespace' WHEN 'r' THEN 'relation' WHEN 's' THEN 'sequence' ELSE 'function' END AS kind,
  array_agg(x.privilege_type::text ORDER BY x.privilege_type) AS privileges
FROM unnest(ARRAY['n', 'r', 's', 'f']::"char"[]) k, aclexplode(acldefault(k, 10)) x
WHERE x.grantee = 10
GROUP BY k`,

    ...catalogKindQueries(version, scope),

    /** Counts of what the model does not describe yet (see not-modelled.ts). */
    notModelled: notModelledQuery(few, scope),
  };
}

/**
 * The queries of what belongs to the whole database rather than to a schema (extensions, event
 * triggers, foreign data wrappers and servers, user mappings, publications, casts, transforms,
 * access methods): a read of some schemas alone (`IntrospectOptions.schemas`) leaves them out.
 */
export const DATABASE_WIDE_QUERIES: ReadonlySet<string> = new Set([
  'extensions',
  'eventTriggers',
  'foreignDataWrappers',
  'foreignServers',
  'userMappings',
  'publications',
  'casts',
  'transforms',
  'accessMethods',
]);

/** The names of the catalog queries, in the order they run. */
export type CatalogQueryName = keyof ReturnType<typeof catalogQueries>;

/**
 * Which relations of `kinds` the catalog read lists (`c` in `pg_class`, `n` its namespace): those
 * of the user's schemas, or of the scope's, that no extension made.
 */
function relationsRead(few: boolean, scope: CatalogScope | undefined, kinds: readonly string[]): string {
  const relkinds = kinds.map((kind) => `'${kind}'`).join(', ');
  return `${inScope(scope, 'relations', 'c.oid')}${ifFewObjects(few, 'c.oid')}c.relkind IN (${relkinds}) AND ${userNamespace(scope)} AND ${notExtensionMember('pg_class', 'c.oid')}`;
}

/** Views whose definitions one page reads (see {@link viewDefinitionsPage}). */
export const VIEWS_PER_PAGE = 500;

/**
 * The definitions of page `page` of the views and materialized views the relations query lists,
 * {@link VIEWS_PER_PAGE} of them in oid order. `pg_get_viewdef` locks each view, and every relation
 * it reads, until the transaction ends: the definitions are read apart from the relations, a page
 * at a time (introspect.ts). The page is chosen in a subquery, so that only its views are printed;
 * its text is the same from read to read, so an embedded database prepares it once.
 */
export function viewDefinitionsPage(page: number, few = false, scope?: CatalogScope): string {
  return `
SELECT v.oid::text AS oid, pg_get_viewdef(v.oid, true) AS definition
FROM (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${relationsRead(few, scope, ['v', 'm'])}
  ORDER BY c.oid LIMIT ${VIEWS_PER_PAGE} OFFSET ${page * VIEWS_PER_PAGE}) v`;
}
