import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { SchemaguardError, errorMessage } from '../../errors.js';
import { peerVersions } from './peers.js';

/**
 * The part of `drizzle-kit/api` used here, typed structurally so that schemaguard's
 * own types do not need drizzle-kit installed.
 */
interface DrizzleKitApi {
  generateDrizzleJson(imports: Record<string, unknown>): unknown;
  generateMigration(prev: unknown, cur: unknown): Promise<string[]>;
  generateMySQLDrizzleJson(imports: Record<string, unknown>): Promise<unknown>;
  generateMySQLMigration(prev: unknown, cur: unknown): Promise<string[]>;
  generateSQLiteDrizzleJson(imports: Record<string, unknown>): Promise<unknown>;
  generateSQLiteMigration(prev: unknown, cur: unknown): Promise<string[]>;
}

/** The engines whose drizzle models are read, by the name of their dialect here. */
export type DrizzleDialect = 'postgres' | 'mysql' | 'sqlite';

/** The DDL of drizzle models and the engine it is written for. */
export interface DrizzleModelBuild {
  /** `mysql` for `drizzle-orm/mysql-core` models, `sqlite` for `sqlite-core` ones, `postgres` for `pg-core` ones. */
  readonly dialect: DrizzleDialect;
  readonly statements: string[];
}

/** drizzle-orm's mark of its classes (`entityKind` in drizzle-orm/entity). */
const ENTITY_KIND = Symbol.for('drizzle:entityKind');

/** The optional peer packages that turn drizzle models into DDL. */
const PEERS = ['drizzle-kit', 'drizzle-orm'];

const MISSING_PACKAGES = 'Reading drizzle models needs drizzle-kit and drizzle-orm: npm i -D drizzle-kit drizzle-orm.';

/** Source files drizzle-kit reads from a schema folder (declaration files excluded). */
const SOURCE_FILE = /(?<!\.d)\.[cm]?[jt]s$/;

/**
 * The DDL statements that create the schema a drizzle-orm schema module defines (no database needed).
 *
 * `modulePath` is a file, or a folder whose `.ts`/`.js` files (not its subfolders) are all
 * loaded and their exports merged, as drizzle-kit does with `schema: './src/db/schema'`.
 * Console output of the module and of drizzle-kit goes to stderr, never stdout.
 */
export async function drizzleModelDdl(modulePath: string): Promise<string[]> {
  return (await drizzleModelBuild(modulePath)).statements;
}

/**
 * The DDL of a drizzle-orm schema module (see {@link drizzleModelDdl}) and its engine, told by
 * what the module exports: `mysql-core` tables and views make it MySQL's, `sqlite-core` ones
 * SQLite's, else it is PostgreSQL's.
 */
export async function drizzleModelBuild(modulePath: string): Promise<DrizzleModelBuild> {
  const files = await checkDrizzleModels(modulePath);
  const drizzleKit = await loadDrizzleKit();
  return containOutput(async () => {
    const exports = await loadExports(files);
    const dialect = modelDialect(exports, modulePath);
    const statements = await generateDdl(drizzleKit, dialect, exports, modulePath);
    if (statements.length === 0) {
      throw new SchemaguardError(
        dialect !== 'postgres'
          ? `No drizzle schema objects (tables, views) were found in ${modulePath}; export them from it.`
          : `No drizzle schema objects (tables, enums, schemas, sequences, views) were found in ${modulePath}; export them from it.`,
      );
    }
    return { dialect, statements };
  });
}

/** The `entityKind` names of a value's class and the classes it extends (`MySqlTable`, `Table`). */
function entityKinds(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const kinds: string[] = [];
  for (let cls: unknown = value.constructor; typeof cls === 'function'; cls = Object.getPrototypeOf(cls)) {
    const kind = (cls as { [ENTITY_KIND]?: unknown })[ENTITY_KIND];
    if (typeof kind === 'string') kinds.push(kind);
  }
  return kinds;
}

/** drizzle-orm's class-name prefix of each engine's objects (`MySqlTable`, `SQLiteView`, `PgEnum`). */
const KIND_PREFIXES: readonly (readonly [string, DrizzleDialect, string])[] = [
  ['Pg', 'postgres', 'pg-core'],
  ['MySql', 'mysql', 'mysql-core'],
  ['SQLite', 'sqlite', 'sqlite-core'],
];

/**
 * The engine the exported drizzle objects are written for: MySQL when they are `mysql-core`
 * objects (drizzle's `MySql…` classes), SQLite when `sqlite-core` ones (`SQLite…`), else
 * PostgreSQL. Two engines at once are refused: drizzle-kit writes one engine's DDL at a time.
 */
function modelDialect(exports: Record<string, unknown>, modulePath: string): DrizzleDialect {
  const found = new Set<readonly [string, DrizzleDialect, string]>();
  for (const value of Object.values(exports)) {
    for (const kind of entityKinds(value)) {
      const engine = KIND_PREFIXES.find(([prefix]) => kind.startsWith(prefix));
      if (engine) found.add(engine);
    }
  }
  const engines = KIND_PREFIXES.filter((engine) => found.has(engine));
  if (engines.length > 1) {
    const names = engines.map(([, , core]) => core);
    throw new SchemaguardError(
      `The drizzle schema ${modulePath} exports both ${names.slice(0, -1).join(', ')} and ${names.at(-1)} objects: give each engine's models a ref of their own.`,
    );
  }
  return engines[0]?.[1] ?? 'postgres';
}

/**
 * Checks, without loading anything, that drizzle models can be read: the module (or folder)
 * exists and drizzle-kit and drizzle-orm are installed. Throws one sentence if not; returns the
 * files to load.
 */
