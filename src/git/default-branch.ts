import { git as runGit } from './git.js';

/**
 * The branch a repository deploys from by default: origin's default branch, else `main`,
 * else `master` when only it exists (or is checked out), else `main`.
 */
export async function defaultBranch(root: string): Promise<string> {
  const git = (...args: string[]) =>
    runGit(args, root).then(
      (stdout) => stdout.trim(),
      () => '',
    );
  const origin = (await git('symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD')).replace(/^origin\//, '');
  if (origin) return origin;
  if (await git('rev-parse', '--verify', '--quiet', 'refs/heads/main')) return 'main';
  if (await git('rev-parse', '--verify', '--quiet', 'refs/heads/master')) return 'master';
  return (await git('symbolic-ref', '--quiet', '--short', 'HEAD')) === 'master' ? 'master' : 'main';
}
