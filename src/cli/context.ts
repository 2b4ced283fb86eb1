import { relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pc from 'picocolors';
import { loadConfig, type ResolvedConfig } from '../config/load.js';
import { type Debug, debugChannel } from '../debug.js';
import { embeddedFolderExample, refForms } from '../dialects/index.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { redactSecrets, redactUrl, urlPasswords } from '../redact.js';
import { parseRef } from '../sources/ref.js';
import { writeFileAtomic } from '../schema/snapshot.js';
import { requireGivenRefs } from './given-refs.js';
import type { Prompter, Reporter, WorkflowContext } from '../workflows/context.js';
import type { SourceOptions } from '../workflows/source-options.js';
import type { CliIo, OutputStream } from './io.js';

/** Options every command accepts. */
export interface GlobalOptions {
  readonly config?: string;
  readonly verbose?: boolean;
  /** False with `--no-color`. */
  readonly color?: boolean;
}

/** picocolors' functions, on or off. */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Whether to colour what goes to `stream`: never with `--no-color` or a non-empty
 * `NO_COLOR`; always with `FORCE_COLOR` set (other than `0` or `false`); else when the
 * stream is a terminal.
 */
export function colorsFor(stream: OutputStream, env: CliIo['env'], flag: boolean | undefined): boolean {
  if (flag === false || env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true;
}

/** Asks on the command's input, writing the questions on its stderr; lines typed ahead of a question are kept for it. */
export class LinePrompter implements Prompter {
  private lines?: ReturnType<typeof createInterface>;
  private readonly typed: string[] = [];
  private readonly waiting: ((line: string | undefined) => void)[] = [];
  private ended = false;

  constructor(private readonly io: CliIo) {}

  get interactive(): boolean {
    return this.io.stdin?.isTTY === true;
  }

  async ask(question: string): Promise<string | undefined> {
    this.io.stderr.write(question);
    const line =
      this.typed.length > 0
        ? this.typed.shift()
        : this.ended || !this.listen()
          ? undefined
          : await new Promise<string | undefined>((resolve) => this.waiting.push(resolve));
    return line?.trim();
  }

  /** Stops reading the input (at the end of the command, so that it does not keep the process alive). */
  close(): void {
    this.lines?.close();
  }

  /** Starts reading the input on the first question; false when there is none. */
  private listen(): boolean {
    if (this.lines) return true;
    if (!this.io.stdin) return false;
    this.lines = createInterface({ input: this.io.stdin, terminal: false });
    this.lines.on('line', (line) => {
      const next = this.waiting.shift();
      if (next) next(line);
      else this.typed.push(line);
    });
    this.lines.on('close', () => {
      this.ended = true;
      for (const next of this.waiting.splice(0)) next(undefined);
    });
    return true;
  }
}

/** One command run's world: its io, its colours per stream, its prompter. */
export class CliContext {
  /** Whether each stream is coloured. */
  readonly colored: { readonly stdout: boolean; readonly stderr: boolean };
  readonly colors: { readonly stdout: Colors; readonly stderr: Colors };
  /** This run's debug lines (`SCHEMAGUARD_DEBUG` in its environment), on its stderr. */
  readonly debug: Debug;

  constructor(
    readonly io: CliIo,
    private readonly options: GlobalOptions,
    readonly prompter: LinePrompter = new LinePrompter(io),
    private readonly said = new Set<string>(),
  ) {
    this.colored = {
      stdout: colorsFor(io.stdout, io.env, options.color),
      stderr: colorsFor(io.stderr, io.env, options.color),
    };
    this.colors = { stdout: pc.createColors(this.colored.stdout), stderr: pc.createColors(this.colored.stderr) };
    this.debug = debugChannel(io.env, io.stderr);
  }

  /** The same run, working in another directory. */
  in(cwd: string): CliContext {
    return new CliContext({ ...this.io, cwd }, this.options, this.prompter, this.said);
  }

  get cwd(): string {
    return this.io.cwd;
  }

  get env(): CliIo['env'] {
    return this.io.env;
  }

  /** Writes to stdout. */
  out(text: string): void {
    this.io.stdout.write(text);
  }

  /** Writes a line to stderr unless this run already wrote it. */
  noteOnce(line: string): void {
    if (this.said.has(line)) return;
    this.said.add(line);
    this.err(`${line}\n`);
  }

  /** Writes to stderr. */
  err(text: string): void {
    this.io.stderr.write(text);
  }

  /** A path as the user reads it: relative to the working directory. */
  shown(path: string): string {
    return relative(this.io.cwd, resolve(this.io.cwd, path)) || path;
  }

  /** The config of this run: `--config`, else the nearest from the working directory up. */
  loadConfig(options: GlobalOptions): Promise<ResolvedConfig> {
    if (this.io.config && !options.config) return Promise.resolve(this.io.config);
    return loadConfig({ file: options.config, cwd: this.io.cwd, env: this.io.env, debug: this.debug });
  }

  /** Writes a result (text, or text in pieces) to a file (atomically, relative to the working directory) or to stdout. */
  async writeResult(text: string | readonly string[], output: string | undefined): Promise<void> {
    if (output) await writeFileAtomic(resolve(this.io.cwd, output), text, output);
    else if (typeof text === 'string') this.io.stdout.write(text);
    else for (const piece of text) this.io.stdout.write(piece);
  }

  /** Progress on stderr, shown only on a terminal; `done()` clears the line. */
  progressReporter(label: string): { update(step: string): void; done(): void } {
    const stderr = this.io.stderr;
    if (!stderr.isTTY) return { update() {}, done() {} };
    const dim = this.colors.stderr.dim;
    let shown = false;
    return {
      update(step) {
        shown = true;
        stderr.write(`\r\u001b[2K${dim(`${label}: ${step}…`)}`);
      },
      done() {
        if (shown) stderr.write('\r\u001b[2K');
      },
    };
  }

  /** The context a workflow runs in: this run's place, a reporter on stderr labelled `label`, the prompter. */
  workflow(label: string): WorkflowContext {
    const progress = this.progressReporter(label);
    const reporter: Reporter = {
      progress: (step) => progress.update(step),
      doneProgress: () => progress.done(),
      info: (line) => this.err(`${line}\n`),
      warn: (line) => this.err(`${line}\n`),
      noteOnce: (line) => this.noteOnce(line),
      show: (text) => this.out(text),
    };
    return {
      cwd: this.io.cwd,
      env: this.io.env,
      debug: this.debug,
      reporter,
      prompter: this.prompter,
      ...(this.io.signal ? { signal: this.io.signal } : {}),
      ...(this.io.shared ? { shared: this.io.shared } : {}),
    };
  }
}

/** How a command's action runs: given this run's context, resolving to the exit code. */
export type Run = (action: (cli: CliContext) => Promise<number>) => Promise<void>;

/**
 * The one ref a command reads: a positional ref, `--db URL` or `--env NAME`,
 * else the config's default environment.
 */
export function sourceRef(positional: string | undefined, options: SourceOptions, config: ResolvedConfig): string {
  if (options.db && parseRef(options.db).kind !== 'database') {
    throw new SchemaguardError(`--db takes a database URL (${refForms()}), not "${redactUrl(options.db)}".`);
  }
  const given = [positional, options.db, options.env && `env:${options.env}`].filter((r): r is string => Boolean(r));
  if (given.length > 1) throw new SchemaguardError('Name one source only: a ref, --db URL or --env NAME.');
  requireGivenRefs(config.cwd, ...given);
  if (given[0]) return given[0];
  if (config.defaultEnvironment) return `env:${config.defaultEnvironment}`;
  const example = embeddedFolderExample();
  throw new SchemaguardError(
    `Name a database to read: ${example ? `--db URL, --env NAME, or a ref such as ${example}` : '--db URL or --env NAME'}.`,
  );
}

/** Parses a flag value that must be a whole number (0 or more). */
export function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new SchemaguardError(`${flag} takes a whole number, not "${value}".`);
  return n;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Passwords found in the command line and the environment, to be kept out of every message. */
function knownSecrets(argv: readonly string[], env: CliIo['env']): string[] {
  return [...argv, ...Object.values(env)].flatMap((value) => (value ? urlPasswords(value) : []));
}

/** Prints an error as one sentence (with the stack under `--verbose`) on `io.stderr` and returns exit code 2. */
export function reportError(error: unknown, verbose: boolean, argv: readonly string[], io: CliIo): number {
  const secrets = knownSecrets(argv, io.env);
  const message =
    error instanceof SchemaguardError
      ? error.message
      : `Unexpected error: ${errorMessage(error)} (run with --verbose for details).`;
  const colors = pc.createColors(colorsFor(io.stderr, io.env, argv.includes('--no-color') ? false : undefined));
  io.stderr.write(`${colors.red('schemaguard:')} ${redactUrl(redactSecrets(message, secrets))}\n`);
  if (verbose && error instanceof Error && error.stack) {
    const cause = error.cause instanceof Error && error.cause.stack ? `\nCaused by: ${error.cause.stack}` : '';
    io.stderr.write(`${redactUrl(redactSecrets(`${error.stack}${cause}`, secrets))}\n`);
  }
  return 2;
}
