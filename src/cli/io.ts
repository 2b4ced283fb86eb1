import type { ResolvedConfig } from '../config/load.js';

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
  /** The config, instead of loading one (`fleet` passes each target's). */
  readonly config?: ResolvedConfig;
  /** Only parse the command line: no action runs (`fleet` checks the flags it passes on this way). */
  readonly parseOnly?: boolean;
  /** Stops the run between steps: a migration run stops before its next migration. */
  readonly signal?: AbortSignal;
  /** Results shared with the runs beside it (see `WorkflowContext.shared`): a fleet's targets. */
  readonly shared?: Map<string, Promise<unknown>>;
  /**
   * Calls `handler` on the first Ctrl-C instead of ending the process (a second one ends it),
   * until the returned function is called. Absent where there is no terminal to interrupt.
   */
  readonly onInterrupt?: (handler: () => void) => () => void;
}
