import { relative, resolve } from 'node:path';
import type { UnreadKind } from '../schema/unread.js';
import { environmentUrl, loadConfig, type ResolvedConfig, type SchemaScope } from '../config/load.js';
import { closedOnAbort, dialectByName, dialectForUrl } from '../dialects/index.js';
import type { ConnectOptions, Connection, Dialect } from '../dialects/dialect.js';
import { SchemaguardError } from '../errors.js';
import { type SchemaFilter, filterSchema, relationMatcher } from '../schema/filter.js';
import { canonicalSchema, normalizeSchema } from '../schema/canonical.js';
import { namesIn, renameNamespace } from '../schema/rename-namespace.js';
import type { ExtensionDef, Schema, TableData } from '../schema/model.js';
import type { TableSizes } from '../plan/table-size.js';
import { type Snapshot, parseSnapshot, readSnapshot } from '../schema/snapshot.js';
import { fileAtRevision } from '../git/repo.js';
import { redactUrl } from '../redact.js';
import { type ParsedRef, type ShadowRef, parseRef } from './ref.js';
import { migrationSteps, modelSteps, sqlSteps } from './shadow-refs.js';
import { checkRefs } from './check-refs.js';
import { type CachedShadowResult, loadThroughShadow } from '../shadow/cache.js';
import type { ShadowOptions, ShadowStep } from '../shadow/shadow.js';
import { djangoProject } from './django/runner.js';
import { djangoShadowBuild } from './django/schema.js';
import { runDebug } from '../debug.js';

export interface LoadOptions {
  /** The config; loaded from the working directory when not given. */
  readonly config?: ResolvedConfig;
  /** What to keep; combined with the config's include/exclude lists. */
  readonly filter?: SchemaFilter;
  readonly includePrivileges?: boolean;
  readonly includeOwners?: boolean;
  readonly connectTimeoutMs?: number;
  /** Also read sample rows of tables matching these globs (databases only). */
  readonly data?: { readonly tables: readonly string[]; readonly limit: number };
  readonly onProgress?: (step: string) => void;
  /** Databases: read at the moment of a snapshot another session exported (the dialect's `IntrospectOptions.snapshot`). */
  readonly snapshot?: string;
  /**
   * Databases: also read the estimated size of each table from the server's statistics, for the
   * hazards of a plan that runs on it (the dialect's `readTableSizes`, when it has one).
   */
  readonly tableSizes?: boolean;
}

/** The ORMs whose models schemaguard reads. */
export type ModelsOrm = 'drizzle' | 'prisma';

/** A schema loaded from a ref, with where it came from. */
export interface LoadedSchema {
  readonly dialect: string;
  readonly schema: Schema;
  /** The ref, with any password removed. */
  readonly source: string;
  /** Set when built from one ORM's models alone: what they cannot express is not compared (docs/models.md). */
  readonly models?: ModelsOrm;
  readonly serverVersion?: string;
  /** Extensions whose version the SQL it was built from pins (for sources built on a shadow database). */
  readonly pinnedExtensions?: readonly string[];
  /**
   * Extensions the models use without creating them (see `impliedExtensions`): the models were
   * built with them, `schema` leaves them out, and a comparison adds those the other side lacks.
   */
  readonly impliedExtensions?: readonly ExtensionDef[];
  readonly data?: Record<string, TableData>;
  /** Objects of kinds the model does not describe, counted by kind; unknown for snapshots written before it was counted. */
  readonly notIncluded?: Readonly<Record<string, number>>;
  /** Kinds the database user may not read (src/schema/unread.ts): absent from the schema, and not compared. */
  readonly unread?: readonly UnreadKind[];
  /** With {@link LoadOptions.tableSizes}, for a database: its tables' estimated sizes, by table path. */
  readonly tableSizes?: TableSizes;
}

/**
 * What a source keeps: the config's include/exclude lists and switches with the command's
 * filter; with a {@link ResolvedConfig.scope}, what schema `scope.as` holds alone (whatever
 * else the source has, such as a baseline snapshot of the whole database).
 */
