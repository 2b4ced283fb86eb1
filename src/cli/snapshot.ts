import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/load.js';
import { dialectByName, refExamples } from '../dialects/index.js';
import type { Change } from '../diff/change.js';
import { diff } from '../diff/index.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { currentCommit } from '../git/repo.js';
import { type ChangeCount, countChanges, summarizeChanges } from '../report/summary.js';
import { type Snapshot, readSnapshot, snapshotPieces } from '../schema/snapshot.js';
import { parseStampedName, stampedName, writeNewSnapshotFile } from '../schema/stamped.js';
import { loadSchema } from '../sources/load.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { type SourceOptions } from '../workflows/source-options.js';
import { snapshotOf } from './dump.js';
import { loadOptions } from './schema-options.js';
import { connectTimeoutOption, dbOption, envOption, formatOption } from './options.js';

interface SnapshotOptions extends SourceOptions {
  readonly name?: string;
  readonly list?: boolean;
  readonly format: string;
}

const EXAMPLES = `
Examples:
  # Keep a versioned snapshot of production (database_schema/snapshots/production/<time>_<commit>.json)
  $ schemaguard snapshot --env production

  # A database that is not in the config, kept under database_schema/snapshots/legacy/
  $ schemaguard snapshot --db "$LEGACY_DATABASE_URL" --name legacy

  # The history of production, oldest first, with what changed between snapshots
  $ schemaguard snapshot --list --env production

  # Every environment's history, for a script
  $ schemaguard snapshot --list --format json
`;

/** The folder name of `--db` snapshots without `--name`. */
export const DATABASE_FOLDER = 'database';

/** The folder of an environment's versioned snapshots: `<snapshotDir>/snapshots/<name>`. */
export function versionedSnapshotFolder(config: ResolvedConfig, name: string): string {
  return join(config.snapshotDir, 'snapshots', name);
}

/** Refuses a name that cannot be one folder: empty, `.`, `..`, or with a path separator. */
function checkFolderName(name: string, what: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new SchemaguardError(`${what} "${name}" must be one folder name, without "/", "\\" or "..".`);
  }
}

/** A versioned snapshot file: `<stamped name>.json`, or `<stamped name>-N.json` for the N-th of one second. */
export interface VersionedSnapshotFile {
  readonly path: string;
  readonly time: Date;
  /** The short commit of its name; undefined for `nogit`. */
  readonly commit?: string;
  /** 1, or N for `-N`. */
  readonly sequence: number;
}

