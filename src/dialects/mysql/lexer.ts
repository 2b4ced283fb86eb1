/**
 * MySQL's and MariaDB's SQL lexer: how their scripts split into statements and which
 * statements cannot be held in a transaction.
 *
 * **Tokens.** `#` comments and `-- ` comments (MySQL needs a blank or a control character
 * after the two dashes: `a--1` is `a - -1`; drizzle-kit's `--> statement-breakpoint` line,
 * which drizzle's migrator removes, is a comment too), `/* … *\/` comments (they do not nest), and
 * executable comments `/*! … *\/`, `/*!80013 … *\/`, MariaDB's `/*M!100301 … *\/`, whose
 * content is SQL: its words count (a dump's `/*!50003 CREATE*\/ … TRIGGER` is a trigger)
 * and a `;` inside one does not end the statement, as in the mysql client. Strings in
 * single or double quotes take backslash escapes and doubled quotes (the default
 * `sql_mode`; under `NO_BACKSLASH_ESCAPES` or `ANSI_QUOTES` a backslash before a closing
 * quote would be read differently); identifiers in backticks take doubled backticks.
 * Introducers and literal prefixes (`_utf8mb4'…'`, `X'…'`, `b'…'`, `N'…'`) are a word
 * followed by a string.
 *
 * **Where a statement ends.** At the delimiter, `;` unless the script changes it with the
 * mysql client's `DELIMITER xx` directive (a line of its own between statements, as dumps
 * and hand-written migrations with procedures write it; the directive is not a statement
 * and the delimiter is found anywhere outside strings and comments, as the client does,
 * `END$$` included). With the default `;`, a compound statement sent whole (as knex,
 * Flyway or Prisma send a `CREATE TRIGGER` with `;` inside) is recognised without a
 * `DELIMITER`: a statement is compound when it starts
 *
 * - as a stored program, `CREATE [OR REPLACE] [DEFINER = …] [AGGREGATE]
 *   PROCEDURE|FUNCTION|TRIGGER|EVENT` or `ALTER [DEFINER = …] EVENT`, or
 * - as one of MariaDB's compound statements outside a stored program: `[label:] BEGIN NOT
 *   ATOMIC`, `IF`, `CASE`, `LOOP`, `WHILE`, `REPEAT`, `FOR x IN`;
 *
 * and inside it blocks are counted: `BEGIN`, `CASE`, `LOOP`, `WHILE`, `REPEAT` open one
 * (not after `END`, as in `END LOOP`, nor the function `REPEAT(…)`), so do `IF` and `FOR x
 * IN` where they begin a statement of the body (after `;`, a label's `:`, `BEGIN`, `THEN`,
 * `ELSE`, `DO`, `LOOP`, `REPEAT` or a trigger's `FOR EACH ROW`, and not the function
 * `IF(a, b, c)`), and `END` closes one. A `;` ends the statement only when no block is open.
 * A routine whose body is a single statement without `BEGIN` (`… FOR EACH ROW SET NEW.a =
 * 1`) ends at its first `;`, as it should. The client's other commands (`\g`, `\G`,
 * `source`) are not read, nor MariaDB's `CREATE PACKAGE` of `sql_mode=ORACLE`.
 */
import type { SqlLexer, SqlStatement } from '../dialect.js';
import { lineCounter } from '../line-counter.js';

/** What a token is: comments and whitespace are blanks; strings and quoted identifiers are quoted. */
type TokenKind = 'blank' | 'word' | 'quoted' | 'open' | 'close' | 'semicolon' | 'other' | 'exec-open' | 'exec-close';

/** A statement found by {@link scan}. */
interface ScannedStatement {
  readonly sql: string;
  readonly line: number;
  /** Its first words upper-cased, with its parentheses, space-separated: enough to tell what it is. */
  readonly head: string;
  /** It is one of MariaDB's compound statements outside a stored program (`BEGIN NOT ATOMIC`, `IF`, …). */
  readonly anonymousBlock: boolean;
}

const WORD = /[A-Za-z0-9_$\u0080-\uffff]+/y;
/** The opening of an executable comment: `/*!`, `/*!50003`, MariaDB's `/*M!100301`. */
const EXECUTABLE_OPEN = /\/\*M?!\d*/y;
const HEAD_TOKENS = 24;
const DEFAULT_DELIMITER = ';';

