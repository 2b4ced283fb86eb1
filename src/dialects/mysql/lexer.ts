/**
 * How MySQL scripts divide into statements: `;` outside quotes (`'…'`, `"…"`, `` `…` ``) and
 * comments (`-- `, `#`, `/* … *\/`), with the `mysql` client's `DELIMITER` command. MySQL
 * commits implicitly before and after DDL, so DDL never runs inside a transaction.
 */
import type { SqlLexer, SqlStatement } from '../dialect.js';

/** Splits a script into its statements, each with the line it starts on. */
function split(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let delimiter = ';';
  let start = 0;
  let line = 1;
  let startLine = 1;
  let seen = false;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (seen && text) statements.push({ sql: text, line: startLine });
    seen = false;
  };
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const atLineStart = i === 0 || sql[i - 1] === '\n';
    if (atLineStart && !seen) {
      const command = /^[ \t]*delimiter[ \t]+(\S+)[ \t]*(\r?\n|$)/i.exec(sql.slice(i));
      if (command?.[1]) {
        delimiter = command[1];
        i += command[0].length;
        if (command[2]) line++;
        start = i;
        continue;
      }
    }
    if (ch === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#' || (ch === '-' && sql[i + 1] === '-' && /\s/.test(sql[i + 2] ?? ' '))) {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      line += (sql.slice(i, stop).match(/\n/g) ?? []).length;
      i = stop;
      continue;
    }
    if (sql.startsWith(delimiter, i)) {
      push(i);
      i += delimiter.length;
      start = i;
      continue;
    }
    if (!seen) {
      seen = true;
      startLine = line;
      start = i;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== ch) {
        if (sql[j] === '\\' && ch !== '`') j++;
        else if (sql[j] === '\n') line++;
        j++;
      }
      i = j + 1;
      continue;
    }
    i++;
  }
  push(sql.length);
  return statements;
}

/** Statements that commit the transaction around them (DDL, account management) or control it. */
const IMPLICIT_COMMIT =
  /^\s*(create|alter|drop|rename|truncate|grant|revoke|lock|unlock|install|uninstall|analyze|optimize|repair)\b/i;
const TRANSACTION_CONTROL =
  /^\s*(begin|start\s+transaction|commit|rollback|savepoint|release\s+savepoint|set\s+autocommit)\b/i;

function runsOutsideTransaction(sql: string): boolean {
  return IMPLICIT_COMMIT.test(sql) || TRANSACTION_CONTROL.test(sql);
}

/** MySQL's and MariaDB's lexer. */
export const mysqlLexer: SqlLexer = {
  split,
  runsOutsideTransaction,
  controlsTransactions: (sql) => split(sql).some((s) => TRANSACTION_CONTROL.test(s.sql)),
  nonTransactionalStatement: (sql) => split(sql).find((s) => runsOutsideTransaction(s.sql)),
};
