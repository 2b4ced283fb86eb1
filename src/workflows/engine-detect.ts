/**
 * The database engine a project uses, as its files name it: the ORM's config (Prisma's
 * `provider`, drizzle's `dialect`, knex's `client`, Sequelize's `dialect`), a database URL in
 * `.env`, or a `docker-compose.yml` image. `init` proposes the dialect from it (and the
 * development database, when the ORM's config names an embedded one such as a SQLite file),
 * and `ci github` the service image (MySQL or MariaDB). Read without running anything.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { dialectForUrl, dialectNamed } from '../dialects/index.js';

/** An engine a project file names. */
export interface EngineHint {
  /** The dialect's name: `mysql`. */
  readonly dialect: string;
  /**
   * What the file says, as a dialect's CI services read it (`CiServices.choose`): the URL,
   * or the engine's name as written (`mariadb`, `mysql2`).
   */
  readonly hint: string;
  /** Where, for init's summary (never the URL itself, which may hold a password): `image mariadb:10.11 in compose.yaml`. */
  readonly source: string;
  /**
   * The embedded database the file names (a SQLite file, a PGlite folder), as a ref relative to
   * the project's folder: `sqlite:./prisma/dev.db`. Never a server's URL, which may hold a password.
   */
  readonly database?: string;
}

/** Driver and image names that are no dialect's name or alias. */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  pg: 'postgres',
  postgis: 'postgres',
  mysql2: 'mysql',
  // drizzle-kit's dialect for Turso (libSQL), and the SQLite drivers of drizzle-kit's older configs and knex.
  turso: 'sqlite',
  'better-sqlite': 'sqlite',
  'better-sqlite3': 'sqlite',
};

/** The dialect an engine, driver or image name stands for, when schemaguard has it. */
function dialectOfName(name: string): string | undefined {
  const lower = name.toLowerCase();
  return dialectNamed(OTHER_NAMES[lower] ?? lower)?.name;
}

/** A hint from a name, when it names an engine schemaguard has. */
function nameHint(name: string, source: string): EngineHint[] {
  const dialect = dialectOfName(name);
  return dialect ? [{ dialect, hint: name.toLowerCase(), source }] : [];
}

async function readText(path: string): Promise<string | undefined> {
  return existsSync(path) ? readFile(path, 'utf8').catch(() => undefined) : undefined;
}

/** The first file of a list that exists under the project, with its text. */
async function firstFile(root: string, names: readonly string[]): Promise<{ name: string; text: string } | undefined> {
  for (const name of names) {
    const text = await readText(join(root, name));
    if (text !== undefined) return { name, text };
  }
  return undefined;
}

/** The `.prisma` files of a schema (a file, or a folder of them). */
async function prismaTexts(root: string, schema: string): Promise<{ name: string; text: string }[]> {
  const path = resolve(root, schema);
  if (schema.endsWith('.prisma')) {
    const text = await readText(path);
    return text === undefined ? [] : [{ name: schema, text }];
  }
  const names = await readdir(path, { recursive: true }).catch(() => [] as string[]);
  const texts = await Promise.all(
    names
      .filter((n) => n.endsWith('.prisma'))
      .map(async (n) => ({ name: `${schema}/${n}`, text: await readText(join(path, n)) })),
  );
  return texts.flatMap((t) => (t.text === undefined ? [] : [{ name: t.name, text: t.text }]));
}

/** The value of a variable in the project's `.env` files, the first that sets it. */
async function envValue(root: string, variable: string): Promise<string | undefined> {
  for (const name of ENV_FILES) {
    const text = await readText(join(root, name));
    const match = text && new RegExp(`^\\s*(?:export\\s+)?${variable}\\s*=\\s*(['"]?)(.*?)\\1\\s*$`, 'm').exec(text);
    if (match) return match[2];
  }
  return undefined;
}

/**
 * The ref of the embedded database `value` names, relative to the project: a URL of an
 * embedded engine (`file:./dev.db`), or a plain path for a `dialect` whose databases are files
 * or folders (`sqlite.db` in a drizzle config for SQLite). `base` is the folder a relative path
 * starts from. Undefined for a server's URL, an in-memory database or anything else.
 */
function embeddedRef(root: string, base: string, value: string, dialect: string): string | undefined {
  const ofUrl = dialectForUrl(value);
  const plainPath = !/^[a-z][\w+.-]*:/i.test(value);
  const engine = ofUrl ?? (plainPath ? dialectNamed(dialect) : undefined);
  const folders = engine?.refs.folders;
  if (!engine?.capabilities.embedded || !folders || (ofUrl && !ofUrl.refs.isEmbedded(value))) return undefined;
  const path = ofUrl ? folders.folder(value) : value;
  if (!path) return undefined;
  const inside = relative(root, resolve(base, path)).split(sep).join('/');
  const written = inside.startsWith('..') || isAbsolute(inside) ? resolve(base, path) : `./${inside}`;
  return folders.withFolder(folders.example, written);
}

/** Prisma's `provider = "mysql"` in the `datasource` block, and the database of its `url` when that is a file. */
async function prismaHints(root: string, schema: string | undefined): Promise<EngineHint[]> {
  if (!schema) return [];
  for (const { name, text } of await prismaTexts(root, schema)) {
    const datasource = /^\s*datasource\s+\w+\s*\{([^}]*)\}/m.exec(text)?.[1];
    const provider = datasource && /^\s*provider\s*=\s*"(\w+)"/m.exec(datasource)?.[1];
    if (!datasource || !provider) continue;
    const hints = nameHint(provider, `provider "${provider}" in ${name}`);
    const url = /^\s*url\s*=\s*(?:"([^"]*)"|env\(\s*"(\w+)"\s*\))/m.exec(datasource);
    const value = url?.[1] ?? (url?.[2] ? await envValue(root, url[2]) : undefined);
    // Prisma reads a SQLite file's relative path from the schema file's folder.
    const database = value && hints[0] && embeddedRef(root, dirname(resolve(root, name)), value, hints[0].dialect);
    return hints.map((hint) => (database ? { ...hint, database } : hint));
  }
  return [];
}

