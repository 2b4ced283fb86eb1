/**
 * When two SQLite spellings mean the same. SQLite keeps the text a schema was created
 * with, so two databases built from differently written DDL differ only in spelling:
 * whitespace, comments, the quoting and case of identifiers and keywords, and parentheses
 * around a whole expression (`DEFAULT (0)` and `DEFAULT 0`). Declared types compare by their
 * text up to case and spacing (`varchar(10)`, `VARCHAR (10)`); different names of one
 * affinity (`INT` and `BIGINT`) are one type only with `--loose-types`, through
 * {@link typeAffinity}.
 */
import type { Equivalence } from '../../diff/equivalence.js';
import { significant, unquote } from './tokens.js';

/** Removes parentheses that wrap the whole text. */
function stripOuterParens(text: string): string {
  let e = text.trim();
  for (;;) {
    if (!e.startsWith('(') || !e.endsWith(')')) return e;
    const tokens = significant(e);
    let depth = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token?.kind === 'open') depth++;
      else if (token?.kind === 'close') depth--;
      if (depth === 0 && i < tokens.length - 1) return e;
    }
    e = e.slice(1, -1).trim();
  }
}

/**
 * SQL in one form: comments dropped, one space between tokens (none inside parentheses or
 * around dots and commas' left side), words and quoted names that need no quotes lower-cased
 * (SQLite's names and keywords are case-insensitive), strings kept as written. With `table`,
 * that table's name qualifying a column (`"asset"."title"`, `asset.title`) is dropped: in the
 * table's own check, index or generated column it names nothing else.
 */
export function canonicalSql(text: string, table?: string): string {
  let out = '';
  let previous = '';
  const tokens = significant(text);
  const own = table?.toLowerCase();
  for (const [i, token] of tokens.entries()) {
    const qualifier =
      own !== undefined &&
      (token.kind === 'word' || token.kind === 'identifier') &&
      unquote(token).toLowerCase() === own &&
      tokens[i + 1]?.text === '.' &&
      tokens[i - 1]?.text !== '.';
    if (qualifier) {
      tokens.splice(i + 1, 1);
      continue;
    }
    let piece = token.text;
    if (token.kind === 'word') piece = piece.toLowerCase();
    else if (token.kind === 'identifier') {
      const name = unquote(token);
      piece = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name.toLowerCase() : `"${name.replace(/"/g, '""')}"`;
    }
    const glue = out === '' || previous === '(' || previous === '.' || piece === ')' || piece === ',' || piece === '.';
    out += (glue ? '' : ' ') + piece;
    previous = piece;
  }
  return out.replace(/;$/, '').trim();
}

/** A declared type in one form: upper case, single spaces, none before `(` or inside the parentheses. */
export function canonicalSqliteType(type: string): string {
  return type
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')');
}

/** A declared type's affinity by SQLite's rules (section 3.1 of "Datatypes In SQLite"). */
export function typeAffinity(type: string): string {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (/CHAR|CLOB|TEXT/.test(t)) return 'TEXT';
  if (t.trim() === '' || t.includes('BLOB')) return 'BLOB';
  if (/REAL|FLOA|DOUB/.test(t)) return 'REAL';
  return 'NUMERIC';
}

/** A scalar expression in one form; `table`'s name qualifying a column is dropped (see {@link canonicalSql}). */
function canonicalExpression(expression: string, table?: string): string {
  return canonicalSql(stripOuterParens(expression), table);
}

/** SQLite's equivalence rules. */
export const sqliteEquivalence: Equivalence = {
  type: canonicalSqliteType,
  looseType: typeAffinity,
  defaultExpression: (expression) => canonicalExpression(expression),
  expression: (expression, table) => canonicalExpression(expression, table),
  viewDefinition: canonicalSql,
  functionBody: canonicalSql,
  triggerBody: canonicalSql,
};
