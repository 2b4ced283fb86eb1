import { dialectByName } from '../../src/dialects/index.js';
import { SHARED_CACHE_DIR, ensureEmptyFolderTemplate } from './shared-image.js';

/**
 * Runs once before the suite: makes sure the shared cache folder holds the embedded databases'
 * initdb image (an initdb takes 5–10 s; starting from the image about 1 s), so that no test
 * file pays for one, and the empty folder database new ones are copied from.
 */
export default async function setup(): Promise<void> {
  await dialectByName('postgres').shadow.warmUp(SHARED_CACHE_DIR);
  await ensureEmptyFolderTemplate();
}