export function combinedFilter(config: ResolvedConfig, filter: SchemaFilter = {}): SchemaFilter {
  return {
    schemas: config.scope ? [config.scope.as] : filter.schemas?.length ? filter.schemas : config.include.schemas,
    tables: filter.tables?.length ? filter.tables : config.include.tables,
    excludeSchemas: [...(config.exclude.schemas ?? []), ...(filter.excludeSchemas ?? [])],
    excludeTables: [
      ...(config.exclude.tables ?? []),
      ...(filter.excludeTables ?? []),
      // A migration history table with a name of its own is bookkeeping too.
      ...(config.migrations?.table && !(filter.includeSystemTables ?? config.includeSystemTables)
        ? [config.migrations.table]
        : []),
    ],
    includeSystemTables: filter.includeSystemTables ?? config.includeSystemTables,
    ...(config.scope || filter.objectsOnly ? { objectsOnly: true } : {}),
  };
}

/** Qualified names of the tables of a schema that match the globs. */
function matchingTables(schema: Schema, globs: readonly string[]): string[] {
  const matches = relationMatcher(globs);
  return schema.tables.filter((t) => matches(t.schema, t.name)).map((t) => `${t.schema}.${t.name}`);
}

/** The rows a snapshot holds for the tables that are both kept and asked for. */
function pickData(
  data: Readonly<Record<string, TableData>>,
  schema: Schema,
  globs: readonly string[],
): Record<string, TableData> {
  const picked: Record<string, TableData> = {};
  for (const name of matchingTables(schema, globs)) {
    const rows = data[name];
    if (rows) picked[name] = rows;
  }
  return picked;
}

/**
 * Refuses, in one sentence, what the load options ask of an engine that cannot do it: grants
 * where the schema has none (`capabilities.privileges`), schema filters where objects live
 * in no namespaces (`capabilities.schemas`).
 */
export function requireCapabilities(dialect: Dialect, options: LoadOptions): void {
  if (options.includePrivileges && !dialect.capabilities.privileges) {
    throw new SchemaguardError(`--include-privileges reads grants, which ${dialect.title} schemas do not have.`);
  }
  if ((options.filter?.schemas?.length || options.filter?.excludeSchemas?.length) && !dialect.capabilities.schemas) {
    throw new SchemaguardError(
      `--schema and --exclude-schema pick namespaces, which ${dialect.title} does not have: pick tables with --table.`,
    );
  }
}

/**
 * A record by table path (`schema.name`) of a scoped read, its paths in `scope.schema` renamed
 * to `scope.as` and the others left out.
 */
function scopedKeys<T>(record: Readonly<Record<string, T>>, scope: SchemaScope): Record<string, T> {
  const prefix = `${scope.schema}.`;
  return Object.fromEntries(
    Object.entries(record).flatMap(([path, value]) =>
      path.startsWith(prefix) ? [[`${scope.as}.${path.slice(prefix.length)}`, value] as const] : [],
    ),
  );
}

/**
 * The estimated sizes of a database's tables, when its engine keeps statistics; undefined when
 * the engine keeps none or the user may not read them: sizes only add to hazards, and a plan
 * without them is still right.
 */
async function readTableSizes(
  dialect: Dialect,
  session: Connection,
  schemas: readonly string[] | undefined,
): Promise<TableSizes | undefined> {
  try {
    return await dialect.readTableSizes?.(session, schemas);
  } catch {
    return undefined;
  }
}

