import { SchemaguardError } from '../errors.js';
import type { Dialect } from './dialect.js';
import { postgresDialect } from './postgres/index.js';

/** Every engine schemaguard knows. */
export const DIALECTS: readonly Dialect[] = [postgresDialect];

/** The dialect whose URLs look like this ref, if any. */
export function dialectForUrl(ref: string): Dialect | undefined {
  return DIALECTS.find((d) => d.handles(ref));
}

/** The dialect of a given name, as written in a snapshot file or the config. */
export function dialectByName(name: string): Dialect {
  const dialect = DIALECTS.find((d) => d.name === name);
  if (!dialect) {
    throw new SchemaguardError(
      `Unknown dialect "${name}": schemaguard supports ${DIALECTS.map((d) => d.name).join(', ')}.`,
    );
  }
  return dialect;
}
