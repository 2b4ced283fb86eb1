/**
 * Asks a Django project about itself by running its own Python with a small bootstrap
 * ({@link DJANGO_BOOTSTRAP}): one Python process per call, answering one or several questions.
 * Nothing beyond Django (and psycopg2, for the questions that connect) is needed in the project.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ResolvedConfig } from '../../config/load.js';
import { runDebug } from '../../debug.js';
import { SchemaguardError, jsonParseReason } from '../../errors.js';
import { redactSecrets, redactUrl } from '../../redact.js';
import { ProgramNotFoundError, runProgram } from '../../subprocess.js';
import { connect, dialectForUrl } from '../../dialects/index.js';
import { DJANGO_BOOTSTRAP } from './bootstrap.js';

/** A Django project and the Python that runs it. */
export interface DjangoProject {
  /** The interpreter: the config's `django.python`, else `$VIRTUAL_ENV/bin/python`, else `python3`. */
  readonly python: string;
  /** The project's `manage.py`, absolute. */
  readonly manage: string;
  /** `DJANGO_SETTINGS_MODULE`: the config's, else the environment's, else the one `manage.py` sets. */
  readonly settings?: string;
  /** The folder of `manage.py`, where Django runs and which is first on `sys.path`. */
  readonly cwd: string;
  /** The run's environment variables, passed to Python. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The run's debug channel: each Python run is named there. */
  readonly debug?: (message: string) => void;
}

/** One migration of a Django project, as its files define it. */
export interface DjangoMigrationNode {
  readonly app: string;
  readonly name: string;
  /** The migrations it runs after, resolved to real ones (`__first__`, `__latest__`, swappable models, `run_before`). */
  readonly dependencies: [string, string][];
  /** The migrations a squashed migration stands for; [] for others. */
  readonly replaces: [string, string][];
  /** Whether `migrate --fake-initial` may fake it (Django's rule: `initial = True`, or unset with no dependency in its app). */
  readonly initial: boolean;
  readonly atomic: boolean;
  /** Its file, relative to the project's folder; absolute for one outside it (Django's own apps). */
  readonly path: string;
}

/** A migration that `makemigrations` would write: the app, the name it would get and what it would do. */
export interface DjangoPendingChange {
  readonly app: string;
  readonly migration: string;
  /** Each operation as Django describes it (`Add field resource to asset`). */
  readonly operations: string[];
}

/** What `migrate` is asked to do beyond applying every pending migration. */
export interface DjangoMigrateOptions {
  /** `--fake`: record the migrations as applied without running them. */
  readonly fake?: boolean;
  /** `--fake-initial`: fake initial migrations whose tables all exist. */
  readonly fakeInitial?: boolean;
  /** Migrate only this app (`migrate APP`), up or down to `migration` when given (`migrate APP NAME`, `zero`). */
  readonly app?: string;
  readonly migration?: string;
}

/** A question the bootstrap answers. */
export type DjangoQuestion =
  | { readonly command: 'version' }
  | { readonly command: 'graph' }
  | { readonly command: 'app-tables'; readonly apps: readonly string[] }
  | { readonly command: 'pending-changes' }
  | { readonly command: 'makemigrations'; readonly apps: readonly string[] }
  | { readonly command: 'sqlmigrate'; readonly migrations: readonly { app: string; name: string }[] }
  | {
      readonly command: 'apply-migrations';
      readonly migrations: readonly (readonly [string, string])[];
      /** Migrations the database already has: their models are known, they are not run. */
      readonly after?: readonly (readonly [string, string])[];
    }
  | ({ readonly command: 'migrate' } & DjangoMigrateOptions);

/** The answer to each kind of question. */
export interface DjangoAnswers {
  /** Django's version and its package's `__init__.py`, absolute. */
  version: { version: string; file: string };
  graph: DjangoMigrationNode[];
  'app-tables': Record<string, string[]>;
  'pending-changes': DjangoPendingChange[];
  makemigrations: string[];
  sqlmigrate: string[];
  /** What `migrate` printed. */
  migrate: string;
  /** How many migrations were applied. */
  'apply-migrations': number;
}

