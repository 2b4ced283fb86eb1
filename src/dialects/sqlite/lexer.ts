/**
 * SQLite's script lexer: statements end at `;`, except inside the `BEGIN … END` body of a
 * `CREATE TRIGGER`, whose statements end with `;` too (a `CASE … END` inside the body is
 * counted so that its `END` does not close the trigger). SQLite's DDL is transactional;
 * what cannot run inside a transaction is `VACUUM`, transaction control itself and the
 * pragmas that are no-ops inside one (`foreign_keys`, `journal_mode`). A script that turns foreign
 * keys off (a table rebuild) runs the rest in one transaction between its pragmas (`around`).
 */
import type { SessionWrap, SqlLexer, SqlStatement } from '../dialect.js';
import { lineCounter } from '../line-counter.js';
import { type Token, tokenize } from './tokens.js';

/** A statement with its first words, upper-cased. */
interface ScannedStatement extends SqlStatement {
  readonly head: string;
}

/** The statements of a script, each with its line and head. */
function scan(sql: string): ScannedStatement[] {
  const line = lineCounter(sql);
  const statements: ScannedStatement[] = [];
  let words: string[] = [];
  let start: Token | undefined;
  let end = 0;
  let trigger = false;
  let depth = 0;
  const finish = () => {
    if (start) {
      statements.push({ sql: sql.slice(start.start, end), line: line(start.start), head: words.slice(0, 6).join(' ') });
    }
    start = undefined;
    words = [];
    trigger = false;
    depth = 0;
  };
  for (const token of tokenize(sql)) {
    if (token.kind === 'blank') continue;
    if (token.kind === 'semicolon' && depth === 0) {
      finish();
      continue;
    }
    start ??= token;
    end = token.end;
    if (token.kind !== 'word') continue;
    const word = token.text.toUpperCase();
    if (words.length < 8) {
      words.push(word);
      if (word === 'TRIGGER' && /^CREATE( TEMP| TEMPORARY)? TRIGGER$/.test(words.join(' '))) trigger = true;
    }
    if (!trigger) continue;
    if (word === 'BEGIN' || word === 'CASE') depth++;
    else if (word === 'END' && depth > 0) depth--;
  }
  finish();
  return statements;
}

const TRANSACTION_CONTROL = /^(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/;
const OUTSIDE = /^(VACUUM|ATTACH|DETACH|PRAGMA (FOREIGN_KEYS|JOURNAL_MODE)\b)/;

function outsideTransaction(statement: ScannedStatement): boolean {
  return TRANSACTION_CONTROL.test(statement.head) || OUTSIDE.test(statement.head);
}

const FOREIGN_KEYS = /^PRAGMA\s+(?:main\s*\.\s*)?foreign_keys\s*=\s*'?(ON|OFF|TRUE|FALSE|YES|NO|1|0)'?$/i;

/** Pragmas that set the session up, such as a rebuild's, and that foreign keys do not matter to. */
const SESSION = /^PRAGMA\s+(?:main\s*\.\s*)?(?:defer_foreign_keys|legacy_alter_table)\b/i;

/** Whether a statement turns foreign keys off (`PRAGMA foreign_keys = OFF`), on, or neither. */
export function foreignKeys(sql: string): 'off' | 'on' | undefined {
  const value = FOREIGN_KEYS.exec(sql.trim().replace(/\s*;$/, ''))?.[1]?.toUpperCase();
  if (value === undefined) return undefined;
  return ['OFF', 'FALSE', 'NO', '0'].includes(value) ? 'off' : 'on';
}

/**
 * A script that turns foreign keys off (SQLite's twelve-step table rebuild, as schemaguard's
 * planner, drizzle-kit and Prisma write it): its first `PRAGMA foreign_keys = OFF` runs before its
 * transaction, where it takes effect, its other foreign-keys pragmas are left out of the
 * transaction (where they would do nothing), and its last `PRAGMA foreign_keys = ON` runs after it
 * (added when the script has none). A script that turns them on again and then runs more
 * statements, which may count on them, is not wrapped: it runs statement by statement.
 */
function around(statements: readonly SqlStatement[]): SessionWrap {
  const pragmas = statements.map((statement) => foreignKeys(statement.sql));
  const firstOff = pragmas.indexOf('off');
  const none = { before: [], body: statements, after: [] };
  if (firstOff < 0) return none;
  // The last statement that may count on foreign keys (not a pragma that only sets the session up).
  const lastOther = statements.findLastIndex(
    (statement, i) => pragmas[i] === undefined && !SESSION.test(statement.sql.trim()),
  );
  if (pragmas.some((pragma, i) => pragma === 'on' && i < lastOther)) return none;
  const lastOn = pragmas.lastIndexOf('on');
  const last = statements.at(-1) as SqlStatement;
  return {
    before: [statements[firstOff] as SqlStatement],
    body: statements.filter((_, i) => pragmas[i] === undefined),
    after: [lastOn >= 0 ? (statements[lastOn] as SqlStatement) : { sql: 'PRAGMA foreign_keys = ON', line: last.line }],
  };
}

/** The statements of a script with their lines, without terminators. */
export function splitSqlite(sql: string): SqlStatement[] {
  return scan(sql).map(({ sql: text, line }) => ({ sql: text, line }));
}

/** SQLite's lexer, as the dialect contract names it. */
export const sqliteLexer: SqlLexer = {
  split: splitSqlite,
  runsOutsideTransaction: (sql) => {
    const first = scan(sql)[0];
    return first !== undefined && outsideTransaction(first);
  },
  controlsTransactions: (sql) => scan(sql).some((s) => TRANSACTION_CONTROL.test(s.head)),
  nonTransactionalStatement(sql) {
    const { body } = around(scan(sql));
    const found = (body as ScannedStatement[]).find(outsideTransaction);
    return found && { sql: found.sql, line: found.line };
  },
  around,
};
