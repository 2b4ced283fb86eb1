import { runProgram } from '../subprocess.js';

/** A git command that failed: its message is the first line of its stderr, `stderr` all it said. */
export class GitCommandError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * Runs git in `cwd` (with `input` on its stdin) and resolves to its stdout. Rejects with a
 * {@link GitCommandError} when git fails, and with a SchemaguardError when git cannot run
 * ("git is not installed or not on the PATH.").
 */
export async function git(args: readonly string[], cwd: string, input?: string): Promise<string> {
  const result = await runProgram('git', args, { cwd, ...(input === undefined ? {} : { input }) });
  if (result.exitCode === 0) return result.stdout;
  const stderr = result.stderr.trim();
  throw new GitCommandError(
    stderr.split('\n')[0] || `git ${args[0]} exited with ${result.exitCode ?? result.signal}`,
    stderr,
  );
}