/** The answers to a list of questions, in the same order. */
export type DjangoAnswerList<Q extends readonly DjangoQuestion[]> = {
  -readonly [K in keyof Q]: DjangoAnswers[Q[K]['command']];
};

/** What the bootstrap writes on stdout. */
type BootstrapReply =
  | { readonly django: string; readonly answers: unknown[] }
  | { readonly refused: string }
  | { readonly failure: { readonly kind: string; readonly message: string; readonly traceback: string } };

/** A Python traceback, as the cause of a {@link SchemaguardError}: the CLI shows it under `--verbose`. */
class PythonError extends Error {
  override readonly name = 'PythonError';

  constructor(message: string, traceback: string) {
    super(message);
    this.stack = traceback.trimEnd();
  }
}

/** `os.environ.setdefault('DJANGO_SETTINGS_MODULE', '…')` in `manage.py`. */
const SETTINGS_DEFAULT = /os\.environ\.setdefault\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']\s*\)/;

/**
 * The Django project of the config (its `django` block, else `manage.py` next to the config),
 * or the one whose `manage.py` (or the folder holding it) is given, relative to the working
 * directory, as in a `django:./path/manage.py` ref. Throws one sentence when that `manage.py` does not exist.
 */
export function djangoProject(config: ResolvedConfig, manage?: string): DjangoProject {
  const given = manage ? resolve(config.cwd, manage) : (config.django?.manage ?? resolve(config.root, 'manage.py'));
  const file = existsSync(given) && statSync(given).isDirectory() ? join(given, 'manage.py') : given;
  if (!existsSync(file)) {
    throw new SchemaguardError(
      `There is no ${relative(config.cwd, file) || file}: name the project's manage.py as django:./path/manage.py or with "django.manage" in the config.`,
    );
  }
  const virtualenv = config.env.VIRTUAL_ENV;
  const settings =
    config.django?.settings ??
    config.env.DJANGO_SETTINGS_MODULE ??
    SETTINGS_DEFAULT.exec(readFileSync(file, 'utf8'))?.[1];
  return {
    python: config.django?.python ?? (virtualenv ? join(virtualenv, 'bin', 'python') : 'python3'),
    manage: file,
    ...(settings ? { settings } : {}),
    cwd: dirname(file),
    env: config.env,
    debug: runDebug(config),
  };
}

/**
 * The `default` database Django gets for a database URL: a SQLite file's path (relative to the
 * project's folder) with Django's sqlite3 backend, or a PostgreSQL server's connection settings.
 */
