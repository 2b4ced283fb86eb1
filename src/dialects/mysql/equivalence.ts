/**
 * When two MySQL or MariaDB spellings mean the same: integer display widths (`int(11)`,
 * which MySQL 8.0.19+ no longer prints), `utf8` and `utf8mb3`, `CURRENT_TIMESTAMP` and
 * `current_timestamp()`, a quoted number and the number, outer parentheses and spacing.
 */
import type { Equivalence } from '../../diff/equivalence.js';
import { bodyWithoutComments } from './lexer.js';

/** `utf8` is `utf8mb3` (MariaDB 10.6+ and MySQL 8.0.30+ say so): the model writes `utf8mb3`, and its collations alike. */
export function unifiedCharset(name: string): string {
  return name.replace(/^utf8(?=$|_)/i, 'utf8mb3');
}

/**
 * `current_timestamp(n)` (or `current_timestamp()`) for any spelling of the current time a
 * default or `ON UPDATE` takes (`CURRENT_TIMESTAMP`, `now()`, `localtimestamp(3)`); undefined for anything else.
 */
export function currentTimestamp(text: string): string | undefined {
  const match = /^(current_timestamp|now|localtimestamp|localtime)\s*(?:\(\s*(\d*)\s*\))?$/i.exec(text.trim());
  if (!match) return undefined;
  const precision = match[2] && match[2] !== '0' ? match[2] : '';
  return `current_timestamp(${precision})`;
}

const INTEGERS = /^(tinyint|smallint|mediumint|int|bigint)\((\d+)\)(.*)$/;

/** Other names of types, as the servers print them. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  integer: 'int',
  bool: 'tinyint(1)',
  boolean: 'tinyint(1)',
  dec: 'decimal',
  numeric: 'decimal',
  fixed: 'decimal',
  'double precision': 'double',
  real: 'double',
  int1: 'tinyint',
  int2: 'smallint',
  int3: 'mediumint',
  int4: 'int',
  int8: 'bigint',
  'character varying': 'varchar',
};

/**
 * A column type in one form: lower case, single spaces, no integer display width unless
 * the column is `zerofill` (whose width pads the value) or it is `tinyint(1)` (a boolean).
 */
export function canonicalMysqlType(type: string): string {
  let t = type.trim().replace(/\s+/g, ' ');
  if (!/^(enum|set)\s*\(/i.test(t)) t = t.toLowerCase();
  else t = t.replace(/^(enum|set)\s*/i, (m) => m.toLowerCase().trim());
  const base = /^([a-z][a-z0-9 ]*?)(?=\(|$| unsigned| zerofill| signed)/.exec(t)?.[1];
  if (base && TYPE_ALIASES[base]) t = `${TYPE_ALIASES[base]}${t.slice(base.length)}`;
  t = t.replace(/ signed$/, '');
  // YEAR has had one width since MySQL 5.7.5: MariaDB still prints it.
  t = t.replace(/^year\(4\)$/, 'year');
  const integer = INTEGERS.exec(t);
  if (integer && !/zerofill/.test(integer[3] ?? '') && !(integer[1] === 'tinyint' && integer[2] === '1')) {
    t = `${integer[1]}${integer[3]}`;
  }
  return t;
}

/** Whitespace collapsed outside quoted strings and identifiers. */
function collapseWhitespace(text: string): string {
  return text
    .replace(/('(?:[^'\\]|\\.|'')*'|`[^`]*`)|\s+/g, (match, quoted: string | undefined) => quoted ?? ' ')
    .trim();
}

/** Removes parentheses that wrap the whole expression. */
function stripOuterParens(expression: string): string {
  let e = expression.trim();
  for (;;) {
    if (!e.startsWith('(') || !e.endsWith(')')) return e;
    let depth = 0;
    for (let i = 0; i < e.length; i++) {
      if (e[i] === '(') depth++;
      else if (e[i] === ')') depth--;
      if (depth === 0 && i < e.length - 1) return e;
    }
    e = e.slice(1, -1).trim();
  }
}

const NUMERIC_TYPE = /^(tinyint|smallint|mediumint|int|bigint|decimal|float|double|bit|year)\b/;

/** A column default in one form: the current time however spelled, a quoted number on a numeric column as the number. */
function canonicalDefault(expression: string, columnType: string): string {
  const e = stripOuterParens(collapseWhitespace(expression));
  const now = currentTimestamp(e);
  if (now) return now;
  const quotedNumber = /^'(-?[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)'$/i.exec(e);
  if (quotedNumber?.[1] && NUMERIC_TYPE.test(canonicalMysqlType(columnType))) return quotedNumber[1];
  return e;
}

/** MySQL's and MariaDB's equivalence rules. */
export const mysqlEquivalence: Equivalence = {
  type: canonicalMysqlType,
  defaultExpression: canonicalDefault,
  expression: (expression) => stripOuterParens(collapseWhitespace(expression)),
  viewDefinition: (definition) => collapseWhitespace(definition).replace(/;$/, '').trim(),
  // Comments and layout are not the body: the mysql client strips comments by default.
  functionBody: bodyWithoutComments,
  triggerBody: bodyWithoutComments,
};
