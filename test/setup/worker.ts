import { preloadImage } from '../../src/shadow/pglite-image.js';
import { SHARED_CACHE_DIR } from './shared-image.js';

// Before each test file: every embedded database it starts (in memory, in a new folder, as a
// shadow in any project's cache folder) starts from the image the global setup made.
await preloadImage(SHARED_CACHE_DIR);