async function loadDatabase(url: string, config: ResolvedConfig, options: LoadOptions): Promise<LoadedSchema> {
  const dialect = dialectForUrl(url);
  if (!dialect) throw new SchemaguardError(`No dialect reads ${url}.`);
  requireCapabilities(dialect, options);
  const connect: ConnectOptions = {
    connectTimeoutMs: options.connectTimeoutMs ?? config.connectTimeoutMs,
    cwd: config.cwd,
    env: config.env,
  };
  options.onProgress?.('connecting');
  const session = closedOnAbort(await dialect.connect(url, connect), config.abort);
  const { scope } = config;
  // A schema-per-tenant target: its schema alone, read and named as the one it stands for.
  const schemas = scope ? [scope.schema] : undefined;
  const named = (read: Schema) => (scope ? renameNamespace(read, scope.schema, scope.as) : read);
  const byTable = <T>(record: Readonly<Record<string, T>>) => (scope ? scopedKeys(record, scope) : record);
  try {
    const introspection = await session.introspect({
      includePrivileges: options.includePrivileges,
      includeOwners: options.includeOwners,
      onProgress: options.onProgress,
      ...(options.snapshot ? { snapshot: options.snapshot } : {}),
      ...(schemas ? { schemas } : {}),
    });
    if (scope && dialect.capabilities.schemas && !introspection.schema.schemas.some((s) => s.name === scope.schema)) {
      throw new SchemaguardError(`The database ${session.source} has no schema "${scope.schema}".`);
    }
    // Canonical from the start: comparing it with a snapshot file can then skip what is written alike.
    const schema = canonicalSchema(filterSchema(named(introspection.schema), combinedFilter(config, options.filter)));
    let data: Record<string, TableData> | undefined;
    if (options.data) {
      options.onProgress?.('reading rows');
      const tables = matchingTables(schema, options.data.tables);
      data = byTable(
        scope
          ? await session.readData(
              renameNamespace(schema, scope.as, scope.schema, { only: namesIn(schema, scope.as) }),
              {
                tables: tables.map((table) => `${scope.schema}${table.slice(scope.as.length)}`),
                limit: options.data.limit,
              },
            )
          : await session.readData(schema, { tables, limit: options.data.limit }),
      );
    }
    const sizes = options.tableSizes ? await readTableSizes(dialect, session, schemas) : undefined;
    const tableSizes = sizes && byTable(sizes);
    return {
      dialect: dialect.name,
      schema,
      source: session.source,
      serverVersion: introspection.serverVersion,
      data,
      notIncluded: introspection.notIncluded,
      ...(introspection.unread?.length ? { unread: introspection.unread } : {}),
      ...(tableSizes ? { tableSizes } : {}),
    };
  } finally {
    await session.close();
  }
}

/**
 * A schema built on a shadow database (or taken from the shadow cache when the same
 * steps were built before), filtered like any other source.
 */
export async function loadFromSteps(
  steps: readonly ShadowStep[],
  source: string,
  config: ResolvedConfig,
  options: LoadOptions,
): Promise<LoadedSchema> {
  const dialect = dialectByName(config.dialect);
  requireCapabilities(dialect, options);
  const implied = impliedExtensions(dialect, steps);
  const replayed = implied ? [implied.step, ...steps] : steps;
  const result = await loadThroughShadow(replayed, shadowOptions(dialect, source, config, options));
  const loaded = fromShadowResult(result, dialect, source, config, options, dialect.shadow.pinnedExtensions(steps));
  if (!implied) return loaded;
  const extensions = loaded.schema.extensions;
  return {
    ...loaded,
    schema: { ...loaded.schema, extensions: extensions.filter((x) => !implied.names.has(x.name)) },
    impliedExtensions: extensions.filter((x) => implied.names.has(x.name)),
  };
}

/**
 * The extensions that the SQL generated from models (the steps that can locate their
 * statements in model files) uses without creating them, and the step that creates them
 * first. The models do not describe those extensions: they are left out of the schema built,
 * so that a comparison takes them from the other side (as it does when the models write no
 * extension at all), and adds them only where the other side lacks them.
 */
function impliedExtensions(
  dialect: Dialect,
  steps: readonly ShadowStep[],
): { readonly names: ReadonlySet<string>; readonly step: ShadowStep } | undefined {
  const generated = steps.filter((step) => step.locate).map((step) => step.sql);
  const implied = generated.length > 0 ? dialect.shadow.impliedExtensions(generated, steps) : undefined;
  if (!implied) return undefined;
  return {
    names: new Set(implied.names),
    step: {
      label: `the extensions the models use (${implied.names.join(', ')})`,
      sql: implied.sql,
      transactional: true,
    },
  };
}

