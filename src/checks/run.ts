import type { Connection } from '../dialects/dialect.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { ProgramStartError, runProgram } from '../subprocess.js';

/** Seconds a check may run when it sets no `timeout`. */
export const DEFAULT_CHECK_TIMEOUT_SECONDS = 60;

/** A query that must return at least one row, e.g. "an admin user exists". */
export interface SqlCheck {
  readonly name: string;
  /** One statement, usually a `SELECT`; run read-only and always rolled back. */
  readonly sql: string;
  /** Seconds it may run (default 60). */
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
 * Runs an SQL check in a read-only transaction that is always rolled back: it passes
 * when the query returns at least one row. The SQL must be one statement, so it cannot
 * `COMMIT` its way out of the transaction. Never throws; a server error fails the check
 * with the error as its message. Call it outside a transaction.
 */
export async function runSqlCheck(client: Connection, check: SqlCheck): Promise<CheckResult> {
  const done = resultFor(check.name);
  const statements = client.dialect.lexer.split(check.sql).map((s) => s.sql);
  if (statements.length !== 1) {
    return done(
      false,
      statements.length === 0 ? 'has no query' : `has ${statements.length} statements; a check runs one query`,
    );
  }
  const timeout = check.timeout ?? DEFAULT_CHECK_TIMEOUT_SECONDS;
  let started = false;
  try {
    const rows = await client.transaction(
      (tx) => {
        started = true;
        // Run as written: wrapping it (`SELECT EXISTS (…)`) would let the planner skip functions in its select list.
        return tx.query(statements[0] as string);
      },
      { readOnly: true, timeoutMs: timeout * 1000, rollback: true },
    );
    return rows.length > 0 ? done(true, 'returned a row') : done(false, 'returned no rows');
  } catch (error) {
    if (!started) return done(false, `cannot start a read-only transaction: ${firstLine(errorMessage(error))}`);
    const timedOut = client.dialect.migrations.isStatementTimeout(error);
    return done(false, timedOut ? `timed out after ${timeout} s` : firstLine(errorMessage(error)));
  }
}

/** Where and with what environment command checks run. */
export interface RunCommandOptions {
  /** The working directory (default: the process's); the config's folder for configured checks. */
  readonly cwd?: string;
  /** The command's environment (default: the process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Characters of each output stream looked at for the failure message. */
const OUTPUT_TAIL = 16 * 1024;

/**
 * Runs a command check through the shell: it passes on exit code 0. After its
 * timeout the command and its whole process group are killed. Never throws; the
 * message gives the exit code (or the timeout) and, on failure, the last line of stderr.
 */
export async function runCommandCheck(check: CommandCheck, options: RunCommandOptions = {}): Promise<CheckResult> {
  const done = resultFor(check.name);
  const timeout = check.timeout ?? DEFAULT_CHECK_TIMEOUT_SECONDS;
  let result;
  try {
    result = await runProgram(check.command, [], {
      shell: true,
      cwd: options.cwd,
      ...(options.env ? { env: options.env } : {}),
      timeoutMs: timeout * 1000,
      name: check.name,
    });
  } catch (error) {
    const reason = error instanceof ProgramStartError ? error.reason : errorMessage(error);
    return done(false, `cannot start: ${firstLine(reason)}`);
  }
  const detail = lastOutputLine(result.stderr.slice(-OUTPUT_TAIL)) ?? lastOutputLine(result.stdout.slice(-OUTPUT_TAIL));
  const withDetail = (text: string) => (detail ? `${text}: ${detail}` : text);
  if (result.timedOut) return done(false, withDetail(`timed out after ${timeout} s`));
  if (result.exitCode === 0) return done(true, 'exited with code 0');
  if (result.exitCode !== undefined) return done(false, withDetail(`exited with code ${result.exitCode}`));
  return done(false, withDetail(`was killed by ${result.signal ?? 'a signal'}`));
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
  readonly client?: Connection;
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
      ? await runSqlCheck(client as Connection, check)
      : await runCommandCheck(check, options);
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}
