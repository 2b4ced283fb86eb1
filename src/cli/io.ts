/** Where a command's text goes: `process.stdout`, `process.stderr`, or a test's collector. */
export interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal: progress lines and colours are shown only then. */
  readonly isTTY?: boolean;
}

/**
 * The outside world a command run sees: its output streams, its input, its working
 * directory and its environment. `main.ts` passes the real process's; tests pass their own.
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Answers to questions; none means nothing can be asked. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** The working directory relative paths are resolved from. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}
