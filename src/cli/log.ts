import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { SchemaguardError } from '../errors.js';
import { commitsChangingFile, locateInRepository } from '../git/history.js';
import { type CompareReport, jsonDifference, renderText } from '../report/compare.js';
import { type ChangeCount, countChanges, summarizeChanges } from '../report/summary.js';
import { type SchemaLogEntry, type SchemaLogStatus, displayPath, schemaLog } from '../workflows/log.js';
import { type CliContext, type GlobalOptions, type Run } from './context.js';
import { formatOption } from './options.js';

interface LogOptions {
  readonly file?: string;
  readonly table?: string;
  readonly patch?: boolean;
  readonly maxCount?: string;
  readonly format: string;
}

const EXAMPLES = `
Examples:
  # Every commit that changed the baseline, newest first, with what it changed
  $ schemaguard log

  # Only the commits that changed the table asset, each with its full difference
  $ schemaguard log --table asset --patch

  # The last 5 changes of a snapshot file, for a script
  $ schemaguard log --file database_schema/baseline_schema.json --max-count 5 --format json

  # The details of a change, as compare shows them (here between the last two commits)
  $ schemaguard compare git:HEAD~1:database_schema/baseline_schema.json git:HEAD:database_schema/baseline_schema.json
`;

/** The one-line summary of an entry, as `log` prints it after the subject. */
export function entrySummary(entry: SchemaLogEntry, shown: (path: string) => string): string {
  if (entry.status === 'unreadable') return `unreadable: ${entry.error}`;
  if (entry.status === 'not compared') return `not compared: ${entry.error}`;
  const changes = summarizeChanges(entry.changes ?? []);
  const notes: string[] = [];
  if (entry.status === 'deleted') notes.push('file deleted');
  if (entry.commit.before !== undefined && entry.commit.previousPath !== entry.commit.path) {
    notes.push(`renamed from ${shown(entry.commit.previousPath)}`);
  }
  const since = entry.comparedWith
    ? ` (compared with ${entry.comparedWith.shortCommit}, the last readable version)`
    : entry.noReadableBefore
      ? ' (compared with no file: every earlier version is unreadable)'
      : '';
  return `${notes.length > 0 ? `${notes.join(', ')}: ` : ''}${changes}${since}`;
}

/** An entry of `log --format json`; documented in docs/commands/log.md. */
interface LoggedCommit {
  readonly commit: string;
  readonly shortCommit: string;
  readonly date: string;
  readonly author: string;
  readonly email: string;
  readonly subject: string;
  readonly file: string;
  readonly previousFile: string | null;
  readonly status: SchemaLogStatus;
  readonly from: string | null;
  readonly to: string | null;
  readonly summary: string;
  readonly changes: readonly ChangeCount[] | null;
  readonly differences?: readonly object[] | null;
  readonly error: string | null;
}

function logged(cli: CliContext, entry: SchemaLogEntry, shown: (path: string) => string, patch: boolean): LoggedCommit {
  const { commit } = entry;
  return {
    commit: commit.commit,
    shortCommit: commit.shortCommit,
    date: commit.authorDate,
    author: commit.authorName,
    email: commit.authorEmail,
    subject: commit.subject,
    file: shown(commit.path),
    previousFile: commit.before === undefined ? null : shown(commit.previousPath),
    status: entry.status,
    from: entry.from ?? null,
    to: entry.to ?? null,
    summary: entrySummary(entry, shown),
    changes: entry.changes ? countChanges(entry.changes) : null,
    ...(patch ? { differences: entry.changes ? entry.changes.map(jsonDifference) : null } : {}),
    error: entry.error ?? null,
  };
}

/** `--max-count`: a whole number above 0. */
function positiveCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new SchemaguardError(`--max-count takes a whole number above 0, not "${value}".`);
  }
  return n;
}

