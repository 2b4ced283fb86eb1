import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SchemaguardError, errorMessage } from '../errors.js';

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

/**
 * A file as it is at a git revision (`git show REV:./PATH`, the path relative to `cwd`),
 * with clear errors for an unknown revision, a missing path or no repository.
 */
export async function fileAtRevision(revision: string, path: string, cwd: string): Promise<string> {
  const relativePath = isAbsolute(path) ? relative(await topLevel(cwd), path) : `./${path.replace(/^\.\//, '')}`;
  try {
    const { stdout } = await run('git', ['show', `${revision}:${relativePath}`], {
      cwd,
      maxBuffer: 1024 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
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

async function topLevel(cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], { cwd });
    return stdout.trim();
  } catch {
    throw new SchemaguardError(`${cwd} is not inside a git repository.`);
  }
}

/** Paths of the files under a folder at a git revision, relative to that folder; [] when it did not exist then. */
export async function filesAtRevision(revision: string, folder: string, cwd: string): Promise<string[]> {
  const root = await topLevel(cwd);
  const prefix = relative(root, resolve(cwd, folder)).split('\\').join('/');
  try {
    const { stdout } = await run('git', ['ls-tree', '-r', '--name-only', revision, '--', prefix], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout
      .split('\n')
      .filter(Boolean)
      .map((path) => path.slice(prefix.length + 1));
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '');
    if (/not a valid|invalid object|unknown revision|bad revision/i.test(stderr)) {
      throw new SchemaguardError(`Unknown git revision "${revision}" (--base-ref).`);
    }
    throw new SchemaguardError(
      `Cannot list ${folder} at git revision ${revision}: ${stderr.trim().split('\n')[0] || errorMessage(error)}.`,
    );
  }
}