/** Statements whose body may be a compound statement with `;` inside. */
const STORED_PROGRAM =
  /^(?:CREATE (?:OR REPLACE )?(?:DEFINER (?:(?!(?:VIEW|TABLE)\b)\S+ ){0,4})?(?:AGGREGATE )?(?:PROCEDURE|FUNCTION|TRIGGER|EVENT)|ALTER (?:DEFINER (?:\S+ ){0,4})?EVENT)\b/;
/** Words that open a block of a compound statement (with the conditions of {@link StatementReader.opensBlock}). */
const BLOCK_OPENERS = new Set(['BEGIN', 'CASE', 'LOOP', 'WHILE', 'REPEAT', 'IF', 'FOR']);
/** The tokens after which a word begins a statement of a compound body ('' is the start of the statement). */
const STATEMENT_STARTS = new Set(['', ';', ':', 'BEGIN', 'THEN', 'ELSE', 'DO', 'LOOP', 'REPEAT', 'ROW']);

function endOfLine(sql: string, from: number): number {
  const newline = sql.indexOf('\n', from);
  return newline < 0 ? sql.length : newline + 1;
}

/** The end of a quoted string or identifier opening at `from`; a doubled quote is an escaped one. */
function endOfQuoted(sql: string, from: number): number {
  const quote = sql.charAt(from);
  const backslashEscapes = quote !== '`';
  for (let i = from + 1; i < sql.length; i++) {
    const c = sql.charAt(i);
    if (backslashEscapes && c === '\\') i++;
    else if (c === quote) {
      if (sql.charAt(i + 1) !== quote) return i + 1;
      i++;
    }
  }
  return sql.length;
}

/** The line drizzle-kit writes between the statements of a migration; drizzle splits the file there and drops it. */
const DRIZZLE_BREAKPOINT = '--> statement-breakpoint';

/**
 * Whether `--` at `from` starts a comment: MySQL wants a blank or control character (or the end)
 * after it. drizzle's `--> statement-breakpoint` line is read as one too, as drizzle never sends it.
 */
function isDashComment(sql: string, from: number): boolean {
  if (!sql.startsWith('--', from)) return false;
  if (sql.startsWith(DRIZZLE_BREAKPOINT, from)) return true;
  const after = sql.charCodeAt(from + 2);
  return Number.isNaN(after) || after <= 32;
}

/** The kind and end of the token starting at `from`; comments count as blanks. */
function tokenAt(sql: string, from: number, inExecutable: boolean): { kind: TokenKind; end: number } {
  const c = sql.charAt(from);
  if (/\s/.test(c)) return { kind: 'blank', end: from + 1 };
  if (c === '#' || isDashComment(sql, from)) return { kind: 'blank', end: endOfLine(sql, from) };
  if (c === '/' && sql.charAt(from + 1) === '*') {
    EXECUTABLE_OPEN.lastIndex = from;
    const open = EXECUTABLE_OPEN.exec(sql)?.[0];
    if (open && !inExecutable) return { kind: 'exec-open', end: from + open.length };
    const close = sql.indexOf('*/', from + 2);
    return { kind: 'blank', end: close < 0 ? sql.length : close + 2 };
  }
  if (inExecutable && c === '*' && sql.charAt(from + 1) === '/') return { kind: 'exec-close', end: from + 2 };
  if (c === "'" || c === '"' || c === '`') return { kind: 'quoted', end: endOfQuoted(sql, from) };
  WORD.lastIndex = from;
  const word = WORD.exec(sql)?.[0];
  if (word) return { kind: 'word', end: from + word.length };
  if (c === '(') return { kind: 'open', end: from + 1 };
  if (c === ')') return { kind: 'close', end: from + 1 };
  if (c === ';') return { kind: 'semicolon', end: from + 1 };
  return { kind: 'other', end: from + 1 };
}

/**
 * A routine's or trigger's body as the server runs it: its comments (`#`, `-- `, `/* … *\/`,
 * not the executable ones) left out and each run of blanks one space. The mysql client strips
 * comments from what it sends by default and schemaguard's runner keeps them, so the same
 * migration leaves bodies that differ only there.
 */
