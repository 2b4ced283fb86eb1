import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/load.js';
import { dialectByName } from '../dialects/index.js';
import { diff } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import {
  CHAINED_HOOK,
  type HookManager,
  checkoutStaged,
  installHook,
  isUnder,
  repositoryPath,
  stagedPaths,
  topLevelOf,
  uninstallHook,
  unstagedPaths,
} from '../git/hooks.js';
import { MigrationConflictError } from '../migrations/formats.js';
import { renderText } from '../report/compare.js';
import { ShadowStepError } from '../shadow/shadow.js';
import { loadSchema } from '../sources/load.js';
import { parseRef, refParts } from '../sources/ref.js';
import { type CliContext, type GlobalOptions, type Run } from './context.js';
import { checkMigrations } from './migrate-check.js';

/** A path as the user reads it: relative to the working directory. */
function shown(cli: CliContext, path: string): string {
  return relative(cli.cwd, path) || '.';
}

/** The folder the hook runs schemaguard in: the config file's folder, else the working directory. */
function projectFolder(config: ResolvedConfig): string {
  return config.file ? dirname(config.file) : config.cwd;
}

function managerMessage(cli: CliContext, manager: HookManager): string {
  return `${manager.name} manages this repository's git hooks (${shown(cli, manager.evidence)}): nothing was installed.\n${manager.instructions}`;
}

async function runInstall(cli: CliContext, globals: GlobalOptions): Promise<number> {
  const config = await cli.loadConfig(globals);
  const result = await installHook(projectFolder(config));
  if (result.outcome === 'manager') {
    cli.out(managerMessage(cli, result.manager));
    return 0;
  }
  const where = shown(cli, result.hookFile);
  const kept = result.chained ? ` Your previous hook is kept as ${CHAINED_HOOK} and runs first.` : '';
  const said = {
    installed: `Installed the pre-commit hook: ${where}.${kept}`,
    updated: `Updated the pre-commit hook for this project folder: ${where}.${kept}`,
    unchanged: `The pre-commit hook is already installed: ${where}; nothing changed.`,
  }[result.outcome];
  cli.out(`${said}\n`);
  if (!config.file) {
    cli.err('No schemaguard config was found: run `schemaguard init` so the hook has something to check.\n');
  } else if (!config.migrations) {
    cli.err(
      `${shown(cli, config.file)} names no migration folder ("migrations"): the hook checks nothing until it does.\n`,
    );
  }
  return 0;
}

async function runUninstall(cli: CliContext, globals: GlobalOptions): Promise<number> {
  const config = await cli.loadConfig(globals);
  const result = await uninstallHook(projectFolder(config));
  const where = shown(cli, result.hookFile);
  if (result.outcome === 'removed') {
    cli.out(
      `Removed the pre-commit hook ${where}.${result.restored ? ` Your previous hook is back in its place.` : ''}\n`,
    );
    return 0;
  }
  const what = result.foreign
    ? `The pre-commit hook ${where} is not schemaguard's: left as it is.`
    : `schemaguard's pre-commit hook is not installed (${where}): nothing to remove.`;
  const manager = result.manager
    ? `\n${result.manager.name} manages the hooks: remove the schemaguard line from its config (${shown(cli, result.manager.evidence)}) if you added it.`
    : '';
  cli.out(`${what}${manager}\n`);
  return 0;
}

// ---- hooks run pre-commit ----

