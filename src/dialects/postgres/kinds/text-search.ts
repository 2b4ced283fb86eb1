import type {
  TextSearchConfigurationDef,
  TextSearchDictionaryDef,
  TextSearchParserDef,
  TextSearchTemplateDef,
} from '../../../schema/model-extensibility.js';
import { type CatalogScope, commentJoin, madeAfterInitdb, notExtensionMember, userNamespace } from '../catalog-sql.js';
import { qualify } from '../quote.js';
import { type CatalogKind, type Row, optStr, str } from './kind.js';

/** The query of a text search kind (in the `scope`'s schemas when given): its catalog, alias, column prefix, columns and extra joins. */
function tsQuery(
  scope: CatalogScope | undefined,
  catalog: string,
  alias: string,
  prefix: string,
  columns: string,
  joins = '',
): string {
  return `
SELECT n.nspname AS schema, ${alias}.${prefix}name AS name, ${columns}, d.description AS comment
FROM ${catalog} ${alias}
JOIN pg_namespace n ON n.oid = ${alias}.${prefix}namespace${joins}
${commentJoin('d', catalog, `${alias}.oid`)}
WHERE ${madeAfterInitdb(`${alias}.oid`)} AND ${userNamespace(scope)} AND ${notExtensionMember(catalog, `${alias}.oid`)}`;
}

const proc = (column: string) => `nullif(${column}::text, '-')`;
const named = (r: Row) => ({ schema: str(r.schema), name: str(r.name), comment: optStr(r.comment) });
const name = (o: { readonly schema: string; readonly name: string }) => qualify(o.schema, o.name);

/** `TEXT SEARCH PARSER`, `… TEMPLATE`, …: the key and the `COMMENT ON`/`DROP` target of each kind. */
const target = (kind: string) => (o: { readonly schema: string; readonly name: string }) =>
  `TEXT SEARCH ${kind} ${name(o)}`;

const keyOf = (kind: string) => (o: { readonly schema: string; readonly name: string }) =>
  `text search ${kind.toLowerCase()}:${name(o)}`;

/** The key of a text search object named by its qualified name as stored (`schema.name`, quoted as needed). */
const keyOfName = (kind: string, qualified: string) => `text search ${kind.toLowerCase()}:${qualified}`;

export const textSearchParsers: CatalogKind<TextSearchParserDef> = {
  list: 'textSearchParsers',
  queries: (_version, scope) => ({
    textSearchParsers: tsQuery(
      scope,
      'pg_ts_parser',
      'p',
      'prs',
      `p.prsstart::text AS start_fn, p.prstoken::text AS token_fn, p.prsend::text AS end_fn,
  p.prslextype::text AS lextypes_fn, ${proc('p.prsheadline')} AS headline_fn`,
    ),
  }),
  read: (context) =>
    (context.rows.textSearchParsers ?? []).map((r) => ({
      ...named(r),
      start: str(r.start_fn),
      getToken: str(r.token_fn),
      end: str(r.end_fn),
      lexTypes: str(r.lextypes_fn),
      headline: optStr(r.headline_fn),
    })),
  key: keyOf('PARSER'),
  dependsOn: () => [],
  rank: 3.6,
  create: (p) => [
    `CREATE TEXT SEARCH PARSER ${name(p)} (\n    START = ${p.start},\n    GETTOKEN = ${p.getToken},\n    END = ${p.end},\n    LEXTYPES = ${p.lexTypes}${p.headline ? `,\n    HEADLINE = ${p.headline}` : ''}\n);`,
  ],
  drop: (p) => `DROP ${target('PARSER')(p)};`,
  commentTarget: target('PARSER'),
};

export const textSearchTemplates: CatalogKind<TextSearchTemplateDef> = {
  list: 'textSearchTemplates',
  queries: (_version, scope) => ({
    textSearchTemplates: tsQuery(
      scope,
      'pg_ts_template',
      't',
      'tmpl',
      `${proc('t.tmplinit')} AS init_fn, t.tmpllexize::text AS lexize_fn`,
    ),
  }),
  read: (context) =>
    (context.rows.textSearchTemplates ?? []).map((r) => ({
      ...named(r),
      init: optStr(r.init_fn),
      lexize: str(r.lexize_fn),
    })),
  key: keyOf('TEMPLATE'),
  dependsOn: () => [],
  rank: 3.6,
  create: (t) => [
    `CREATE TEXT SEARCH TEMPLATE ${name(t)} (\n    ${t.init ? `INIT = ${t.init},\n    ` : ''}LEXIZE = ${t.lexize}\n);`,
  ],
  drop: (t) => `DROP ${target('TEMPLATE')(t)};`,
  commentTarget: target('TEMPLATE'),
};

/** Option names of a dictionary's stored options (`stopwords = 'english', accept = 'false'`). */
function optionNames(options: string | undefined): string[] {
  return [...(options ?? '').matchAll(/(?:^|,)\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:'(?:[^']|'')*'|[^,]*)/g)].map((m) =>
    (m[1] ?? '').toLowerCase(),
  );
}