export function bodyWithoutComments(sql: string): string {
  let text = '';
  let blank = false;
  let inExecutable = false;
  for (let i = 0; i < sql.length;) {
    const { kind, end } = tokenAt(sql, i, inExecutable);
    if (kind === 'blank') {
      blank = true;
    } else {
      if (blank && text) text += ' ';
      blank = false;
      text += sql.slice(i, end);
      if (kind === 'exec-open') inExecutable = true;
      if (kind === 'exec-close') inExecutable = false;
    }
    i = end;
  }
  return text;
}

/** The next tokens after `from` that are not blanks, at most `count` of them, as upper-cased texts. */
function nextTokens(sql: string, from: number, count: number): string[] {
  const found: string[] = [];
  for (let i = from; i < sql.length && found.length < count;) {
    const { kind, end } = tokenAt(sql, i, false);
    if (kind !== 'blank') found.push(sql.slice(i, end).toUpperCase());
    i = end;
  }
  return found;
}

/** Whether `IF` ending at `from` is the function `IF(a, b, c)`: a parenthesis holding a comma at its top level. */
function isIfFunction(sql: string, from: number): boolean {
  let depth = 0;
  for (let i = from; i < sql.length;) {
    const { kind, end } = tokenAt(sql, i, false);
    i = end;
    if (kind === 'blank') continue;
    if (kind === 'open') depth++;
    else if (kind === 'close' && --depth <= 0) return false;
    else if (depth === 0) return false;
    else if (depth === 1 && kind === 'other' && sql.charAt(end - 1) === ',') return true;
  }
  return false;
}

/** The statement being read: where it starts and ends, its head, and the blocks of a compound statement. */
class StatementReader {
  start = -1;
  end = -1;
  /** Open blocks of a compound statement: a `;` inside one does not end the statement. */
  blocks = 0;
  /** See {@link ScannedStatement.anonymousBlock}. */
  private anonymousBlock = false;
  private head: string[] = [];
  /** The previous token, upper-cased (`;` included), '' at the start. */
  private previous = '';

  get empty(): boolean {
    return this.start < 0;
  }

  take(sql: string, from: number, kind: TokenKind, end: number): void {
    if (this.start < 0) this.start = from;
    this.end = end;
    const text = sql.slice(from, end).toUpperCase();
    if (kind === 'word') this.trackBlocks(sql, text, end);
    if ((kind === 'word' || kind === 'open' || kind === 'close') && this.head.length < HEAD_TOKENS) {
      this.head.push(text);
    }
    this.previous = kind === 'quoted' ? "'" : text;
  }

  /** Counts the blocks of a compound statement (see the module comment). */
  private trackBlocks(sql: string, word: string, end: number): void {
    // A qualified name's part or a variable (`NEW.end`, `@end`) is no keyword.
    if (this.previous === '.' || this.previous === '@') return;
    if (word === 'END') {
      if (this.blocks > 0) this.blocks--;
      return;
    }
    if (this.previous === 'END' || !BLOCK_OPENERS.has(word)) return;
    if (this.blocks > 0 || STORED_PROGRAM.test(this.head.join(' '))) {
      if (this.opensBlock(sql, word, end)) this.blocks++;
    } else if (this.startsAnonymousBlock(sql, word, end)) {
      this.anonymousBlock = true;
      this.blocks++;
    }
  }

  /** Whether a block word at the start of the statement (after a label) opens one of MariaDB's compound statements. */
  private startsAnonymousBlock(sql: string, word: string, end: number): boolean {
    const atStart = this.head.length === 0 || (this.head.length === 1 && this.previous === ':');
    if (!atStart) return false;
    if (word === 'BEGIN') return nextTokens(sql, end, 2).join(' ') === 'NOT ATOMIC';
    return this.opensBlock(sql, word, end);
  }

