import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, unlink } from 'node:fs/promises';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { CONFIG_FILE_NAMES, type ResolvedConfig, defaultConfig, loadConfig } from '../config/load.js';
import { defaultDialect, dialectByName, dialectNamed, dialectNames } from '../dialects/index.js';
import { type DjangoLayout, detectDjango, engineDialect } from '../workflows/django-detect.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { defaultBranch } from '../git/default-branch.js';
import { type GitignoreRule, ensureGitignore } from '../git/gitignore.js';
import { parseRef } from '../sources/ref.js';
import { describeFsError, writeFileAtomic } from '../write-file.js';
import type { Prompter } from '../workflows/context.js';
import {
  type Detection,
  type MigrationsChoice,
  detectProject,
  inspectFolder,
  kindOf,
  projectPath,
} from '../workflows/init-detect.js';
import type { CliContext, GlobalOptions, Run } from './context.js';
import { git } from '../git/git.js';

/** The file `init` writes. */
export const INIT_CONFIG_FILE = 'schemaguard.config.ts';

interface InitOptions {
  readonly dialect?: string;
  readonly urlEnv?: string;
  readonly models?: string;
  readonly migrations?: string;
  readonly yes?: boolean;
}

/** What `init` writes into the config. */
interface Answers {
  readonly dialect: string;
  readonly urlEnv: string;
  /**
   * The development database, when the project's files name an embedded one (a SQLite file):
   * written as the environment's `url` (it holds no password) instead of `urlEnv`.
   */
  readonly database?: string;
  /** A models ref (`prisma:./prisma/schema.prisma`), or undefined for none. */
  readonly models?: string;
  readonly migrations?: MigrationsChoice;
  /** The Django project whose `django` block, history and `migrate` command the config gets. */
  readonly django?: DjangoLayout;
}

const EXAMPLES = `
Examples:
  # Ask on the terminal, with what is found in the project as the defaults
  $ schemaguard init

  # No questions: take what is found
  $ schemaguard init --yes

  # Everything given
  $ schemaguard init --url-env APP_DATABASE_URL --models drizzle:./src/db/schema.ts --migrations drizzle
`;

// ---- answers ----

/** `--dialect`: the name (or an alias) of an engine of the registry. */
function dialectValue(value: string): string {
  const dialect = dialectNamed(value);
  if (dialect) return dialect.name;
  const names = dialectNames();
  const known = names.length === 1 ? `${names[0]} (the only one so far)` : `one of ${names.join(', ')}`;
  throw new SchemaguardError(`The dialect must be ${known}, not "${value}".`);
}

/** `--url-env`: an environment variable name. */
function urlEnvValue(value: string): string {
  const name = value.trim();
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  throw new SchemaguardError(
    `The database URL variable must be an environment variable name such as DATABASE_URL, not "${value}".`,
  );
}

/** `--models`: a prisma:, drizzle:, sql: or django: ref to something that exists, or none. */
async function modelsValue(root: string, value: string): Promise<string | undefined> {
  const ref = value.trim();
  if (ref === 'none' || ref === '') return undefined;
  if (ref.startsWith('django:')) return djangoModelsValue(root, ref.slice('django:'.length));
  const parsed = (() => {
    try {
      return parseRef(ref);
    } catch {
      return undefined;
    }
  })();
  if (!parsed || (parsed.kind !== 'models' && parsed.kind !== 'sql')) {
    throw new SchemaguardError(
      `The models must be prisma:PATH, drizzle:PATH, sql:PATH, django: or none, not "${value}" (e.g. prisma:./prisma/schema.prisma).`,
    );
  }
  if (!(await kindOf(resolve(root, parsed.path)))) {
    throw new SchemaguardError(`The models ${ref} name ${parsed.path}, which does not exist: check the path.`);
  }
  const kind = parsed.kind === 'models' ? parsed.orm : 'sql';
  const path = projectPath(root, parsed.path);
  return `${kind}:${isAbsolute(path) || path.startsWith('..') ? path : `./${path}`}`;
}

