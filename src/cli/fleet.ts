import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/load.js';
import { dialectForUrl, shareServerSessions } from '../dialects/index.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { describeFsError } from '../write-file.js';
import {
  type FleetCommand,
  FleetSummary,
  type ReportHeader,
  mergeReports,
  parseReport,
  renderSummaryJson,
  renderSummaryText,
  reportLine,
} from '../fleet/report.js';
import { type TargetResult, runFleet } from '../fleet/run.js';
import { type FleetTarget, fleetNamed, fleetTargets, parseShard, shardOf } from '../fleet/targets.js';
import { environmentUrl } from '../config/load.js';
import { parseRef } from '../sources/ref.js';
import { type CliContext, type GlobalOptions, type Run, wholeNumber } from './context.js';
import type { CliIo, OutputStream } from './io.js';
import { formatOption } from './options.js';
import { runCli } from './program.js';

/** Each fleet command: the schemaguard command it runs per target, and its name in help. */
const COMMANDS: Record<FleetCommand, { readonly argv: readonly string[]; readonly summary: string }> = {
  status: { argv: ['migrate', 'status'], summary: 'migrate status on every target: pending migrations and drift' },
  check: { argv: ['check'], summary: 'the pre-deploy checklist on every target' },
  compare: { argv: ['compare'], summary: 'compare every target with the baseline (or --baseline REF)' },
  apply: { argv: ['migrate', 'apply'], summary: 'migrate apply on every target: a canary first, then the rest' },
  rollback: { argv: ['rollback'], summary: 'rollback on every target (--to a git revision or snapshot)' },
};

/** Each fleet command's examples, after `schemaguard fleet COMMAND`. */
const EXAMPLES: Record<FleetCommand, readonly string[]> = {
  status: ['--fleet regions', '--fleet regions --format json'],
  check: ['--fleet regions --allow-pending'],
  compare: ['--fleet regions --shard 2/4 --report reports/shard-2.jsonl'],
  apply: ['--fleet regions --canary 1 --yes --dry-run'],
  rollback: ['--fleet regions --to HEAD~1 --yes --dry-run'],
};

/** Flags the fleet sets for each target: passing them on would be a mistake. */
const SET_PER_TARGET = ['--db', '--env', '--format', '--output', '-o', '--current'];

interface FleetOptions {
  readonly fleet?: string;
  readonly concurrency?: string;
  readonly timeout?: string;
  readonly shard?: string;
  readonly report?: string;
  readonly format: string;
  readonly canary?: string;
  readonly maxFailures?: string;
  readonly yes?: boolean;
}

/** The fleet's own flags: those with a value, then the switches (found anywhere on the line). */
const VALUE_FLAGS = [
  '--fleet',
  '--concurrency',
  '--timeout',
  '--shard',
  '--report',
  '--format',
  '--canary',
  '--max-failures',
];
const SWITCHES = ['--yes'];

/**
 * Splits a fleet command's arguments into the fleet's own flags and those passed on to the
 * command each target runs (commander leaves everything after the first unknown flag unread).
 */
function splitArguments(parsed: FleetOptions, rest: readonly string[]): { options: FleetOptions; passOn: string[] } {
  const options: Record<string, unknown> = { ...parsed };
  const passOn: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const key = (flag as string).replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (VALUE_FLAGS.includes(flag as string)) {
      const value = inline ?? rest[++i];
      if (value === undefined) throw new SchemaguardError(`${flag} needs a value.`);
      options[key] = value;
    } else if (SWITCHES.includes(arg)) options[key] = true;
    else passOn.push(arg);
  }
  if (!['text', 'json'].includes(options.format as string)) {
    throw new SchemaguardError(`--format takes text or json, not "${String(options.format)}".`);
  }
  for (const flag of SET_PER_TARGET) {
    if (flag !== '--format' && passOn.some((a) => a === flag || a.startsWith(`${flag}=`))) {
      throw new SchemaguardError(`${flag} is set for each target by the fleet; leave it out.`);
    }
  }
  return { options: options as unknown as FleetOptions, passOn };
}

