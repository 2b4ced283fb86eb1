import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { SchemaguardError } from '../errors.js';
import { CatFileBatch } from './history.js';
import { filesAtRevision, topLevel } from './repo.js';

/** A folder as it was at a git revision, written out; `dispose` removes the copy. */
export interface FolderCopy {
  /** The copy of the folder itself. */
  readonly path: string;
  dispose(): Promise<void>;
}

/**
 * Writes a folder as it is at a git revision (the path relative to `cwd`) into a new
 * temporary folder, every file read through one `git cat-file` process. Clear errors for
 * an unknown revision, a path missing at it, a file where a folder is expected, or no
 * repository.
 */
export async function folderAtRevision(revision: string, folder: string, cwd: string): Promise<FolderCopy> {
  const root = await topLevel(cwd);
  const prefix = relative(root, resolve(cwd, folder)).split('\\').join('/');
  const shown = relative(cwd, resolve(cwd, folder)) || '.';
  const ref = `git:${revision}:${shown}`;
  if (prefix === '' || prefix.startsWith('..')) {
    throw new SchemaguardError(`${ref} names no folder inside the repository: give the migrations folder's path.`);
  }
  const batch = new CatFileBatch(root);
  const copy = await mkdtemp(join(tmpdir(), 'schemaguard-git-'));
  const dispose = () => rm(copy, { recursive: true, force: true });
  try {
    if (!(await batch.read(`${revision}^{commit}`))) {
      throw new SchemaguardError(`Unknown git revision "${revision}" (in ${ref}).`);
    }
    const object = await batch.read(`${revision}:${prefix}`);
    if (!object) throw new SchemaguardError(`${shown} does not exist at git revision ${revision}.`);
    if (object.type !== 'tree') {
      throw new SchemaguardError(
        `${shown} is a file at git revision ${revision}, not a folder: a migrations folder is named migrations:git:${revision}:FOLDER.`,
      );
    }
    const files = await filesAtRevision(revision, resolve(cwd, folder), cwd);
    let index = 0;
    for await (const blob of batch.readEach(files.map((file) => `${revision}:${prefix}/${file}`))) {
      const file = join(copy, files[index++] ?? '');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, blob?.content ?? '');
    }
    return { path: copy, dispose };
  } catch (error) {
    await dispose();
    throw error;
  } finally {
    await batch.close();
  }
}