/** `django:` in a Django project, or `django:PATH` of a `manage.py` that exists (written as `django:./PATH`). */
async function djangoModelsValue(root: string, given: string): Promise<string> {
  if (given === '') {
    if (await detectDjango(root)) return 'django:';
    throw new SchemaguardError(
      'The models django: need a Django project here, and there is no manage.py and no settings module with INSTALLED_APPS: give django:PATH of its manage.py.',
    );
  }
  if ((await kindOf(resolve(root, given))) !== 'file') {
    throw new SchemaguardError(
      `The models django:${given} name ${given}, which is not a file: give the project's manage.py.`,
    );
  }
  const path = projectPath(root, given);
  return `django:${isAbsolute(path) || path.startsWith('..') ? path : `./${path}`}`;
}

/** `--migrations`: a folder schemaguard can read (or that does not exist yet, or is empty), or none. */
async function migrationsValue(
  root: string,
  value: string,
  warn: (line: string) => void,
): Promise<MigrationsChoice | undefined> {
  const given = value.trim();
  if (given === 'none' || given === '') return undefined;
  const dir = projectPath(root, given);
  const state = await inspectFolder(root, dir);
  switch (state.state) {
    case 'readable':
      return { dir, format: state.format };
    case 'missing':
      warn(`${dir} does not exist yet: create it (or its first migration) before running the migrate commands.`);
      return { dir };
    case 'empty':
      return { dir };
    case 'javascript':
      throw new SchemaguardError(
        `${dir} holds JavaScript migrations (knex or similar), which schemaguard cannot replay: answer none, give models or SQL to compare with, and set migrations.command (e.g. 'npx knex migrate:latest') for migrate apply.`,
      );
    case 'unknown':
      throw new SchemaguardError(`${state.reason}: give a folder of SQL migrations, or none.`);
  }
}

/** The answer to a question init asks; an input that ended first stops init before it writes anything. */
async function answer(prompter: Prompter, question: string): Promise<string> {
  const line = await prompter.ask(question);
  if (line === undefined) {
    throw new SchemaguardError('The input ended before every question was answered: nothing was written.');
  }
  return line;
}

/** Asks until the answer is valid (an empty answer takes the default); gives up after three wrong answers. */
async function askValid<T>(
  cli: CliContext,
  prompt: Prompter,
  question: string,
  fallback: string,
  parse: (answer: string) => T | Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const given = await answer(prompt, `${question} [${fallback}]: `);
    try {
      return await parse(given === '' ? fallback : given);
    } catch (error) {
      if (!(error instanceof SchemaguardError) || attempt === 3) throw error;
      cli.err(`${error.message}\n`);
    }
  }
}

// ---- the config file ----

