import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli as runProgram } from '../../src/cli/program.js';
import { closeSharedEmbeddedDatabases } from '../../src/dialects/index.js';
import type { OutputStream } from '../../src/cli/io.js';

/** The built CLI, for the tests that need a real process (signals, the bin, hooks run by git). */
export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where a test runs the CLI: the working directory (the system's temporary folder by default) and added variables. */
export interface CliOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** What the standard input holds; empty by default, and never a terminal. */
  readonly input?: string;
}

/**
 * The environment a run sees: this process's, without colours, with the test's additions.
 * A copy: a run never changes the test process's own environment.
 */
function runEnvironment(env: CliOptions['env']): Record<string, string | undefined> {
  return { ...process.env, NO_COLOR: '1', ...env };
}

/** A stream that keeps what is written to it, as a pipe would pass it on. */
function collector(): OutputStream & { text(): string } {
  const chunks: string[] = [];
  return {
    isTTY: false,
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

/**
 * Runs the CLI in this process, as `main.ts` does for a user, with its own output streams,
 * standard input, working directory and environment; never throws on a non-zero exit.
 * The working directory defaults to the system's temporary folder: outside any git
 * repository or config file, unless a test gives its own.
 */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const code = await runProgram(args, {
    stdout,
    stderr,
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    cwd: options.cwd ?? tmpdir(),
    env: runEnvironment(options.env),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * Runs the built CLI as a user would, in its own process; never throws on a non-zero exit.
 * For what only a real process shows: exit on a signal, the bin itself, several processes at
 * once. Same defaults as {@link runCli}; `cli` runs another built CLI's main.js.
 */
export async function runCliProcess(
  args: readonly string[],
  options: CliOptions & { cli?: string } = {},
): Promise<CliResult> {
  // The process opens embedded databases this one may keep open (test/setup/worker.ts).
  await closeSharedEmbeddedDatabases();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [options.cli ?? CLI, ...args],
      { cwd: options.cwd ?? tmpdir(), env: runEnvironment(options.env), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Asserts the shape every failure must have: one line, no stack trace. */
export function isOneSentenceError(result: CliResult): boolean {
  const lines = result.stderr.trim().split('\n');
  return (
    result.code === 2 &&
    lines.length === 1 &&
    lines[0]?.startsWith('schemaguard: ') === true &&
    !/\n\s+at /.test(result.stderr)
  );
}
