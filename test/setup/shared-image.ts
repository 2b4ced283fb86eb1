import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preloadImage } from '../../src/shadow/pglite-image.js';

/**
 * The cache folder the suite's saved initdb image lives in: the one a CLI run in the system's
 * temporary folder (the tests' default working directory) uses too, so subprocess runs share it.
 */
export const SHARED_CACHE_DIR = join(tmpdir(), '.schemaguard', 'cache');

let loading: Promise<Blob | undefined> | undefined;

/**
 * The initdb image the global setup saved, read once per test file; from then on every
 * embedded shadow this process starts, in whatever project folder, starts from it too.
 */
export function sharedImage(): Promise<Blob | undefined> {
  loading ??= preloadImage(SHARED_CACHE_DIR);
  return loading;
}
