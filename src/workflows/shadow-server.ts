/**
 * Where a command on a database replays SQL when the config names no shadow server and
 * the engine has no embedded database to replay it on (MySQL): the database's own server.
 */
import { type ResolvedConfig, environmentUrl } from '../config/load.js';
import { dialectForUrl } from '../dialects/index.js';
import { parseRef } from '../sources/ref.js';

/**
 * The config a command on the database `ref` (`env:NAME` or a URL) runs with: unchanged
 * when it names a shadow server or the engine has an embedded database; else with the
 * database's URL as its shadow server, on which a temporary database is created for each
 * replay (the user must be allowed to create databases there, or the replay says so).
 */
export function shadowOnDatabaseServer(config: ResolvedConfig, ref: string): ResolvedConfig {
  if (config.shadow !== undefined) return config;
  let url: string;
  try {
    const parsed = parseRef(ref);
    if (parsed.kind === 'environment') url = environmentUrl(config, parsed.name);
    else if (parsed.kind === 'database') url = parsed.url;
    else return config;
  } catch {
    // A ref that does not name a database fails later, with its own sentence.
    return config;
  }
  const dialect = dialectForUrl(url);
  if (!dialect || dialect.capabilities.embedded || dialect.refs.isEmbedded(url)) return config;
  return { ...config, shadow: url };
}