/** The value of `key: 'value'` (or `"key": "value"`) in a config file, written as a literal. */
function literalOf(text: string, key: string): string | undefined {
  return new RegExp(`["']?\\b${key}["']?\\s*:\\s*(['"\`])([\\w-]+)\\1`).exec(text)?.[2];
}

/** A config file's `key: '…'`, as a hint. */
async function configHint(root: string, files: readonly string[], key: string): Promise<EngineHint[]> {
  const file = await firstFile(root, files);
  const value = file && literalOf(file.text, key);
  return file && value ? nameHint(value, `${key} '${value}' in ${file.name}`) : [];
}

const SCRIPT_EXTENSIONS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];

/**
 * drizzle-kit's `dialect` (and the `driver` of its older configs), and the database of its
 * `dbCredentials.url` when that is a file: a literal, or `process.env.NAME` set in `.env`.
 */
async function drizzleHints(root: string): Promise<EngineHint[]> {
  const files = [...SCRIPT_EXTENSIONS, 'json'].map((e) => `drizzle.config.${e}`);
  const dialect = await configHint(root, files, 'dialect');
  const hints = dialect.length > 0 ? dialect : await configHint(root, files, 'driver');
  const first = hints[0];
  const file = first && (await firstFile(root, files));
  const credentials = file && /\bdbCredentials["']?\s*:\s*\{([^}]*)\}/.exec(file.text)?.[1];
  const url =
    credentials &&
    /["']?\burl["']?\s*:\s*(?:(['"`])([^'"`]+)\1|process\.env(?:\.(\w+)|\[\s*['"](\w+)['"]\s*\]))/.exec(credentials);
  const variable = url?.[3] ?? url?.[4];
  const value = url?.[2] ?? (variable ? await envValue(root, variable) : undefined);
  // drizzle-kit opens a relative file from the folder it runs in: the project's.
  const database = first && value ? embeddedRef(root, root, value, first.dialect) : undefined;
  return hints.map((hint) => (database ? { ...hint, database } : hint));
}

/** The Sequelize config sequelize-cli reads: the `config` path of `.sequelizerc`, else `config/config.json`. */
async function sequelizeHints(root: string): Promise<EngineHint[]> {
  const rc = await readText(join(root, '.sequelizerc'));
  const written = rc && /(?<![\w-])['"]?config['"]?\s*:\s*(?:[\w.]+\(([^)]*)\)|(['"`])([^'"`]+)\2)/.exec(rc);
  const parts = written?.[1] ? [...written[1].matchAll(/(['"`])([^'"`]+)\1/g)].map((m) => m[2] ?? '') : [];
  const configured = written?.[3] ?? (parts.length > 0 ? parts.join('/') : undefined);
  const files = [...(configured ? [configured] : []), 'config/config.json', 'config/config.js'];
  return configHint(root, files, 'dialect');
}

/** The `.env` files read, in order. */
const ENV_FILES = ['.env', '.env.local', '.env.development', '.env.example'];

/** The database URLs of `.env` files (`NAME=url`, `file:` URLs too), by the dialect whose URLs they are. */
async function envHints(root: string): Promise<EngineHint[]> {
  const hints: EngineHint[] = [];
  for (const name of ENV_FILES) {
    const text = await readText(join(root, name));
    for (const match of text?.matchAll(
      /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(['"]?)((?:[a-z][\w+.-]*:\/\/|file:)\S*?)\2\s*$/gm,
    ) ?? []) {
      const url = match[3] ?? '';
      const dialect = dialectForUrl(url)?.name;
      if (dialect) hints.push({ dialect, hint: url, source: `${match[1] ?? ''} in ${name}` });
    }
    if (hints.length > 0) return hints;
  }
  return hints;
}

/** The database images of a Docker Compose file: `image: mariadb:10.11`, `image: docker.io/library/mysql`. */
async function composeHints(root: string): Promise<EngineHint[]> {
  const names = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
  const file = await firstFile(root, names);
  if (!file) return [];
  return [
    ...file.text.matchAll(/^\s*image\s*:\s*(['"]?)((?:[\w.:-]+\/)*([\w.-]+)(?::[\w.-]+)?(?:@\S+)?)\1\s*$/gm),
  ].flatMap((match) => nameHint(match[3] ?? '', `image ${match[2] ?? ''} in ${file.name}`));
}

/**
 * The engines a project's files name, the most telling first: the ORM's own config, then the
 * database URLs of `.env`, then the Compose images. `prismaSchema` is the project's Prisma
 * schema (a file or a folder), relative to `root`, when it has one.
 */
export async function detectEngines(root: string, prismaSchema?: string): Promise<EngineHint[]> {
  const knexfiles = SCRIPT_EXTENSIONS.map((e) => `knexfile.${e}`);
  return [
    ...(await prismaHints(root, prismaSchema)),
    ...(await drizzleHints(root)),
    ...(await configHint(root, knexfiles, 'client')),
    ...(await sequelizeHints(root)),
    ...(await envHints(root)),
    ...(await composeHints(root)),
  ];
}