/** Text collected from a target's run. */
class Collector implements OutputStream {
  text = '';
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

/** The config a target runs with: a tenant schema's scope, and backups of its own. */
function targetConfig(
  config: ResolvedConfig,
  fleet: string,
  as: string,
  target: FleetTarget,
  abort: AbortSignal | undefined,
): ResolvedConfig {
  const base = abort ? { ...config, abort } : config;
  if (parseRef(target.ref).kind === 'environment' && !target.schema) return base;
  // Backups go to a folder of the target's own.
  const own = { ...base, backupDir: join(config.backupDir, fleet, target.name.replace(/[^A-Za-z0-9_.-]/g, '_')) };
  if (!target.schema) return own;
  // A tenant of an environment's database is not the environment: its snapshot is not this tenant's to rewrite.
  const parsed = parseRef(target.ref);
  const environments =
    parsed.kind === 'environment' && config.environments[parsed.name]
      ? { ...config.environments, [parsed.name]: { ...config.environments[parsed.name], snapshot: undefined } }
      : config.environments;
  return { ...own, environments, scope: { schema: target.schema, as } };
}

/** The arguments that name a target's database. */
function databaseArguments(target: FleetTarget): string[] {
  const parsed = parseRef(target.ref);
  return parsed.kind === 'environment' ? ['--env', parsed.name] : ['--db', target.ref];
}

/** The line a difference of `--format json` gets in a fleet's summary: `+ index public.t.t_x_idx [warning]`. */
function differenceLine(difference: Record<string, unknown>): string {
  const symbol = { add: '+', drop: '-', alter: '~', rename: '>' }[String(difference.action)] ?? '?';
  const attributes = Array.isArray(difference.attributes)
    ? (difference.attributes as { attribute: string; before: unknown; after: unknown }[]).map((a) => {
        const show = (v: unknown) => (v === null ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));
        const [before, after] = [show(a.before), show(a.after)];
        return before.length + after.length > 120
          ? `${a.attribute}: (changed)`
          : `${a.attribute}: ${before} → ${after}`;
      })
    : [];
  const details = attributes.length > 0 ? `  ${attributes.join('; ')}` : '';
  return `${symbol} ${String(difference.objectType)} ${String(difference.path)}${details} [${String(difference.severity)}]`;
}

/** The last error sentence a run wrote (`schemaguard: …`), without the prefix. */
function errorOf(stderr: string): string | undefined {
  const lines = stderr.split('\n').filter((l) => l.startsWith('schemaguard: '));
  return lines.at(-1)?.slice('schemaguard: '.length);
}

/** Reads a target's result from its run: the exit code and the command's JSON report. */
function resultOf(
  command: FleetCommand,
  code: number,
  stdout: string,
  stderr: string,
): Omit<TargetResult, 'ms' | 'name'> {
  if (code === 2 && !stdout.trim()) {
    return { outcome: 'error', details: [], error: errorOf(stderr) ?? 'could not run' };
  }
  let report: Record<string, unknown>;
  try {
    report = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    return { outcome: code === 0 ? 'ok' : 'error', details: [], error: errorOf(stderr) ?? 'no report' };
  }
  switch (command) {
    case 'compare': {
      const details = (report.differences as Record<string, unknown>[]).map(differenceLine);
      return { outcome: details.length === 0 ? 'ok' : 'differs', details };
    }
    case 'status': {
      const migrations = (report.migrations as { state: string; version: string; name?: string; path?: string }[])
        .filter((m) => m.state !== 'applied')
        .map((m) => `migration ${m.path ?? m.version} ${m.state}`);
      const drift = (report.drift as Record<string, unknown>[]).map((d) => `drift: ${differenceLine(d)}`);
      const details = [...migrations, ...drift];
      return { outcome: code === 0 && details.length === 0 ? 'ok' : 'differs', details };
    }
    case 'check': {
      const items = report.checks as { group: string; name: string; status: string; message: string }[];
      const failed = items
        .filter((i) => i.status === 'failed' || i.status === 'warning')
        .map(
          (i) =>
            `${i.status === 'warning' ? '(skipped by override) ' : ''}${i.group === i.name ? i.name : `${i.group}: ${i.name}`}: ${i.message}`,
        );
      return { outcome: code === 0 ? 'ok' : 'failed', details: failed };
    }
    case 'apply':
    case 'rollback': {
      const executed = ((report.executed as { label: string }[]) ?? []).map((e) => e.label);
      const result = String(report.result);
      if (result === 'dry run') {
        const plan = (report.plan as { items?: { label: string }[] } | undefined)?.items ?? [];
        return { outcome: 'ok', details: plan.map((item) => `would run ${item.label}`) };
      }
      if (result === 'failed' || code !== 0) {
        return { outcome: 'failed', details: executed, error: String(report.error ?? errorOf(stderr) ?? 'failed') };
      }
      return { outcome: 'ok', details: executed };
    }
  }
}

