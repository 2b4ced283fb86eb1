import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The commit checked out in the repository holding `path` (a folder that need not exist
 * yet, such as where a file is about to be written), or undefined outside a git repository.
 */
export async function currentCommit(path: string): Promise<string | undefined> {
  let cwd = resolve(path);
  while (!existsSync(cwd) && dirname(cwd) !== cwd) cwd = dirname(cwd);
  try {
    const { stdout } = await run('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd });
    const sha = stdout.trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}
