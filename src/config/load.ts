import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { defaultDialect, embeddedFolder } from '../dialects/index.js';
import { SchemaguardError, errorMessage, jsonParseReason } from '../errors.js';
import { refParts } from '../sources/ref.js';
import type { EnvironmentConfig, FleetConfig, SchemaguardConfig } from './schema.js';
import type { SchemaAssertion } from '../checks/assertion-spec.js';
import type { SystemCheck } from '../checks/run.js';
import type { Debug } from '../debug.js';

/** File names searched for, in this order, in each folder from the working directory up. */
export const CONFIG_FILE_NAMES = [
  'schemaguard.config.ts',
  'schemaguard.config.mts',
  'schemaguard.config.mjs',
  'schemaguard.config.js',
  'schemaguard.config.cjs',
  'schemaguard.config.json',
];

/** Where a run happens: the working directory and the environment variables it reads. */
export interface RunEnvironment {
  /** The working directory: relative paths and refs given by the user are resolved from it. */
  readonly cwd: string;
  /** The environment variables: environments' `urlEnv`, `SCHEMAGUARD_*` switches. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the run's debug lines (`SCHEMAGUARD_DEBUG`) go: the CLI's, its stderr; the process's stderr when not given. */
  readonly debug?: Debug;
  /**
   * When aborted, the run's database connections close, so that a read under way fails at once
   * (a fleet target past its time). Migration runs stop more gently: see `WorkflowContext.signal`.
   */
  readonly abort?: AbortSignal;
}

/**
 * One schema of a database read and changed as if it were another: a schema-per-tenant
 * database's `tenant_0042`, compared with a baseline whose objects live in `public`.
 */
export interface SchemaScope {
  /** The schema the database holds the objects in (`tenant_0042`). */
  readonly schema: string;
  /** The name they are compared under (the baseline's: `public`). */
  readonly as: string;
}

/**
 * A validated config with its defaults filled in and its paths made absolute, and the
 * working directory and environment of the run that loaded it.
 */
export interface ResolvedConfig extends RunEnvironment {
  /** The config file, or undefined when none was found (all defaults). */
  readonly file?: string;
  /** Folder that relative paths in the config are relative to. */
  readonly root: string;
  /** The engine: the config's `dialect`, else the default. */
  readonly dialect: string;
  /** Whether the config file names the engine (else a database a command is given may decide it). */
  readonly dialectNamed?: boolean;
  readonly snapshotDir: string;
  readonly baseline: string;
  /** The environments; their `snapshot` paths made absolute. */
  readonly environments: Readonly<Record<string, EnvironmentConfig>>;
  readonly defaultEnvironment?: string;
  readonly include: { readonly schemas?: readonly string[]; readonly tables?: readonly string[] };
  readonly exclude: { readonly schemas?: readonly string[]; readonly tables?: readonly string[] };
  readonly includeSystemTables: boolean;
  readonly connectTimeoutMs: number;
  /** The default models ref, relative paths resolved from the config's folder. */
  readonly models?: string;
  /** Compare the models on everything, as if they could express every object kind (docs/models.md). */
  readonly strictModels?: boolean;
  /** The migration folder (absolute), with its format and history table when set. */
  readonly migrations?: {
    readonly dir: string;
    readonly format?:
      'plain' | 'dbmate' | 'golang-migrate' | 'flyway' | 'prisma' | 'diesel' | 'drizzle' | 'sequelize' | 'liquibase';
    readonly table?: string;
    readonly command?: string;
    readonly lockTimeout?: number;
    readonly statementTimeout?: number;
    readonly lockRetries?: number;
    readonly sessionSql?: string;
  };
  /**
   * The Django project, when the config has a `django` block: `manage` made absolute, `python`
   * too when it is a path (a bare name such as `python3` is looked up on PATH).
   */
  readonly django?: { readonly manage: string; readonly settings?: string; readonly python?: string };
  /** Whether backups include the data (`pg_dump`). */
  readonly backupData: boolean;
  /** The folder of backups (absolute), a folder per environment in it: `<snapshotDir>/backups` by default. */
  readonly backupDir: string;
  /** A server URL for shadow databases; embedded PGlite when undefined. */
  readonly shadow?: string;
  /** Absolute folder of the shadow cache. */
  readonly cacheDir: string;
  /** Schema assertions, in config order. */
  readonly assertions: readonly SchemaAssertion[];
  /** The team's own checks, in config order; command checks run in {@link root}. */
  readonly checks: readonly SystemCheck[];
  /**
   * Set by `fleet` for a schema-per-tenant target, not a config-file key: a database is read
   * in `scope.schema` alone, renamed to `scope.as`, and every side of a comparison is kept to
   * `scope.as`; migrations run with `scope.schema` as the session's schema, their history in it.
   */
  readonly scope?: SchemaScope;
  /** The fleets, by name, as written (their targets are resolved when a `fleet` command runs). */
  readonly fleets: Readonly<Record<string, FleetConfig>>;
}

