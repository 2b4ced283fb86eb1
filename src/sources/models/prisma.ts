import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type Debug, runDebug } from '../../debug.js';
import { SchemaguardError, errorMessage } from '../../errors.js';
import type { Connection, Dialect } from '../../dialects/dialect.js';
import { dialectByName } from '../../dialects/index.js';
import { cachedModelDdl, modelCacheKey } from './ddl-cache.js';
import { peerVersions } from './peers.js';

/*
 * The DDL comes from Prisma's own schema engine, compiled to WebAssembly
 * (`@prisma/schema-engine-wasm`), asked for `migrate diff --from-empty --to-schema … --script`.
 * No Prisma CLI and no native engine binary are involved. The engine insists on a database
 * connection when it starts (it asks the server's version), so it gets a scratch in-memory
 * database of the schema's provider, wrapped by `@prisma/driver-adapter-utils` into the
 * error-capturing form the engine expects: a PGlite through `pglite-prisma-adapter` for
 * `postgresql`, an in-memory SQLite database (schemaguard's own SQLite connection, behind the
 * small adapter below) for `sqlite`. Nothing is written to that database.
 *
 * The packages' parts used here are typed structurally, so that schemaguard's own types do
 * not need them installed.
 */

/** The wasm-bindgen glue of `@prisma/schema-engine-wasm` (its `schema_engine_bg.js`). */
interface SchemaEngineGlue {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  version(): string;
  SchemaEngine: {
    'new'(options: { datamodels: undefined }, log: (line: string) => void, adapter: object): Promise<SchemaEngine>;
  };
}

