import type { AccessMethodDef, CastDef, ConversionDef, TransformDef } from '../../../schema/model-extensibility.js';
import { commentJoin, madeAfterInitdb, notExtensionMember, userNamespace } from '../catalog-sql.js';
import { qualify, quoteIdent, quoteLiteral } from '../quote.js';
import { type CatalogKind, optStr, str } from './kind.js';

const CAST_METHODS = { f: 'function', i: 'inout', b: 'binary' } as const;
const CAST_CONTEXTS = { e: undefined, a: 'ASSIGNMENT', i: 'IMPLICIT' } as const;

const castName = (c: CastDef) => `(${c.source} AS ${c.target})`;

/** Casts between types (those created after initdb, not by an extension nor with a range type). */
export const casts: CatalogKind<CastDef> = {
  list: 'casts',
  queries: () => ({
    casts: `
SELECT format_type(c.castsource, NULL) AS source, format_type(c.casttarget, NULL) AS target,
  c.castmethod AS method, CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END AS function,
  c.castcontext AS context, d.description AS comment
FROM pg_cast c
${commentJoin('d', 'pg_cast', 'c.oid')}
WHERE ${madeAfterInitdb('c.oid')} AND ${notExtensionMember('pg_cast', 'c.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_depend id WHERE id.classid = 'pg_cast'::regclass AND id.objid = c.oid
    AND id.deptype = 'i')`,
  }),
  read: (context) =>
    (context.rows.casts ?? []).map((r) => ({
      source: str(r.source),
      target: str(r.target),
      method: CAST_METHODS[str(r.method) as keyof typeof CAST_METHODS],
      function: optStr(r.function),
      context: CAST_CONTEXTS[str(r.context) as keyof typeof CAST_CONTEXTS],
      comment: optStr(r.comment),
    })),
  key: (c) => `cast:${c.source} AS ${c.target}`,
  dependsOn: () => [],
  rank: 3.5,
  create: (c) => {
    const how =
      c.method === 'function'
        ? `WITH FUNCTION ${c.function ?? ''}`
        : c.method === 'inout'
          ? 'WITH INOUT'
          : 'WITHOUT FUNCTION';
    return [`CREATE CAST ${castName(c)} ${how}${c.context ? ` AS ${c.context}` : ''};`];
  },
  drop: (c) => `DROP CAST ${castName(c)};`,
  commentTarget: (c) => `CAST ${castName(c)}`,
};

/** Encoding conversions. */
export const conversions: CatalogKind<ConversionDef> = {
  list: 'conversions',
  queries: (_version, scope) => ({
    conversions: `
SELECT n.nspname AS schema, c.conname AS name, pg_encoding_to_char(c.conforencoding) AS source_encoding,
  pg_encoding_to_char(c.contoencoding) AS target_encoding, c.conproc::text AS function, c.condefault AS is_default,
  pg_get_userbyid(c.conowner) AS owner, d.description AS comment
FROM pg_conversion c
JOIN pg_namespace n ON n.oid = c.connamespace
${commentJoin('d', 'pg_conversion', 'c.oid')}
WHERE ${madeAfterInitdb('c.oid')} AND ${userNamespace(scope)} AND ${notExtensionMember('pg_conversion', 'c.oid')}`,
  }),
  read: (context) =>
    (context.rows.conversions ?? []).map((r) => ({
      schema: str(r.schema),
      name: str(r.name),
      sourceEncoding: str(r.source_encoding),
      targetEncoding: str(r.target_encoding),
      function: str(r.function),
      default: r.is_default === true,
      comment: optStr(r.comment),
      owner: context.includeOwners ? optStr(r.owner) : undefined,
    })),
  key: (c) => `conversion:${qualify(c.schema, c.name)}`,
  dependsOn: () => [],
  rank: 3.5,
  create: (c) => [
    `CREATE ${c.default ? 'DEFAULT ' : ''}CONVERSION ${qualify(c.schema, c.name)} FOR ${quoteLiteral(c.sourceEncoding)} TO ${quoteLiteral(c.targetEncoding)} FROM ${c.function};`,
  ],
  drop: (c) => `DROP CONVERSION ${qualify(c.schema, c.name)};`,
  commentTarget: (c) => `CONVERSION ${qualify(c.schema, c.name)}`,
  ownerKind: 'CONVERSION',
};

const transformName = (t: TransformDef) => `FOR ${t.type} LANGUAGE ${quoteIdent(t.language)}`;

function createTransformSql(t: TransformDef, orReplace: boolean): string {
  const parts = [
    ...(t.fromSql ? [`FROM SQL WITH FUNCTION ${t.fromSql}`] : []),
    ...(t.toSql ? [`TO SQL WITH FUNCTION ${t.toSql}`] : []),
  ];
  return `CREATE ${orReplace ? 'OR REPLACE ' : ''}TRANSFORM ${transformName(t)} (\n    ${parts.join(',\n    ')}\n);`;
}

/** Transforms of a type for a procedural language. */
export const transforms: CatalogKind<TransformDef> = {
  list: 'transforms',
  queries: () => ({
    transforms: `
SELECT format_type(t.trftype, NULL) AS type, l.lanname AS language,
  CASE WHEN t.trffromsql <> 0 THEN t.trffromsql::regprocedure::text END AS from_sql,
  CASE WHEN t.trftosql <> 0 THEN t.trftosql::regprocedure::text END AS to_sql, d.description AS comment
FROM pg_transform t
JOIN pg_language l ON l.oid = t.trflang
${commentJoin('d', 'pg_transform', 't.oid')}
WHERE ${notExtensionMember('pg_transform', 't.oid')}`,
  }),
  read: (context) =>
    (context.rows.transforms ?? []).map((r) => ({
      type: str(r.type),
      language: str(r.language),
      fromSql: optStr(r.from_sql),
      toSql: optStr(r.to_sql),
      comment: optStr(r.comment),
    })),
  key: (t) => `transform:${t.type} ${t.language}`,
  dependsOn: () => [],
  rank: 3.5,
  create: (t) => [createTransformSql(t, false)],
  drop: (t) => `DROP TRANSFORM ${transformName(t)};`,
  commentTarget: (t) => `TRANSFORM ${transformName(t)}`,
  alter: (_before, after) => ({ last: [createTransformSql(after, true)] }),
};

const AM_TYPES = { t: 'TABLE', i: 'INDEX' } as const;

/** Access methods made with CREATE ACCESS METHOD (not by an extension). */
export const accessMethods: CatalogKind<AccessMethodDef> = {
  list: 'accessMethods',
  queries: () => ({
    accessMethods: `
SELECT a.amname AS name, a.amtype AS type, a.amhandler::text AS handler, d.description AS comment
FROM pg_am a
${commentJoin('d', 'pg_am', 'a.oid')}
WHERE ${madeAfterInitdb('a.oid')} AND ${notExtensionMember('pg_am', 'a.oid')}`,
  }),
  read: (context) =>
    (context.rows.accessMethods ?? []).map((r) => ({
      name: str(r.name),
      type: AM_TYPES[str(r.type) as keyof typeof AM_TYPES],
      handler: str(r.handler),
      comment: optStr(r.comment),
    })),
  key: (a) => `access method:${quoteIdent(a.name)}`,
  dependsOn: () => [],
  rank: 3.05,
  create: (a) => [`CREATE ACCESS METHOD ${quoteIdent(a.name)} TYPE ${a.type} HANDLER ${a.handler};`],
  drop: (a) => `DROP ACCESS METHOD ${quoteIdent(a.name)};`,
  commentTarget: (a) => `ACCESS METHOD ${quoteIdent(a.name)}`,
};
