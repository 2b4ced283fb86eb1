/**
 * The one way schemaguard runs another program (git, pg_dump, command checks, the team's
 * migration tool), built on tinyexec: the same environment handling, the same sentence
 * when the program is missing, the same timeout (the process group is stopped, then
 * killed) and the exit code, signal and output handed back rather than thrown.
 */
import { existsSync } from 'node:fs';
import { type Result, x } from 'tinyexec';
import { SchemaguardError, errorMessage } from './errors.js';

/** How to run a program. */
export interface RunOptions {
  /** The working directory (default: the process's). */
  readonly cwd?: string;
  /** Variables added to the process's environment; one set to undefined is removed from it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Written to the program's standard input, which is closed after it; none by default. */
  readonly input?: string;
  /**
   * `command` is a shell command line rather than a program to start with `args`. Its
   * output is read until a second after the shell exits: background jobs it leaves
   * holding the pipes do not hold the result back.
   */
  readonly shell?: boolean;
  /**
   * Milliseconds after which the program and everything it started are stopped (SIGTERM,
   * then SIGKILL a second later); it then runs in its own process group, so Ctrl-C at the
   * terminal does not reach it. No limit by default.
   */
  readonly timeoutMs?: number;
  /**
   * `capture` (default): stdout and stderr are collected into the result. `stderr`: both
   * go to this process's stderr as they come, leaving stdout to schemaguard's report.
   * `stderr-only`: stdout is discarded, stderr collected.
   */
  readonly output?: 'capture' | 'stderr' | 'stderr-only';
  /** The program's name in messages (default: `command`; give one for shell lines). */
  readonly name?: string;
}

/** How a program ended. */
export interface RunResult {
  /** Its exit code; undefined when a signal ended it. */
  readonly exitCode: number | undefined;
  /** The signal that ended it, if one did. */
  readonly signal: string | null;
  /** Whether `timeoutMs` passed and it was stopped. */
  readonly timedOut: boolean;
  /** What it printed, when captured ('' otherwise). */
  readonly stdout: string;
  readonly stderr: string;
}

/** Milliseconds between SIGTERM and SIGKILL, and the longest wait for output pipes after exit. */
const GRACE_MS = 1000;

/** A program that could not start; `reason` says why without naming it again. */
export class ProgramStartError extends SchemaguardError {
  constructor(
    message: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A program that cannot be started: not installed, or not on the PATH. */
export class ProgramNotFoundError extends ProgramStartError {}

/** Why a program could not start, in one sentence naming it. */
function startFailure(name: string, cwd: string | undefined, error: unknown): ProgramStartError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' && cwd !== undefined && !existsSync(cwd)) {
    const reason = `the folder ${cwd} does not exist`;
    return new ProgramStartError(`Cannot run ${name}: ${reason}.`, reason, { cause: error });
  }
  if (code === 'ENOENT') {
    const reason = `${name} is not installed or not on the PATH`;
    return new ProgramNotFoundError(`${reason}.`, reason, { cause: error });
  }
  const reason = errorMessage(error);
  return new ProgramStartError(`Cannot run ${name}: ${reason}.`, reason, { cause: error });
}

/** Signals a process and, where there are process groups, everything it started. */
function stop(handle: Result, signal: NodeJS.Signals, group: boolean): void {
  const child = handle.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (group && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * Runs a program to its end. Resolves with its exit code and output whatever the exit
 * code; rejects only when it cannot start, with a {@link ProgramStartError}
 * ({@link ProgramNotFoundError}: "NAME is not installed or not on the PATH.").
 */
export async function runProgram(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const name = options.name ?? command;
  const group = options.timeoutMs !== undefined && process.platform !== 'win32';
  const output = options.output ?? 'capture';
  let handle: Result;
  try {
    handle = x(command, args, {
      throwOnError: false,
      // The PATH as the user has it: no node_modules/.bin added in front.
      nodePath: false,
      ...(options.input === undefined ? {} : { stdin: options.input }),
      nodeOptions: {
        cwd: options.cwd,
        env: options.env,
        shell: options.shell === true,
        detached: group,
        stdio: [
          options.input === undefined ? 'ignore' : 'pipe',
          output === 'stderr' ? 2 : output === 'stderr-only' ? 'ignore' : 'pipe',
          output === 'stderr' ? 2 : 'pipe',
        ],
      },
    });
  } catch (error) {
    throw startFailure(name, options.cwd, error);
  }
  // A program that exits before reading all its input reports its own error.
  handle.process?.stdin?.on('error', () => {});
  const timers: NodeJS.Timeout[] = [];
  let timedOut = false;
  if (options.timeoutMs !== undefined) {
    timers.push(
      setTimeout(() => {
        timedOut = true;
        stop(handle, 'SIGTERM', group);
        timers.push(setTimeout(() => stop(handle, 'SIGKILL', group), GRACE_MS));
      }, options.timeoutMs),
    );
  }
  // A background job of a shell command that kept the output pipes open must not hold the
  // result back (a program's own output is read to its end, however long that takes).
  if (options.shell) {
    handle.process?.once('exit', () => {
      timers.push(
        setTimeout(() => {
          handle.process?.stdout?.destroy();
          handle.process?.stderr?.destroy();
        }, GRACE_MS),
      );
    });
  }
  try {
    const { stdout, stderr, exitCode } = await handle;
    return { exitCode, signal: handle.signalCode, timedOut, stdout, stderr };
  } catch (error) {
    throw startFailure(name, options.cwd, error);
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

/** A program started to talk with through its standard streams (as `git cat-file --batch`). */
export interface StartedProgram {
  readonly pid: number | undefined;
  readonly stdin: NodeJS.WritableStream;
  readonly stdout: NodeJS.ReadableStream;
  readonly stderr: NodeJS.ReadableStream;
  /** Resolves when it has ended and its streams are closed; rejects with {@link runProgram}'s start errors. */
  readonly ended: Promise<RunResult>;
  /** Stops it (SIGTERM). */
  kill(): void;
}

/**
 * Starts a program with its standard streams as pipes, for a conversation; `ended` tells
 * how it ended, or why it could not start (as {@link runProgram}).
 */
export function startProgram(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string } = {},
): StartedProgram {
  const handle = x(command, args, {
    throwOnError: false,
    nodePath: false,
    nodeOptions: { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] },
  });
  const child = handle.process;
  if (!child?.stdin || !child.stdout || !child.stderr) throw new Error(`${command} was started without its pipes`);
  const ended = new Promise<RunResult>((resolve, reject) => {
    child.once('error', (error) => reject(startFailure(command, options.cwd, error)));
    child.once('close', (code, signal) =>
      resolve({ exitCode: code ?? undefined, signal, timedOut: false, stdout: '', stderr: '' }),
    );
  });
  return {
    pid: child.pid,
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    ended,
    kill: () => child.kill(),
  };
}
