import { afterEach, beforeEach } from 'vitest';
import { dialectByName, shareEmbeddedDatabases } from '../../src/dialects/index.js';
import { SHARED_CACHE_DIR } from './shared-image.js';

// Every embedded database the tests start (in memory, in a new folder, as a shadow in any
// project's cache folder) starts from the image the global setup made; read once per worker.
await dialectByName('postgres').shadow.warmUp(SHARED_CACHE_DIR);

// During a test, an embedded database in a folder is started once, however many commands and
// checks open it: each in-process CLI run, and each use by the test, gets a new session of
// the same database (as connections to a server do). A test that starts another process on
// one closes them first (test/helpers/cli.ts does); they are all closed when it ends.
let releaseEmbeddedDatabases: (() => Promise<void>) | undefined;
beforeEach(() => {
  releaseEmbeddedDatabases = shareEmbeddedDatabases();
});
afterEach(async () => {
  await releaseEmbeddedDatabases?.();
  releaseEmbeddedDatabases = undefined;
});