export const textSearchDictionaries: CatalogKind<TextSearchDictionaryDef> = {
  list: 'textSearchDictionaries',
  queries: (_version, scope) => ({
    textSearchDictionaries: tsQuery(
      scope,
      'pg_ts_dict',
      'x',
      'dict',
      `quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname) AS template, x.dictinitoption AS options,
  pg_get_userbyid(x.dictowner) AS owner`,
      `
JOIN pg_ts_template t ON t.oid = x.dicttemplate
JOIN pg_namespace tn ON tn.oid = t.tmplnamespace`,
    ),
  }),
  read: (context) =>
    (context.rows.textSearchDictionaries ?? []).map((r) => ({
      ...named(r),
      template: str(r.template),
      options: optStr(r.options),
      owner: context.includeOwners ? optStr(r.owner) : undefined,
    })),
  key: keyOf('DICTIONARY'),
  dependsOn: (x) => [keyOfName('TEMPLATE', x.template)],
  rank: 3.7,
  create: (x) => [
    `CREATE TEXT SEARCH DICTIONARY ${name(x)} (\n    TEMPLATE = ${x.template}${x.options ? `,\n    ${x.options}` : ''}\n);`,
  ],
  drop: (x) => `DROP ${target('DICTIONARY')(x)};`,
  commentTarget: target('DICTIONARY'),
  ownerKind: 'TEXT SEARCH DICTIONARY',
  // New options in place (an option left out is reset); a new template redefines it.
  alter: (before, after) => {
    if (before.template !== after.template) return undefined;
    const kept = new Set(optionNames(after.options));
    const reset = optionNames(before.options).filter((o) => !kept.has(o));
    const options = [...reset, ...(after.options ? [after.options] : [])];
    return options.length === 0
      ? { last: [] }
      : { last: [`ALTER ${target('DICTIONARY')(after)} (${options.join(', ')});`] };
  },
};

const mappingText = (m: { readonly dictionaries: readonly string[] }) => m.dictionaries.join(', ');

export const textSearchConfigurations: CatalogKind<TextSearchConfigurationDef> = {
  list: 'textSearchConfigurations',
  queries: (_version, scope) => ({
    textSearchConfigurations: `
SELECT n.nspname AS schema, c.cfgname AS name, quote_ident(pn.nspname) || '.' || quote_ident(p.prsname) AS parser,
  pg_get_userbyid(c.cfgowner) AS owner, d.description AS comment,
  coalesce((SELECT json_agg(json_build_object('token', m.token, 'dictionaries', m.dictionaries) ORDER BY m.tokid)
    FROM (SELECT t.tokid, t.alias AS token,
        array_agg(quote_ident(xn.nspname) || '.' || quote_ident(x.dictname) ORDER BY cm.mapseqno) AS dictionaries
      FROM pg_ts_config_map cm
      JOIN ts_token_type(c.cfgparser) t ON t.tokid = cm.maptokentype
      JOIN pg_ts_dict x ON x.oid = cm.mapdict
      JOIN pg_namespace xn ON xn.oid = x.dictnamespace
      WHERE cm.mapcfg = c.oid
      GROUP BY t.tokid, t.alias) m), '[]') AS mappings
FROM pg_ts_config c
JOIN pg_namespace n ON n.oid = c.cfgnamespace
JOIN pg_ts_parser p ON p.oid = c.cfgparser
JOIN pg_namespace pn ON pn.oid = p.prsnamespace
${commentJoin('d', 'pg_ts_config', 'c.oid')}
WHERE ${madeAfterInitdb('c.oid')} AND ${userNamespace(scope)} AND ${notExtensionMember('pg_ts_config', 'c.oid')}`,
  }),
  read: (context) =>
    (context.rows.textSearchConfigurations ?? []).map((r) => ({
      ...named(r),
      parser: str(r.parser),
      mappings: (typeof r.mappings === 'string'
        ? JSON.parse(r.mappings)
        : r.mappings) as TextSearchConfigurationDef['mappings'],
      owner: context.includeOwners ? optStr(r.owner) : undefined,
    })),
  key: keyOf('CONFIGURATION'),
  dependsOn: (c) => [
    keyOfName('PARSER', c.parser),
    ...new Set(c.mappings.flatMap((m) => m.dictionaries.map((x) => keyOfName('DICTIONARY', x)))),
  ],
  rank: 3.8,
  create: (c) => [
    `CREATE TEXT SEARCH CONFIGURATION ${name(c)} (PARSER = ${c.parser});`,
    ...c.mappings.map(
      (m) => `ALTER TEXT SEARCH CONFIGURATION ${name(c)} ADD MAPPING FOR ${m.token} WITH ${mappingText(m)};`,
    ),
  ],
  drop: (c) => `DROP ${target('CONFIGURATION')(c)};`,
  commentTarget: target('CONFIGURATION'),
  ownerKind: 'TEXT SEARCH CONFIGURATION',
  // Mappings change in place: those that go or change are dropped before dictionaries go, then added back.
  alter: (before, after) => {
    if (before.parser !== after.parser) return undefined;
    const was = new Map(before.mappings.map((m) => [m.token, mappingText(m)]));
    const now = new Map(after.mappings.map((m) => [m.token, mappingText(m)]));
    const changed = [...was.keys()].filter((token) => now.get(token) !== was.get(token));
    const added = [...now.keys()].filter((token) => was.get(token) !== now.get(token));
    const config = `ALTER TEXT SEARCH CONFIGURATION ${name(after)}`;
    return {
      first: changed.length > 0 ? [`${config} DROP MAPPING FOR ${changed.join(', ')};`] : [],
      last: added.map((token) => `${config} ADD MAPPING FOR ${token} WITH ${now.get(token) ?? ''};`),
    };
  },
};
