import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { CiService, Dialect } from '../dialects/dialect.js';
import { DIALECTS, defaultDialect, dialectByName, dialectForUrl } from '../dialects/index.js';
import { SchemaguardError } from '../errors.js';
import { defaultBranch } from '../git/default-branch.js';
import { type DjangoWorkflow, environmentBranches, schemaVerificationWorkflow } from '../git/github-workflow.js';
import { topLevel } from '../git/repo.js';
import { readMigrationFolder } from '../migrations/formats.js';
import { toolApplyCommand } from '../migrations/tool-command.js';
import { writeFileAtomic } from '../schema/snapshot.js';
import type { ResolvedConfig } from '../config/load.js';
import { refParts } from '../sources/ref.js';
import { detectDjango, moduleFile } from '../workflows/django-detect.js';
import { detectEngines } from '../workflows/engine-detect.js';
import { type CliContext, type GlobalOptions, type Run, wholeNumber } from './context.js';
import type { FleetConfig } from '../config/schema.js';
import { fleetNamed } from '../fleet/targets.js';
import { fleetVariables, fleetWorkflow } from '../git/fleet-workflow.js';
import { outputOption } from './options.js';

interface GithubOptions {
  readonly output: string;
  readonly dbVersion?: string;
  /** The old name of `--db-version`, for PostgreSQL. */
  readonly postgres?: string;
  readonly engine?: string;
  readonly node: string;
  readonly python: string;
  readonly force?: boolean;
  /** False with `--no-pr-comment`. */
  readonly prComment: boolean;
  /** The fleet whose matrix workflow to write, instead of the schema checks. */
  readonly fleet?: string;
  readonly shards?: string;
}

/**
 * The `manage.py` a `django:` part of the models names (`django:./backend/manage.py`, or its
 * folder), `manage.py` beside the config for a bare `django:`; undefined without such a part.
 */
function djangoModelsManage(config: ResolvedConfig): string | undefined {
  const part = (config.models ? refParts(config.models) : []).find((p) => p.startsWith('django:'));
  if (part === undefined) return undefined;
  const path = resolve(config.root, part.slice('django:'.length) || 'manage.py');
  return path.endsWith('.py') ? path : join(path, 'manage.py');
}

/**
 * The Django project of the config (its `django` block, else the `manage.py` its `django:`
 * models name), with its requirements file and settings module as found.
 */
async function djangoWorkflow(config: ResolvedConfig, python: string): Promise<DjangoWorkflow | undefined> {
  const manage = config.django?.manage ?? djangoModelsManage(config);
  if (!manage) return undefined;
  const base = dirname(manage);
  const requirements = [join(config.root, 'requirements.txt'), join(base, 'requirements.txt')].find((path) =>
    existsSync(path),
  );
  // The settings module of the config, else the one manage.py sets.
  const module = config.django?.settings ?? (await detectDjango(base))?.settings;
  const settingsFile = module ? await moduleFile(base, module) : undefined;
  const settings = settingsFile?.endsWith(`${sep}__init__.py`) ? dirname(settingsFile) : settingsFile;
  return { manage, python, ...(requirements ? { requirements } : {}), ...(settings ? { settings } : {}) };
}

/** The database URLs the config writes out: its environments' `url`s and its `shadow`. */
function configUrls(config: ResolvedConfig): string[] {
  const urls = Object.values(config.environments).flatMap((e) => (e.url ? [e.url] : []));
  return config.shadow ? [...urls, config.shadow] : urls;
}

/**
 * The project's engine: the config's dialect, unless the config leaves it at the default
 * and the URLs it writes are all another engine's.
 */
function projectDialect(config: ResolvedConfig): Dialect {
  const named = dialectByName(config.dialect);
  const ofUrls = [...new Set(configUrls(config).map((url) => dialectForUrl(url)))];
  const [only] = ofUrls;
  return named === defaultDialect() && ofUrls.length === 1 && only ? only : named;
}

/**
 * The service container and its image version, from the flags, the config's URLs and the
 * engines the project's files name (`image: mariadb:10.11` in docker-compose.yml).
 */