/** Where the pre-commit check reads each input from. */
interface Inputs {
  /** Repository paths whose staged content is checked (written to a temporary folder). */
  readonly staged: string[];
  /** Repository paths read from the working tree, refused when they have unstaged changes. */
  readonly workingTree: string[];
  /** Repository paths a staged change to which makes the check run. */
  readonly triggers: string[];
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

/**
 * What the check reads: the migrations, the snapshot folder and the baseline as staged;
 * Prisma schemas, SQL models and snapshot files as staged too (they are self-contained).
 * drizzle models import other modules (and node_modules), so they and the config file
 * are read from the working tree.
 */
async function inputsOf(config: ResolvedConfig, topLevel: string): Promise<Inputs> {
  const inRepo = (path: string) => repositoryPath(topLevel, path);
  const inputs: Inputs = { staged: [], workingTree: [], triggers: [] };
  const add = (list: string[], path: string | undefined) => {
    if (path !== undefined && !list.includes(path)) list.push(path);
  };
  for (const path of [config.migrations?.dir, config.snapshotDir, config.baseline]) {
    if (!path) continue;
    add(inputs.staged, inRepo(path));
    add(inputs.triggers, inRepo(path));
  }
  if (config.file) {
    add(inputs.workingTree, inRepo(config.file));
    add(inputs.triggers, inRepo(config.file));
  }
  // Django reads its project (models, migrations, settings) where it is: from the working tree.
  if (config.django) {
    const project = inRepo(dirname(config.django.manage));
    add(inputs.workingTree, project);
    add(inputs.triggers, project);
  }
  for (const part of config.models ? refParts(config.models) : []) {
    const parsed = parseRef(part);
    const path = parsed.kind === 'models' || parsed.kind === 'sql' || parsed.kind === 'file' ? parsed.path : undefined;
    if (path && parsed.kind === 'models' && parsed.orm === 'drizzle') {
      add(inputs.workingTree, inRepo(path));
      // A models file's siblings are what it usually imports.
      add(inputs.triggers, inRepo((await isFolder(path)) ? path : dirname(path)));
    } else if (path) {
      add(inputs.staged, inRepo(path));
      add(inputs.triggers, inRepo(path));
    }
  }
  return inputs;
}

/** The config with every staged input's path moved into the temporary folder `into`. */
function stagedConfig(
  config: ResolvedConfig,
  topLevel: string,
  into: string,
  staged: readonly string[],
): ResolvedConfig {
  const move = (path: string) => {
    const inRepo = repositoryPath(topLevel, path);
    return inRepo !== undefined && staged.some((s) => isUnder(inRepo, s)) ? join(into, inRepo) : path;
  };
  const movedPart = (part: string) => {
    const parsed = parseRef(part);
    if ((parsed.kind === 'models' || parsed.kind === 'sql') && move(parsed.path) !== parsed.path) {
      return `${parsed.kind === 'models' ? parsed.orm : 'sql'}:${move(parsed.path)}`;
    }
    return parsed.kind === 'file' ? move(parsed.path) : part;
  };
  const models = config.models && refParts(config.models).map(movedPart).join(' + ');
  return {
    ...config,
    snapshotDir: move(config.snapshotDir),
    baseline: move(config.baseline),
    models,
    migrations: config.migrations && { ...config.migrations, dir: move(config.migrations.dir) },
  };
}

/** What the baseline check found. */
type BaselineResult = 'passed' | 'failed' | 'not compared';

/** The baseline check: the staged baseline equals the replay of the staged migrations. */
async function checkBaseline(cli: CliContext, config: ResolvedConfig, migrationsDir: string): Promise<BaselineResult> {
  const say = (line: string) => cli.out(`${line}\n`);
  const baseline = shown(cli, config.baseline);
  if (!existsSync(config.baseline)) {
    say(`✗ baseline: ${baseline} is neither committed nor staged, so nothing guards the schema.`);
    return 'failed';
  }
  let replay;
  try {
    // A Django project's migrations are replayed by Django itself (the django: ref).
    const migrations = config.django ? `django:${config.django.manage}` : `migrations:${migrationsDir}`;
    replay = await loadSchema(migrations, { config });
  } catch (error) {
    if (!(error instanceof ShadowStepError || error instanceof MigrationConflictError)) throw error;
    say(`✗ baseline: not compared with ${baseline}, as the migrations do not load (see above).`);
    return 'not compared';
  }
  const expected = await loadSchema(config.baseline, { config });
  if (expected.dialect !== replay.dialect) {
    throw new SchemaguardError(
      `${baseline} is a ${expected.dialect} snapshot, but the migrations replay on ${replay.dialect}: rewrite the baseline.`,
    );
  }
  const changes = diff(dialectByName(replay.dialect), expected.schema, replay.schema, {
    ignoreColumnOrder: true,
    sides: { from: expected, to: replay },
  });
  if (changes.length === 0) {
    say(`✓ baseline: ${baseline} is the replay of the migrations.`);
    return 'passed';
  }
  const count = `${changes.length} difference${changes.length === 1 ? '' : 's'}`;
  say(`✗ baseline: ${baseline} is not the replay of the staged migrations (${count}); it is stale:`);
  say('');
  cli.out(renderText({ from: baseline, to: 'the replay of the staged migrations', changes }, { color: false }));
  return 'failed';
}

/** How to fix what failed, with the paths of the real project. */
function fixAdvice(config: ResolvedConfig, failed: { migrations: boolean; baseline: BaselineResult }): string {
  const migrations = config.migrations ? `./${relative(config.cwd, config.migrations.dir) || '.'}` : '';
  const baseline = relative(config.cwd, config.baseline);
  const lines = ['', 'The schemaguard pre-commit check failed: nothing was committed. To fix it:'];
  if (failed.migrations) {
    lines.push(
      '  - fix what is named above (a conflict: give the new migration a newer version; a broken migration:',
      '    correct its SQL) and git add it;',
    );
    if (config.models) {
      lines.push(
        '  - when the models changed without a migration, write the migration and git add it:',
        '      npx schemaguard migrate new <name> --from-models',
      );
    }
  }
  if (failed.baseline === 'failed') {
    lines.push(
      '  - when the migrations are right, rewrite the baseline from them and stage it:',
      `      npx schemaguard dump --baseline migrations:${migrations} && git add ${baseline}`,
    );
  }
  lines.push('Skip the check once (not recommended): git commit --no-verify');
  return `${lines.join('\n')}\n`;
}

/** A message naming a path of the temporary folder, made to name the repository's path instead. */
function withRepositoryPaths(error: unknown, temporary: string, topLevel: string): unknown {
  if (!(error instanceof SchemaguardError) || !error.message.includes(temporary)) return error;
  return new SchemaguardError(error.message.replaceAll(temporary, topLevel), { cause: error });
}

/**
 * `hooks run pre-commit`: skipped (exit 0) when nothing staged touches the migrations,
 * the models, the snapshots or the config. Otherwise the staged migrations, snapshots
 * and self-contained models are written to a temporary folder and checked there: the
 * `migrate check` logic, then the staged baseline against the replay of the staged
 * migrations. drizzle models and the config are read from the working tree and refused
 * when they have unstaged changes. Exit code 1 when a check fails.
 */
async function runPreCommit(cli: CliContext, globals: GlobalOptions): Promise<number> {
  const cwd = cli.cwd;
  const topLevel = await topLevelOf(cwd);
  const config = await cli.loadConfig(globals);
  const info = (line: string) => cli.err(`schemaguard pre-commit: ${line}\n`);
  if (!config.migrations) {
    info(`${config.file ? shown(cli, config.file) : 'no config file:'} names no migration folder; nothing to check.`);
    return 0;
  }
  const inputs = await inputsOf(config, topLevel);
  const staged = await stagedPaths(topLevel);
  if (!staged.some((path) => inputs.triggers.some((scope) => isUnder(path, scope)))) {
    info('nothing staged touches the migrations, the models, the snapshots or the config; skipped.');
    return 0;
  }
  const dirty = await unstagedPaths(topLevel, inputs.workingTree);
  if (dirty.length > 0) {
    const listed = dirty.length > 3 ? `${dirty.slice(0, 3).join(', ')} and ${dirty.length - 3} more` : dirty.join(', ');
    throw new SchemaguardError(
      `${listed} ${dirty.length === 1 ? 'has' : 'have'} changes that are not staged, and the pre-commit check reads ${dirty.length === 1 ? 'it' : 'them'} from the working tree: stage them (git add) or set them aside (git stash --keep-index), then commit again.`,
    );
  }
  const temporary = await realpath(await mkdtemp(join(tmpdir(), 'schemaguard-staged-')));
  try {
    await checkoutStaged(topLevel, inputs.staged, temporary);
    const checked = stagedConfig(config, topLevel, temporary, inputs.staged);
    const migrationsDir = checked.migrations?.dir ?? config.migrations.dir;
    if (!existsSync(migrationsDir)) {
      info(`no migration is committed or staged in ${shown(cli, config.migrations.dir)} yet; nothing to check.`);
      return 0;
    }
    // In the mirror of the working directory, paths read as they do in the repository.
    const mirror = join(temporary, repositoryPath(topLevel, cwd) ?? '');
    await mkdir(mirror, { recursive: true });
    const inMirror = cli.in(mirror);
    const mirrored = { ...checked, cwd: mirror };
    const migrations = (await checkMigrations(inMirror, { format: 'text', name: 'missing_migration' }, mirrored)) !== 0;
    const failed = { migrations, baseline: await checkBaseline(inMirror, mirrored, migrationsDir) };
    if (!failed.migrations && failed.baseline === 'passed') return 0;
    cli.out(fixAdvice(config, failed));
    return 1;
  } catch (error) {
    throw withRepositoryPaths(error, temporary, topLevel);
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

async function runHook(cli: CliContext, hook: string, globals: GlobalOptions): Promise<number> {
  if (hook !== 'pre-commit') {
    throw new SchemaguardError(`hooks run takes pre-commit (the only hook schemaguard has), not "${hook}".`);
  }
  return runPreCommit(cli, globals);
}

/** `schemaguard hooks`: install, uninstall and run the git pre-commit hook. */
export function registerHooks(program: Command, run: Run): void {
  const hooks = program
    .command('hooks')
    .summary('install the git pre-commit hook that checks the migrations and the baseline')
    .description(
      'The git pre-commit hook: on every commit that stages a change to the migrations, the models, the snapshots or the config, it checks the staged content offline (as `migrate check`: migrations load, no conflicts, no missing migration) and that the committed baseline equals the replay of the migrations. With husky, lefthook or simple-git-hooks, it prints the line to add to their config instead of installing anything.',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard hooks install\n  $ schemaguard hooks uninstall\n  $ schemaguard hooks run pre-commit\n',
    );
  hooks
    .command('install')
    .description(
      `Install the pre-commit hook in the repository's hooks folder (core.hooksPath and worktrees respected). An existing pre-commit hook is kept as ${CHAINED_HOOK} and runs first. Running it again changes nothing.`,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard hooks install\n  $ cd packages/db && schemaguard hooks install\n',
    )
    .action((_options: unknown, cmd: Command) => run((cli) => runInstall(cli, cmd.optsWithGlobals<GlobalOptions>())));
  hooks
    .command('uninstall')
    .description(
      `Remove schemaguard's pre-commit hook and put back the hook it kept as ${CHAINED_HOOK}; a hook that is not schemaguard's is left alone.`,
    )
    .addHelpText('after', '\nExamples:\n  $ schemaguard hooks uninstall\n')
    .action((_options: unknown, cmd: Command) => run((cli) => runUninstall(cli, cmd.optsWithGlobals<GlobalOptions>())));
  hooks
    .command('run')
    .description(
      'Run a hook now, as git does: pre-commit checks the staged migrations and baseline. Exit code 0 passed or skipped, 1 a check failed, 2 could not run.',
    )
    .argument('<hook>', 'pre-commit')
    .addHelpText('after', '\nExamples:\n  $ git add migrations/ src/db/schema.ts && schemaguard hooks run pre-commit\n')
    .action((hook: string, _options: unknown, cmd: Command) =>
      run((cli) => runHook(cli, hook, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