interface SchemaEngine {
  diff(params: {
    from: { tag: 'empty' };
    to: { tag: 'schemaDatamodel'; files: SchemaFile[] };
    script: boolean;
    exitCode: boolean | null;
    filters: { externalTables: string[]; externalEnums: string[] };
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

/** A driver adapter factory bound by `@prisma/driver-adapter-utils`: errors thrown by the driver are kept here. */
interface BoundAdapterFactory {
  readonly errorRegistry: { consumeError(id: number): { error: unknown } | undefined };
}

/** What the packages provide. */
export interface PrismaPackages {
  glue: SchemaEngineGlue;
  /** The engine's `.wasm` file. */
  wasmFile: string;
  bindMigrationAwareSqlAdapterFactory(factory: object): BoundAdapterFactory;
  /** `pglite-prisma-adapter`'s factory, imported for PostgreSQL schemas only. */
  PrismaPGlite?: new (client: PGlite) => object;
}

/** The part of the WebAssembly API used here (TypeScript declares it only with the DOM library). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: Record<string, unknown>): Promise<{ exports: Record<string, unknown> }>;
  Module: { imports(module: WasmModule): { module: string }[] };
  RuntimeError: abstract new (...args: never[]) => Error;
}
type WasmModule = object;
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface SchemaFile {
  path: string;
  content: string;
}

/** The engines of the Prisma schemas schemaguard reads, by the name of their dialect here. */
export type PrismaDialect = 'postgres' | 'sqlite';

/**
 * The optional peer packages that run the engine for a schema of each engine: the engine, the
 * adapter utilities, and what the scratch database is opened with (PGlite's Prisma adapter, or
 * better-sqlite3 behind schemaguard's own adapter).
 */
const PEERS: Readonly<Record<PrismaDialect, readonly string[]>> = {
  postgres: ['@prisma/schema-engine-wasm', '@prisma/driver-adapter-utils', 'pglite-prisma-adapter'],
  sqlite: ['@prisma/schema-engine-wasm', '@prisma/driver-adapter-utils', 'better-sqlite3'],
};

/** The sentence that says which packages to install. */
function missingPackages(dialect: PrismaDialect): string {
  const names = PEERS[dialect];
  return `Reading Prisma models needs ${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}: npm i -D ${names.join(' ')}.`;
}

/** Datasource providers whose DDL the WebAssembly engine writes, and their engine. */
const PROVIDERS: ReadonlyMap<string, PrismaDialect> = new Map([
  ['postgresql', 'postgres'],
  ['postgres', 'postgres'],
  ['sqlite', 'sqlite'],
]);

/** PostgreSQL, whose embedded engine (PGlite) the engine's PostgreSQL scratch database is. */
function postgres(): Dialect {
  return dialectByName('postgres');
}

/** The DDL of a Prisma schema and the engine it is written for. */
export interface PrismaModelBuild {
  /** `sqlite` for `provider = "sqlite"`, `postgres` for `postgresql`. */
  readonly dialect: PrismaDialect;
  readonly statements: string[];
}

/** What makes a Prisma model build fast, and who hears of it. */
export interface PrismaBuildOptions {
  /**
   * The cache folder: the DDL is kept there by the content of the schema's files and the
   * versions of schemaguard, the engine and PGlite, and the engine's scratch database starts
   * from its saved initdb image. Without it, every call runs the engine on a database made
   * from nothing.
   */
  readonly cacheDir?: string;
  /** Called when the engine's scratch database is started (not when the DDL comes from the cache). */
  readonly onStart?: (kind: string) => void;
  /** Where cache hits and the engine's log go; the process's stderr (with `SCHEMAGUARD_DEBUG` set) when not given. */
  readonly debug?: Debug;
}

/**
 * The DDL statements that create the schema a Prisma schema defines (no database server and no
 * Prisma CLI needed), each ending with `;`, in the engine's order: schemas, enums, tables,
 * indexes, foreign keys. See {@link prismaModelBuild}.
 */
export async function prismaModelDdl(schemaPath: string, options: PrismaBuildOptions = {}): Promise<string[]> {
  return (await prismaModelBuild(schemaPath, options)).statements;
}

/**
 * The DDL of a Prisma schema (see {@link prismaModelDdl}) and its engine, told by the datasource's
 * provider: `postgresql` (PostgreSQL's DDL) or `sqlite` (SQLite's).
 *
 * `schemaPath` is a `.prisma` file, or a folder whose `.prisma` files (subfolders included) form
 * one multi-file schema, as with Prisma's `schema: './prisma/schema'`. Connection URLs in it
 * (`url`, `directUrl`, `shadowDatabaseUrl`, which Prisma 7 moved to `prisma.config.ts`) are
 * ignored, so schemas written for Prisma 5 and 6 read too. The engine's log goes to the debug
 * channel (`options.debug`), never to stdout.
 */
export async function prismaModelBuild(
  schemaPath: string,
  options: PrismaBuildOptions = {},
): Promise<PrismaModelBuild> {
  const { files, versions, dialect } = await prismaInputs(schemaPath);
  const debug = runDebug(options);
  const build = async (): Promise<string[]> => {
    const packages = await loadPrismaPackages(() => importPrismaPackages(dialect), dialect);
    const script = await diffFromEmpty(packages, dialect, files, schemaPath, options, debug);
    const statements = dialectByName(dialect)
      .lexer.split(script)
      .map((s) => `${s.sql};`);
    if (statements.length === 0) {
      throw new SchemaguardError(`No Prisma models, enums or views were found in ${schemaPath}; define them there.`);
    }
    return statements;
  };
  if (!options.cacheDir) return { dialect, statements: await build() };
  // Paths inside the schema, so that a copy elsewhere (the pre-commit hook's) finds the same entry.
  const named = files.map((f) => ({ path: relative(schemaPath, f.path) || basename(f.path), content: f.content }));
  const key = modelCacheKey(['prisma', ...versions, postgres().shadow.embeddedEngine()], named);
  const { statements, cached } = await cachedModelDdl(options.cacheDir, key, build);
  if (cached) debug(`the DDL of the Prisma models ${schemaPath} taken from the cache`);
  return { dialect, statements };
}

/**
 * Checks, without running the engine, that a Prisma schema can be read: its files exist, its
 * datasource is PostgreSQL or SQLite and the engine's packages are installed. Throws one sentence if not.
 */
export async function checkPrismaModels(schemaPath: string): Promise<void> {
  await prismaInputs(schemaPath);
}

/** The schema's files as the engine gets them, and the installed versions of the engine's packages. */
async function prismaInputs(
  schemaPath: string,
): Promise<{ files: SchemaFile[]; versions: string[]; dialect: PrismaDialect }> {
  const files = await schemaFiles(schemaPath);
  const dialect = checkProvider(files, schemaPath);
  const peers = PEERS[dialect];
  const versions = peerVersions('Reading Prisma models', peers).map((version, i) => `${peers[i]} ${version}`);
  return { files: files.map(withoutConnectionUrls), versions, dialect };
}

/**
 * Imports the packages that run Prisma's schema engine, or says how to install them.
 * @internal Exported so tests can make the import fail.
 */
export async function loadPrismaPackages(
  importer: () => Promise<PrismaPackages> = () => importPrismaPackages('postgres'),
  dialect: PrismaDialect = 'postgres',
): Promise<PrismaPackages> {
  try {
    return await importer();
  } catch (error) {
    throw new SchemaguardError(missingPackages(dialect), { cause: error });
  }
}

/** The engine's packages, and PGlite's Prisma adapter for a PostgreSQL schema. */
async function importPrismaPackages(dialect: PrismaDialect): Promise<PrismaPackages> {
  const require = createRequire(import.meta.url);
  const glueFile = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const [glue, adapterUtils, adapter] = await Promise.all([
    import('@prisma/schema-engine-wasm/schema_engine_bg') as Promise<unknown> as Promise<SchemaEngineGlue>,
    import('@prisma/driver-adapter-utils'),
    dialect === 'postgres' ? import('pglite-prisma-adapter') : undefined,
  ]);
  return {
    glue,
    wasmFile: glueFile.replace(/\.js$/, '.wasm'),
    bindMigrationAwareSqlAdapterFactory: adapterUtils.bindMigrationAwareSqlAdapterFactory as (
      factory: object,
    ) => BoundAdapterFactory,
    ...(adapter ? { PrismaPGlite: adapter.PrismaPGlite } : {}),
  };
}

/**
 * The engine's WebAssembly instance, made once per glue module: wasm-bindgen glue holds one
 * instance, and replacing it under a live engine breaks the engine.
 */
const instances = new WeakMap<SchemaEngineGlue, Promise<void>>();

/** The panic message of the last engine panic (the engine's panic hook reports it through this global). */
let lastPanic: string | undefined;

function startEngine(packages: PrismaPackages, debug: Debug): Promise<void> {
  let started = instances.get(packages.glue);
  if (!started) {
    started = instantiate(packages, debug);
    instances.set(packages.glue, started);
    started.catch(() => instances.delete(packages.glue));
  }
  return started;
}

async function instantiate({ glue, wasmFile }: PrismaPackages, debug: Debug): Promise<void> {
  const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  // Prisma Client installs its own registry; keep it when it is there.
  holder.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message: string) => {
      lastPanic = message;
    },
  };
  try {
    const module = await wasm.compile(await readFile(wasmFile));
    const importNames = new Set(wasm.Module.imports(module).map((i) => i.module));
    const imports = Object.fromEntries([...importNames].map((name) => [name, glue]));
    const { exports } = await wasm.instantiate(module, imports);
    glue.__wbg_set_wasm(exports);
    (exports.__wbindgen_start as () => void)();
    debug(`Prisma schema engine ${glue.version()} started from ${wasmFile}`);
  } catch (error) {
    throw new SchemaguardError(`Prisma's schema engine (${wasmFile}) does not start: ${firstLine(error)}.`, {
      cause: error,
    });
  }
}

/** A scratch database the engine is connected to, as a driver adapter factory, and how to close it. */
interface Scratch {
  readonly factory: object;
  close(): Promise<void>;
}

/** The engine's SQL script that goes from an empty database to the schema. */
async function diffFromEmpty(
  packages: PrismaPackages,
  dialect: PrismaDialect,
  files: SchemaFile[],
  schemaPath: string,
  options: PrismaBuildOptions,
  debug: Debug,
): Promise<string> {
  options.onStart?.(
    dialect === 'sqlite' ? 'sqlite, for the Prisma schema engine' : 'pglite, for the Prisma schema engine',
  );
  // The engine compiles while the scratch database starts.
  const starting: Promise<Scratch> =
    dialect === 'sqlite'
      ? scratchSqlite()
      : scratchDatabase(options.cacheDir).then((database) => {
          const { PrismaPGlite } = packages;
          if (!PrismaPGlite) {
            void database.close();
            throw new SchemaguardError(missingPackages('postgres'));
          }
          return { factory: new PrismaPGlite(database), close: () => database.close() };
        });
  starting.catch(() => {}); // awaited below; this keeps an early failure from going unhandled meanwhile
  try {
    await startEngine(packages, debug);
  } catch (error) {
    await starting.then((database) => database.close()).catch(() => {});
    throw error;
  }
  const scratch = await starting;
  const adapter = packages.bindMigrationAwareSqlAdapterFactory(scratch.factory);
  let engine: SchemaEngine | undefined;
  try {
    const logLine = (line: string) => debug(`Prisma schema engine: ${line}`);
    engine = await packages.glue.SchemaEngine.new({ datamodels: undefined }, logLine, adapter);
    const result = await engine.diff({
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? '';
  } catch (error) {
    throw engineError(error, adapter, schemaPath);
  } finally {
    engine?.free();
    await scratch.close();
  }
}

/**
 * An in-memory SQLite database behind a driver adapter factory for the engine's SQLite connector
 * (`provider: 'sqlite'`): the engine may query it, rows come back as text, numbers or bytes, and
 * nothing opens a transaction (writing the DDL of a schema needs none).
 */
async function scratchSqlite(): Promise<Scratch> {
  let connection: Connection;
  try {
    connection = await dialectByName('sqlite').connect('sqlite:memory');
  } catch (error) {
    if (error instanceof SchemaguardError) throw error;
    throw new SchemaguardError(
      `The scratch SQLite database for Prisma's schema engine does not open: ${firstLine(error)}.`,
      { cause: error },
    );
  }
  const adapter = {
    provider: 'sqlite',
    adapterName: 'schemaguard-sqlite',
    async queryRaw(query: { sql: string; args: unknown[] }) {
      const rows = await connection.query(query.sql, query.args);
      const columnNames = rows.length > 0 ? Object.keys(rows[0] ?? {}) : [];
      const values = rows.map((row) => columnNames.map((name) => row[name]));
      return { columnNames, columnTypes: columnNames.map((_, i) => sqliteColumnType(values, i)), rows: values };
    },
    async executeRaw(query: { sql: string; args: unknown[] }) {
      await connection.query(query.sql, query.args);
      return 0;
    },
    executeScript: (script: string) => connection.exec(script),
    getConnectionInfo: () => ({ supportsRelationJoins: false }),
    startTransaction(): Promise<never> {
      return Promise.reject(new Error('the scratch SQLite database of the Prisma schema engine takes no transaction'));
    },
    dispose: () => Promise.resolve(),
  };
  const factory = {
    provider: 'sqlite',
    adapterName: 'schemaguard-sqlite',
    connect: () => Promise.resolve(adapter),
    connectToShadowDb: () => Promise.resolve(adapter),
  };
  return { factory, close: () => connection.close() };
}

/** Prisma's column type (its `ColumnTypeEnum`) of a column of SQLite rows: integer, double, bytes or text. */
function sqliteColumnType(rows: readonly unknown[][], column: number): number {
  const value = rows.map((row) => row[column]).find((v) => v !== null && v !== undefined);
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 1; // Int64
  if (typeof value === 'number') return 3; // Double
  if (value instanceof Uint8Array) return 13; // Bytes
  return 7; // Text
}

/**
 * The in-memory database the engine connects to (an engine for PostgreSQL will not start
 * without one), started from the initdb image in the cache folder (or the one this process
 * holds) when there is one.
 */
async function scratchDatabase(cacheDir: string | undefined): Promise<PGlite> {
  try {
    return (await postgres().shadow.startEmbeddedEngine(cacheDir)) as PGlite;
  } catch (error) {
    throw new SchemaguardError(
      `The scratch PGlite database for Prisma's schema engine does not start: ${firstLine(error)}.`,
      {
        cause: error,
      },
    );
  }
}

/** An engine failure as one sentence: the schema's first error, the scratch database's error, or a crash. */
function engineError(error: unknown, adapter: BoundAdapterFactory, schemaPath: string): SchemaguardError {
  if (error instanceof wasm.RuntimeError) {
    const panic = lastPanic;
    lastPanic = undefined;
    return new SchemaguardError(
      `Prisma's schema engine crashed on ${schemaPath}: ${panic ? firstLine(panic) : firstLine(error)}.`,
      { cause: error },
    );
  }
  const external = /External error id#(\d+)/.exec(errorMessage(error));
  const driverError = external ? adapter.errorRegistry.consumeError(Number(external[1]))?.error : undefined;
  if (driverError !== undefined) {
    return new SchemaguardError(`Prisma's schema engine failed on its scratch database: ${firstLine(driverError)}.`, {
      cause: driverError,
    });
  }
  if ((error as { name?: unknown }).name === 'SchemaConnectorError') {
    // The engine points at the file and line: `-->  prisma/schema/post.prisma:12`.
    const at = /-->\s+(.+):(\d+)\s*$/m.exec(errorMessage(error));
    const where = at ? `${at[1]}, line ${at[2]},` : schemaPath;
    return new SchemaguardError(
      `The Prisma schema ${where} is not valid: ${firstLine(error).replace(/^error: /, '')}.`,
      { cause: error },
    );
  }
  return new SchemaguardError(`Prisma's schema engine cannot read ${schemaPath}: ${firstLine(error)}.`, {
    cause: error,
  });
}

/** The schema's files with their contents, named for the user (a folder joined to each file's relative path). */
async function schemaFiles(schemaPath: string): Promise<SchemaFile[]> {
  const stats = await stat(schemaPath).catch((error: unknown) => {
    throw new SchemaguardError(
      (error as { code?: unknown }).code === 'ENOENT'
        ? `The Prisma schema ${schemaPath} does not exist.`
        : `The Prisma schema ${schemaPath} cannot be read: ${errorMessage(error)}.`,
      { cause: error },
    );
  });
  const paths = stats.isDirectory() ? await prismaFilesIn(schemaPath) : [schemaPath];
  if (paths.length === 0) {
    throw new SchemaguardError(`The Prisma schema folder ${schemaPath} has no .prisma files.`);
  }
  return Promise.all(
    paths.map(async (path) => {
      try {
        return { path, content: await readFile(path, 'utf8') };
      } catch (error) {
        throw new SchemaguardError(`The Prisma schema ${path} cannot be read: ${errorMessage(error)}.`, {
          cause: error,
        });
      }
    }),
  );
}

/** The `.prisma` files of a folder and its subfolders (not `node_modules` nor hidden ones), in name order. */
async function prismaFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...(await prismaFilesIn(path)));
    } else if (entry.isFile() && entry.name.endsWith('.prisma')) {
      found.push(path);
    }
  }
  return found;
}

