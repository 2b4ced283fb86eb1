import { relative, resolve } from 'node:path';
import type { RunEnvironment } from '../config/load.js';

/** What a workflow tells its caller while it runs; the CLI prints it on stderr (progress on a terminal only). */
export interface Reporter {
  /** The step under way, replaced by the next (`loading the schema`). */
  progress(step: string): void;
  /** Clears the progress line, before other output. */
  doneProgress(): void;
  /** A line of the run's account: protocol steps, notes, what was written. */
  info(line: string): void;
  /** A line about something the user should look at, that does not stop the run. */
  warn(line: string): void;
  /** A note said once per run, however often the workflow comes upon it. */
  noteOnce(line: string): void;
  /** The workflow's main text shown while it runs (a plan before its confirmation): stdout in the CLI. */
  show(text: string): void;
}

/** Asks the user; the CLI asks on its terminal. */
export interface Prompter {
  /** Whether there is anyone to ask (a terminal on the input). */
  readonly interactive: boolean;
  /** Writes `question` and resolves to the answer (trimmed), or undefined when the input has ended. */
  ask(question: string): Promise<string | undefined>;
}

/** Everything a workflow needs from its caller: where it runs, whom it tells, whom it asks. */
export interface WorkflowContext extends RunEnvironment {
  readonly reporter: Reporter;
  readonly prompter: Prompter;
  /** Aborts the run between steps. */
  readonly signal?: AbortSignal;
  /**
   * Results that runs side by side share, by key: what does not change from one to the next
   * (the state of the git working tree for the runs of a fleet). Absent: each run finds its own.
   */
  readonly shared?: Map<string, Promise<unknown>>;
}

/** `compute()`'s result, or the one another run sharing `context.shared` got for the same key. */
export function sharedResult<T>(context: WorkflowContext, key: string, compute: () => Promise<T>): Promise<T> {
  const { shared } = context;
  if (!shared) return compute();
  const known = shared.get(key) as Promise<T> | undefined;
  if (known) return known;
  const result = compute();
  shared.set(key, result);
  return result;
}

/** A path as the user reads it: relative to the working directory (the path itself when that is empty). */
export function shownPath(cwd: string, path: string): string {
  return relative(cwd, resolve(cwd, path)) || path;
}
