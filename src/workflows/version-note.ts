/**
 * The note that two sides of a comparison come from different PostgreSQL major
 * versions, said once per command however often the sides are compared.
 */
import type { ComparedSide } from '../diff/equivalence.js';
import type { Reporter } from './context.js';

const major = (version: string | undefined) => version?.split('.')[0];

/** `15.20` of `15.20 (Debian 15.20-0+deb12u1)`. */
const shown = (version: string | undefined) => version?.split(' ')[0];

/**
 * Says, once, that the sides run different major versions and what is and is not
 * compared: `built` and `runs` describe them (`the migrations were replayed on`, `the
 * database runs`). Nothing when the versions are alike or unknown.
 */
export function noteVersionSkew(
  reporter: Pick<Reporter, 'noteOnce'>,
  built: string,
  runs: string,
  sides: { from: ComparedSide; to: ComparedSide },
): void {
  const [from, to] = [sides.from.serverVersion, sides.to.serverVersion];
  if (!from || !to || major(from) === major(to)) return;
  reporter.noteOnce(
    `note: ${built} PostgreSQL ${shown(from)}, ${runs} ${shown(to)}: everything is compared except what only the version difference explains (extension versions the SQL does not pin, privileges new in a version such as MAINTAIN), listed as "not compared across versions".`,
  );
}

/** ` (5 not compared across versions)` after a one-line result whose details are said on stderr; empty for none. */
export function notComparedSuffix(lines: readonly string[]): string {
  return lines.length > 0 ? ` (${lines.length} not compared across versions)` : '';
}
