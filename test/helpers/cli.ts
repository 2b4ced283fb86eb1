import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI as a user would, in its own process; never throws on a non-zero exit.
 * The working directory defaults to the system's temporary folder: outside any git
 * repository or config file, unless a test gives its own.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; /** another built CLI's main.js */ cli?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [options.cli ?? CLI, ...args],
      {
        cwd: options.cwd ?? tmpdir(),
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
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