async function chooseService(
  config: ResolvedConfig,
  options: GithubOptions,
): Promise<{ dialect: Dialect; service: CiService; version: string }> {
  const dialect = projectDialect(config);
  const { names } = dialect.ciServices;
  if (names.length === 0 && (options.engine !== undefined || options.dbVersion !== undefined)) {
    const flag = options.engine !== undefined ? '--engine' : '--db-version';
    throw new SchemaguardError(
      `${flag} chooses the service container, and a ${dialect.title} project needs none: leave it out.`,
    );
  }
  if (options.engine !== undefined && !names.includes(options.engine)) {
    const known = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
    throw new SchemaguardError(`--engine takes ${known} for a ${dialect.title} project, not "${options.engine}".`);
  }
  if (options.postgres !== undefined) {
    // The flag's old name, from when PostgreSQL was the only engine.
    if (dialect.name !== 'postgres') {
      throw new SchemaguardError(
        `--postgres sets the PostgreSQL image, and this is a ${dialect.title} project: give --db-version.`,
      );
    }
    if (!/^\d+(\.\d+)?$/.test(options.postgres)) {
      throw new SchemaguardError(`--postgres takes a version such as 16, not "${options.postgres}".`);
    }
    if (options.dbVersion !== undefined && options.dbVersion !== options.postgres) {
      throw new SchemaguardError('--postgres is the old name of --db-version: give one of them.');
    }
  }
  const hints = [
    ...configUrls(config),
    ...(await detectEngines(config.root)).filter((e) => e.dialect === dialect.name).map((e) => e.hint),
  ];
  const service = dialect.ciServices.choose(hints, options.engine);
  const version = options.dbVersion ?? options.postgres ?? service.defaultVersion;
  if (service.container !== false && !/^\d+(\.\d+){0,2}$/.test(version)) {
    throw new SchemaguardError(
      `--db-version takes a version of the ${service.title} image such as ${service.defaultVersion}, not "${version}".`,
    );
  }
  return { dialect, service, version };
}

/** Writes a workflow file, unless it is there as it would be written; an existing, different one only with --force. */
async function writeWorkflow(
  cli: CliContext,
  path: string,
  text: string,
  force: boolean | undefined,
): Promise<boolean> {
  const shown = cli.shown(path);
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') === text) {
      cli.err(`${shown} is up to date.\n`);
      return false;
    }
    if (!force) {
      throw new SchemaguardError(`${shown} exists and differs from what would be written: --force replaces it.`);
    }
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text);
  return true;
}

/** `ci github --fleet NAME --shards N`: the fleet's matrix workflow. */
async function runGithubFleet(
  cli: CliContext,
  options: GithubOptions,
  globals: GlobalOptions,
  outputGiven: boolean,
): Promise<number> {
  const shards = options.shards === undefined ? 4 : wholeNumber(options.shards, '--shards');
  if (shards < 1 || shards > 256) throw new SchemaguardError(`--shards takes 1 to 256, not "${options.shards}".`);
  const config = await cli.loadConfig(globals);
  const { name } = fleetNamed(config, options.fleet);
  const root = await topLevel(cli.cwd);
  const output = outputGiven ? options.output : `.github/workflows/schemaguard-fleet-${name}.yml`;
  const path = join(root, output);
  const text = await fleetWorkflow(config, { repositoryRoot: root, fleet: name, shards, node: options.node });
  if (!(await writeWorkflow(cli, path, text, options.force))) return 0;
  const { names, globs } = fleetVariables(config, config.fleets[name] as FleetConfig);
  cli.err(`Wrote ${cli.shown(path)}: ${shards} shard${shards === 1 ? '' : 's'} of fleet ${name}, checked daily.\n`);
  if (names.length > 0) cli.err(`note: add these repository secrets: ${names.join(', ')}.\n`);
  for (const glob of globs)
    cli.err(`note: the fleet reads every variable matching ${glob}: add each as a secret and to the workflow's env.\n`);
  return 0;
}

async function runGithub(
  cli: CliContext,
  options: GithubOptions,
  globals: GlobalOptions,
  outputGiven: boolean,
): Promise<number> {
  if (options.fleet !== undefined || options.shards !== undefined) {
    return runGithubFleet(cli, options, globals, outputGiven);
  }
  if (!/^3\.\d+$/.test(options.python)) {
    throw new SchemaguardError(`--python takes a Python version such as 3.12, not "${options.python}".`);
  }
  const config = await cli.loadConfig(globals);
  const { dialect, service, version } = await chooseService(config, options);
  const root = await topLevel(cli.cwd);
  const django = await djangoWorkflow(config, options.python);
  // A Django project's migrations are Python, read by Django itself: there is no folder to read here.
  const folder =
    config.migrations && !django
      ? await readMigrationFolder(config.migrations.dir, config.migrations.format, config.cwd, dialect.lexer)
      : undefined;
  const path = join(root, options.output);
  const text = await schemaVerificationWorkflow(config, {
    repositoryRoot: root,
    service,
    serviceVersion: version,
    node: options.node,
    workflowPath: options.output,
    migrationFormat: folder?.format,
    pushBranches: environmentBranches(config, await defaultBranch(root)),
    prComment: options.prComment,
    ...(django ? { django } : {}),
  });
  if (!(await writeWorkflow(cli, path, text, options.force))) return 0;
  cli.err(`Wrote ${cli.shown(path)}: commit it, and the checks run on the next pull request.\n`);
  const others = dialect.ciServices.names.filter((name) => name !== service.name);
  if (others.length > 0 && options.engine === undefined) {
    cli.err(
      `note: the service container is ${service.title} (${service.image(version)}): --engine ${others.join('|')} runs another image.\n`,
    );
  }
  if (django) {
    if (!django.requirements) {
      cli.err(
        `note: no requirements.txt beside the config or manage.py: the workflow installs Django and the database driver with pip; add one to pin the project's versions.\n`,
      );
    }
    if (!config.migrations?.command) {
      cli.err(
        `note: no "migrations.command" in the config: set it to "python ${cli.shown(django.manage)} migrate" and rerun, so that the workflow applies the migrations through the safety protocol.\n`,
      );
    }
  } else if (!config.migrations) {
    cli.err('note: no "migrations" in the config: the workflow checks the baseline only.\n');
  } else if (folder && folder.format !== 'plain' && !config.migrations.command) {
    cli.err(
      `note: ${folder.format} migrations are applied by their own tool: set "migrations.command" in the config (e.g. "${toolApplyCommand(folder, config.root)}") and rerun, so that the workflow applies them.\n`,
    );
  }
  return 0;
}

