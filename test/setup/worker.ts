import { dialectByName } from '../../src/dialects/index.js';
import { SHARED_CACHE_DIR } from './shared-image.js';

// Every embedded database the tests start (in memory, in a new folder, as a shadow in any
// project's cache folder) starts from the image the global setup made; read once per worker.
await dialectByName('postgres').shadow.warmUp(SHARED_CACHE_DIR);