/** Where a source's shadow databases come from: the config's shadow server, else the embedded engine. */
function shadowOptions(dialect: Dialect, source: string, config: ResolvedConfig, options: LoadOptions): ShadowOptions {
  return {
    dialect,
    server: config.shadow,
    cacheDir: config.cacheDir,
    connectTimeoutMs: config.connectTimeoutMs,
    env: config.env,
    onStart: onShadowStart(source, config, options),
  };
}

/** A schema built on a shadow database (or taken from the cache), filtered like any other source. */
function fromShadowResult(
  result: CachedShadowResult,
  dialect: Dialect,
  source: string,
  config: ResolvedConfig,
  options: LoadOptions,
  pinnedExtensions: readonly string[],
): LoadedSchema {
  if (result.cached) runDebug(config)(`shadow result for ${source} taken from the cache`);
  const schema = canonicalSchema(filterSchema(result.schema, combinedFilter(config, options.filter)));
  return {
    dialect: dialect.name,
    schema,
    source,
    serverVersion: result.serverVersion,
    pinnedExtensions,
    notIncluded: result.notIncluded,
  };
}

/** Progress and a debug line when a shadow (or a model engine's scratch) database starts. */
function onShadowStart(source: string, config: ResolvedConfig, options: LoadOptions): (kind: string) => void {
  return (kind) => {
    options.onProgress?.(`starting a shadow database (${kind})`);
    runDebug(config)(`shadow database started (${kind}) for ${source}`);
  };
}

function fromSnapshot(snapshot: Snapshot, source: string, config: ResolvedConfig, options: LoadOptions): LoadedSchema {
  requireCapabilities(dialectByName(snapshot.dialect), options);
  const schema = normalizeSchema(filterSchema(snapshot.schema, combinedFilter(config, options.filter)));
  const data = options.data && snapshot.data ? pickData(snapshot.data, schema, options.data.tables) : undefined;
  return {
    dialect: snapshot.dialect,
    schema,
    source,
    serverVersion: snapshot.meta.serverVersion,
    data,
    notIncluded: snapshot.meta.notIncluded,
    ...(snapshot.meta.unread ? { unread: snapshot.meta.unread } : {}),
  };
}

/**
 * Loads the schema a ref names — a database URL, `env:NAME`, a snapshot file,
 * `git:REV:PATH`, or through a shadow database `sql:`, `migrations:`, models and `django:` refs — into
 * the in-memory model, filtered by the config and the options. Databases are only read.
 */
