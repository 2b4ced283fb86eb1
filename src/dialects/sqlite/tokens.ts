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

const NUMBER = /(?:0x[0-9a-fA-F]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/y;

/** The end of a quoted token opening at `from` with `quote` closing it; doubled closers are escaped ones. */
function endOfQuoted(text: string, from: number, close: string, doubles: boolean): number {
  for (let i = text.indexOf(close, from + 1); i >= 0; i = text.indexOf(close, i + 1)) {
    if (doubles && text.charAt(i + 1) === close) {
      i++;
      continue;
    }
    return i + 1;
  }
  return text.length;
}

/** Whether a character code is whitespace (as `\s`: ASCII blanks, and the Unicode spaces beyond). */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && /\s/.test(String.fromCharCode(code));
}

/** Whether a character code may start a word: a letter, `_`, or any character beyond ASCII. */
function isWordStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 0x80;
}

/** Whether a character code may continue a word: those above, digits and `$`. */
function isWordPart(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57) || code === 36;
}

/**
 * Every token of a text, blanks (whitespace and comments) included unless `blanks` is false. Read by character codes:
 * introspection tokenizes every stored `CREATE` (20,000 of them in a 5,000-table file).
 */
export function tokenize(text: string, blanks = true): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let kind: TokenKind;
    let end: number;
    if (isSpace(code)) {
      end = i + 1;
      while (end < length && isSpace(text.charCodeAt(end))) end++;
      kind = 'blank';
    } else if (code === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      const newline = text.indexOf('\n', i);
      end = newline < 0 ? length : newline;
      kind = 'blank';
    } else if (code === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? length : close + 2;
      kind = 'blank';
    } else if (code === 39 /* ' */) {
      end = endOfQuoted(text, i, "'", true);
      kind = 'string';
    } else if (code === 34 /* " */ || code === 96 /* ` */) {
      end = endOfQuoted(text, i, text.charAt(i), true);
      kind = 'identifier';
    } else if (code === 91 /* [ */) {
      end = endOfQuoted(text, i, ']', false);
      kind = 'identifier';
    } else if (code === 40 /* ( */) {
      end = i + 1;
      kind = 'open';
    } else if (code === 41 /* ) */) {
      end = i + 1;
      kind = 'close';
    } else if (code === 59 /* ; */) {
      end = i + 1;
      kind = 'semicolon';
    } else if ((code >= 48 && code <= 57) || code === 46 /* . */) {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text);
      if (number && number[0].length > 0) {
        end = i + number[0].length;
        kind = 'number';
      } else {
        end = i + 1;
        kind = 'other';
      }
    } else if (isWordStart(code)) {
      // A blob literal `x'00ff'` is the word `x` and a string, as before.
      end = i + 1;
      while (end < length && isWordPart(text.charCodeAt(end))) end++;
      kind = 'word';
    } else {
      end = i + 1;
      kind = 'other';
    }
    if (blanks || kind !== 'blank') tokens.push({ kind, text: text.slice(i, end), start: i, end });
    i = end;
  }
  return tokens;
}

/** The tokens that are not blanks. */
export function significant(text: string): Token[] {
  return tokenize(text, false);
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