/** How many targets run at once by default: the cores (at least 2) for servers, one for embedded databases. */
function defaultConcurrency(targets: readonly FleetTarget[], config: ResolvedConfig): number {
  const embedded = targets.some((t) => {
    const parsed = parseRef(t.ref);
    const url = parsed.kind === 'environment' ? environmentUrl(config, parsed.name) : t.ref;
    return dialectForUrl(url)?.refs.isEmbedded(url) === true && !url.startsWith('sqlite');
  });
  return embedded ? 1 : Math.max(2, Math.min(8, availableParallelism() * 2));
}

async function runFleetCommand(
  cli: CliContext,
  command: FleetCommand,
  parsed: FleetOptions,
  rest: readonly string[],
  globals: GlobalOptions,
): Promise<number> {
  const { options, passOn } = splitArguments(parsed, rest);
  const config = await cli.loadConfig(globals);
  const { name, fleet } = fleetNamed(config, options.fleet);
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const concurrency = options.concurrency ? Math.max(1, wholeNumber(options.concurrency, '--concurrency')) : undefined;
  const timeoutSeconds = options.timeout ? Number(options.timeout) : fleet.timeout;
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    throw new SchemaguardError(`--timeout takes a number of seconds, not "${options.timeout}".`);
  }
  const canary = options.canary ? wholeNumber(options.canary, '--canary') : undefined;
  const maxFailures = options.maxFailures ? wholeNumber(options.maxFailures, '--max-failures') : undefined;
  if ((canary !== undefined || maxFailures !== undefined) && command !== 'apply' && command !== 'rollback') {
    throw new SchemaguardError('--canary and --max-failures are for fleet apply and fleet rollback.');
  }
  const changes = command === 'apply' || command === 'rollback';
  const targetArgv = (target: FleetTarget) => [
    ...COMMANDS[command].argv,
    ...passOn,
    ...databaseArguments(target),
    '--format',
    'json',
    ...(changes ? ['--yes'] : []),
  ];
  // The flags passed on are read once, before any target runs: a mistake is one sentence, not one per target.
  const check = new Collector();
  const checked = await runCli(targetArgv({ name: 'check', ref: 'env:check' }), {
    ...cli.io,
    stdout: check,
    stderr: check,
    config,
    parseOnly: true,
  });
  if (checked !== 0) {
    throw new SchemaguardError(
      `${check.text
        .trim()
        .replace(/^schemaguard: /, '')
        .replace(/ \(see --help\)\.$/, '')} (passed on to ${COMMANDS[command].argv.join(' ')})`,
    );
  }

  const all = await fleetTargets(config, name, fleet);
  const targets = shard ? all.filter((t) => shardOf(t.name, shard.count) === shard.index) : all;
  if (changes && !options.yes) {
    if (!cli.prompter.interactive) {
      throw new SchemaguardError(
        `fleet ${command} changes ${targets.length} database${targets.length === 1 ? '' : 's'}: confirm with --yes (there is no terminal to ask on).`,
      );
    }
    const answer = await cli.prompter.ask(
      `fleet ${command} will run on ${targets.length} target${targets.length === 1 ? '' : 's'} of ${name}${canary ? ` (${canary} first, as a canary)` : ''}. Go on? [y/N] `,
    );
    if (!/^y(es)?$/i.test(answer ?? '')) {
      cli.err('Nothing was changed.\n');
      return 1;
    }
  }

  const report = options.report ? await openReport(resolve(cli.cwd, options.report), options.report) : undefined;
  const header: ReportHeader = {
    fleet: name,
    command,
    ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
    targets: targets.length,
    started: new Date().toISOString(),
  };
  report?.write(reportLine(header));
  const summary = new FleetSummary(name, command);
  summary.planned = targets.length;
  const stop = new AbortController();
  const started = performance.now();
  const interruptible = cli.io.onInterrupt?.(() => {
    cli.err('Stopping: no new target starts; those running finish their current step. Ctrl-C again to quit at once.\n');
    stop.abort();
  });
  const as = fleet.as ?? 'public';
  const runAtOnce = concurrency ?? fleet.concurrency ?? defaultConcurrency(targets, config);
  let done = 0;
  const progress = cli.progressReporter(`fleet ${command}`);
  // Targets on one server (tenant schemas above all) take each other's warm sessions.
  const releaseSessions = shareServerSessions();
  // What every target's run would find alike (the git working tree's state), found once.
  const shared = new Map<string, Promise<unknown>>();
  const end = await runFleet(
    targets,
    async (target, signal) => {
      const out = new Collector();
      const err = new Collector();
      const io: CliIo = {
        stdout: out,
        stderr: err,
        cwd: cli.cwd,
        env: cli.env,
        // A read is cut off when its time is up; a change stops at its next safe point.
        config: targetConfig(config, name, as, target, changes ? undefined : signal),
        signal,
        shared,
      };
      const code = await runCli(targetArgv(target), io);
      const result = resultOf(command, code, out.text, err.text);
      return stop.signal.aborted && result.outcome === 'failed' ? { ...result, outcome: 'stopped' } : result;
    },
    {
      concurrency: runAtOnce,
      ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
      ...(canary !== undefined ? { canary } : {}),
      // A fleet change stops at its first failure unless told to go on.
      ...(maxFailures !== undefined ? { maxFailures } : changes ? { maxFailures: 1 } : {}),
      stop: stop.signal,
      onResult: (result) => {
        summary.add(result);
        report?.write(reportLine(result));
        progress.update(`${++done} of ${targets.length}`);
      },
    },
  ).finally(releaseSessions);
  interruptible?.();
  progress.done();
  summary.notStarted = [...end.notStarted];
  summary.stoppedBy = end.stoppedBy;
  const ms = Math.round(performance.now() - started);
  if (report) {
    report.write(
      reportLine({
        done: true,
        ms,
        notStarted: end.notStarted,
        ...(end.stoppedBy ? { stoppedBy: end.stoppedBy } : {}),
      }),
    );
    await closeReport(report, options.report as string);
  }
  cli.out(options.format === 'json' ? renderSummaryJson(summary) : renderSummaryText(summary, header.shard));
  if (end.ran > 0)
    cli.err(
      `${end.ran} of ${targets.length} targets ran in ${(ms / 1000).toFixed(1)} s, ${Math.min(runAtOnce, targets.length)} at once.\n`,
    );
  return summary.exitCode;
}

