import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * schemaguard's own version, from its package.json: the nearest one up from this module
 * (compiled, it is one folder up; bundled into the command line, two).
 */
export const TOOL_VERSION: string = ownVersion();

function ownVersion(): string {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'schemaguard' && manifest.version) return manifest.version;
    } catch {
      // No package.json here: keep walking up.
    }
    if (folder === dirname(folder)) throw new Error("schemaguard's package.json was not found above its modules");
  }
}

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
