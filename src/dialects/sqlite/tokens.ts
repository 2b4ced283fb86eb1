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

/** A token's kind as {@link scan} records it: its place in this list. */
const KINDS: readonly TokenKind[] = [
  'blank',
  'word',
  'string',
  'identifier',
  'number',
  'open',
  'close',
  'semicolon',
  'other',
];
export const BLANK = 0;
export const WORD = 1;
export const STRING = 2;
export const IDENTIFIER = 3;
export const NUMBER = 4;
export const OPEN = 5;
export const CLOSE = 6;
export const SEMICOLON = 7;
export const OTHER = 8;

/**
 * The tokens of a text as {@link scan} gives them: token `i` is of kind `kinds[i]` (one of the
 * numbers above) and spans `text.slice(starts[i], ends[i])`. The arrays are shared: the next
 * scan overwrites them, so a scan is read before anything else is scanned.
 */
export interface Scan {
  readonly text: string;
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

const NUMBER_TEXT = /(?:0x[0-9a-fA-F]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/y;

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

// The arrays every scan fills, grown as a text needs.
let kinds = new Uint8Array(1024);
let starts = new Int32Array(1024);
let ends = new Int32Array(1024);

function grow(): void {
  const size = kinds.length * 2;
  const [k, s, e] = [new Uint8Array(size), new Int32Array(size), new Int32Array(size)];
  k.set(kinds);
  s.set(starts);
  e.set(ends);
  [kinds, starts, ends] = [k, s, e];
}

/**
 * The tokens of a text, blanks (whitespace and comments) left out unless `blanks` is true, as
 * numbers in shared arrays rather than an object per token: introspection reads every stored
 * `CREATE` (20,000 of them in a 5,000-table file), and the objects and their text were most of
 * what that reading allocated. Read by character codes.
 */
export function scan(text: string, blanks = false): Scan {
  const length = text.length;
  let count = 0;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let kind: number;
    let end: number;
    if (isSpace(code)) {
      end = i + 1;
      while (end < length && isSpace(text.charCodeAt(end))) end++;
      kind = BLANK;
    } else if (code === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      const newline = text.indexOf('\n', i);
      end = newline < 0 ? length : newline;
      kind = BLANK;
    } else if (code === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? length : close + 2;
      kind = BLANK;
    } else if (code === 39 /* ' */) {
      end = endOfQuoted(text, i, "'", true);
      kind = STRING;
    } else if (code === 34 /* " */ || code === 96 /* ` */) {
      end = endOfQuoted(text, i, text.charAt(i), true);
      kind = IDENTIFIER;
    } else if (code === 91 /* [ */) {
      end = endOfQuoted(text, i, ']', false);
      kind = IDENTIFIER;
    } else if (code === 40 /* ( */) {
      end = i + 1;
      kind = OPEN;
    } else if (code === 41 /* ) */) {
      end = i + 1;
      kind = CLOSE;
    } else if (code === 59 /* ; */) {
      end = i + 1;
      kind = SEMICOLON;
    } else if ((code >= 48 && code <= 57) || code === 46 /* . */) {
      NUMBER_TEXT.lastIndex = i;
      const number = NUMBER_TEXT.exec(text);
      if (number && number[0].length > 0) {
        end = i + number[0].length;
        kind = NUMBER;
      } else {
        end = i + 1;
        kind = OTHER;
      }
    } else if (isWordStart(code)) {
      // A blob literal `x'00ff'` is the word `x` and a string, as before.
      end = i + 1;
      while (end < length && isWordPart(text.charCodeAt(end))) end++;
      kind = WORD;
    } else {
      end = i + 1;
      kind = OTHER;
    }
    if (blanks || kind !== BLANK) {
      if (count === kinds.length) grow();
      kinds[count] = kind;
      starts[count] = i;
      ends[count] = end;
      count++;
    }
    i = end;
  }
  return { text, count, kinds, starts, ends };
}

/** Every token of a text, blanks (whitespace and comments) included unless `blanks` is false. */
export function tokenize(text: string, blanks = true): Token[] {
  const scanned = scan(text, blanks);
  const tokens: Token[] = new Array<Token>(scanned.count);
  for (let i = 0; i < scanned.count; i++) {
    const start = scanned.starts[i] as number;
    const end = scanned.ends[i] as number;
    tokens[i] = { kind: KINDS[scanned.kinds[i] as number] as TokenKind, text: text.slice(start, end), start, end };
  }
  return tokens;
}

/** The tokens that are not blanks. */
export function significant(text: string): Token[] {
  return tokenize(text, false);
}

/** An identifier token's name without its quotes; a word's text as written. */
export function unquote(token: Pick<Token, 'kind' | 'text'>): string {
  if (token.kind !== 'identifier' && token.kind !== 'string') return token.text;
  return withoutQuotes(token.text);
}

/** {@link unquote} of a scanned token: its kind as {@link scan} records it, and its text. */
export function unquoteText(kind: number, text: string): string {
  if (kind !== IDENTIFIER && kind !== STRING) return text;
  return withoutQuotes(text);
}

function withoutQuotes(text: string): string {
  const open = text.charAt(0);
  const body = text.slice(1, -1);
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