async function openReport(path: string, shown: string): Promise<WriteStream> {
  await mkdir(dirname(path), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new SchemaguardError(`Cannot write ${shown}: ${describeFsError(error)}.`);
  });
  const stream = createWriteStream(path);
  await new Promise<void>((resolveOpen, reject) => {
    stream.once('open', () => resolveOpen());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new SchemaguardError(`Cannot write ${shown}: ${describeFsError(error)}.`)),
    );
  });
  return stream;
}

async function closeReport(stream: WriteStream, shown: string): Promise<void> {
  await new Promise<void>((resolveClose, reject) => {
    stream.end((error?: Error | null) =>
      error ? reject(new SchemaguardError(`Cannot write ${shown}: ${errorMessage(error)}.`)) : resolveClose(),
    );
  });
}

async function runMerge(cli: CliContext, files: readonly string[], format: string): Promise<number> {
  const reports = await Promise.all(
    files.map(async (file) => {
      const text = await readFile(resolve(cli.cwd, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new SchemaguardError(
          error.code === 'ENOENT' ? `There is no report ${file}.` : `Cannot read ${file}: ${describeFsError(error)}.`,
        );
      });
      return { ...parseReport(text, file), shownAs: file };
    }),
  );
  const summary = mergeReports(reports);
  cli.out(format === 'json' ? renderSummaryJson(summary) : renderSummaryText(summary));
  return summary.exitCode;
}