/** Typed identity for `schemaguard.config.ts`: `export default defineConfig({ … })`. */
export function defineConfig(config: SchemaguardConfig): SchemaguardConfig {
  return config;
}

/** The nearest config file from `cwd` upward, if any. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function importConfigModule(file: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    const text = await readFile(file, 'utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new SchemaguardError(`The config file ${file} is not valid JSON: ${jsonParseReason(error)}.`);
    }
  }
  const [{ createJiti }, library] = await Promise.all([import('jiti'), import('../index.js')]);
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    // The config compiled once per content (jiti keeps it under node_modules/.cache/jiti, or the
    // system's temporary folder, when it can write there): a command starts 0.1 s sooner.
    fsCache: true,
    // `import { defineConfig } from 'schemaguard'` gets this schemaguard, the one reading the
    // config, already loaded: whether or not the project installs one of its own (a Python
    // project, a run with npx does not), and without resolving and loading it again.
    virtualModules: { schemaguard: library },
  });
  try {
    return await jiti.import(file, { default: true });
  } catch (error) {
    const firstLine = errorMessage(error).split('\n')[0];
    throw new SchemaguardError(`The config file ${file} does not load: ${firstLine}.`, { cause: error });
  }
}

/**
 * Validates a config object and fills in defaults; `file` and `root` say where it came from,
 * `run` where it is used (default: in `root`, with no environment variables).
 */
export async function resolveConfig(
  raw: unknown,
  file: string | undefined,
  root: string,
  run?: RunEnvironment,
): Promise<ResolvedConfig> {
  // Loaded on first use, so runs without a config file do not pay for the validator (nor a
  // valid config for the snapshot validators, which name the path of an issue).
  const { configValidator } = await import('./schema.js');
  const result = configValidator.safeParse(raw ?? {});
  if (!result.success) {
    const { formatIssuePath } = await import('../schema/validate.js');
    const issue = result.error.issues[0];
    const where = issue ? formatIssuePath(issue.path) : '(top level)';
    const message =
      issue?.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : (issue?.message ?? 'invalid');
    throw new SchemaguardError(`The config file ${file ?? '(given)'} is invalid at ${where}: ${message}.`);
  }
  const config = result.data;
  for (const [name, environment] of Object.entries(config.environments ?? {})) {
    if (!environment.url && !environment.urlEnv) {
      throw new SchemaguardError(
        `The config file ${file ?? '(given)'} is invalid at environments.${name}: give "url" or "urlEnv".`,
      );
    }
  }
  if (config.defaultEnvironment && !config.environments?.[config.defaultEnvironment]) {
    throw new SchemaguardError(
      `The config file ${file ?? '(given)'} is invalid at defaultEnvironment: there is no environment "${config.defaultEnvironment}".`,
    );
  }
  const defaults = defaultConfig(root, run);
  const snapshotDir = config.snapshotDir ? resolve(root, config.snapshotDir) : defaults.snapshotDir;
  return {
    ...defaults,
    file,
    dialect: config.dialect ?? defaults.dialect,
    ...(config.dialect ? { dialectNamed: true } : {}),
    snapshotDir,
    baseline: config.baseline ? resolve(root, config.baseline) : join(snapshotDir, 'baseline_schema.json'),
    // Environment snapshot files, like every other path, are relative to the config's folder.
    environments: Object.fromEntries(
      Object.entries(config.environments ?? {}).map(([name, environment]) => [
        name,
        environment.snapshot ? { ...environment, snapshot: resolve(root, environment.snapshot) } : environment,
      ]),
    ),
    defaultEnvironment: config.defaultEnvironment ?? (config.environments?.development ? 'development' : undefined),
    include: config.include ?? {},
    exclude: config.exclude ?? {},
    includeSystemTables: config.includeSystemTables ?? false,
    connectTimeoutMs: (config.connectTimeout ?? 10) * 1000,
    models: config.models ? resolveRefPaths(config.models, root) : undefined,
    strictModels: config.strictModels,
    migrations: config.migrations ? { ...config.migrations, dir: resolve(root, config.migrations.dir) } : undefined,
    django: config.django ? resolveDjango(config.django, root) : undefined,
    backupData: config.backup?.data ?? false,
    backupDir: config.backup?.dir ? resolve(root, config.backup.dir) : join(snapshotDir, 'backups'),
    shadow: config.shadow ?? defaults.shadow,
    cacheDir: config.cacheDir ? resolve(root, config.cacheDir) : defaults.cacheDir,
    assertions: config.assertions ?? [],
    checks: config.checks ?? [],
    fleets: config.fleets ?? {},
  };
}