export async function loadSchema(ref: string, options: LoadOptions = {}): Promise<LoadedSchema> {
  const config = options.config ?? (await loadConfig());
  const parsed = parseRef(ref);
  switch (parsed.kind) {
    case 'database':
      return loadDatabase(parsed.url, config, options);
    case 'environment': {
      const environment = config.environments[parsed.name];
      const loaded = await loadDatabase(environmentUrl(config, parsed.name), config, options);
      // A URL written in the config is recorded as written, not as this machine's absolute path.
      const fromVariable = environment?.urlEnv && config.env[environment.urlEnv];
      return environment?.url && !fromVariable ? { ...loaded, source: redactUrl(environment.url) } : loaded;
    }
    case 'git': {
      const path = parsed.path ?? relative(config.cwd, config.baseline);
      const text = await fileAtRevision(parsed.revision, path, config.cwd);
      const snapshot = await parseSnapshot(text, `git:${parsed.revision}:${path}`, { recomputeHash: false });
      return fromSnapshot(snapshot, `git:${parsed.revision}:${path}`, config, options);
    }
    case 'sql':
      return loadFromSteps(await shadowSteps(parsed, config), `sql:${parsed.path}`, config, options);
    case 'migrations':
      return loadFromSteps(await shadowSteps(parsed, config), ref, config, options);
    case 'models':
    case 'combined': {
      // Every part is checked before any is built: a missing file fails at once.
      if (parsed.kind === 'combined') await checkRefs([ref], config);
      const built = await modelRefSteps(parsed, config, onShadowStart(ref, config, options));
      const loaded = await loadFromSteps(built.steps, ref, built.config, options);
      const orms = new Set(
        parsed.kind === 'models' ? [parsed.orm] : parsed.parts.map((p) => p.kind === 'models' && p.orm),
      );
      const [orm] = orms;
      return orms.size === 1 && orm ? { ...loaded, models: orm } : loaded;
    }
    case 'django': {
      const project = djangoProject(config, parsed.manage);
      const dialect = dialectByName(config.dialect);
      requireCapabilities(dialect, options);
      const shadow = shadowOptions(dialect, ref.trim(), config, options);
      const result = await djangoShadowBuild(project, { ...shadow, onProgress: options.onProgress });
      return fromShadowResult(result, dialect, ref.trim(), config, options, []);
    }
    case 'file': {
      const path = resolve(config.cwd, parsed.path);
      const snapshot = await readSnapshot(path, { recomputeHash: false, shownAs: parsed.path });
      requireCapabilities(dialectByName(snapshot.dialect), options);
      const schema = normalizeSchema(filterSchema(snapshot.schema, combinedFilter(config, options.filter)));
      const data = options.data && snapshot.data ? pickData(snapshot.data, schema, options.data.tables) : undefined;
      return {
        dialect: snapshot.dialect,
        schema,
        source: parsed.path,
        serverVersion: snapshot.meta.serverVersion,
        data,
        notIncluded: snapshot.meta.notIncluded,
        ...(snapshot.meta.unread ? { unread: snapshot.meta.unread } : {}),
      };
    }
  }
}

/** The shadow steps of a `sql:` or `migrations:` ref, replayed on the engine of `config.dialect`. */
async function shadowSteps(
  ref: Extract<ShadowRef, { kind: 'sql' | 'migrations' }>,
  config: ResolvedConfig,
): Promise<ShadowStep[]> {
  switch (ref.kind) {
    case 'sql':
      return sqlSteps(resolve(config.cwd, ref.path), config.cwd, dialectByName(config.dialect).lexer);
    case 'migrations':
      return migrationSteps(ref.path && resolve(config.cwd, ref.path), ref.version, config, ref.revision);
  }
}

/**
 * The shadow steps of a models ref, or of a combined ref's parts in order, and the config
 * they are replayed with: its dialect is the models' engine (drizzle's `mysql-core` models are
 * MySQL's whatever the config's dialect), and the other parts are read as that engine's SQL.
 */
async function modelRefSteps(
  ref: Extract<ParsedRef, { kind: 'models' | 'combined' }>,
  config: ResolvedConfig,
  onStart: (kind: string) => void,
): Promise<{ steps: ShadowStep[]; config: ResolvedConfig }> {
  const parts = ref.kind === 'combined' ? ref.parts : [ref];
  const models = await Promise.all(
    parts.map((part) =>
      part.kind === 'models'
        ? modelSteps(part.orm, resolve(config.cwd, part.path), {
            cacheDir: config.cacheDir,
            onStart,
            cwd: config.cwd,
            debug: runDebug(config),
          })
        : undefined,
    ),
  );
  const dialects = [...new Set(models.flatMap((m) => (m ? [m.dialect] : [])))];
  if (dialects.length > 1) {
    throw new SchemaguardError(
      `The models of one ref must be of one engine, and these are ${dialects.join(' and ')} models: give each its own ref.`,
    );
  }
  const [dialect = config.dialect] = dialects;
  const replayed = dialect === config.dialect ? config : { ...config, dialect };
  const steps = await Promise.all(
    parts.map((part, i) => (part.kind === 'models' ? (models[i]?.steps ?? []) : shadowSteps(part, replayed))),
  );
  return { steps: steps.flat(), config: replayed };
}
