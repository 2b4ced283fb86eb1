/**
 * Writing a result to a path the user named (`-o FILE`) or to one of the tool's own files,
 * without ever leaving a half-written file or replacing what is at the path by something
 * of another kind.
 */

import { randomBytes } from 'node:crypto';
import { type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SchemaguardError, errorMessage } from './errors.js';

/** Symbolic links followed at most, as the kernel does (`ELOOP` beyond). */
const MAX_LINKS = 40;

/**
 * The file a path that does not exist yet will be once its symbolic links are followed: a
 * dangling link's target. (The link itself is kept, as for an existing file: writing
 * replaces what it points at, so a file kept elsewhere and linked into the project stays
 * linked rather than being turned into a copy.)
 */
async function followLinks(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    const stats = await lstat(current).catch(ifMissing(undefined));
    if (!stats?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

function ifMissing<T>(value: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === 'ENOENT') return value;
    throw error;
  };
}

/** A file system error as the end of a sentence: "permission denied", "no space left on the device", … */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a part of the path is a file, not a folder';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EDQUOT') return 'the disk quota is exceeded';
  if (code === 'ELOOP') return 'too many symbolic links';
  if (code === 'ENXIO') return 'it is a socket, which cannot be opened as a file';
  if (code === 'EPIPE') return 'the reader closed it';
  if (code === 'EFBIG') return 'the file is larger than allowed (ulimit -f)';
  return errorMessage(error);
}

/** Writes text, bytes, or text in pieces (each from where the last ended) to an open file. */
async function writeContent(handle: FileHandle, content: string | Uint8Array | readonly string[]): Promise<void> {
  if (typeof content === 'string' || content instanceof Uint8Array) return handle.writeFile(content);
  for (const piece of content) await handle.writeFile(piece);
}

/**
 * Writes `content` (text, bytes, or text in pieces written one after the other) to `path`,
 * creating missing folders:
 * - a regular file (or none yet) is replaced whole or not at all: the content is written
 *   to a temporary file beside it, flushed to disk and renamed into place, so a failed
 *   or killed write leaves the old file as it was. An existing file keeps its mode (a
 *   0600 file stays 0600) and, when the permissions allow, its owner;
 * - a symbolic link is followed and its target replaced that way, the link kept;
 * - a character device, FIFO or socket (`/dev/stdout`, `/dev/null`, a named pipe) is
 *   written through: renaming a file over it would replace the device by a file;
 * - a folder is refused.
 * Any failure is one sentence naming the path (as `shownAs`, default: `path`).
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array | readonly string[],
  shownAs: string = path,
): Promise<void> {
  let temporary: string | undefined;
  try {
    await mkdir(dirname(path), { recursive: true });
    const existing: Stats | undefined = await stat(path).catch(ifMissing(undefined));
    if (existing?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (existing && !existing.isFile()) {
      // Opened by its own name: the kernel follows links such as /dev/stdout → /proc/self/fd/1 → a pipe.
      const handle = await open(path, 'w');
      try {
        await writeContent(handle, content);
      } finally {
        await handle.close();
      }
      return;
    }
    const target = existing ? await realpath(path) : await followLinks(path);
    temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx', existing ? existing.mode & 0o7777 : 0o666);
    try {
      await writeContent(handle, content);
      if (existing) {
        // The mode given to open() is narrowed by the umask; the file's own is kept exactly.
        await handle.chmod(existing.mode & 0o7777);
        await handle.chown(existing.uid, existing.gid).catch(() => {});
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    temporary = undefined;
  } catch (error) {
    if (temporary) await rm(temporary, { force: true }).catch(() => {});
    throw new SchemaguardError(`Cannot write ${shownAs}: ${describeFsError(error)}.`, { cause: error });
  }
}
