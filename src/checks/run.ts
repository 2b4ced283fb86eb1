import { type ChildProcess, spawn } from 'node:child_process';
import type { PostgresClient } from '../dialects/postgres/connection.js';
import { SchemaguardError, errorMessage } from '../errors.js';

/** Seconds a check may run when it sets no `timeout`. */
export const DEFAULT_CHECK_TIMEOUT_SECONDS = 60;

/** A query that must return at least one row, e.g. "an admin user exists". */
export interface SqlCheck {
  readonly name: string;
  /** One statement, usually a `SELECT`; run read-only and always rolled back. */
  readonly sql: string;
  /** Seconds it may run (`statement_timeout`; default 60). */
  readonly timeout?: number;
}

/** A shell command that must exit with code 0, e.g. `python manage.py check --deploy`. */
export interface CommandCheck {
  readonly name: string;
  /** Run through the shell, in the config's folder. */
  readonly command: string;
  /** Seconds before it is killed and fails (default 60). */
  readonly timeout?: number;
}

/** One of the team's own checks from the config's `checks` list. */
export type SystemCheck = SqlCheck | CommandCheck;

/** The outcome of one check. */
export interface CheckResult {
  readonly name: string;
  readonly passed: boolean;
  /** One line: `returned a row`, `exited with code 1: <last line of stderr>`, `timed out after 60 s`, … */
  readonly message: string;
  /** How long it ran, in milliseconds. */
  readonly ms: number;
}

/** Whether a check runs SQL (and so needs a database connection). */
export function isSqlCheck(check: SystemCheck): check is SqlCheck {
  return 'sql' in check;
}

/** A stopwatch that turns an outcome into a {@link CheckResult}. */
function resultFor(name: string): (passed: boolean, message: string) => CheckResult {
  const started = performance.now();
  return (passed, message) => ({ name, passed, message, ms: Math.round(performance.now() - started) });
}

/**
 * Runs an SQL check in a `BEGIN READ ONLY` transaction that is always rolled back:
 * it passes when the query returns at least one row. The SQL must be one statement,
 * so it cannot `COMMIT` its way out of the transaction. Never throws; a server error
 * fails the check with the error as its message. Call it outside a transaction.
 */
export async function runSqlCheck(client: PostgresClient, check: SqlCheck): Promise<CheckResult> {
  const done = resultFor(check.name);
  const statements = splitStatements(check.sql);
  if (statements.length !== 1) {
    return done(
      false,
      statements.length === 0 ? 'has no query' : `has ${statements.length} statements; a check runs one query`,
    );
  }
  const timeout = check.timeout ?? DEFAULT_CHECK_TIMEOUT_SECONDS;
  try {
    await client.exec('BEGIN READ ONLY');
  } catch (error) {
    return done(false, `cannot start a read-only transaction: ${firstLine(errorMessage(error))}`);
  }
  try {
    await client.query("SELECT set_config('statement_timeout', $1, true)", [String(Math.ceil(timeout * 1000))]);
    // Run as written: wrapping it (`SELECT EXISTS (…)`) would let the planner skip functions in its select list.
    const rows = await client.query(statements[0] as string);
    return rows.length > 0 ? done(true, 'returned a row') : done(false, 'returned no rows');
  } catch (error) {
    const timedOut = (error as { code?: string }).code === '57014' && /statement timeout/i.test(errorMessage(error));
    return done(false, timedOut ? `timed out after ${timeout} s` : firstLine(errorMessage(error)));
  } finally {
    await client.exec('ROLLBACK').catch(() => {});
  }
}