/**
 * The shadow server SCHEMAGUARD_SHADOW_URL names, for a config that names none: how a CI job
 * gives its service database to an engine with no embedded one (MySQL).
 */
function shadowFromEnvironment(run: RunEnvironment): string | undefined {
  return run.env.SCHEMAGUARD_SHADOW_URL || undefined;
}

/** The config used when there is no config file: every default; `run` as in {@link resolveConfig}. */
export function defaultConfig(root: string, run: RunEnvironment = { cwd: root, env: {} }): ResolvedConfig {
  const snapshotDir = resolve(root, 'database_schema');
  return {
    cwd: run.cwd,
    env: run.env,
    debug: run.debug,
    root,
    dialect: defaultDialect().name,
    snapshotDir,
    baseline: join(snapshotDir, 'baseline_schema.json'),
    environments: {},
    include: {},
    exclude: {},
    includeSystemTables: false,
    connectTimeoutMs: 10_000,
    backupData: false,
    backupDir: join(snapshotDir, 'backups'),
    shadow: shadowFromEnvironment(run),
    cacheDir: resolve(root, '.schemaguard', 'cache'),
    assertions: [],
    checks: [],
    fleets: {},
  };
}

/**
 * Loads the config: the given file, or the nearest one from `cwd` upward, or defaults when
 * there is none. `cwd` and `env` default to the process's (for library callers), `debug` to
 * the process's stderr.
 */
export async function loadConfig(
  options: { cwd?: string; env?: RunEnvironment['env']; debug?: Debug; file?: string } = {},
): Promise<ResolvedConfig> {
  // The library's one default to the process: callers that name no working directory or
  // environment (`loadSchema(ref)` from a script) mean the process's.
  // eslint-disable-next-line no-restricted-properties
  const place = { cwd: options.cwd ?? process.cwd(), env: options.env ?? process.env };
  const run: RunEnvironment = { ...place, debug: options.debug };
  const file = options.file ? resolve(run.cwd, options.file) : findConfigFile(run.cwd);
  if (options.file && file && !existsSync(file)) {
    throw new SchemaguardError(`The config file ${options.file} does not exist.`);
  }
  if (!file) return defaultConfig(run.cwd, run);
  const raw = await importConfigModule(file);
  return resolveConfig(raw, file, dirname(file), run);
}

/** The database URL of a configured environment; `urlEnv` is read from `env` (default: the config's run's). */
export function environmentUrl(config: ResolvedConfig, name: string, env: RunEnvironment['env'] = config.env): string {
  const environment = config.environments[name];
  if (!environment) {
    const known = Object.keys(config.environments);
    throw new SchemaguardError(
      `There is no environment "${name}" in ${config.file ?? 'the config (no config file found)'}${known.length ? `; known: ${known.join(', ')}` : ''}.`,
    );
  }
  if (environment.urlEnv) {
    const url = env[environment.urlEnv];
    if (url) return url;
    if (!environment.url) {
      throw new SchemaguardError(
        `Environment "${name}" takes its database URL from the variable ${environment.urlEnv}, which is not set.`,
      );
    }
  }
  if (!environment.url) {
    throw new SchemaguardError(`Environment "${name}" has neither "url" nor "urlEnv" in the config.`);
  }
  return resolveEmbeddedPath(environment.url, config.root);
}

/** The config's `django` block with its paths made absolute from the config's folder. */
function resolveDjango(django: NonNullable<SchemaguardConfig['django']>, root: string): ResolvedConfig['django'] {
  return {
    manage: resolve(root, django.manage ?? 'manage.py'),
    ...(django.settings ? { settings: django.settings } : {}),
    ...(django.python ? { python: django.python.includes('/') ? resolve(root, django.python) : django.python } : {}),
  };
}

/** A ref written in the config with a relative path (`drizzle:./schema.ts`), made absolute from the config's folder. */
function resolveRefPaths(ref: string, root: string): string {
  const parts = refParts(ref);
  if (parts.length > 1) return parts.map((part) => resolveRefPaths(part, root)).join(' + ');
  const match = /^(sql|migrations|drizzle|prisma|django):(.*)$/.exec(ref);
  if (match) return !match[2] || isAbsolute(match[2]) ? ref : `${match[1]}:${resolve(root, match[2])}`;
  // Anything else without a scheme is a snapshot file, also relative to the config.
  return /^[a-z][a-z0-9+.-]+:/i.test(ref) || isAbsolute(ref) ? ref : resolve(root, ref);
}

/** An embedded database's folder (`pglite:./data`) written relative to the config file, made absolute; other URLs unchanged. */
export function resolveEmbeddedPath(url: string, root: string): string {
  const folder = embeddedFolder(url);
  return !folder || isAbsolute(folder.path) ? url : folder.withPath(resolve(root, folder.path));
}
