import { mkdir, open, readFile, rm } from 'node:fs/promises';
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
  for (;;) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (!Number.isInteger(holder) || !processRunning(holder)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new SchemaguardError(
        `The embedded database ${shownAs} is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}; waited ${Math.round(timeoutMs / 1000)} s: try again when it has finished.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
