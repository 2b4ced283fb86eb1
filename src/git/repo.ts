import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { SchemaguardError, errorMessage } from '../errors.js';
import { git } from './git.js';
import { readHeadCommit } from './head.js';

/**
 * The commit checked out in the repository holding `path` (a folder that need not exist
 * yet, such as where a file is about to be written), or undefined outside a git repository.
 * Read from the repository's files where they say it plainly, else from git; `env` is the
 * run's environment (git's location variables in it send the question to git).
 */
export async function currentCommit(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  let cwd = resolve(path);
  while (!existsSync(cwd) && dirname(cwd) !== cwd) cwd = dirname(cwd);
  const read = await readHeadCommit(cwd, env);
  if (read !== undefined) return read ?? undefined;
  try {
    const sha = (await git(['rev-parse', '--verify', '--quiet', 'HEAD'], cwd)).trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A file as it is at a git revision (`git show REV:./PATH`, the path relative to `cwd`),
 * with clear errors for an unknown revision, a missing path or no repository.
 */
export async function fileAtRevision(revision: string, path: string, cwd: string): Promise<string> {
  const relativePath = isAbsolute(path) ? relative(await topLevel(cwd), path) : `./${path.replace(/^\.\//, '')}`;
  try {
    const stdout = await git(['show', `${revision}:${relativePath}`], cwd);
    // For a folder, git show lists it under a `tree REV:PATH` line.
    if (stdout.startsWith(`tree ${revision}:${relativePath}\n`)) {
      throw new SchemaguardError(
        `git:${revision}:${path} is a folder, and git:REV:PATH names a snapshot file: for the migrations folder as it is at ${revision}, write migrations:git:${revision}:${path}.`,
      );
    }
    return stdout;
  } catch (error) {
    if (error instanceof SchemaguardError) throw error;
    const stderr = String((error as { stderr?: string }).stderr ?? '');
    if (/not a git repository/i.test(stderr)) {
      throw new SchemaguardError(`Cannot read git:${revision}:${path}: ${cwd} is not inside a git repository.`);
    }
    if (/invalid object name|unknown revision|bad revision|ambiguous argument/i.test(stderr)) {
      throw new SchemaguardError(`Unknown git revision "${revision}" (in git:${revision}:${path}).`);
    }
    if (/does not exist|exists on disk, but not in/i.test(stderr)) {
      throw new SchemaguardError(`${path} does not exist at git revision ${revision}.`);
    }
    throw new SchemaguardError(
      `Cannot read git:${revision}:${path}: ${stderr.trim().split('\n')[0] || errorMessage(error)}.`,
    );
  }
}

/** The top folder of the git repository holding `cwd`; a clear error outside one. */
export async function topLevel(cwd: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  } catch (error) {
    if (error instanceof SchemaguardError) throw error;
    throw new SchemaguardError(`${cwd} is not inside a git repository.`);
  }
}

/** Paths of the files under a folder at a git revision, relative to that folder; [] when it did not exist then. */
export async function filesAtRevision(revision: string, folder: string, cwd: string): Promise<string[]> {
  const root = await topLevel(cwd);
  const prefix = relative(root, resolve(cwd, folder)).split('\\').join('/');
  try {
    // The top level itself: every file, as git names them (an empty pathspec is refused).
    const stdout = await git(['ls-tree', '-r', '--name-only', revision, '--', prefix || '.'], root);
    return stdout
      .split('\n')
      .filter(Boolean)
      .map((path) => (prefix ? path.slice(prefix.length + 1) : path));
  } catch (error) {
    if (error instanceof SchemaguardError) throw error;
    const stderr = String((error as { stderr?: string }).stderr ?? '');
    if (/not a valid|invalid object|unknown revision|bad revision/i.test(stderr)) {
      throw new SchemaguardError(`Unknown git revision "${revision}" (--base-ref).`);
    }
    throw new SchemaguardError(
      `Cannot list ${folder} at git revision ${revision}: ${stderr.trim().split('\n')[0] || errorMessage(error)}.`,
    );
  }
}

/** The state of a working tree, for the pre-deploy checks. */
export interface WorkingTreeState {
  /** The checked-out branch; undefined on a detached HEAD. */
  readonly branch?: string;
  /** Tracked files with changes, staged or not. */
  readonly changed: readonly string[];
  readonly untracked: readonly string[];
  /** The upstream branch and how many of its commits are not here, when one is set (as of the last fetch). */
  readonly upstream?: { readonly name: string; readonly behind: number };
}

/** The working tree state of the repository holding `cwd`, or undefined outside a git repository. */
export async function workingTreeState(cwd: string): Promise<WorkingTreeState | undefined> {
  let status: string;
  try {
    status = await git(['status', '--porcelain=v1', '-z', '--branch'], cwd);
  } catch {
    return undefined;
  }
  const entries = status.split('\0').filter(Boolean);
  const header = entries[0]?.startsWith('## ') ? entries.shift()?.slice(3) : undefined;
  const changed: string[] = [];
  const untracked: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] ?? '';
    const path = entry.slice(3);
    if (entry.startsWith('??')) untracked.push(path);
    else changed.push(path);
    // A rename or copy is followed by its source path.
    if (/^[RC]/.test(entry)) i++;
  }
  // `## main...origin/main [behind 2]`, `## HEAD (no branch)`, `## No commits yet on main`.
  const match = /^(?:No commits yet on )?(\S+?)(?:\.\.\.(\S+))?(?: \[.*?behind (\d+).*?\])?$/.exec(header ?? '');
  const branch = match?.[1] && !header?.startsWith('HEAD (no branch)') ? match[1] : undefined;
  return {
    ...(branch ? { branch } : {}),
    changed,
    untracked,
    ...(match?.[2] ? { upstream: { name: match[2], behind: Number(match[3] ?? 0) } } : {}),
  };
}
