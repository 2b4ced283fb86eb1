/**
 * Keywords that PostgreSQL's `quote_ident` quotes: reserved, type/function-name and
 * column-name keywords (every category but "unreserved").
 */
const KEYWORDS_NEEDING_QUOTES = new Set(
  `all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create
  current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc
  distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral
  leading limit localtime localtimestamp not null offset on only or order placing primary references returning
  select session_user some symmetric system_user table then to trailing true union unique user using variadic when
  where window with authorization binary collation concurrently cross current_schema freeze full ilike inner is
  isnull join left like natural notnull outer overlaps right similar tablesample verbose between bigint bit boolean
  char character coalesce dec decimal exists extract float greatest grouping inout int integer interval json
  json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize json_table
  json_value least merge_action national nchar none normalize nullif numeric out overlay position precision real
  row setof smallint substring time timestamp treat trim values varchar xmlattributes xmlconcat xmlelement
  xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`.split(/\s+/),
);

/** Quotes an identifier the way `quote_ident` does: only when it needs it. */
export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !KEYWORDS_NEEDING_QUOTES.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.name`, each part quoted as needed. */
export function qualify(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A string literal: `'it''s'`, or `E'…'` when it holds backslashes. */
export function quoteLiteral(value: string): string {
  const escaped = value.replaceAll("'", "''");
  return value.includes('\\') ? `E'${escaped.replaceAll('\\', '\\\\')}'` : `'${escaped}'`;
}

/** A dollar-quoted body whose tag does not occur inside it. */
export function dollarQuote(body: string, tag = 'body'): string {
  let candidate = tag;
  for (let n = 1; body.includes(`$${candidate}$`); n++) candidate = `${tag}${n}`;
  return `$${candidate}$${body}$${candidate}$`;
}