function quoted(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** The text of `schemaguard.config.ts`. */
export function configText(answers: Answers, options: { productionBranch: string; knex?: string }): string {
  const snapshot = (name: string) => quoted(`database_schema/${name}_schema.json`);
  const lines = [
    "import { defineConfig } from 'schemaguard';",
    '',
    '// Written by `schemaguard init`; every key is described in docs/configuration.md of the schemaguard package.',
    'export default defineConfig({',
    `  dialect: ${quoted(answers.dialect)},`,
    "  snapshotDir: 'database_schema',",
    "  baseline: 'database_schema/baseline_schema.json',",
    '  environments: {',
    answers.database
      ? "    // The development database is the project's own file; the others' URLs come from environment variables."
      : '    // Each database URL comes from an environment variable, so no password is ever written here.',
    answers.database
      ? `    development: { url: ${quoted(answers.database)} },`
      : `    development: { urlEnv: ${quoted(answers.urlEnv)} },`,
    '    staging: {',
    `      urlEnv: ${quoted(`STAGING_${answers.urlEnv}`)},`,
    "      branch: 'staging',",
    `      snapshot: ${snapshot('staging')},`,
    '    },',
    '    production: {',
    `      urlEnv: ${quoted(`PRODUCTION_${answers.urlEnv}`)},`,
    `      branch: ${quoted(options.productionBranch)},`,
    `      snapshot: ${snapshot('production')},`,
    "      // migrate apply and rollback ask to type the environment's name before changing it.",
    "      confirm: 'type-name',",
    '    },',
    '  },',
    ...shadowLines(answers.dialect),
  ];
  if (answers.django) {
    lines.push(...djangoConfigLines(answers.django, answers.models));
    lines.push('});');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    '  // The models: verify and migrate check compare them with the databases and the migrations.',
    answers.models ? `  models: ${quoted(answers.models)},` : "  // models: 'drizzle:./src/db/schema.ts',",
  );
  if (options.knex && !answers.migrations) {
    lines.push(
      `  // The knex migrations in ${options.knex}/ are JavaScript, which schemaguard cannot replay, so no`,
      '  // migration folder is configured: verify and compare the databases with the models, or with a',
      "  // SQL schema kept up to date (models: 'sql:./schema.sql'). migrate apply can run knex inside its",
      "  // safety protocol with migrations.command: 'npx knex migrate:latest' (next to a migrations dir).",
    );
  } else {
    lines.push('  // The migration folder: migrate check, migrate status and the pre-commit hook read it.');
    if (answers.migrations) {
      const { dir, format } = answers.migrations;
      lines.push(`  migrations: { dir: ${quoted(dir)}${format ? `, format: ${quoted(format)}` : ''} },`);
    } else lines.push("  // migrations: { dir: 'migrations' },");
  }
  lines.push('});');
  return `${lines.join('\n')}\n`;
}

/**
 * For an engine without an embedded database: the shadow databases need a server, which the
 * config names in `shadow:` (left commented: its URL is the team's to choose).
 */
function shadowLines(dialect: string): string[] {
  const engine = dialectByName(dialect);
  if (engine.capabilities.embedded) return [];
  return [
    `  // ${engine.title} has no embedded database: migrate check, and dumps and checks of migrations or models,`,
    '  // replay them on shadow databases, created and dropped on a server you name here (a throwaway one).',
    `  // shadow: ${quoted(engine.refs.examples[0] ?? '')},`,
  ];
}

/** The shell command that runs Django's `migrate` for the project, from the config's folder. */
function djangoMigrateCommand(django: DjangoLayout): string {
  if (django.manage) return `python ${django.manage} migrate`;
  // No manage.py: Django's own entry point, with the settings named (python -m puts the folder on the path).
  return `python -m django migrate --settings=${django.settings ?? ''}`;
}

/** The config's lines for a Django project: its `django` block, the `django:` models and Django's migrations. */
function djangoConfigLines(django: DjangoLayout, models: string | undefined): string[] {
  const block = [
    ...(django.manage ? [`manage: ${quoted(django.manage)}`] : []),
    ...(django.settings ? [`settings: ${quoted(django.settings)}`] : []),
  ];
  const folder = django.manage ? posix.dirname(django.manage) : '.';
  const apps = django.projectApps.length > 0 ? ` (apps ${django.projectApps.join(', ')})` : '';
  return [
    "  // The Django project: django: refs run its manage.py with the project's Python (django.python, else the",
    '  // active virtualenv, else python3), on a shadow database instead of the configured one.',
    `  django: { ${block.join(', ')} },`,
    "  // The models: the schema the project's migrations build for its models. verify compares the databases",
    '  // with it, and migrate check reports model changes that have no migration yet (makemigrations --check).',
    models ? `  models: ${quoted(models)},` : "  // models: 'django:',",
    `  // Django's migrations${apps}, recorded in django_migrations: migrate apply runs Django's`,
    '  // migrate inside the safety protocol (verify, back up, plan, confirm, apply, verify, checks).',
    `  migrations: { dir: ${quoted(folder)}, table: 'django_migrations', command: ${quoted(djangoMigrateCommand(django))} },`,
  ];
}

// ---- the command ----

/** The `.gitignore` rules of the seeds, for a snapshot folder and a cache folder relative to the project. */
function gitignoreRules(snapshotDir: string | undefined, cacheDir: string | undefined): GitignoreRule[] {
  const rules: GitignoreRule[] = [];
  if (snapshotDir) {
    rules.push(
      {
        pattern: `${snapshotDir}/schema_*.json`,
        comment: 'Temporary schema dumps and comparison files (the baseline and environment snapshots are committed)',
      },
      { pattern: `${snapshotDir}/temp_*.json` },
      { pattern: `${snapshotDir}/backups/`, comment: 'Backups taken by migrate apply and rollback' },
    );
  }
  if (cacheDir) rules.push({ pattern: `${cacheDir}/`, comment: 'The cache of shadow-database results' });
  return rules;
}

/** A path inside the project, relative with `/`; undefined outside it. */
function insideProject(root: string, path: string): string | undefined {
  const inside = projectPath(root, path);
  return inside.startsWith('..') || isAbsolute(inside) ? undefined : inside;
}

/** Warnings for committed files that the project's ignore rules would keep out of git. */
async function ignoredCommittedFiles(root: string, files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  // One git for all the files: with -z, each matched one as source, line, pattern and path, NUL after each.
  const output = await git(['check-ignore', '--no-index', '-v', '-z', '--stdin'], root, `${files.join('\0')}\0`).catch(
    () => '',
  );
  const fields = output.split('\0');
  const warnings: string[] = [];
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const [source, line, pattern, file] = fields.slice(i, i + 4);
    // With -v, a path matching a negated pattern (`!x`) is listed too, though git keeps it.
    if (pattern?.startsWith('!')) continue;
    warnings.push(`${file} must be committed, but git ignores it (${source}:${line}:${pattern}): remove that rule.`);
  }
  return warnings;
}

