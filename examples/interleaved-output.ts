import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a command to its end with its stdout and stderr both written to one file, so that its
 * output reads in the order it was written, as on a terminal (two pipes read separately
 * would put every stderr line after every stdout line). Returns the exit status and the output.
 */
export function runInterleaved(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): { status: number | null; output: string } {
  const folder = mkdtempSync(join(tmpdir(), 'schemaguard-output-'));
  const file = join(folder, 'output');
  const fd = openSync(file, 'w');
  try {
    const result = spawnSync(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] });
    if (result.error) throw result.error;
    return { status: result.status, output: readFileSync(file, 'utf8') };
  } finally {
    closeSync(fd);
    rmSync(folder, { recursive: true, force: true });
  }
}
