import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { embeddedFolder } from '../dialects/index.js';
import { SchemaguardError } from '../errors.js';
import { type ParsedRef, parseRef } from '../sources/ref.js';

/** What a ref names on this machine, as the sentence that says it is missing calls it; undefined for none. */
function namedPath(ref: ParsedRef): { what: string; path: string } | undefined {
  switch (ref.kind) {
    case 'file':
      return { what: 'The snapshot file', path: ref.path };
    case 'sql':
      return { what: 'The SQL file or folder', path: ref.path };
    case 'migrations':
      // A folder at a git revision is looked for there, when it is read.
      return ref.path === undefined || ref.revision !== undefined
        ? undefined
        : { what: 'The migration folder', path: ref.path };
    case 'django':
      return ref.manage === undefined ? undefined : { what: 'The Django project', path: ref.manage };
    case 'models':
      return { what: ref.orm === 'prisma' ? 'The Prisma schema' : 'The drizzle schema', path: ref.path };
    case 'database': {
      const folder = embeddedFolder(ref.url);
      return folder && { what: folder.noun, path: folder.path };
    }
    default:
      return undefined;
  }
}

/**
 * Checks the refs given on the command line before anything else is resolved or read, so
 * that `compare missing.json` says that the file does not exist rather than complaining
 * about the ref it would have compared it with. Throws one sentence for the first ref
 * that is malformed or names a path that does not exist (relative paths from `cwd`);
 * undefined entries are skipped.
 */
export function requireGivenRefs(cwd: string, ...refs: readonly (string | undefined)[]): void {
  for (const ref of refs) {
    if (ref === undefined) continue;
    const parsed = parseRef(ref);
    for (const part of parsed.kind === 'combined' ? parsed.parts : [parsed]) {
      const named = namedPath(part);
      if (named && !existsSync(resolve(cwd, named.path))) {
        throw new SchemaguardError(`${named.what} ${named.path} does not exist.`);
      }
    }
  }
}

/**
 * Refuses a ref given twice, as a positional argument and as its flag (`compare A
 * --baseline B`), rather than silently using one: "compare takes the baseline either as
 * its first argument or as --baseline, not both."
 */
export function onePlace(
  command: string,
  what: string,
  position: 'first' | 'second',
  positional: string | undefined,
  flag: string,
  flagValue: string | undefined,
): void {
  if (positional === undefined || flagValue === undefined) return;
  throw new SchemaguardError(`${command} takes ${what} either as its ${position} argument or as ${flag}, not both.`);
}