export async function checkDrizzleModels(modulePath: string): Promise<string[]> {
  const files = await schemaFiles(modulePath);
  peerVersions('Reading drizzle models', PEERS);
  return files;
}

/**
 * Imports drizzle-kit's programmatic API, or says how to install it.
 * @internal Exported so tests can make the import fail.
 */
export async function loadDrizzleKit(
  importer: () => Promise<DrizzleKitApi> = importDrizzleKit,
): Promise<DrizzleKitApi> {
  try {
    return await importer();
  } catch (error) {
    throw new SchemaguardError(MISSING_PACKAGES, { cause: error });
  }
}

async function importDrizzleKit(): Promise<DrizzleKitApi> {
  await import('drizzle-orm');
  return import('drizzle-kit/api');
}

/** The files to load, as paths that name them for the user (the folder joined to each file name). */
async function schemaFiles(modulePath: string): Promise<string[]> {
  const stats = await stat(modulePath).catch((error: unknown) => {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    throw new SchemaguardError(
      missing
        ? `The drizzle schema module ${modulePath} does not exist.`
        : `The drizzle schema module ${modulePath} cannot be read: ${errorMessage(error)}.`,
      { cause: error },
    );
  });
  if (!stats.isDirectory()) return [modulePath];
  const entries = await readdir(modulePath, { withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && SOURCE_FILE.test(entry.name))
    .map((entry) => join(modulePath, entry.name))
    .sort();
  if (files.length === 0) {
    throw new SchemaguardError(`The drizzle schema folder ${modulePath} has no .ts or .js files.`);
  }
  return files;
}

/** Every file's exports in one record, keyed by file and name so that equal names in two files both count. */
async function loadExports(files: readonly string[]): Promise<Record<string, unknown>> {
  const { createJiti } = await import('jiti');
  // Each file's compiled form is cached by its content (jiti's file cache): the modules still run
  // every time, but a warm run compiles none of them again (about 0.1 s of Babel for a schema file).
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: true });
  const merged: Record<string, unknown> = {};
  for (const file of files) {
    let mod: unknown;
    try {
      mod = await jiti.import(resolve(file));
    } catch (error) {
      throw new SchemaguardError(
        `The drizzle schema module ${file}${lineIn(error, file)} does not load: ${firstLine(error)}.`,
        {
          cause: error,
        },
      );
    }
    const entries = typeof mod === 'object' && mod !== null ? Object.entries(mod) : [];
    for (const [name, value] of entries) merged[`${file}#${name}`] = value;
  }
  return merged;
}

async function generateDdl(
  drizzleKit: DrizzleKitApi,
  dialect: DrizzleDialect,
  exports: Record<string, unknown>,
  modulePath: string,
): Promise<string[]> {
  try {
    if (dialect === 'sqlite') {
      return await drizzleKit.generateSQLiteMigration(
        await drizzleKit.generateSQLiteDrizzleJson({}),
        await drizzleKit.generateSQLiteDrizzleJson(exports),
      );
    }
    if (dialect === 'mysql') {
      return await drizzleKit.generateMySQLMigration(
        await drizzleKit.generateMySQLDrizzleJson({}),
        await drizzleKit.generateMySQLDrizzleJson(exports),
      );
    }
    return await drizzleKit.generateMigration(
      drizzleKit.generateDrizzleJson({}),
      drizzleKit.generateDrizzleJson(exports),
    );
  } catch (error) {
    throw new SchemaguardError(`drizzle-kit cannot read the drizzle schema in ${modulePath}: ${firstLine(error)}.`, {
      cause: error,
    });
  }
}

/** `, line N` where the error was thrown in `file`, from its stack (jiti maps it to the source), else nothing. */
function lineIn(error: unknown, file: string): string {
  const stack = (error as { stack?: unknown }).stack;
  if (typeof stack !== 'string') return '';
  const escaped = resolve(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(`${escaped}:(\\d+)(?::\\d+)?`).exec(stack)?.[1];
  return line ? `, line ${line},` : '';
}

function firstLine(error: unknown): string {
  const line =
    errorMessage(error)
      .split('\n')
      .find((l) => l.trim() !== '') ?? 'unknown error';
  return line.trim().replace(/\.$/, '');
}

/** Thrown in place of exiting when drizzle-kit calls `process.exit` (it does on a schema it rejects). */
class ExitRequested extends Error {}

/**
 * Runs `work` with console output held back and written to stderr afterwards, so stdout
 * stays clean, and with `process.exit` turned into an {@link ExitRequested} error whose
 * message is what was printed before it (drizzle-kit prints why, then exits).
 */
async function containOutput<T>(work: () => Promise<T>): Promise<T> {
  /* eslint-disable no-restricted-properties -- drizzle-kit calls process.exit and prints: both are caught here */
  const printed: string[] = [];
  const { log, info, debug, warn, error } = console;
  const exit = process.exit;
  const hold = (...args: unknown[]): void => {
    printed.push(format(...args));
  };
  console.log = console.info = console.debug = console.warn = console.error = hold;
  process.exit = (code?: string | number | null): never => {
    const reason = plainText(printed.splice(0).join('\n'));
    throw new ExitRequested(reason || `process.exit(${String(code ?? '')}) was called`);
  };
  try {
    return await work();
  } finally {
    Object.assign(console, { log, info, debug, warn, error });
    process.exit = exit;
    if (printed.length > 0) process.stderr.write(`${printed.join('\n')}\n`);
  }
  /* eslint-enable no-restricted-properties */
}

/** Terminal text as one plain line: colours, drizzle-kit's "Warning" label and extra whitespace removed. */
function plainText(text: string): string {
  return text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^Warning /, '');
}