async function runLog(cli: CliContext, options: LogOptions, globals: GlobalOptions): Promise<number> {
  const maxCount = options.maxCount === undefined ? undefined : positiveCount(options.maxCount);
  if (options.table !== undefined && options.table.trim() === '') {
    throw new SchemaguardError('--table takes a table name, such as asset or public.asset.');
  }
  const file = options.file !== undefined ? resolve(cli.cwd, options.file) : (await cli.loadConfig(globals)).baseline;
  const fileShown = cli.shown(file);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SchemaguardError(`${fileShown} is a folder: --file takes a snapshot file.`);
  }
  const location = await locateInRepository(file, fileShown);
  // All of them, whatever --max-count: a commit after an unreadable version is compared with an older one.
  const commits = await commitsChangingFile(location);
  if (commits.length === 0) {
    throw new SchemaguardError(
      `${fileShown} was never committed (no commit of HEAD's history changed it): commit it first, or name another file with --file PATH.`,
    );
  }
  const shown = displayPath(location.root, cli.cwd);
  const progress = cli.progressReporter('schemaguard log');
  const color = options.format === 'text' && cli.colored.stdout;
  const c = pc.createColors(color);
  const json: LoggedCommit[] = [];
  let count = 0;
  let leftOut = 0;
  try {
    const entries = schemaLog(location, commits, {
      cwd: cli.cwd,
      maxCount,
      table: options.table,
      onProgress: (done, total) => {
        if (done % 50 === 0) progress.update(`${done} of ${total} commits`);
      },
      onLeftOut: () => leftOut++,
    });
    for await (const entry of entries) {
      count++;
      if (options.format === 'json') {
        json.push(logged(cli, entry, shown, options.patch === true));
        continue;
      }
      const { commit } = entry;
      const line = [
        c.yellow(commit.shortCommit),
        commit.authorDate.slice(0, 10),
        commit.authorName,
        commit.subject,
        entrySummary(entry, shown),
      ].join('  ');
      let text = `${line}\n`;
      if (options.patch && entry.changes && entry.from !== undefined && entry.to !== undefined) {
        const report: CompareReport = { from: entry.from, to: entry.to, changes: entry.changes };
        const rendered = renderText(report, { color }).trimEnd();
        text += `\n${rendered.replace(/^(?=.)/gm, '    ')}\n\n`;
      }
      progress.done();
      cli.out(text);
    }
  } finally {
    progress.done();
  }
  if (options.format === 'json') {
    const result = { file: fileShown, table: options.table ?? null, commits: json };
    cli.out(`${JSON.stringify(result, null, 2)}\n`);
  }
  if (count === 0 && options.table !== undefined) {
    cli.err(`No commit of ${fileShown} changed the table ${options.table}.\n`);
  }
  if (leftOut > 0) {
    cli.err(
      `${leftOut} commit${leftOut === 1 ? '' : 's'} whose version could not be read or compared ${leftOut === 1 ? 'is' : 'are'} left out: run without --table to see ${leftOut === 1 ? 'it' : 'them'}.\n`,
    );
  }
  return 0;
}

/** `schemaguard log`: the history of the baseline (or another snapshot file) in git, with what each commit changed. */
export function registerLog(program: Command, run: Run): void {
  program
    .command('log')
    .summary('list the commits that changed the baseline, with what each changed')
    .description(
      "Show the git history of the baseline snapshot (or of --file): every commit of HEAD's history that changed it, newest first, with its date, author, subject and a one-line summary of the schema change, compared with the file in the commit's parent.",
    )
    .option('--file <path>', "the snapshot file (default: the config's baseline)")
    .option('--table <name>', 'only the commits that changed this table or view (name or schema.name)')
    .option('--patch', 'show the full difference under each commit')
    .option('-n, --max-count <n>', 'at most this many commits')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addHelpText('after', EXAMPLES)
    .action((options: LogOptions, command: Command) =>
      run((cli) => runLog(cli, options, command.optsWithGlobals<GlobalOptions>())),
    );
}
