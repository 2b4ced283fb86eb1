import { isAbsolute, relative, sep } from 'node:path';
import { refParts } from './ref.js';

/** The kinds of ref whose text after the scheme is a path on this machine. */
const PATH_REF = /^(sql|migrations|drizzle|prisma|pglite):(.*)$/s;

/**
 * A ref as it can be written into a file others read (a migration's header, SQL for review):
 * each absolute path in it made relative to `root`, the project's folder, so that no path of
 * one user's machine is committed. URLs and relative paths are kept as they are.
 */
export function projectRef(ref: string, root: string): string {
  return refParts(ref)
    .map((part) => {
      const match = PATH_REF.exec(part);
      const [scheme, path] = match ? [`${match[1]}:`, match[2] ?? ''] : ['', part];
      if (!isAbsolute(path)) return part;
      const inProject = relative(root, path).split(sep).join('/');
      return `${scheme}${inProject === '' ? '.' : inProject.startsWith('..') ? inProject : `./${inProject}`}`;
    })
    .join(' + ');
}
