/**
 * An error the user can act on: one sentence saying what failed and what to do.
 * The CLI prints only its message (the stack with `--verbose`) and exits with code 2.
 */
export class SchemaguardError extends Error {
  override readonly name = 'SchemaguardError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The message of any thrown value, for wrapping it in a {@link SchemaguardError}. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A `JSON.parse` error's reason without the bit of text V8 quotes in it (`Unexpected token
 * 'x', "…" is not valid JSON`): that text may hold a password, and line breaks.
 */
export function jsonParseReason(error: unknown): string {
  return errorMessage(error).replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '');
}