/** Each service image's default version, for the help: `postgres 16, mysql 8.4, mariadb 10.11`. */
function defaultVersions(): string {
  return DIALECTS.flatMap((d) =>
    d.ciServices.names.map((name) => `${name} ${d.ciServices.choose([], name).defaultVersion}`),
  ).join(', ');
}

/** The images of the engines that have several, for the help: `MySQL: mysql or mariadb (default: as the project names it)`. */
function engineChoices(): string {
  return DIALECTS.filter((d) => d.ciServices.names.length > 1)
    .map((d) => `${d.title}: ${d.ciServices.names.join(' or ')}`)
    .concat('(default: as the project names it)')
    .join(' ');
}

/** `schemaguard ci`: continuous-integration workflows that run schemaguard's checks. */
export function registerCi(program: Command, run: Run): void {
  const ci = program
    .command('ci')
    .summary('write a CI workflow that runs the schema checks')
    .addHelpText('after', '\nExamples:\n  $ schemaguard ci github\n');
  ci.command('github')
    .description(
      "Write the GitHub Actions workflow of the seeds (.github/workflows/schema-verification.yml): on pull requests that touch the models, the migrations, the snapshots or the config, and on pushes to the branches of the config environments (the default branch when none names one); a service container of the engine (PostgreSQL, MySQL or MariaDB: the image that the URLs of the config or the files of the project name, such as mariadb:// or image: mariadb in docker-compose.yml); steps for migrate check (for a Django project: Python set up with actions/setup-python, pip install -r requirements.txt, and python manage.py makemigrations --check --dry-run), applying the migrations to the service database, verify against the models, the schema assertions and compare with the baseline, each with annotations and a markdown summary; then the HTML report of the change (the migrated database against the base branch's baseline), uploaded as the run's schemaguard-report artifact, and on pull requests one comment with compare's markdown summary and Mermaid diagram of that change, updated on each run (--no-pr-comment leaves it out). Paths come from the config. An existing, different file is replaced only with --force.",
    )
    .addOption(outputOption('where, from the repository root').default('.github/workflows/schema-verification.yml'))
    .option('--db-version <version>', `the version of the service container's image (default: ${defaultVersions()})`)
    .option('--engine <name>', `the service's image, of an engine that has several: ${engineChoices()}`)
    .option('--postgres <version>', 'the old name of --db-version, for PostgreSQL')
    .option('--node <version>', 'the Node.js version', '20')
    .option('--python <version>', 'the Python version, for a Django project (actions/setup-python)', '3.12')
    .option('--no-pr-comment', 'leave out the comment on pull requests (and the token permission it needs)')
    .option('--force', 'replace an existing workflow file')
    .option(
      '--fleet <name>',
      "instead: the fleet's workflow (.github/workflows/schemaguard-fleet-NAME.yml), a CI matrix of --shards jobs, each on one shard, and a job that merges their reports",
    )
    .option('--shards <n>', 'with --fleet: the number of jobs the fleet is split into (default 4)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard ci github\n  $ schemaguard ci github --db-version 15 --force\n  $ schemaguard ci github --fleet regions --shards 8\n',
    )
    .action((options: GithubOptions, cmd: Command) =>
      run((cli) =>
        runGithub(cli, options, cmd.optsWithGlobals<GlobalOptions>(), cmd.getOptionValueSource('output') === 'cli'),
      ),
    );
}
