import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * The branch a repository deploys from by default: origin's default branch, else `main`,
 * else `master` when only it exists (or is checked out), else `main`.
 */
export async function defaultBranch(root: string): Promise<string> {
  const git = (...args: string[]) =>
    exec('git', args, { cwd: root }).then(
      (r) => r.stdout.trim(),
      () => '',
    );
  const origin = (await git('symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD')).replace(/^origin\//, '');
  if (origin) return origin;
  if (await git('rev-parse', '--verify', '--quiet', 'refs/heads/main')) return 'main';
  if (await git('rev-parse', '--verify', '--quiet', 'refs/heads/master')) return 'master';
  return (await git('symbolic-ref', '--quiet', '--short', 'HEAD')) === 'master' ? 'master' : 'main';
}
