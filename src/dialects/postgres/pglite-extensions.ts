/**
 * The extensions an embedded database (PGlite) can create: every contrib module the
 * installed `@electric-sql/pglite` ships, and pgvector from its own package. Each must
 * be given to PGlite when it starts, so a shadow database is started with the ones its
 * SQL asks for, and a database kept in a folder with all of them.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Extension } from '@electric-sql/pglite';
import { SchemaguardError } from '../../errors.js';

/** An extension shipped outside `@electric-sql/pglite/contrib/*`: its SQL name, package and export. */
interface PackagedExtension {
  readonly module: string;
  readonly exportName: string;
}

/** Extensions PGlite ships as packages of their own (older PGlite versions as a subpath). */
const PACKAGED: Readonly<Record<string, readonly PackagedExtension[]>> = {
  vector: [
    { module: '@electric-sql/pglite-pgvector', exportName: 'vector' },
    { module: '@electric-sql/pglite/vector', exportName: 'vector' },
  ],
};

/** contrib modules whose SQL name is spelled differently from the module. */
const SQL_NAME: Readonly<Record<string, string>> = { uuid_ossp: 'uuid-ossp' };

/**
 * Extensions that run as a shared preload library: a data directory once opened with one
 * no longer opens without it, so they are loaded only when the SQL creates them.
 */
const PRELOADED = new Set(['pg_stat_statements']);

/** Extensions that need others to be installed first (`CREATE EXTENSION … CASCADE` creates them). */
const REQUIRES: Readonly<Record<string, readonly string[]>> = { earthdistance: ['cube'] };

/** Where an available extension is loaded from. */
type Source = { readonly module: string; readonly exportName: string };

const require = createRequire(import.meta.url);

function resolves(module: string): boolean {
  try {
    require.resolve(module);
    return true;
  } catch {
    return false;
  }
}

let available: ReadonlyMap<string, Source> | undefined;

/** The extensions the installed PGlite can load, by SQL name, read once from its package. */
function availableExtensions(): ReadonlyMap<string, Source> {
  if (available) return available;
  const found = new Map<string, Source>();
  const contrib = dirname(require.resolve('@electric-sql/pglite/contrib/citext'));
  for (const file of readdirSync(contrib).sort()) {
    if (!file.endsWith('.js')) continue;
    const module = file.slice(0, -'.js'.length);
    found.set(SQL_NAME[module] ?? module, { module: `@electric-sql/pglite/contrib/${module}`, exportName: module });
  }
  for (const [name, candidates] of Object.entries(PACKAGED)) {
    const source = candidates.find((c) => resolves(c.module));
    if (source) found.set(name, source);
  }
  available = found;
  return found;
}

/** The SQL names of the extensions the installed PGlite can create, sorted. */
export function pgliteExtensionNames(): string[] {
  return [...availableExtensions().keys()].sort();
}

/** Why the embedded database lacks an extension, and the way out. */
function missingExtensionMessage(name: string, where: string): string {
  const packaged = PACKAGED[name]?.[0];
  const install = packaged ? `install ${packaged.module}, or ` : '';
  return `The embedded shadow database (PGlite) has no extension "${name}", which ${where} creates: ${install}set "shadow" in the config to the URL of a PostgreSQL server that has it.`;
}

/**
 * The extensions to start an embedded database with so that it can create `names`
 * (and what they require). Throws one sentence naming the first one PGlite lacks;
 * `where` says what asks for it (a file, the models).
 */
export function pgliteExtensionsFor(names: readonly { name: string; where: string }[]): string[] {
  const extensions = availableExtensions();
  const needed = new Set<string>();
  const add = (name: string, where: string) => {
    // plpgsql is built in.
    if (name === 'plpgsql' || needed.has(name)) return;
    if (!extensions.has(name)) throw new SchemaguardError(missingExtensionMessage(name, where));
    needed.add(name);
    for (const required of REQUIRES[name] ?? []) add(required, where);
  };
  for (const { name, where } of names) add(name, where);
  return [...needed].sort();
}

/**
 * Loads the PGlite modules of extensions, by SQL name, for `PGlite.create`; `all` is
 * every available one but those that run as a shared preload library.
 */
export async function loadPgliteExtensions(names: readonly string[] | 'all'): Promise<Record<string, Extension>> {
  const extensions = availableExtensions();
  const wanted = names === 'all' ? [...extensions.keys()].filter((name) => !PRELOADED.has(name)) : names;
  const loaded = await Promise.all(
    wanted.map(async (name) => {
      const source = extensions.get(name);
      if (!source) throw new SchemaguardError(missingExtensionMessage(name, 'the database'));
      const module = (await import(source.module)) as Record<string, Extension>;
      return [source.exportName, module[source.exportName] as Extension] as const;
    }),
  );
  return Object.fromEntries(loaded);
}
