/**
 * The registry: the one place that lists the engines. Everything outside a dialect's
 * folder reaches it through here, by a ref, a name from a snapshot or the config, or
 * as the default.
 */
import { SchemaguardError } from '../errors.js';
import { redactUrl } from '../redact.js';
import type { Dialect } from './dialect.js';
import { postgresDialect } from './postgres/index.js';

/** Every engine schemaguard knows, the default first. */
export const DIALECTS: readonly Dialect[] = [postgresDialect];

/** The engine of a project whose config names none. */
export function defaultDialect(): Dialect {
  return DIALECTS[0] as Dialect;
}

/** The names of the engines, as the config's `dialect` takes them. */
export function dialectNames(): [string, ...string[]] {
  return DIALECTS.map((d) => d.name) as [string, ...string[]];
}

/** The dialect whose URLs look like this ref, if any. */
export function dialectForUrl(ref: string): Dialect | undefined {
  return DIALECTS.find((d) => d.refs.handles(ref));
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

/** Connects to the database a ref names, through the engine whose URLs look like it. */
export function connect(ref: string, options?: Parameters<Dialect['connect']>[1]): ReturnType<Dialect['connect']> {
  const dialect = dialectForUrl(ref);
  if (!dialect) throw new SchemaguardError(`No dialect reads ${redactUrl(ref)}.`);
  return dialect.connect(ref, options);
}

/** Every engine keeps its embedded databases open for the rest of the process (see `Dialect.shareEmbeddedDatabases`). */
export function shareEmbeddedDatabases(): void {
  for (const dialect of DIALECTS) dialect.shareEmbeddedDatabases();
}

/** Closes the embedded databases {@link shareEmbeddedDatabases} kept open, of every engine. */
export async function closeSharedEmbeddedDatabases(): Promise<void> {
  for (const dialect of DIALECTS) await dialect.closeSharedEmbeddedDatabases();
}