/** `schemaguard fleet …`: a command on every database (or tenant schema) of a fleet. */
export function registerFleet(program: Command, run: Run): void {
  const fleet = program
    .command('fleet')
    .summary('run status, check, compare, apply or rollback on every database of a fleet')
    .description(
      'A fleet is a list of databases, or of tenant schemas in one database, named in the config under "fleets". Each fleet command runs the schemaguard command of its name on every target, several at once, and groups the targets with the same result. --shard I/N takes a stable slice of the targets, for a CI matrix; fleet merge joins the shards\' reports.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard fleet status --fleet regions\n  $ schemaguard fleet apply --fleet regions --canary 1 --yes --dry-run\n',
    );
  for (const command of Object.keys(COMMANDS) as FleetCommand[]) {
    const sub = fleet
      .command(command)
      .summary(COMMANDS[command].summary)
      .description(
        `Runs \`schemaguard ${COMMANDS[command].argv.join(' ')}\` on every target of the fleet; its other flags are passed on to each. Prints the targets grouped by result; --report writes a JSON Lines report (a line per target). Exit code 0 when every target is ok, 1 otherwise, 2 when the fleet could not run.${
          command === 'apply' || command === 'rollback'
            ? ' Stops starting targets after the first failure (--max-failures K for more); --canary N runs N targets first and stops if any fails. A second run skips what is done. Ctrl-C stops starting targets and lets those running finish their current migration.'
            : ''
        }`,
      )
      .option('--fleet <name>', "the fleet (default: the config's only one)")
      .option('--concurrency <n>', 'targets run at once (default: from the engine and the cores)')
      .option('--timeout <seconds>', 'a target that takes longer is reported as timed out')
      .option('--shard <I/N>', 'only the I-th of N stable slices of the targets (for a CI matrix)')
      .option('--report <file>', 'write a JSON Lines report: a header, a line per target, a closing line')
      .addOption(formatOption(['text', 'json'], 'text', 'how to write the summary'));
    if (command === 'apply' || command === 'rollback') {
      sub
        .option('--canary <n>', 'run on N targets first; stop if any fails')
        .option('--max-failures <k>', 'start no new target after K failures (default 1)')
        .option('--yes', 'do not ask (required without a terminal)');
    }
    sub
      .allowUnknownOption()
      .argument('[flags...]', `flags of ${COMMANDS[command].argv.join(' ')}, passed on to each target`)
      .addHelpText(
        'after',
        `\nExamples:\n${EXAMPLES[command].map((e) => `  $ schemaguard fleet ${command} ${e}\n`).join('')}`,
      )
      .action((flags: string[], options: FleetOptions, cmd: Command) =>
        run((cli) => runFleetCommand(cli, command, options, flags, cmd.optsWithGlobals<GlobalOptions>())),
      );
  }
  fleet
    .command('merge')
    .summary("join the shard runs' reports into one summary")
    .description(
      'Reads the JSON Lines reports of a fleet command run in shards (--shard I/N --report FILE) and prints the summary of the whole fleet, with its exit code. Every shard 1…N must be there once, each report complete.',
    )
    .argument('<reports...>', 'the reports')
    .addOption(formatOption(['text', 'json'], 'text', 'how to write the summary'))
    .addHelpText('after', '\nExamples:\n  $ schemaguard fleet merge reports/shard-*.jsonl\n')
    .action((files: string[], options: { format: string }) => run((cli) => runMerge(cli, files, options.format)));
}
