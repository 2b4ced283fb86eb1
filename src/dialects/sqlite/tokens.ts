/**
 * SQLite's tokens, as far as schemaguard needs them: enough to split scripts into
 * statements and to read the clauses of a stored `CREATE TABLE` (SQLite keeps the text
 * it was given, so constraint names, checks and deferrability are read from it).
 *
 * Comments are `-- …` to the end of the line and `/* … *\/` (not nested). Strings are in
 * single quotes with doubled quotes inside; identifiers in double quotes, backticks or
 * square brackets (`[a b]`), doubled quotes inside the first two.
 */

/** What a token is. */
export type TokenKind =
  'blank' | 'word' | 'string' | 'identifier' | 'number' | 'open' | 'close' | 'semicolon' | 'other';

/** One token of a text, with where it starts and ends. */
export interface Token {
  readonly kind: TokenKind;
  /** The token's text as written. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const NUMBER = /(?:0x[0-9a-fA-F]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/y;

/** The end of a quoted token opening at `from` with `quote` closing it; doubled closers are escaped ones. */
function endOfQuoted(text: string, from: number, close: string, doubles: boolean): number {
  for (let i = from + 1; i < text.length; i++) {
    if (text.charAt(i) !== close) continue;
    if (doubles && text.charAt(i + 1) === close) {
      i++;
      continue;
    }
    return i + 1;
  }
  return text.length;
}

/** Every token of a text, blanks (whitespace and comments) included. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: text.slice(i, end), start: i, end });
    i = end;
  };
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      let end = i + 1;
      while (end < text.length && /\s/.test(text.charAt(end))) end++;
      push('blank', end);
    } else if (c === '-' && text.charAt(i + 1) === '-') {
      const newline = text.indexOf('\n', i);
      push('blank', newline < 0 ? text.length : newline);
    } else if (c === '/' && text.charAt(i + 1) === '*') {
      const close = text.indexOf('*/', i + 2);
      push('blank', close < 0 ? text.length : close + 2);
    } else if (c === "'") push('string', endOfQuoted(text, i, "'", true));
    else if (c === '"' || c === '`') push('identifier', endOfQuoted(text, i, c, true));
    else if (c === '[') push('identifier', endOfQuoted(text, i, ']', false));
    else if (c === '(') push('open', i + 1);
    else if (c === ')') push('close', i + 1);
    else if (c === ';') push('semicolon', i + 1);
    else {
      NUMBER.lastIndex = i;
      const number = /[0-9.]/.test(c) ? NUMBER.exec(text) : null;
      if (number && number[0].length > 0) {
        push('number', i + number[0].length);
        continue;
      }
      WORD.lastIndex = i;
      const word = WORD.exec(text);
      if (word) push('word', i + word[0].length);
      else if ((c === 'x' || c === 'X') && text.charAt(i + 1) === "'")
        push('string', endOfQuoted(text, i + 1, "'", true));
      else push('other', i + 1);
    }
  }
  return tokens;
}

/** The tokens that are not blanks. */
export function significant(text: string): Token[] {
  return tokenize(text).filter((t) => t.kind !== 'blank');
}

/** An identifier token's name without its quotes; a word's text as written. */
export function unquote(token: Pick<Token, 'kind' | 'text'>): string {
  if (token.kind !== 'identifier' && !(token.kind === 'string')) return token.text;
  const open = token.text.charAt(0);
  const body = token.text.slice(1, -1);
  if (open === '[') return body;
  return body.split(`${open}${open}`).join(open);
}

/** A name quoted for SQLite: double quotes unless it is a plain lower-case word that is not a keyword. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toUpperCase()) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A string literal. */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** SQLite's keywords that a plain name must not be (the ones a schema is likely to meet). */
const KEYWORDS = new Set(
  `ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN BETWEEN BY CASCADE CASE
  CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP
  DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE
  EXISTS EXPLAIN FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE
  IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED
  NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY
  QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS
  SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM
  VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT`.split(/\s+/),
);
