import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialectByName } from '../../src/dialects/index.js';
import { SHARED_CACHE_DIR, STORE_ENV, ensureEmptyFolderTemplate } from './shared-image.js';

/** The prefix of a run's temporary folder; the process id follows, then a random part. */
const RUN_PREFIX = 'schemaguard-tests-';

/** The memory file system a run's folder goes to when it has {@link SCRATCH_MIN_FREE} free. */
const MEMORY_FS = '/dev/shm';
const SCRATCH_MIN_FREE = 8 * 1024 ** 3;

/**
 * Runs once before the suite, in the main process:
 * - makes sure the store (the system's temporary folder's `.schemaguard/`, kept between runs)
 *   holds the embedded databases' initdb image (an initdb takes 5–10 s; starting from the
 *   image about 1 s), so that no test file pays for one, and the empty folder database new
 *   ones are copied from;
 * - gives the run a temporary folder of its own (`TMPDIR`, which the workers, the CLI
 *   processes and everything they start inherit), its cache folder holding a copy of the
 *   image, and removes it in the background when the run ends: the folders and databases the
 *   tests make (a few GB a run) do not pile up in the system's temporary folder. Folders of
 *   earlier runs whose process is gone (killed before its teardown) are removed too. The folder
 *   is on the memory file system when there is one with room (see {@link scratchRoot}).
 */
export default async function setup(): Promise<() => void> {
  await dialectByName('postgres').shadow.warmUp(SHARED_CACHE_DIR);
  await ensureEmptyFolderTemplate();
  // Each project of the run calls this: the first one made the run's folder.
  if (process.env[STORE_ENV]) return () => {};
  const system = tmpdir();
  const root = scratchRoot(system);
  for (const name of readdirSync(root).filter((n) => n.startsWith(RUN_PREFIX))) {
    const pid = Number(name.slice(RUN_PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) rmSync(join(root, name), { recursive: true, force: true });
  }
  const run = mkdtempSync(join(root, `${RUN_PREFIX}${process.pid}-`));
  const runCache = join(run, '.schemaguard', 'cache');
  mkdirSync(runCache, { recursive: true });
  for (const file of readdirSync(SHARED_CACHE_DIR)) copyFileSync(join(SHARED_CACHE_DIR, file), join(runCache, file));
  process.env[STORE_ENV] = join(system, '.schemaguard');
  process.env.TMPDIR = run;
  return () => removeInBackground(run);
}

/**
 * Where a run's folder goes: the memory file system when it has room and runs programs (the
 * tests run git hooks and scripts they write), else the system's temporary folder. The tests
 * make embedded databases in folders (a thousand files each), git repositories and SQLite files:
 * on this machine's disk (ext4) a file costs about 0.4 ms of kernel time to make, and a copy of
 * the empty folder database took 1 s where tmpfs takes 60 ms. A run's folder grows to about 3 GB.
 */
function scratchRoot(system: string): string {
  try {
    const mount = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .find((fields) => fields[1] === MEMORY_FS);
    const free = statfsSync(MEMORY_FS);
    if (
      mount?.[2] === 'tmpfs' &&
      !mount[3]?.split(',').includes('noexec') &&
      free.bavail * free.bsize >= SCRATCH_MIN_FREE
    )
      return MEMORY_FS;
  } catch {
    // No memory file system here.
  }
  return system;
}

/**
 * Removes a folder in a process of its own that outlives this one: a run's folder holds a few
 * GB in thousands of files, whose removal (10–15 s) the run does not wait for.
 */
function removeInBackground(folder: string): void {
  const code = `require('node:fs').rmSync(${JSON.stringify(folder)}, { recursive: true, force: true })`;
  spawn(process.execPath, ['-e', code], { detached: true, stdio: 'ignore' }).unref();
}

/** Whether a process of that id runs. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
