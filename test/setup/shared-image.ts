import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The cache folder the suite's saved initdb image lives in: the one a CLI run in the system's
 * temporary folder (the tests' default working directory) uses too, so subprocess runs share it.
 */
export const SHARED_CACHE_DIR = join(tmpdir(), '.schemaguard', 'cache');