/** The versioned snapshot files of a folder, oldest first; other files are ignored, a missing folder has none. */
export async function listVersionedSnapshotFiles(folder: string): Promise<VersionedSnapshotFile[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SchemaguardError(`Cannot list ${folder}: ${errorMessage(error)}.`, { cause: error });
  }
  const found: (VersionedSnapshotFile & { readonly modified: number })[] = [];
  for (const name of names) {
    const match = /^(.+?)(?:-(\d+))?\.json$/.exec(name);
    const stamped = match?.[1] ? parseStampedName(match[1]) : undefined;
    if (!stamped) continue;
    const path = join(folder, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    found.push({ path, ...stamped, sequence: Number(match?.[2] ?? 1), modified: info.mtimeMs });
  }
  // Names have one-second resolution: within a second, the -N order, then the file's age.
  found.sort(
    (a, b) =>
      a.time.getTime() - b.time.getTime() ||
      a.sequence - b.sequence ||
      a.modified - b.modified ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  return found.map(({ modified: _, ...file }) => file);
}

/** One versioned snapshot in a history, with what changed since the one before it. */
export interface SnapshotHistoryEntry {
  readonly file: VersionedSnapshotFile;
  /** The snapshot; undefined when the file could not be read (see `error`). */
  readonly snapshot?: Snapshot;
  /** Why the file could not be read. */
  readonly error?: string;
  /** The last readable snapshot before this one; undefined for the first. */
  readonly previous?: VersionedSnapshotFile;
  /** Changes from `previous` to this one; undefined for the first and for unreadable files. */
  readonly changes?: readonly Change[];
}

/**
 * The versioned snapshots of a folder, oldest first, each compared with the last readable
 * snapshot before it. A file that cannot be read gets an `error`, not an exception.
 */
export async function snapshotHistory(cli: CliContext, folder: string): Promise<SnapshotHistoryEntry[]> {
  const entries: SnapshotHistoryEntry[] = [];
  let previous: { file: VersionedSnapshotFile; snapshot: Snapshot } | undefined;
  for (const file of await listVersionedSnapshotFiles(folder)) {
    let snapshot: Snapshot;
    try {
      snapshot = await readSnapshot(file.path, { shownAs: cli.shown(file.path) });
    } catch (error) {
      // On one line: a JSON parse error quotes the text it stopped at.
      entries.push({ file, error: errorMessage(error).replace(/\s+/g, ' ') });
      continue;
    }
    let changes: readonly Change[] | undefined;
    if (previous) {
      if (previous.snapshot.dialect !== snapshot.dialect) {
        entries.push({
          file,
          snapshot,
          previous: previous.file,
          error: `its dialect ${snapshot.dialect} differs from the previous snapshot's (${previous.snapshot.dialect})`,
        });
        previous = { file, snapshot };
        continue;
      }
      changes = diff(dialectByName(snapshot.dialect), previous.snapshot.schema, snapshot.schema, {
        sides: { from: previous.snapshot.meta, to: snapshot.meta },
      });
    }
    entries.push({ file, snapshot, previous: previous?.file, changes });
    previous = { file, snapshot };
  }
  return entries;
}

async function writeVersioned(cli: CliContext, options: SnapshotOptions, globals: GlobalOptions): Promise<number> {
  if (options.name !== undefined && !options.db) {
    throw new SchemaguardError(
      '--name names the folder of a --db snapshot: with --env (or the default environment) the folder is the environment name.',
    );
  }
  const config = await cli.loadConfig(globals);
  if (!options.db && !options.env && !config.defaultEnvironment) {
    throw new SchemaguardError('Name the database to snapshot: --env NAME or --db URL.');
  }
  const ref = sourceRef(undefined, options, config);
  const folderName = ref.startsWith('env:') ? ref.slice(4) : (options.name ?? DATABASE_FOLDER);
  checkFolderName(folderName, options.name !== undefined ? '--name' : 'The environment name');
  const progress = cli.progressReporter('schemaguard snapshot');
  let loaded: Awaited<ReturnType<typeof loadSchema>>;
  try {
    const reading = { schema: [], excludeSchema: [], table: [], excludeTable: [] };
    loaded = await loadSchema(
      ref,
      loadOptions({ ...reading, connectTimeout: options.connectTimeout }, config, progress.update),
    );
  } finally {
    progress.done();
  }
  const folder = versionedSnapshotFolder(config, folderName);
  const gitCommit = await currentCommit(folder, config.env);
  const snapshot = snapshotOf(loaded, { baseline: false, gitCommit });
  const path = await writeNewSnapshotFile(folder, stampedName(new Date(), gitCommit), snapshotPieces(snapshot));
  const shown = cli.shown(path);
  cli.out(
    options.format === 'json'
      ? `${JSON.stringify({ environment: folderName, file: shown, hash: snapshot.hash }, null, 2)}\n`
      : `Wrote ${shown} (${snapshot.hash}).\n`,
  );
  return 0;
}

/** A hash without its algorithm, cut to 12 characters. */
function shortHash(hash: string): string {
  return hash.replace(/^[a-z0-9]+:/, '').slice(0, 12);
}

/** The one-line summary of an entry: `first snapshot`, `no change`, `+1 table, …` or why it could not be read. */
function entrySummary(entry: SnapshotHistoryEntry): string {
  if (entry.error) return entry.snapshot ? `not compared: ${entry.error}` : `unreadable: ${entry.error}`;
  return entry.changes ? summarizeChanges(entry.changes) : 'first snapshot';
}

/** An entry of `snapshot --list --format json`; documented in docs/commands/snapshot.md. */
interface ListedSnapshot {
  readonly environment: string;
  readonly file: string;
  readonly time: string;
  readonly commit: string | null;
  readonly hash: string | null;
  readonly previous: string | null;
  readonly summary: string;
  readonly changes: readonly ChangeCount[] | null;
  readonly error: string | null;
}

function listed(cli: CliContext, environment: string, entry: SnapshotHistoryEntry): ListedSnapshot {
  const shown = (file: VersionedSnapshotFile) => cli.shown(file.path);
  return {
    environment,
    file: shown(entry.file),
    time: entry.file.time.toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: entry.file.commit ?? null,
    hash: entry.snapshot?.hash ?? null,
    previous: entry.previous ? shown(entry.previous) : null,
    summary: entrySummary(entry),
    changes: entry.changes ? countChanges(entry.changes) : null,
    error: entry.error ?? null,
  };
}

function renderListText(
  cli: CliContext,
  groups: readonly { name: string; folder: string; entries: readonly ListedSnapshot[] }[],
): string {
  const blocks = groups.map(({ name, folder, entries }) => {
    const lines = entries.map((e) => {
      const time = e.time.replace('T', ' ').replace('Z', ' UTC');
      const hash = e.hash ? shortHash(e.hash) : '-'.repeat(12);
      return `  ${time}  ${(e.commit ?? 'nogit').padEnd(7)}  ${hash}  ${e.summary}`;
    });
    const count = `${entries.length} snapshot${entries.length === 1 ? '' : 's'}`;
    return [`${name} (${cli.shown(folder)}, ${count}):`, ...lines].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

async function listVersioned(cli: CliContext, options: SnapshotOptions, globals: GlobalOptions): Promise<number> {
  if (options.db) {
    throw new SchemaguardError(
      '--list reads snapshot files, not a database: leave out --db and name the folder with --env NAME or --name NAME.',
    );
  }
  if (options.env && options.name) throw new SchemaguardError('Name one folder to list: --env NAME or --name NAME.');
  const config = await cli.loadConfig(globals);
  if (options.env && !config.environments[options.env]) {
    const known = Object.keys(config.environments);
    throw new SchemaguardError(
      `There is no environment "${options.env}" in ${config.file ?? 'the config (no config file found)'}${known.length ? `; known: ${known.join(', ')}` : ''} (--name NAME lists any folder of snapshots).`,
    );
  }
  const root = join(config.snapshotDir, 'snapshots');
  const named = options.env ?? options.name;
  if (named !== undefined) checkFolderName(named, options.env ? 'The environment name' : '--name');
  const names =
    named !== undefined
      ? [named]
      : (await readdir(root, { withFileTypes: true }).catch(() => []))
          .filter((d) => d.isDirectory())
          .map((d) => d.name)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const groups: { name: string; folder: string; entries: ListedSnapshot[] }[] = [];
  for (const name of names) {
    const folder = versionedSnapshotFolder(config, name);
    const entries = (await snapshotHistory(cli, folder)).map((entry) => listed(cli, name, entry));
    if (entries.length > 0) groups.push({ name, folder, entries });
  }
  const all = groups.flatMap((g) => g.entries);
  if (options.format === 'json') {
    cli.out(`${JSON.stringify({ snapshots: all }, null, 2)}\n`);
  } else if (all.length > 0) {
    cli.out(renderListText(cli, groups));
  }
  if (all.length === 0) {
    const where = relative(cli.cwd, named !== undefined ? versionedSnapshotFolder(config, named) : root);
    const how = options.env ? `schemaguard snapshot --env ${options.env}` : 'schemaguard snapshot';
    cli.err(`No snapshots in ${where || '.'} yet: write one with \`${how}\`.\n`);
  }
  const unreadable = all.filter((e) => e.hash === null).length;
  if (unreadable > 0) {
    cli.err(
      `${unreadable} snapshot file${unreadable === 1 ? '' : 's'} could not be read and ${unreadable === 1 ? 'is' : 'are'} left out of the comparisons.\n`,
    );
  }
  return 0;
}

/** `schemaguard snapshot`: write a versioned snapshot of a database, or list an environment's snapshots. */
export function registerSnapshot(program: Command, run: Run): void {
  program
    .command('snapshot')
    .summary('keep a versioned snapshot of a database, or list them')
    .description(
      'Read the schema of a database and keep it as a new versioned snapshot, <snapshotDir>/snapshots/<env>/<time>_<commit>.json; with --list, show the snapshots of an environment (or of all), oldest first, with what changed between them.',
    )
    .addOption(dbOption(`database URL (${refExamples()})`))
    .addOption(envOption('an environment from the config (default: the default environment)'))
    .option('--name <name>', `folder of a --db snapshot under <snapshotDir>/snapshots/ (default: ${DATABASE_FOLDER})`)
    .option('--list', 'list the versioned snapshots of --env or --name (default: of every folder)')
    .addOption(formatOption(['text', 'json'], 'text', 'how to write the --list'))
    .addOption(
      connectTimeoutOption("give up connecting after this long (default: the config's connectTimeout, else 10)"),
    )
    .addHelpText('after', EXAMPLES)
    .action((options: SnapshotOptions, command: Command) =>
      run((cli) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        return options.list ? listVersioned(cli, options, globals) : writeVersioned(cli, options, globals);
      }),
    );
}