  /** Whether a block word opens a block here. */
  private opensBlock(sql: string, word: string, end: number): boolean {
    switch (word) {
      case 'REPEAT':
        return nextTokens(sql, end, 1)[0] !== '(';
      case 'IF':
        return STATEMENT_STARTS.has(this.previous) && !isIfFunction(sql, end);
      case 'FOR':
        return STATEMENT_STARTS.has(this.previous) && nextTokens(sql, end, 2)[1] === 'IN';
      default:
        return true;
    }
  }

  finish(sql: string, lineOf: (offset: number) => number): ScannedStatement | undefined {
    if (this.start < 0) return undefined;
    return {
      sql: sql.slice(this.start, this.end),
      line: lineOf(this.start),
      head: this.head.join(' '),
      anonymousBlock: this.anonymousBlock,
    };
  }

  /** Takes the mark that opens or closes an executable comment into the statement's text, not its head. */
  extend(from: number, end: number): void {
    if (this.start < 0) this.start = from;
    this.end = end;
  }
}

/** A `DELIMITER xx` directive at `from` (the start of a line): the new delimiter and where the line ends. */
function delimiterDirective(sql: string, from: number): { delimiter: string; end: number } | undefined {
  const match = /DELIMITER[ \t]+(\S+)[^\n]*(?:\n|$)/iy;
  match.lastIndex = from;
  const found = match.exec(sql);
  return found ? { delimiter: found[1] as string, end: from + found[0].length } : undefined;
}

/** Whether only blanks stand between the start of the line and `at`. */
function atLineStart(sql: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = sql.charAt(i);
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r') return false;
  }
  return true;
}

/** Splits SQL into statements with their lines and heads (see {@link splitStatements}). */
function scan(sql: string): ScannedStatement[] {
  const statements: ScannedStatement[] = [];
  const lineOf = lineCounter(sql);
  let delimiter = DEFAULT_DELIMITER;
  let inExecutable = false;
  let reader = new StatementReader();
  const endStatement = () => {
    const statement = reader.finish(sql, lineOf);
    if (statement) statements.push(statement);
    reader = new StatementReader();
  };
  for (let i = 0; i < sql.length;) {
    if (reader.empty && !inExecutable && (sql.charAt(i) === 'D' || sql.charAt(i) === 'd') && atLineStart(sql, i)) {
      const directive = delimiterDirective(sql, i);
      if (directive) {
        delimiter = directive.delimiter;
        i = directive.end;
        continue;
      }
    }
    if (delimiter !== DEFAULT_DELIMITER && !inExecutable && sql.startsWith(delimiter, i)) {
      endStatement();
      i += delimiter.length;
      continue;
    }
    const token = tokenAt(sql, i, inExecutable);
    let { end } = token;
    const { kind } = token;
    if (delimiter !== DEFAULT_DELIMITER && kind === 'word') {
      // The client finds a delimiter anywhere outside strings and comments: `END$$`.
      const at = sql.slice(i, end).indexOf(delimiter);
      if (at > 0) end = i + at;
    }
    if (kind === 'exec-open') inExecutable = true;
    if (kind === 'exec-close') inExecutable = false;
    if (kind === 'semicolon' && delimiter === DEFAULT_DELIMITER && !inExecutable && reader.blocks === 0) {
      endStatement();
    } else if (kind === 'exec-open' || kind === 'exec-close') {
      // The comment's marks belong to the statement's text; its content is read as SQL.
      reader.extend(i, end);
    } else if (kind !== 'blank') {
      reader.take(sql, i, kind, end);
    }
    i = end;
  }
  endStatement();
  return statements;
}

/**
 * Splits a MySQL or MariaDB script into statements, each with the 1-based line where it
 * starts (see the module comment for what ends a statement). A statement's text runs from
 * its first token to its last: comments before and after it, its delimiter and
 * `DELIMITER` directives are left out, comments inside kept. Statements of blanks and
 * comments only are dropped.
 */
export function splitStatements(sql: string): SqlStatement[] {
  return scan(sql).map(({ sql: text, line }) => ({ sql: text, line }));
}

/**
 * A script's own transactions, matched on a statement's head: transaction control, and
 * `LOCK TABLES`/`UNLOCK TABLES`, whose locks a transaction opened around a statement would
 * release (`START TRANSACTION` unlocks the session's tables).
 */