const DATASOURCE_START = /^\s*datasource\s+\w+\s*\{\s*(?:\/\/.*)?$/;
const BLOCK_END = /^\s*\}/;
const PROVIDER = /^\s*provider\s*=\s*"([^"]*)"/;
const CONNECTION_URL = /^\s*(?:url|directUrl|shadowDatabaseUrl)\s*=/;

/** Calls `visit` with each line inside a `datasource` block, and returns the lines `visit` gives back. */
function mapDatasourceLines(content: string, visit: (line: string) => string): string {
  let inDatasource = false;
  return content
    .split('\n')
    .map((line) => {
      if (!inDatasource) {
        inDatasource = DATASOURCE_START.test(line);
        return line;
      }
      if (BLOCK_END.test(line)) {
        inDatasource = false;
        return line;
      }
      return visit(line);
    })
    .join('\n');
}

/**
 * The engine of a schema's datasource: PostgreSQL or SQLite, the two connectors the published
 * `@prisma/schema-engine-wasm` is built with (PostgreSQL when no file names a provider). MySQL's
 * is refused with its reason: Prisma's CLI diffs MySQL schemas with a native engine it downloads
 * (docs/mysql.md).
 */
function checkProvider(files: readonly SchemaFile[], schemaPath: string): PrismaDialect {
  let dialect: PrismaDialect = 'postgres';
  for (const file of files) {
    mapDatasourceLines(file.content, (line) => {
      const provider = PROVIDER.exec(line)?.[1];
      if (provider === 'mysql') {
        throw new SchemaguardError(
          `The Prisma schema ${schemaPath} uses the mysql provider, for which Prisma's WebAssembly schema engine writes no DDL (it has only PostgreSQL's and SQLite's): compare the database with the replay of its migrations (migrations:prisma/migrations) instead.`,
        );
      }
      if (provider !== undefined) {
        const known = PROVIDERS.get(provider);
        if (known === undefined) {
          throw new SchemaguardError(
            `The Prisma schema ${schemaPath} uses the ${provider} provider: schemaguard reads PostgreSQL and SQLite schemas only (provider = "postgresql" or "sqlite").`,
          );
        }
        dialect = known;
      }
      return line;
    });
  }
  return dialect;
}

/** The file with its datasource's connection URLs blanked out (lines kept, so error positions hold). */
function withoutConnectionUrls(file: SchemaFile): SchemaFile {
  return { ...file, content: mapDatasourceLines(file.content, (line) => (CONNECTION_URL.test(line) ? '' : line)) };
}

function firstLine(error: unknown): string {
  const line =
    errorMessage(error)
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .find((l) => l.trim() !== '') ?? 'unknown error';
  return line.trim().replace(/\.$/, '');
}
