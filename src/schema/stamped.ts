/**
 * Names of backups and versioned snapshots: `<UTC time>_<short git sha>`, e.g.
 * `20261121T095012Z_3ec8c96` (`nogit` outside a git repository). They sort by time and
 * are valid file names everywhere.
 */

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SchemaguardError, errorMessage } from '../errors.js';
import { writeFileAtomic } from './snapshot.js';

/** The stamped name for a moment and the current commit. */
export function stampedName(now: Date, commit: string | undefined): string {
  const time = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${time}_${commit?.slice(0, 7) ?? 'nogit'}`;
}

/** The time and commit of a stamped name (without its extension), or undefined for any other name. */
export function parseStampedName(name: string): { readonly time: Date; readonly commit?: string } | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z_([0-9a-f]{7}|nogit)$/.exec(name);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, commit] = match;
  return {
    time: new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`),
    commit: commit === 'nogit' ? undefined : commit,
  };
}

/**
 * Writes `text` as a new file `<stem>.json` in `folder`, or `<stem>-2.json`, `<stem>-3.json`, …
 * when that name is taken (two snapshots in the same second). An existing file is never
 * overwritten, even by a concurrent run, and a failed write leaves no partial file: the text
 * is written in full under a temporary name first, then linked to the first free name.
 * Returns the path written.
 */
export async function writeNewSnapshotFile(
  folder: string,
  stem: string,
  text: string | readonly string[],
): Promise<string> {
  const staging = join(folder, `.${stem}.${process.pid}.${randomBytes(4).toString('hex')}.new`);
  try {
    await writeFileAtomic(staging, text);
  } catch (error) {
    // Name the file the user asked for, not the temporary one.
    const message = errorMessage(error).replace(staging, join(folder, `${stem}.json`));
    throw new SchemaguardError(message, { cause: error });
  }
  try {
    for (let sequence = 1; ; sequence++) {
      const path = join(folder, `${stem}${sequence === 1 ? '' : `-${sequence}`}.json`);
      try {
        await link(staging, path);
        return path;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        // A file system without hard links: a rename to the name just seen free.
        if ((code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') && !existsSync(path)) {
          await rename(staging, path);
          return path;
        }
        throw new SchemaguardError(`Cannot write ${path}: ${errorMessage(error)}.`, { cause: error });
      }
    }
  } finally {
    await rm(staging, { force: true }).catch(() => {});
  }
}
