import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** schemaguard's own version, from package.json. */
export const TOOL_VERSION: string = (require('../package.json') as { version: string }).version;

/**
 * The version of an installed package as its package.json says, or undefined when it is not
 * installed where schemaguard can import it (nothing is imported: the package is only found).
 */
export function installedVersion(name: string): string | undefined {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return undefined;
  }
  // Packages rarely export their package.json: walk up from the entry point to it.
  for (let folder = dirname(entry); folder !== dirname(folder); folder = dirname(folder)) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name) return manifest.version ?? '';
    } catch {
      // No package.json here: keep walking up.
    }
  }
  return '';
}