const TRANSACTION_CONTROL =
  /^(?:BEGIN(?! NOT ATOMIC\b)|START TRANSACTION|COMMIT|ROLLBACK|XA|SET (?:(?:SESSION|LOCAL) )?AUTOCOMMIT|(?:UN)?LOCK TABLES?)\b/;

/**
 * The statements that commit the transaction they run in ("Statements That Cause an
 * Implicit Commit" in MySQL's manual, the same in MariaDB's), matched on their heads:
 * every `CREATE`, `ALTER`, `DROP`, `RENAME` and `TRUNCATE` (a `CREATE` or `DROP` of a
 * `TEMPORARY` table excepted), grants and users, plugins, table maintenance, `FLUSH`,
 * `RESET` and replication control.
 */
const IMPLICIT_COMMIT: readonly RegExp[] = [
  /^(?:CREATE|DROP) (?!(?:OR REPLACE )?TEMPORARY\b)/,
  /^(?:ALTER|RENAME|TRUNCATE|GRANT|REVOKE|INSTALL|UNINSTALL|FLUSH|CACHE INDEX|LOAD INDEX)\b/,
  /^(?:ANALYZE|CHECK|OPTIMIZE|REPAIR) (?:(?:NO_WRITE_TO_BINLOG|LOCAL) )?TABLES?\b/,
  /^RESET (?!PERSIST\b)/,
  /^SET PASSWORD\b/,
  /^(?:START|STOP) (?:ALL )?(?:SLAVES?|REPLICAS?|GROUP_REPLICATION)\b/,
  /^CHANGE (?:MASTER|REPLICATION)\b/,
];

/**
 * Whether a statement cannot be held in a transaction: it commits, controls transactions,
 * or runs what the lexer cannot see and may commit (`CALL`: a procedure may run DDL or
 * `COMMIT`; `EXECUTE` of a prepared statement; MariaDB's compound statements outside a
 * stored program).
 */
function outsideTransaction({ head, anonymousBlock }: ScannedStatement): boolean {
  return (
    anonymousBlock ||
    /^(?:CALL|EXECUTE)\b/.test(head) ||
    TRANSACTION_CONTROL.test(head) ||
    IMPLICIT_COMMIT.some((p) => p.test(head))
  );
}

/**
 * Whether a statement cannot run inside a transaction. On MySQL and MariaDB that is every
 * statement that commits the transaction it runs in (all DDL, grants, `LOCK TABLES`,
 * table maintenance, …: see {@link IMPLICIT_COMMIT}): wrapped in a transaction with the
 * record of its progress, it would commit before the record and the pair would not be
 * atomic, so it runs alone and its progress is recorded after it. The same holds for
 * transaction control, and for `CALL`, `EXECUTE` and MariaDB's anonymous compound
 * statements, whose content may commit. Plain DML (`INSERT`, `UPDATE`, `DELETE`, `SELECT`, `SET`, …) and
 * `CREATE`/`DROP TEMPORARY TABLE` can run in one.
 */
export function runsOutsideTransaction(sql: string): boolean {
  const first = scan(sql)[0];
  return first !== undefined && outsideTransaction(first);
}

/** Whether some SQL runs its own transactions (`START TRANSACTION`, `COMMIT`, `LOCK TABLES`, …). */
export function controlsTransactions(sql: string): boolean {
  if (!/\b(?:BEGIN|START|COMMIT|ROLLBACK|XA|AUTOCOMMIT|LOCK|UNLOCK)\b/i.test(sql)) return false;
  return scan(sql).some((s) => TRANSACTION_CONTROL.test(s.head));
}

/**
 * The first statement of some SQL that keeps it out of a transaction (see
 * {@link runsOutsideTransaction}): on MySQL nearly every migration has one, its first DDL
 * statement, because MySQL's DDL commits and cannot be rolled back.
 */
export function nonTransactionalStatement(sql: string): SqlStatement | undefined {
  const found = scan(sql).find(outsideTransaction);
  return found && { sql: found.sql, line: found.line };
}

/** MySQL's and MariaDB's lexer, as the dialect contract names it. */
export const mysqlLexer: SqlLexer = {
  split: splitStatements,
  runsOutsideTransaction,
  controlsTransactions,
  nonTransactionalStatement,
};