/** Whether the `schemaguard` package resolves from the project, as the config's import needs. */
function installedIn(root: string): boolean {
  try {
    createRequire(join(root, 'package.json')).resolve('schemaguard');
    return true;
  } catch {
    return false;
  }
}

async function runInit(cli: CliContext, options: InitOptions, globals: GlobalOptions): Promise<number> {
  if (globals.config) {
    throw new SchemaguardError(
      `init writes ${INIT_CONFIG_FILE} in the working directory: leave out --config and run it where the config belongs.`,
    );
  }
  const root = cli.cwd;
  const warn = (line: string) => cli.err(`${line}\n`);
  // Flags are checked first, so a bad one stops init before any question.
  const flagged = {
    dialect: options.dialect === undefined ? undefined : dialectValue(options.dialect),
    urlEnv: options.urlEnv === undefined ? undefined : urlEnvValue(options.urlEnv),
    models: options.models === undefined ? undefined : { value: await modelsValue(root, options.models) },
    migrations:
      options.migrations === undefined ? undefined : { value: await migrationsValue(root, options.migrations, warn) },
  };
  const detection = await detectProject(root);
  const interactive = cli.prompter.interactive && !options.yes;
  const existing = CONFIG_FILE_NAMES.find((name) => existsSync(join(root, name)));
  const summary: string[] = [];
  summary.push(
    detection.found.length > 0
      ? `Found: ${detection.found.join('; ')}.`
      : 'Found nothing to propose: no Django manage.py, no Prisma schema or prisma.config.ts, no drizzle config, no knex or SQL migration folder.',
  );

  let answers: Answers | undefined;
  let replacing = false;
  const prompt = interactive ? cli.prompter : undefined;
  if (existing && prompt) {
    const replace = await answer(
      prompt,
      `${existing} exists: replace it with a new ${INIT_CONFIG_FILE}${existing === INIT_CONFIG_FILE ? '' : ` (${existing} is then deleted)`}? [y/N] `,
    );
    replacing = /^y(es)?$/i.test(replace);
  }
  if (!existing || replacing) {
    const detectedMigrations = detection.migrations?.dir ?? 'none';
    const detectedDialect =
      djangoDialect(detection.django, warn) ?? detection.engines[0]?.dialect ?? defaultDialect().name;
    const detectedUrlEnv = detection.django?.urlEnv ?? 'DATABASE_URL';
    // The file the ORM's config names, when it is the chosen engine's and no variable is given for it.
    const detectedDatabase = detection.engines.find((e) => e.database !== undefined);
    const dialect =
      flagged.dialect ??
      (prompt ? await askValid(cli, prompt, 'Dialect', detectedDialect, dialectValue) : detectedDialect);
    const database =
      flagged.urlEnv === undefined && detectedDatabase?.dialect === dialect ? detectedDatabase.database : undefined;
    const urlEnv =
      flagged.urlEnv ??
      (prompt && database === undefined
        ? await askValid(
            cli,
            prompt,
            'Environment variable with the development database URL',
            detectedUrlEnv,
            urlEnvValue,
          )
        : detectedUrlEnv);
    const models = flagged.models
      ? flagged.models.value
      : prompt
        ? await askValid(
            cli,
            prompt,
            `Models (${detection.django ? 'django:, ' : ''}prisma:PATH, drizzle:PATH, sql:PATH or none)`,
            detection.models ?? 'none',
            (a) => modelsValue(root, a),
          )
        : detection.models;
    // A Django project's migrations are Django's: run by its migrate command, not a folder to name.
    const django =
      detection.django && (models === undefined || models.startsWith('django:')) ? detection.django : undefined;
    if (django && flagged.migrations?.value) {
      warn(
        `--migrations was not applied: a Django project's migrations are Django's, run by ${djangoMigrateCommand(django)}.`,
      );
    }
    const migrations = django
      ? undefined
      : flagged.migrations
        ? flagged.migrations.value
        : prompt
          ? await askValid(cli, prompt, 'Migration folder (or none)', detectedMigrations, (a) =>
              migrationsValue(root, a, warn),
            )
          : detection.migrations;
    answers = {
      dialect,
      urlEnv,
      models,
      migrations,
      ...(database ? { database } : {}),
      ...(django ? { django } : {}),
    };
  }

  // Everything is known: now write. A step that fails undoes the ones before it, last first,
  // so that a failed init leaves the project as it found it.
  const undo: (() => Promise<unknown>)[] = [];
  try {
    return await writeProject(cli, root, { answers, existing, replacing, detection, options, summary, warn }, undo);
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => {});
    throw error;
  }
}