function databaseSettings(project: DjangoProject, url: string): Record<string, string | Record<string, string>> {
  const dialect = dialectForUrl(url);
  if (dialect?.name === 'sqlite') {
    const file = dialect.refs.folders?.folder(url);
    if (!file || /^libsql:\/\//i.test(url)) {
      throw new SchemaguardError(
        `Django opens SQLite files only, not ${redactUrl(url)}: give a file, such as sqlite:./db.sqlite3.`,
      );
    }
    return { ENGINE: 'django.db.backends.sqlite3', NAME: resolve(project.cwd, file) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SchemaguardError(`${redactUrl(url)} is not a database URL Django can be pointed at.`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new SchemaguardError(
      `Django can be pointed at PostgreSQL databases and SQLite files only, not at ${redactUrl(url)}: give a postgres:// URL or a sqlite: file.`,
    );
  }
  const sslmode = parsed.searchParams.get('sslmode');
  return {
    NAME: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
    USER: decodeURIComponent(parsed.username),
    PASSWORD: decodeURIComponent(parsed.password),
    HOST: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    PORT: parsed.port,
    ...(sslmode ? { OPTIONS: { sslmode } } : {}),
  };
}

/** What each question is called in the sentence of its failure. */
const QUESTION_NAMES: Readonly<Record<string, string>> = {
  graph: "Reading Django's migration graph",
  'app-tables': "Reading the Django apps' models",
  'pending-changes': "Django's check for model changes without a migration (makemigrations --check)",
  makemigrations: "Django's makemigrations",
  sqlmigrate: "Django's sqlmigrate",
  migrate: "Django's migrate",
};

/**
 * Runs `work` with the URL of an embedded database (`pglite:./dir`, relative to the project's
 * folder) opened and served on a local port meanwhile (see `Connection.serve`).
 */
async function withServedEmbedded<T>(
  project: DjangoProject,
  url: string,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const connection = await connect(url, { cwd: project.cwd, env: project.env });
  try {
    if (!connection.serve) throw new SchemaguardError(`${connection.source} cannot be reached by Django.`);
    const served = await connection.serve();
    try {
      return await work(served.url);
    } finally {
      await served.close();
    }
  } finally {
    await connection.close();
  }
}

/** The sentence for a failure the bootstrap reports. */
function failureSentence(project: DjangoProject, kind: string, message: string): string {
  switch (kind) {
    case 'no-django':
      return `${project.python} cannot import Django (${message}): install it for that interpreter (${project.python} -m pip install Django), or set "django.python" in the config to the Python that has it.`;
    case 'settings':
      return `The Django settings ${project.settings} do not load: ${message}.`;
    case 'setup':
      return `Django does not start with the settings ${project.settings}: ${message}.`;
    default:
      return `${QUESTION_NAMES[kind] ?? `Django's ${kind}`} fails: ${message}.`;
  }
}

/**
 * Asks the project several questions in one Python run and returns the answers in order.
 * With `url` (a PostgreSQL URL, or an embedded database, which is served on a local port for
 * the run), Django's `default` database is that database (its password never appears in
 * messages); without it, Django connects to nothing. Throws one sentence when
 * Python or Django cannot be found, the settings do not load, or a question fails (Python's
 * traceback is the error's cause, shown under `--verbose`).
 */
export async function djangoAsk<const Q extends readonly DjangoQuestion[]>(
  project: DjangoProject,
  questions: Q,
  options: { readonly url?: string } = {},
): Promise<DjangoAnswerList<Q>> {
  if (!project.settings) {
    throw new SchemaguardError(
      `${relative(project.cwd, project.manage) || project.manage} does not set DJANGO_SETTINGS_MODULE: set "django.settings" in the config.`,
    );
  }
  const dialect = options.url === undefined ? undefined : dialectForUrl(options.url);
  // An embedded PostgreSQL is served on a local port; Django opens a SQLite file itself.
  if (options.url !== undefined && dialect?.name !== 'sqlite' && dialect?.refs.isEmbedded(options.url)) {
    return withServedEmbedded(project, options.url, (url) => djangoAsk(project, questions, { url }));
  }
  const database = options.url === undefined ? undefined : databaseSettings(project, options.url);
  const secrets = typeof database?.PASSWORD === 'string' && database.PASSWORD ? [database.PASSWORD] : [];
  const hide = (text: string) => redactSecrets(redactUrl(text), secrets);
  const request = { cwd: project.cwd, settings: project.settings, database, questions };
  project.debug?.(
    `running ${project.python} for Django (${questions.map((q) => q.command).join(', ')}) in ${project.cwd}`,
  );
  let result;
  try {
    result = await runProgram(project.python, ['-c', DJANGO_BOOTSTRAP], {
      cwd: project.cwd,
      env: project.env,
      input: JSON.stringify(request),
    });
  } catch (error) {
    if (error instanceof ProgramNotFoundError) {
      throw new SchemaguardError(
        `Cannot run Django: the Python interpreter ${project.python} was not found; set "django.python" in the config to the Python that has Django (e.g. .venv/bin/python).`,
        { cause: error },
      );
    }
    throw error;
  }
  let reply: BootstrapReply;
  try {
    reply = JSON.parse(result.stdout) as BootstrapReply;
  } catch (error) {
    const lastLine = hide(result.stderr.trim().split('\n').at(-1) ?? '');
    const ending =
      result.exitCode === undefined ? `was stopped (${result.signal})` : `exited with code ${result.exitCode}`;
    throw new SchemaguardError(
      `${project.python} ${ending} without answering schemaguard's questions about Django${lastLine ? `: ${lastLine}` : ` (${jsonParseReason(error)})`}.`,
      { cause: new PythonError(lastLine, hide(result.stderr)) },
    );
  }
  if ('refused' in reply) throw new SchemaguardError(hide(reply.refused));
  if ('failure' in reply) {
    const { kind, message, traceback } = reply.failure;
    throw new SchemaguardError(hide(failureSentence(project, kind, message)), {
      cause: new PythonError(hide(message), hide(traceback)),
    });
  }
  project.debug?.(`Django ${reply.django} answered`);
  return reply.answers as DjangoAnswerList<Q>;
}

/** Every migration of the project's files, in an order `migrate` could apply them (no database). */
export async function djangoMigrationGraph(project: DjangoProject): Promise<DjangoMigrationNode[]> {
  const [graph] = await djangoAsk(project, [{ command: 'graph' }]);
  return graph;
}

/**
 * The tables of each app's models: `db_table` of each concrete managed model and of its
 * auto-created many-to-many tables. An unknown app label is refused with the installed ones.
 */
export async function djangoAppTables(
  project: DjangoProject,
  apps: readonly string[],
): Promise<Record<string, string[]>> {
  const [tables] = await djangoAsk(project, [{ command: 'app-tables', apps }]);
  return tables;
}

/** The migrations `makemigrations --check --dry-run` would write for model changes that have none yet. */
export async function djangoPendingModelChanges(project: DjangoProject): Promise<DjangoPendingChange[]> {
  const [changes] = await djangoAsk(project, [{ command: 'pending-changes' }]);
  return changes;
}

/** Runs `makemigrations` for these apps; returns the files written, relative to the project's folder. */
export async function djangoMakeMigrations(project: DjangoProject, apps: readonly string[]): Promise<string[]> {
  const [written] = await djangoAsk(project, [{ command: 'makemigrations', apps }]);
  return written;
}

/** The SQL of each migration as `sqlmigrate` prints it for the database at `url` (a server or an embedded database). */
export async function djangoSqlMigrate(
  project: DjangoProject,
  url: string,
  migrations: readonly { app: string; name: string }[],
): Promise<string[]> {
  const [sql] = await djangoAsk(project, [{ command: 'sqlmigrate', migrations }], { url });
  return sql;
}

/**
 * Runs `migrate` (every app, unless `options.app`) on the database at `url` (a server or an
 * embedded database); returns what it printed.
 */
export async function djangoMigrate(
  project: DjangoProject,
  url: string,
  options: DjangoMigrateOptions = {},
): Promise<string> {
  const [output] = await djangoAsk(project, [{ command: 'migrate', ...options }], { url });
  return output;
}

/**
 * Applies exactly these migrations (`[app, name]`), in this order, on the database at `url`,
 * recording each: the state of a database whose history lists them, whatever squashed
 * migrations stand for them (`migrate` itself cannot apply part of what a squash replaces).
 * `after`: migrations the database already has, run before (their models known, not run).
 */
export async function djangoApplyMigrations(
  project: DjangoProject,
  url: string,
  migrations: readonly (readonly [string, string])[],
  after: readonly (readonly [string, string])[] = [],
): Promise<void> {
  await djangoAsk(project, [{ command: 'apply-migrations', migrations, after }], { url });
}