/** Where and with what environment command checks run. */
export interface RunCommandOptions {
  /** The working directory (default: the process's); the config's folder for configured checks. */
  readonly cwd?: string;
  /** The command's environment (default: the process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Characters of each output stream kept for the failure message. */
const OUTPUT_TAIL = 16 * 1024;
/** Milliseconds between SIGTERM and SIGKILL, and the longest wait for output pipes after exit. */
const GRACE_MS = 1000;

/**
 * Runs a command check through the shell: it passes on exit code 0. After its
 * timeout the command and its whole process group are killed. Never throws; the
 * message gives the exit code (or the timeout) and, on failure, the last line of stderr.
 */
export function runCommandCheck(check: CommandCheck, options: RunCommandOptions = {}): Promise<CheckResult> {
  const done = resultFor(check.name);
  const timeout = check.timeout ?? DEFAULT_CHECK_TIMEOUT_SECONDS;
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(check.command, {
        shell: true,
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a timeout kills what the shell started too.
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (error) {
      resolve(done(false, `cannot start: ${firstLine(errorMessage(error))}`));
      return;
    }
    const stdout = captureTail(child.stdout);
    const stderr = captureTail(child.stderr);
    const timers: NodeJS.Timeout[] = [];
    let timedOut = false;
    let settled = false;
    const finish = (result: CheckResult) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      resolve(result);
    };
    const lastLine = () => lastOutputLine(stderr()) ?? lastOutputLine(stdout());
    timers.push(
      setTimeout(() => {
        timedOut = true;
        killGroup(child, 'SIGTERM');
        timers.push(setTimeout(() => killGroup(child, 'SIGKILL'), GRACE_MS));
      }, timeout * 1000),
    );
    child.on('error', (error) => finish(done(false, `cannot start: ${firstLine(errorMessage(error))}`)));
    // A background process that kept the output pipes open must not hold the result back.
    child.on('exit', () => {
      timers.push(
        setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
        }, GRACE_MS),
      );
    });
    child.on('close', (code, signal) => {
      const detail = lastLine();
      const withDetail = (text: string) => (detail ? `${text}: ${detail}` : text);
      if (timedOut) finish(done(false, withDetail(`timed out after ${timeout} s`)));
      else if (code === 0) finish(done(true, 'exited with code 0'));
      else if (code !== null) finish(done(false, withDetail(`exited with code ${code}`)));
      else finish(done(false, withDetail(`was killed by ${signal ?? 'a signal'}`)));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    child.kill(signal);
  }
}

/** Keeps the last {@link OUTPUT_TAIL} characters of a stream; returns a reader. */
function captureTail(stream: NodeJS.ReadableStream | null): () => string {
  let tail = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-OUTPUT_TAIL);
  });
  return () => tail;
}

/** The last non-empty line of some output, without colour codes, shortened to 300 characters. */
function lastOutputLine(output: string): string | undefined {
  const lines = output
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter(Boolean);
  const last = lines.at(-1);
  return last && last.length > 300 ? `${last.slice(0, 299)}…` : last;
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? text).trim();
}

/** Where and how a list of checks runs. */
export interface RunChecksOptions extends RunCommandOptions {
  /** The database SQL checks run against; required when there are any. */
  readonly client?: PostgresClient;
  /** Called with each result as soon as it is known, for progress output. */
  readonly onResult?: (result: CheckResult) => void;
}

/**
 * Runs checks one after another, in order, and returns every result (a failure does
 * not stop the rest). Throws a {@link SchemaguardError} before running anything when
 * an SQL check is given without a `client`.
 */
export async function runChecks(
  checks: readonly SystemCheck[],
  options: RunChecksOptions = {},
): Promise<CheckResult[]> {
  const { client } = options;
  const needsDatabase = checks.find(isSqlCheck);
  if (needsDatabase && !client) {
    throw new SchemaguardError(`The check "${needsDatabase.name}" runs SQL, so it needs a database connection.`);
  }
  const results: CheckResult[] = [];
  for (const check of checks) {
    const result = isSqlCheck(check)
      ? await runSqlCheck(client as PostgresClient, check)
      : await runCommandCheck(check, options);
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}

/**
 * The statements of an SQL text that have something besides whitespace and comments,
 * without their semicolons. Knows quotes, `E'…'` escapes, dollar quotes and nested comments.
 */
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let meaningful = false;
  let i = 0;
  const end = () => {
    if (meaningful) statements.push(sql.slice(start, i).trim());
    meaningful = false;
    start = i + 1;
  };
  while (i < sql.length) {
    const char = sql[i] as string;
    const next = sql[i + 1];
    if (char === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      i = newline < 0 ? sql.length : newline + 1;
      continue;
    }
    if (char === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        const pair = sql.slice(i, i + 2);
        if (pair === '/*' || pair === '*/') {
          depth += pair === '/*' ? 1 : -1;
          i += 2;
        } else {
          i++;
        }
      }
      continue;
    }
    if (char === ';') {
      end();
      i++;
      continue;
    }
    if (!/\s/.test(char)) meaningful = true;
    if (char === "'" || char === '"') {
      const escapes = char === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[\w$]/.test(sql[i - 2] ?? '');
      i++;
      while (i < sql.length) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === char && sql[i + 1] === char) i += 2;
        else if (sql[i] === char) break;
        else i++;
      }
      i++;
      continue;
    }
    if (char === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        i = close < 0 ? sql.length : close + tag.length;
        continue;
      }
    }
    i++;
  }
  end();
  return statements;
}
