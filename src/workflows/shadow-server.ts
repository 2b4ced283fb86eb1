/**
 * Where a command on a database replays SQL when the config names no shadow server and
 * the engine has no embedded database to replay it on (MySQL): the database's own server.
 */
import { type ResolvedConfig, environmentUrl } from '../config/load.js';
import { dialectByName, dialectForUrl } from '../dialects/index.js';
import { parseRef } from '../sources/ref.js';

/** The URL of the database `ref` names (`env:NAME`, an environment or a URL); undefined for any other ref. */
function databaseUrl(config: ResolvedConfig, ref: string): string | undefined {
  try {
    const parsed = parseRef(ref);
    if (parsed.kind === 'environment') return environmentUrl(config, parsed.name);
    if (parsed.kind === 'database') return parsed.url;
  } catch {
    // A ref that does not name a database fails later, with its own sentence.
  }
  return undefined;
}

/**
 * The config a command comparing the database `ref` with SQL, migrations or models runs with:
 * when the config file names no engine, the database's engine, so that the other side is
 * replayed as that engine's SQL (a `sql:` file beside a SQLite file is SQLite); unchanged
 * otherwise (a config that names one engine and a database of another get one sentence later).
 */
export function onDatabaseEngine(config: ResolvedConfig, ref: string): ResolvedConfig {
  if (config.dialectNamed) return config;
  const url = databaseUrl(config, ref);
  const dialect = url === undefined ? undefined : dialectForUrl(url);
  return dialect && dialect.name !== config.dialect ? { ...config, dialect: dialect.name } : config;
}

/**
 * The config a command on the database `ref` (`env:NAME` or a URL) runs with: unchanged
 * when it names a shadow server or the engine has an embedded database; else with the
 * database's URL as its shadow server, on which a temporary database is created for each
 * replay (the user must be allowed to create databases there, or the replay says so), and
 * with the database's engine as the one the other side's SQL is written for: what is replayed
 * on a MySQL server is MySQL, also when no config file names the engine.
 */
export function shadowOnDatabaseServer(config: ResolvedConfig, ref: string): ResolvedConfig {
  if (config.shadow !== undefined) return config;
  const url = databaseUrl(config, ref);
  if (url === undefined) return config;
  const dialect = dialectForUrl(url);
  if (!dialect || dialect.capabilities.embedded || dialect.refs.isEmbedded(url)) return config;
  return { ...config, shadow: url, dialect: dialect.name };
}

/** A config whose shadow server is borrowed from an environment, and that environment's name. */
export interface BorrowedShadow {
  readonly config: ResolvedConfig;
  /** The environment whose server replays run on; undefined when the config was left as it was. */
  readonly environment?: string;
}

/**
 * The config a command on no database (`migrate check`) runs with: unchanged when it names a
 * shadow server or the engine has an embedded database; else with the server of the first
 * environment whose URL is one of the engine's servers as its shadow server (a temporary
 * database is created there for each replay). Environments whose URL variable is not set are
 * passed over; with none left, the config is unchanged and the replay says what to set.
 */
export function shadowOnEnvironmentServer(config: ResolvedConfig): BorrowedShadow {
  if (config.shadow !== undefined || dialectByName(config.dialect).capabilities.embedded) return { config };
  for (const name of Object.keys(config.environments)) {
    let url: string;
    try {
      url = environmentUrl(config, name);
    } catch {
      continue;
    }
    const dialect = dialectForUrl(url);
    if (dialect?.name !== config.dialect || dialect.refs.isEmbedded(url)) continue;
    return { config: { ...config, shadow: url }, environment: name };
  }
  return { config };
}
