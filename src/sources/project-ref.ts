import { isAbsolute, relative, sep } from 'node:path';
import { embeddedFolder } from '../dialects/index.js';
import { refParts } from './ref.js';

/** The kinds of ref whose text after the scheme is a path on this machine (embedded databases' folders aside). */
const PATH_REF = /^(sql|migrations|drizzle|prisma|django):(.*)$/s;

/** The path a ref part names on this machine, and the part with that path written otherwise; undefined for none. */
function pathOf(part: string): { path: string; withPath: (path: string) => string } | undefined {
  const folder = embeddedFolder(part);
  if (folder) return folder;
  const match = PATH_REF.exec(part);
  return match ? { path: match[2] ?? '', withPath: (path) => `${match[1]}:${path}` } : undefined;
}

/**
 * A ref as it can be written into a file others read (a migration's header, SQL for review):
 * each absolute path in it made relative to `root`, the project's folder, so that no path of
 * one user's machine is committed. URLs and relative paths are kept as they are.
 */
export function projectRef(ref: string, root: string): string {
  return refParts(ref)
    .map((part) => {
      const { path, withPath } = pathOf(part) ?? { path: part, withPath: (inProject: string) => inProject };
      if (!isAbsolute(path)) return part;
      const inProject = relative(root, path).split(sep).join('/');
      return withPath(inProject === '' ? '.' : inProject.startsWith('..') ? inProject : `./${inProject}`);
    })
    .join(' + ');
}