/**
 * The dialect of the database engine a Django project's settings name, when it is one
 * schemaguard has; a warning when the settings name another engine.
 */
function djangoDialect(django: DjangoLayout | undefined, warn: (line: string) => void): string | undefined {
  const engines = django?.engines ?? [];
  const dialects = engines.map((engine) => dialectNamed(engineDialect(engine) ?? '')?.name);
  const known = [...new Set(dialects.filter((name): name is string => name !== undefined))];
  if (known.length === 1) return known[0];
  const others = engines.filter((_, i) => dialects[i] === undefined);
  if (known.length === 0 && others.length > 0) {
    const backends = others.map((engine) => `django.db.backends.${engine}`).join(', ');
    warn(
      `The Django settings use ${backends}, which schemaguard does not support yet (it supports ${dialectNames().join(', ')}): the config is written for ${defaultDialect().name}.`,
    );
  }
  return undefined;
}

/** What {@link runInit} decided, for {@link writeProject} to write. */
interface InitPlan {
  readonly answers: Answers | undefined;
  readonly existing: string | undefined;
  readonly replacing: boolean;
  readonly detection: Detection;
  readonly options: InitOptions;
  readonly summary: string[];
  readonly warn: (line: string) => void;
}

/** Writes the config, the snapshot folder and the `.gitignore` rules, pushing onto `undo` how to take each back. */
async function writeProject(
  cli: CliContext,
  root: string,
  plan: InitPlan,
  undo: (() => Promise<unknown>)[],
): Promise<number> {
  const { answers, existing, replacing, detection, options, summary, warn } = plan;
  let config: ResolvedConfig = defaultConfig(root, { cwd: cli.cwd, env: cli.env, debug: cli.debug });
  if (answers) {
    const text = configText(answers, { productionBranch: await defaultBranch(root), knex: detection.knex });
    const file = join(root, INIT_CONFIG_FILE);
    const previous = replacing && existing === INIT_CONFIG_FILE ? await readFile(file) : undefined;
    // Written whole or not at all; the config it replaces under another name is deleted last.
    await writeFileAtomic(file, text);
    undo.push(() => (previous === undefined ? rm(file, { force: true }) : writeFileAtomic(file, previous)));
    const models = answers.models ?? 'no models';
    const migrations = answers.django
      ? `Django's migrations (django_migrations, ${djangoMigrateCommand(answers.django)})`
      : answers.migrations
        ? `migrations ${answers.migrations.dir}${answers.migrations.format ? ` (${answers.migrations.format})` : ''}`
        : 'no migration folder';
    const development = answers.database ? `development ${answers.database}` : `development from $${answers.urlEnv}`;
    summary.push(
      `${replacing ? 'Replaced' : 'Created'} ${INIT_CONFIG_FILE}: ${answers.dialect}, ${development}, ${models}, ${migrations}.`,
    );
    const engine = dialectByName(answers.dialect);
    const databaseFile = answers.database && engine.refs.folders?.folder(answers.database);
    if (databaseFile && !existsSync(resolve(root, databaseFile))) {
      warn(
        `The development database ${databaseFile} does not exist yet: schemaguard never creates one; your ORM's migrate command (or "schemaguard migrate apply" on an empty file) makes it.`,
      );
    }
    if (!engine.capabilities.embedded) {
      summary.push(
        `${engine.title} has no embedded database for the shadow databases: set shadow: in ${INIT_CONFIG_FILE} to a server URL (see the comment there).`,
      );
    }
    if (detection.knex && !answers.migrations) {
      warn(
        `The knex migrations in ${detection.knex} are JavaScript, which schemaguard cannot replay: compare with models or SQL instead (models: 'sql:./schema.sql' or a prisma:/drizzle: ref), and set migrations.command: 'npx knex migrate:latest' so migrate apply runs knex inside its safety protocol (see the comment in ${INIT_CONFIG_FILE}).`,
      );
    }
  } else if (existing) {
    summary.push(`Kept ${existing}: it exists, and init never overwrites it without asking.`);
    const ignored = (['dialect', 'urlEnv', 'models', 'migrations'] as const).filter(
      (key) => options[key] !== undefined,
    );
    if (ignored.length > 0) {
      const flags = ignored.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ');
      warn(
        `${flags} ${ignored.length === 1 ? 'was not applied: it is' : 'were not applied: they are'} for a new config; edit ${existing} instead.`,
      );
    }
    try {
      config = await loadConfig({ file: join(root, existing), cwd: cli.cwd, env: cli.env, debug: cli.debug });
    } catch (error) {
      warn(`${errorMessage(error).replace(/\.$/, '')}: the default snapshot folder is used.`);
    }
  }

  const snapshotDir = insideProject(root, config.snapshotDir);
  if (snapshotDir) {
    const kind = await kindOf(config.snapshotDir);
    if (kind === 'file') {
      throw new SchemaguardError(`${snapshotDir} is a file: the snapshot folder must be a folder; move the file away.`);
    }
    if (kind === 'folder') summary.push(`Kept ${snapshotDir}/: it exists.`);
    else {
      const created = await mkdir(config.snapshotDir, { recursive: true }).catch((error: unknown) => {
        throw new SchemaguardError(`Cannot create ${snapshotDir}/: ${describeFsError(error)}.`, { cause: error });
      });
      if (created) undo.push(() => rm(created, { recursive: true, force: true }));
      summary.push(`Created ${snapshotDir}/.`);
    }
  }
  const cache = insideProject(root, config.cacheDir);
  const cacheRule = cache === '.schemaguard/cache' ? '.schemaguard' : cache;
  const gitignore = join(root, '.gitignore');
  // (A .gitignore that cannot be read stops ensureGitignore, before anything is written.)
  const previousGitignore = existsSync(gitignore) ? await readFile(gitignore).catch(() => undefined) : undefined;
  const ignore = await ensureGitignore(gitignore, gitignoreRules(snapshotDir, cacheRule));
  if (ignore.added.length > 0) {
    undo.push(() =>
      previousGitignore === undefined ? rm(gitignore, { force: true }) : writeFileAtomic(gitignore, previousGitignore),
    );
  }
  if (answers && replacing && existing && existing !== INIT_CONFIG_FILE) {
    await unlink(join(root, existing)).catch((error: unknown) => {
      throw new SchemaguardError(`Cannot delete ${existing}: ${describeFsError(error)}.`, { cause: error });
    });
  }
  summary.push(
    ignore.added.length === 0
      ? ".gitignore already has schemaguard's lines."
      : `${ignore.created ? 'Created' : 'Updated'} .gitignore: ignores ${ignore.added.join(', ')}.`,
  );
  for (const pattern of ignore.negated) warn(`.gitignore un-ignores ${pattern} (!${pattern}): left as you wrote it.`);
  // The files the written config commits, or those of the kept one.
  const snapshots = answers
    ? ['staging', 'production'].map((name) => join(root, 'database_schema', `${name}_schema.json`))
    : Object.values(config.environments).map((e) => e.snapshot ?? '');
  const committed = [config.baseline, ...snapshots]
    .filter(Boolean)
    .map((path) => insideProject(root, resolve(config.root, path)))
    .filter((path): path is string => path !== undefined);
  for (const line of await ignoredCommittedFiles(root, committed)) warn(line);

  const baseline = insideProject(root, config.baseline) ?? config.baseline;
  const migrationsDir = answers
    ? answers.migrations?.dir
    : config.migrations && !config.django && projectPath(root, config.migrations.dir);
  const djangoModels = answers
    ? answers.django && answers.models
    : config.django && config.models?.startsWith('django:');
  const configFile = answers ? INIT_CONFIG_FILE : existing;
  const steps = [
    '',
    'Next steps:',
    ...(installedIn(root)
      ? []
      : [`  0. Install schemaguard in the project (${configFile ?? 'the config'} imports it): npm i -D schemaguard`]),
    `  1. Write the baseline${migrationsDir ? ', from the migrations or from the development database' : djangoModels ? ", from Django's migrations or from the development database" : ' from the development database'}:`,
    ...(migrationsDir ? [`       npx schemaguard dump --baseline migrations:./${migrationsDir}`] : []),
    ...(djangoModels ? ['       npx schemaguard dump --baseline django:'] : []),
    '       npx schemaguard dump --baseline',
    `  2. Commit it: git add ${[configFile, '.gitignore', baseline].filter(Boolean).join(' ')}`,
    '  3. Check every commit that touches the migrations: npx schemaguard hooks install',
  ];
  cli.out(`${[...summary, ...steps].join('\n')}\n`);
  return 0;
}

