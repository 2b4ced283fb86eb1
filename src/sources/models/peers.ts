import { SchemaguardError } from '../../errors.js';
import { installedVersion } from '../../version.js';

/**
 * The versions of the optional peer packages a kind of models needs, in order; throws one
 * sentence naming the first one that is missing and the command that installs them all.
 * Nothing is imported, so this is cheap enough to run before any work starts.
 */
export function peerVersions(purpose: string, names: readonly string[]): string[] {
  return names.map((name) => {
    const version = installedVersion(name);
    if (version === undefined) {
      throw new SchemaguardError(`${purpose} needs ${name}, which is not installed: npm i -D ${names.join(' ')}.`);
    }
    return version;
  });
}
