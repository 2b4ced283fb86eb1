import type { Equivalence } from '../../diff/equivalence.js';
import { postgresAcrossVersions } from './version-skew.js';

/** Other spellings of built-in types, as `format_type` would print them. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  bool: 'boolean',
  float4: 'real',
  float8: 'double precision',
  float: 'double precision',
  decimal: 'numeric',
  varchar: 'character varying',
  char: 'character',
  bpchar: 'character',
  varbit: 'bit varying',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
};

/** Time types whose precision goes between the name and the time-zone words: `timestamp(3) with time zone`. */
const ZONED = /^(timestamp|time)(\([^)]*\))?\s+(with|without) time zone$/;

function canonicalType(name: string): string {
  let type = name.trim().replace(/^pg_catalog\./, '');
  let arrays = '';
  while (type.endsWith('[]')) {
    arrays += '[]';
    type = type.slice(0, -2).trim();
  }
  if (type.startsWith('"')) return `${type}${arrays}`;
  type = type.toLowerCase().replace(/\s+/g, ' ');
  const zoned = ZONED.exec(type);
  if (zoned) return `${zoned[1]}${zoned[2] ?? ''} ${zoned[3]} time zone${arrays}`;
  const match = /^([a-z_][a-z0-9_ ]*?)\s*(\(.*\))?$/.exec(type);
  const base = match?.[1] ?? type;
  const modifier = match?.[2]?.replace(/\s+/g, '') ?? '';
  const alias = TYPE_ALIASES[base];
  if (alias && (base === 'timestamptz' || base === 'timetz') && modifier) {
    return `${alias.split(' ')[0]}${modifier} with time zone${arrays}`;
  }
  if (alias && (base === 'timestamp' || base === 'time') && modifier) {
    return `${base}${modifier} without time zone${arrays}`;
  }
  return `${alias ?? base}${modifier}${arrays}`;
}

/** Removes parentheses that wrap the whole expression. */
function stripOuterParens(expression: string): string {
  let e = expression.trim();
  for (;;) {
    if (!e.startsWith('(') || !e.endsWith(')')) return e;
    let depth = 0;
    let wrapsAll = true;
    for (let i = 0; i < e.length; i++) {
      if (e[i] === '(') depth++;
      else if (e[i] === ')') depth--;
      if (depth === 0 && i < e.length - 1) {
        wrapsAll = false;
        break;
      }
    }
    if (!wrapsAll) return e;
    e = e.slice(1, -1).trim();
  }
}

/** Whitespace collapsed outside string literals. */
function collapseWhitespace(text: string): string {
  return text.replace(/('(?:[^']|'')*')|\s+/g, (match, literal: string | undefined) => literal ?? ' ').trim();
}

const NOW = /^(now\(\)|current_timestamp|transaction_timestamp\(\))$/i;
/** A string literal followed by one or more casts: `'x'::character varying`. */
const CAST_LITERAL = /^('(?:[^']|'')*')(?:::[a-z_][a-z0-9_ .]*(?:\([0-9, ]*\))?(?:\[\])*)+$/i;
/** A number, possibly parenthesised, followed by casts: `(0)::numeric`. */
const CAST_NUMBER = /^\(?(-?[0-9]+(?:\.[0-9]+)?)\)?(?:::[a-z_][a-z0-9_ .]*(?:\([0-9, ]*\))?)+$/i;

function canonicalDefault(expression: string): string {
  const e = stripOuterParens(collapseWhitespace(expression));
  if (NOW.test(e)) return 'now()';
  const literal = CAST_LITERAL.exec(e);
  if (literal?.[1]) {
    // A quoted number is the number: '0'::numeric and 0 are one default.
    const inner = literal[1].slice(1, -1);
    return /^-?[0-9]+(\.[0-9]+)?$/.test(inner) ? inner : literal[1];
  }
  const number = CAST_NUMBER.exec(e);
  if (number?.[1]) return number[1];
  const nextval = /^nextval\('(?:public\.)?([^']*)'(?:::regclass)?\)$/i.exec(e);
  if (nextval) return `nextval('${nextval[1]}')`;
  return e;
}

/**
 * PostgreSQL's equivalence rules: type aliases, default expressions that differ only
 * in casts or spelling, expressions and view bodies compared as the server prints them
 * up to whitespace and outer parentheses, and what only the server versions explain.
 */
export const postgresEquivalence: Equivalence = {
  type: canonicalType,
  defaultExpression: (expression) => canonicalDefault(expression),
  expression: (expression) => stripOuterParens(collapseWhitespace(expression)),
  viewDefinition: (definition) => collapseWhitespace(definition).replace(/;$/, '').trim(),
  functionBody: (body) => body.trim(),
  acrossVersions: postgresAcrossVersions,
};
