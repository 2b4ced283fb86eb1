import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type Debug, runDebug } from '../../debug.js';
import { SchemaguardError, errorMessage } from '../../errors.js';
import type { Dialect } from '../../dialects/dialect.js';
import { dialectByName } from '../../dialects/index.js';
import { cachedModelDdl, modelCacheKey } from './ddl-cache.js';
import { peerVersions } from './peers.js';

/*
 * The DDL comes from Prisma's own schema engine, compiled to WebAssembly
 * (`@prisma/schema-engine-wasm`), asked for `migrate diff --from-empty --to-schema … --script`.
 * No Prisma CLI and no native engine binary are involved. The engine insists on a database
 * connection when it starts (it asks the server's version), so it gets a scratch in-memory
 * PGlite through `pglite-prisma-adapter`, wrapped by `@prisma/driver-adapter-utils` into the
 * error-capturing form the engine expects. Nothing is written to that database.
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

/** What the three packages provide. */
export interface PrismaPackages {
  glue: SchemaEngineGlue;
  /** The engine's `.wasm` file. */
  wasmFile: string;
  bindMigrationAwareSqlAdapterFactory(factory: object): BoundAdapterFactory;
  PrismaPGlite: new (client: PGlite) => object;
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

/** The optional peer packages that run the engine. */
const PEERS = ['@prisma/schema-engine-wasm', '@prisma/driver-adapter-utils', 'pglite-prisma-adapter'];

const MISSING_PACKAGES =
  'Reading Prisma models needs @prisma/schema-engine-wasm, @prisma/driver-adapter-utils and pglite-prisma-adapter: ' +
  'npm i -D @prisma/schema-engine-wasm @prisma/driver-adapter-utils pglite-prisma-adapter.';

/** Datasource providers whose DDL is PostgreSQL's. */
const POSTGRES_PROVIDERS = new Set(['postgresql', 'postgres']);

/** The engine of the Prisma schemas schemaguard reads (the postgresql provider). */
function postgres(): Dialect {
  return dialectByName('postgres');
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
 * The DDL statements that create the schema a Prisma schema defines (PostgreSQL; no database
 * server and no Prisma CLI needed), each ending with `;`, in the engine's order: schemas, enums,
 * tables, indexes, foreign keys.
 *
 * `schemaPath` is a `.prisma` file, or a folder whose `.prisma` files (subfolders included) form
 * one multi-file schema, as with Prisma's `schema: './prisma/schema'`. The datasource must be
 * PostgreSQL. Connection URLs in it (`url`, `directUrl`, `shadowDatabaseUrl`, which Prisma 7
 * moved to `prisma.config.ts`) are ignored, so schemas written for Prisma 5 and 6 read too.
 * The engine's log goes to the debug channel (`options.debug`), never to stdout.
 */
export async function prismaModelDdl(schemaPath: string, options: PrismaBuildOptions = {}): Promise<string[]> {
  const { files, versions } = await prismaInputs(schemaPath);
  const debug = runDebug(options);
  const build = async (): Promise<string[]> => {
    const packages = await loadPrismaPackages();
    const script = await diffFromEmpty(packages, files, schemaPath, options.cacheDir, options.onStart, debug);
    const statements = postgres()
      .lexer.split(script)
      .map((s) => `${s.sql};`);
    if (statements.length === 0) {
      throw new SchemaguardError(`No Prisma models, enums or views were found in ${schemaPath}; define them there.`);
    }
    return statements;
  };
  if (!options.cacheDir) return build();
  // Paths inside the schema, so that a copy elsewhere (the pre-commit hook's) finds the same entry.
  const named = files.map((f) => ({ path: relative(schemaPath, f.path) || basename(f.path), content: f.content }));
  const key = modelCacheKey(['prisma', ...versions, postgres().shadow.embeddedEngine()], named);
  const { statements, cached } = await cachedModelDdl(options.cacheDir, key, build);
  if (cached) debug(`the DDL of the Prisma models ${schemaPath} taken from the cache`);
  return statements;
}

/**
 * Checks, without running the engine, that a Prisma schema can be read: its files exist, its
 * datasource is PostgreSQL and the engine's packages are installed. Throws one sentence if not.
 */
export async function checkPrismaModels(schemaPath: string): Promise<void> {
  await prismaInputs(schemaPath);
}

/** The schema's files as the engine gets them, and the installed versions of the engine's packages. */
async function prismaInputs(schemaPath: string): Promise<{ files: SchemaFile[]; versions: string[] }> {
  const files = await schemaFiles(schemaPath);
  checkProvider(files, schemaPath);
  const versions = peerVersions('Reading Prisma models', PEERS).map((version, i) => `${PEERS[i]} ${version}`);
  return { files: files.map(withoutConnectionUrls), versions };
}

/**
 * Imports the packages that run Prisma's schema engine, or says how to install them.
 * @internal Exported so tests can make the import fail.
 */
export async function loadPrismaPackages(
  importer: () => Promise<PrismaPackages> = importPrismaPackages,
): Promise<PrismaPackages> {
  try {
    return await importer();
  } catch (error) {
    throw new SchemaguardError(MISSING_PACKAGES, { cause: error });
  }
}

async function importPrismaPackages(): Promise<PrismaPackages> {
  const require = createRequire(import.meta.url);
  const glueFile = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const [glue, adapterUtils, adapter] = await Promise.all([
    import('@prisma/schema-engine-wasm/schema_engine_bg') as Promise<unknown> as Promise<SchemaEngineGlue>,
    import('@prisma/driver-adapter-utils'),
    import('pglite-prisma-adapter'),
  ]);
  return {
    glue,
    wasmFile: glueFile.replace(/\.js$/, '.wasm'),
    bindMigrationAwareSqlAdapterFactory: adapterUtils.bindMigrationAwareSqlAdapterFactory as (
      factory: object,
    ) => BoundAdapterFactory,
    PrismaPGlite: adapter.PrismaPGlite,
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

/** The engine's SQL script that goes from an empty database to the schema. */
async function diffFromEmpty(
  packages: PrismaPackages,
  files: SchemaFile[],
  schemaPath: string,
  cacheDir: string | undefined,
  onStart: ((kind: string) => void) | undefined,
  debug: Debug,
): Promise<string> {
  onStart?.('pglite, for the Prisma schema engine');
  // The engine compiles while the scratch database starts.
  const starting = scratchDatabase(cacheDir);
  starting.catch(() => {}); // awaited below; this keeps an early failure from going unhandled meanwhile
  try {
    await startEngine(packages, debug);
  } catch (error) {
    await starting.then((database) => database.close()).catch(() => {});
    throw error;
  }
  const scratch = await starting;
  const adapter = packages.bindMigrationAwareSqlAdapterFactory(new packages.PrismaPGlite(scratch));
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
    return new SchemaguardError(
      `Prisma's schema engine failed on its scratch PGlite database: ${firstLine(driverError)}.`,
      { cause: driverError },
    );
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
 * Refuses a schema whose datasource is not PostgreSQL (the engine would write that database's
 * DDL). MySQL's is refused with its reason: the published `@prisma/schema-engine-wasm` is built
 * with the PostgreSQL and SQLite connectors only, and Prisma's CLI diffs MySQL schemas with a
 * native engine it downloads (docs/mysql.md).
 */
function checkProvider(files: readonly SchemaFile[], schemaPath: string): void {
  for (const file of files) {
    mapDatasourceLines(file.content, (line) => {
      const provider = PROVIDER.exec(line)?.[1];
      if (provider === 'mysql') {
        throw new SchemaguardError(
          `The Prisma schema ${schemaPath} uses the mysql provider, for which Prisma's WebAssembly schema engine writes no DDL (it has only PostgreSQL's and SQLite's): compare the database with the replay of its migrations (migrations:prisma/migrations) instead.`,
        );
      }
      if (provider !== undefined && !POSTGRES_PROVIDERS.has(provider)) {
        throw new SchemaguardError(
          `The Prisma schema ${schemaPath} uses the ${provider} provider: schemaguard reads PostgreSQL schemas only (provider = "postgresql").`,
        );
      }
      return line;
    });
  }
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
