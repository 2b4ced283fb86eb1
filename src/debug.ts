import { redactUrl } from './redact.js';

/**
 * A line on stderr when `SCHEMAGUARD_DEBUG` is set: what schemaguard did behind the
 * scenes (shadow databases started, cache hits). Off otherwise. URLs in it lose their password.
 */
export function debug(message: string): void {
  // The debug channel is the process's, whichever run asks: set for the whole process, read on its stderr.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.SCHEMAGUARD_DEBUG) process.stderr.write(`schemaguard debug: ${redactUrl(message)}\n`);
}
