import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SchemaguardError } from '../../errors.js';
import { processRunning } from '../../process-running.js';

/** The lock file schemaguard keeps in an embedded database's data directory while it has it open. */
const LOCK_FILE = 'schemaguard.lock';

/**
 * Takes the data directory for this process: PGlite lets two processes open one data
 * directory, and two writers corrupt it. Waits up to `timeoutMs` for another holder,
 * takes over a lock whose process is gone, and returns the release.
 */
export async function lockDataDir(dataDir: string, shownAs: string, timeoutMs: number): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  // The lock file appears whole, with this process's id in it: written aside, then linked into
  // place (a link fails when the name exists). A file created empty and written afterwards
  // would be read as empty, and so as abandoned, by a process starting at the same moment.
  const mine = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(mine, `${process.pid}\n`);
  try {
    for (;;) {
      try {
        await link(mine, path);
        return () => rm(path, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await holderOf(path);
      if (holder !== undefined ? !processRunning(holder) : await abandoned(path)) {
        await takeOver(path, holder);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new SchemaguardError(
          `The embedded database ${shownAs} is in use by process ${holder ?? 'unknown'}${holder === process.pid ? ' (this one)' : ''}; waited ${Math.round(timeoutMs / 1000)} s: try again when it has finished.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await rm(mine, { force: true });
  }
}

/** The process id in a lock file, or undefined when it is gone or holds none. */
async function holderOf(path: string): Promise<number | undefined> {
  const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  return Number.isInteger(holder) ? holder : undefined;
}

/**
 * Whether a lock file without a process id was left long ago (by a run killed as it wrote it):
 * a new one may be being written by an earlier schemaguard, which created it empty first.
 */
async function abandoned(path: string): Promise<boolean> {
  const modified = await stat(path).then(
    (s) => s.mtimeMs,
    () => Date.now(),
  );
  return Date.now() - modified > 5_000;
}

/**
 * Removes the lock of `holder`, a process that is gone (undefined: a lock without one). The file is first moved aside under a
 * name of this process's own, so that of several processes taking over at once only one moves
 * it; if what it moved is not that lock (another process took the lock meanwhile), it is put back.
 */
async function takeOver(path: string, holder: number | undefined): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    // Another process moved it first.
    return;
  }
  const moved = await holderOf(aside);
  if (moved !== holder && moved !== undefined && processRunning(moved)) await link(aside, path).catch(() => {});
  await rm(aside, { force: true });
}