/** `schemaguard init`: the config file, the snapshot folder and the `.gitignore` rules. */
export function registerInit(program: Command, run: Run): void {
  program
    .command('init')
    .summary('set up schemaguard in a project: config, snapshot folder, .gitignore')
    .description(
      `Create ${INIT_CONFIG_FILE} (asking the dialect, the database URL variable, the models and the migration folder on a terminal; from the flags and what is found in the project otherwise: a Django project (manage.py, its settings module, installed apps and database engine, read without running Python), Prisma, drizzle, knex, sequelize, Liquibase and migration folders, and the database engine that their configs, .env and docker-compose.yml name), the database_schema/ folder, and the .gitignore lines that ignore temporary dumps, backups and the cache while the baseline and environment snapshots are committed. Running it again changes nothing; an existing config is never overwritten without asking.`,
    )
    .option(
      '--dialect <dialect>',
      `the database engine: ${dialectNames().join(', ')} (default: the one the project names, else ${defaultDialect().name})`,
    )
    .option('--url-env <name>', 'the environment variable holding the development database URL (default DATABASE_URL)')
    .option('--models <ref>', 'prisma:PATH, drizzle:PATH, sql:PATH, django: or none (default: what is found)')
    .option('--migrations <dir>', 'the migration folder, or none (default: what is found)')
    .option('--yes', 'ask nothing: take the flags and what is found')
    .addHelpText('after', EXAMPLES)
    .action((options: InitOptions, command: Command) =>
      run((cli) => runInit(cli, options, command.optsWithGlobals<GlobalOptions>())),
    );
}
