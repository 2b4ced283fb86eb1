import { redactUrl } from './redact.js';

/**
 * A run's debug channel: what schemaguard did behind the scenes (shadow databases started,
 * cache hits), a line per message when the run's `SCHEMAGUARD_DEBUG` is set, nothing otherwise.
 */
export type Debug = (message: string) => void;

/** The debug channel of a run with environment `env`, written on `stderr`. URLs in it lose their password. */
export function debugChannel(
  env: Readonly<Record<string, string | undefined>>,
  stderr: { write(text: string): unknown },
): Debug {
  if (!env.SCHEMAGUARD_DEBUG) return () => {};
  return (message) => {
    stderr.write(`schemaguard debug: ${redactUrl(message)}\n`);
  };
}

/**
 * The debug channel of a run: its own, or, for a run that names none (a library call), one on
 * the process's stderr, switched on by the run's environment (the process's when not given).
 */
export function runDebug(
  run: { readonly env?: Readonly<Record<string, string | undefined>>; readonly debug?: Debug } = {},
): Debug {
  // A library call without a channel of its own writes on the process's stderr, as a script's other output.
  // eslint-disable-next-line no-restricted-properties
  return run.debug ?? debugChannel(run.env ?? process.env, process.stderr);
}
