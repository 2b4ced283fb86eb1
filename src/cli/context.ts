import pc from 'picocolors';
import { loadConfig, type ResolvedConfig } from '../config/load.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { redactSecrets, redactUrl, urlPasswords } from '../redact.js';
import { parseRef } from '../sources/ref.js';
import { writeFileAtomic } from '../schema/snapshot.js';
import { requireGivenRefs } from './given-refs.js';
import type { CliIo } from './io.js';

/** Options every command accepts. */
export interface GlobalOptions {
  readonly config?: string;
  readonly verbose?: boolean;
}

/** Options of commands that read one database. */
export interface SourceOptions {
  readonly db?: string;
  readonly env?: string;
  readonly connectTimeout?: string;
}

export function loadCliConfig(options: GlobalOptions): Promise<ResolvedConfig> {
  return loadConfig({ file: options.config });
}

/**
 * The one ref a command reads: a positional ref, `--db URL` or `--env NAME`,
 * else the config's default environment.
 */
export function sourceRef(positional: string | undefined, options: SourceOptions, config: ResolvedConfig): string {
  if (options.db && parseRef(options.db).kind !== 'database') {
    throw new SchemaguardError(`--db takes a database URL (postgres://…, pglite:…), not "${redactUrl(options.db)}".`);
  }
  const given = [positional, options.db, options.env && `env:${options.env}`].filter((r): r is string => Boolean(r));
  if (given.length > 1) throw new SchemaguardError('Name one source only: a ref, --db URL or --env NAME.');
  requireGivenRefs(...given);
  if (given[0]) return given[0];
  if (config.defaultEnvironment) return `env:${config.defaultEnvironment}`;
  throw new SchemaguardError('Name a database to read: --db URL, --env NAME, or a ref such as pglite:./data.');
}

/** `--connect-timeout` in milliseconds, or undefined for the config's value. */
export function connectTimeoutMs(options: SourceOptions): number | undefined {
  if (options.connectTimeout === undefined) return undefined;
  const seconds = Number(options.connectTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new SchemaguardError(`--connect-timeout takes a number of seconds, not "${options.connectTimeout}".`);
  }
  return seconds * 1000;
}

/** Parses a flag value that must be a whole number (0 or more). */
export function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new SchemaguardError(`${flag} takes a whole number, not "${value}".`);
  return n;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Writes a result to a file (atomically) or to stdout. */
export async function writeResult(text: string, output: string | undefined): Promise<void> {
  if (output) await writeFileAtomic(output, text);
  else process.stdout.write(text);
}

/** Progress on stderr, shown only on a terminal; `done()` clears the line. */
export function progressReporter(label: string): { update(step: string): void; done(): void } {
  if (!process.stderr.isTTY) return { update() {}, done() {} };
  let shown = false;
  return {
    update(step) {
      shown = true;
      process.stderr.write(`\r\u001b[2K${pc.dim(`${label}: ${step}…`)}`);
    },
    done() {
      if (shown) process.stderr.write('\r\u001b[2K');
    },
  };
}

/** Passwords found in the command line and the environment, to be kept out of every message. */
function knownSecrets(argv: readonly string[], env: CliIo['env']): string[] {
  return [...argv, ...Object.values(env)].flatMap((value) => (value ? urlPasswords(value) : []));
}

/** Prints an error as one sentence (with the stack under `--verbose`) on `io.stderr` and returns exit code 2. */
export function reportError(error: unknown, verbose: boolean, argv: readonly string[], io: CliIo): number {
  const secrets = knownSecrets(argv, io.env);
  const message =
    error instanceof SchemaguardError
      ? error.message
      : `Unexpected error: ${errorMessage(error)} (run with --verbose for details).`;
  io.stderr.write(`${pc.red('schemaguard:')} ${redactUrl(redactSecrets(message, secrets))}\n`);
  if (verbose && error instanceof Error && error.stack) {
    const cause = error.cause instanceof Error && error.cause.stack ? `\nCaused by: ${error.cause.stack}` : '';
    io.stderr.write(`${redactUrl(redactSecrets(`${error.stack}${cause}`, secrets))}\n`);
  }
  return 2;
}
