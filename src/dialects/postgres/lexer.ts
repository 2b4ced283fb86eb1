/**
 * PostgreSQL's SQL lexer: the one place that knows how its scripts split into statements
 * (quotes, `E''` escapes, dollar quotes, nested comments, parentheses and `BEGIN ATOMIC`
 * bodies) and which statements cannot run inside a transaction block. Migrations, checks,
 * shadow replays and view definitions all read SQL through it.
 */
import type { SqlLexer, SqlStatement } from '../dialect.js';
import { lineCounter } from '../line-counter.js';

/** A statement found by {@link scan}. */
interface ScannedStatement {
  readonly sql: string;
  readonly line: number;
  /** Its first words upper-cased, with its parentheses, space-separated: enough to tell what it is. */
  readonly head: string;
}

/** What a token is: comments and whitespace are blanks; strings, quoted identifiers and dollar quotes are quoted. */
export type TokenKind = 'blank' | 'word' | 'quoted' | 'open' | 'close' | 'semicolon' | 'other';

const WORD = /[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/y;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/y;
const HEAD_TOKENS = 24;
/** `CREATE [OR REPLACE] FUNCTION|PROCEDURE`: the statements whose `BEGIN ATOMIC … END` body holds semicolons. */
const ROUTINE = /^CREATE (?:OR REPLACE )?(?:FUNCTION|PROCEDURE)\b/;

function endOfLine(sql: string, from: number): number {
  const newline = sql.indexOf('\n', from);
  return newline < 0 ? sql.length : newline + 1;
}

/** The end of a block comment starting at `from`; block comments nest. */
function endOfBlockComment(sql: string, from: number): number {
  let depth = 0;
  for (let i = from; i < sql.length;) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return sql.length;
}

/** The end of a quoted string or identifier opening at `from`; a doubled quote is an escaped one. */
function endOfQuoted(sql: string, from: number, backslashEscapes: boolean): number {
  const quote = sql.charAt(from);
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

function endOfDollarQuoted(sql: string, from: number, tag: string): number {
  const close = sql.indexOf(tag, from + tag.length);
  return close < 0 ? sql.length : close + tag.length;
}

/** The kind and end of the token starting at `from`; comments count as blanks. */
export function tokenAt(sql: string, from: number): { kind: TokenKind; end: number } {
  const c = sql.charAt(from);
  const next = sql.charAt(from + 1);
  if (/\s/.test(c)) return { kind: 'blank', end: from + 1 };
  if (c === '-' && next === '-') return { kind: 'blank', end: endOfLine(sql, from) };
  if (c === '/' && next === '*') return { kind: 'blank', end: endOfBlockComment(sql, from) };
  if (c === "'" || c === '"') return { kind: 'quoted', end: endOfQuoted(sql, from, false) };
  DOLLAR_TAG.lastIndex = from;
  const tag = DOLLAR_TAG.exec(sql)?.[0];
  if (tag) return { kind: 'quoted', end: endOfDollarQuoted(sql, from, tag) };
  WORD.lastIndex = from;
  const word = WORD.exec(sql)?.[0];
  if (word) {
    const end = from + word.length;
    // E'…' strings take backslash escapes: E'it\'s'.
    if ((word === 'E' || word === 'e') && sql.charAt(end) === "'") {
      return { kind: 'quoted', end: endOfQuoted(sql, end, true) };
    }
    return { kind: 'word', end };
  }
  if (c === '(') return { kind: 'open', end: from + 1 };
  if (c === ')') return { kind: 'close', end: from + 1 };
  if (c === ';') return { kind: 'semicolon', end: from + 1 };
  return { kind: 'other', end: from + 1 };
}

/** The statement being read: where it starts and ends, its head, and what keeps a `;` inside it. */
class StatementReader {
  start = -1;
  end = -1;
  private parens = 0;
  /** Open `BEGIN ATOMIC` (and `CASE` within it) blocks of a routine body. */
  private blocks = 0;
  private head: string[] = [];

  /** Whether a `;` here ends the statement (not inside parentheses or a routine body). */
  get atTopLevel(): boolean {
    return this.parens === 0 && this.blocks === 0;
  }

  take(sql: string, from: number, kind: TokenKind, end: number): void {
    if (this.start < 0) this.start = from;
    this.end = end;
    if (kind === 'open') this.parens++;
    if (kind === 'close') this.parens = Math.max(0, this.parens - 1);
    const text =
      kind === 'word'
        ? sql.slice(from, end).toUpperCase()
        : kind === 'open' || kind === 'close'
          ? sql.charAt(from)
          : '';
    if (text && this.head.length < HEAD_TOKENS) this.head.push(text);
    if (kind === 'word' && this.parens === 0) this.trackBlocks(text);
  }

  /** Follows `BEGIN ATOMIC … END` routine bodies, as psql does, so their semicolons stay inside. */
  private trackBlocks(word: string): void {
    if (word !== 'BEGIN' && word !== 'CASE' && word !== 'END') return;
    if (!ROUTINE.test(this.head.join(' '))) return;
    if (word === 'BEGIN') this.blocks++;
    else if (word === 'CASE' && this.blocks > 0) this.blocks++;
    else if (word === 'END' && this.blocks > 0) this.blocks--;
  }

  finish(sql: string, lineOf: (offset: number) => number): ScannedStatement | undefined {
    if (this.start < 0) return undefined;
    return { sql: sql.slice(this.start, this.end), line: lineOf(this.start), head: this.head.join(' ') };
  }
}

/** Splits SQL into statements with their lines and heads (see {@link splitStatements}). */
function scan(sql: string): ScannedStatement[] {
  const statements: ScannedStatement[] = [];
  const lineOf = lineCounter(sql);
  let reader = new StatementReader();
  for (let i = 0; i < sql.length;) {
    const { kind, end } = tokenAt(sql, i);
    if (kind === 'semicolon' && reader.atTopLevel) {
      const statement = reader.finish(sql, lineOf);
      if (statement) statements.push(statement);
      reader = new StatementReader();
    } else if (kind !== 'blank') {
      reader.take(sql, i, kind, end);
    }
    i = end;
  }
  const last = reader.finish(sql, lineOf);
  if (last) statements.push(last);
  return statements;
}

/**
 * Splits SQL into statements, each with the 1-based line where it starts, respecting
 * single-quoted strings (incl. E'' escapes), double-quoted identifiers, dollar quotes ($$…$$, $tag$…$tag$),
 * line comments (--) and block comments, nested or not. Empty statements and comment-only
 * statements are dropped. Used to run non-transactional migrations statement by statement
 * and to name the line of a failing statement.
 *
 * A statement's text runs from its first token to its last (comments before or after it
 * and the closing `;` are left out, comments inside kept). Like psql, a `;` inside
 * parentheses (`CREATE RULE … DO (…; …)`) or a `BEGIN ATOMIC … END` function body does
 * not end a statement. drizzle's `--> statement-breakpoint` lines are comments.
 */
export function splitStatements(sql: string): SqlStatement[] {
  return scan(sql).map(({ sql: text, line }) => ({ sql: text, line }));
}

/** Transaction control, matched on a statement's head. */
const TRANSACTION_CONTROL = /^(?:BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\b/;

/** Statements PostgreSQL refuses inside a transaction block, matched on their heads. */
const OUTSIDE_TRANSACTION: readonly RegExp[] = [
  /^CREATE (?:UNIQUE )?INDEX CONCURRENTLY\b/,
  /^DROP INDEX CONCURRENTLY\b/,
  /^REINDEX\b.* CONCURRENTLY\b/,
  /^REINDEX (?:\(.*?\) )?(?:SCHEMA|DATABASE|SYSTEM)\b/,
  /^ALTER TABLE\b.* DETACH PARTITION\b.* CONCURRENTLY\b/,
  /^VACUUM\b/,
  /^(?:CREATE|DROP) (?:DATABASE|TABLESPACE)\b/,
  /^ALTER DATABASE\b.* SET TABLESPACE\b/,
  /^ALTER SYSTEM\b/,
  // Refused when they create or drop a replication slot, which they do by default.
  /^(?:CREATE|DROP) SUBSCRIPTION\b/,
  // A script that runs its own transactions must not be wrapped in another.
  TRANSACTION_CONTROL,
];

/** Whether a statement must run outside a transaction block (or is transaction control). */
export function runsOutsideTransaction(sql: string): boolean {
  const head = scan(sql)[0]?.head ?? '';
  return OUTSIDE_TRANSACTION.some((pattern) => pattern.test(head));
}

/**
 * A word every statement {@link OUTSIDE_TRANSACTION} matches has, and its part for transaction
 * control: SQL without any of them (most migrations) needs no lexing to know it has none. A
 * keyword is never quoted, so it stands in the text as a word (in any case).
 */
const OUTSIDE_TRANSACTION_WORD =
  /\b(?:CONCURRENTLY|REINDEX|VACUUM|DATABASE|TABLESPACE|SYSTEM|SUBSCRIPTION|BEGIN|START|COMMIT|END|ROLLBACK|ABORT)\b/i;
const TRANSACTION_CONTROL_WORD = /\b(?:BEGIN|START|COMMIT|END|ROLLBACK|ABORT)\b/i;

/** Whether some SQL runs its own transactions (`BEGIN`, `COMMIT`, …). */
export function controlsTransactions(sql: string): boolean {
  if (!TRANSACTION_CONTROL_WORD.test(sql)) return false;
  return scan(sql).some((s) => TRANSACTION_CONTROL.test(s.head));
}

/**
 * The first statement of some SQL that keeps it out of a transaction: one PostgreSQL
 * refuses in a transaction block (`CREATE INDEX CONCURRENTLY`, `VACUUM`, `CREATE DATABASE`,
 * …) or transaction control of its own (`BEGIN`, `COMMIT`). `ALTER TYPE … ADD VALUE` is
 * not one: PostgreSQL 12+ runs it in a transaction (only the new value cannot be used in
 * that same transaction).
 */
export function nonTransactionalStatement(sql: string): SqlStatement | undefined {
  if (!OUTSIDE_TRANSACTION_WORD.test(sql)) return undefined;
  const found = scan(sql).find((s) => OUTSIDE_TRANSACTION.some((pattern) => pattern.test(s.head)));
  return found && { sql: found.sql, line: found.line };
}

/** One token of a text, with its offsets (blanks and comments left out). */
export interface SqlToken {
  readonly kind: Exclude<TokenKind, 'blank'>;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The tokens of a text, in order, without blanks and comments. */
export function sqlTokens(sql: string): SqlToken[] {
  const found: SqlToken[] = [];
  for (let i = 0; i < sql.length;) {
    const { kind, end } = tokenAt(sql, i);
    if (kind !== 'blank') found.push({ kind, text: sql.slice(i, end), start: i, end });
    i = end;
  }
  return found;
}

/** PostgreSQL's lexer, as the dialect contract names it. */
export const postgresLexer: SqlLexer = {
  split: splitStatements,
  runsOutsideTransaction,
  controlsTransactions,
  nonTransactionalStatement,
};
