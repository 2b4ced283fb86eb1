import { SchemaguardError } from '../errors.js';

/** How a command names the one database it reads, as its flags give it. */
export interface SourceOptions {
  readonly db?: string;
  readonly env?: string;
  readonly connectTimeout?: string;
}

/** `--connect-timeout` in milliseconds, or undefined for the config's value. */
export function connectTimeoutMs(options: SourceOptions): number | undefined {
  if (options.connectTimeout === undefined) return undefined;
  const seconds = Number(options.connectTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new SchemaguardError(`--connect-timeout takes a number of seconds, not "${options.connectTimeout}".`);
  }
  return seconds * 1000;
}
