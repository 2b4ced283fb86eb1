import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** A commit id as git writes it (SHA-1 or SHA-256). */
const COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Variables that change where git looks for a repository: with any of them set, git itself is asked. */
const GIT_LOCATION_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES'];

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function isFolder(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return undefined;
  }
}

/** The git folder of the repository holding `folder` (`.git`, or where a `.git` file points), or null. */
async function gitFolder(folder: string): Promise<string | null | undefined> {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const kind = await isFolder(dotGit);
    if (kind === true) return dotGit;
    if (kind === false) {
      // A worktree or submodule: `gitdir: <path>`, relative to the folder holding the file.
      const pointer = /^gitdir: (.+)$/m.exec((await readText(dotGit)) ?? '')?.[1]?.trim();
      return pointer ? resolve(dir, pointer) : undefined;
    }
    if (dirname(dir) === dir) return null;
  }
}

/** The commit a ref names, from its loose file or from `packed-refs`; undefined when neither has it. */
async function resolveRef(gitDir: string, commonDir: string, ref: string, depth = 0): Promise<string | undefined> {
  if (depth > 5 || ref.includes('..')) return undefined;
  for (const base of gitDir === commonDir ? [gitDir] : [gitDir, commonDir]) {
    const loose = (await readText(join(base, ...ref.split('/'))))?.trim();
    if (loose === undefined) continue;
    if (COMMIT_ID.test(loose)) return loose;
    const target = /^ref: (.+)$/.exec(loose)?.[1];
    return target ? resolveRef(gitDir, commonDir, target, depth + 1) : undefined;
  }
  const packed = (await readText(join(commonDir, 'packed-refs'))) ?? '';
  for (const line of packed.split('\n')) {
    const [id, name] = line.trim().split(' ');
    if (name === ref && id && COMMIT_ID.test(id)) return id;
  }
  return undefined;
}

/**
 * The commit checked out in the git repository holding `folder`, read from the repository's
 * files as git reads them (`.git`, `HEAD`, loose and packed refs) instead of starting git:
 * most commands record it, and starting a process costs more than the rest of a small
 * command. `null` when no repository holds the folder; undefined when the files do not say
 * it plainly (an unborn branch, the reftable format, git's location variables set, a folder
 * inside `.git`), and git must be asked.
 */
export async function readHeadCommit(
  folder: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | null | undefined> {
  if (GIT_LOCATION_VARIABLES.some((name) => env[name])) return undefined;
  if (resolve(folder).split(sep).includes('.git')) return undefined;
  const gitDir = await gitFolder(folder);
  if (!gitDir) return gitDir;
  const common = (await readText(join(gitDir, 'commondir')))?.trim();
  const commonDir = common ? resolve(gitDir, common) : gitDir;
  if (/refstorage/i.test((await readText(join(commonDir, 'config'))) ?? '')) return undefined;
  const head = (await readText(join(gitDir, 'HEAD')))?.trim();
  if (!head) return undefined;
  if (COMMIT_ID.test(head)) return head;
  const ref = /^ref: (refs\/.+)$/.exec(head)?.[1];
  return ref ? resolveRef(gitDir, commonDir, ref) : undefined;
}
