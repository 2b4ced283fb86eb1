/**
 * `init`'s look at a project: its Prisma schema or drizzle config, its migration folder
 * and the tool that owns it, found from the project's folder without changing anything.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { defaultDialect, dialectByName } from '../dialects/index.js';
import { errorMessage } from '../errors.js';
import { type MigrationFormat, detectFormat } from '../migrations/formats.js';
import { type DjangoLayout, detectDjango } from './django-detect.js';
import { type EngineHint, detectEngines } from './engine-detect.js';
import picomatch from 'picomatch';

/** A migration folder for the config: its path relative to the project, and its format when known. */
export interface MigrationsChoice {
  readonly dir: string;
  readonly format?: MigrationFormat;
}

/** What `init` found in the project. */
export interface Detection {
  readonly models?: string;
  readonly migrations?: MigrationsChoice;
  /** A folder of knex (JavaScript) migrations, which schemaguard cannot replay. */
  readonly knex?: string;
  /** A Django project: its models are the `django:` ref, its migrations run by `manage.py migrate`. */
  readonly django?: DjangoLayout;
  /** The database engines the project's files name, the most telling first (for a Django project, only when its settings name none). */
  readonly engines: readonly EngineHint[];
  /** One line per thing found, for the summary. */
  readonly found: readonly string[];
}

/** A path relative to the project folder, with `/` separators. */
export function projectPath(root: string, path: string): string {
  return relative(root, resolve(root, path)).split(sep).join('/') || '.';
}

export async function kindOf(path: string): Promise<'file' | 'folder' | undefined> {
  const stats = await stat(path).catch(() => undefined);
  return stats?.isFile() ? 'file' : stats?.isDirectory() ? 'folder' : undefined;
}

/** A migration folder as init sees it. */
type FolderState =
  | { readonly state: 'missing' | 'empty' | 'javascript' }
  | { readonly state: 'readable'; readonly format: MigrationFormat }
  | { readonly state: 'unknown'; readonly reason: string };

const SCRIPT_FILE = /\.[cm]?[jt]s$/;

export async function inspectFolder(root: string, dir: string): Promise<FolderState> {
  const path = resolve(root, dir);
  const kind = await kindOf(path);
  if (kind === undefined) return { state: 'missing' };
  if (kind === 'file') return { state: 'unknown', reason: `${dir} is a file, not a folder` };
  const names = await readdir(path);
  if (names.length === 0) return { state: 'empty' };
  try {
    const format = await detectFormat(path, root);
    // Code migrations alone (knex): nothing schemaguard can replay.
    const scripts = names.some((n) => SCRIPT_FILE.test(n) && !n.endsWith('.d.ts'));
    if (format === 'plain' && scripts && !names.some((n) => n.endsWith('.sql'))) return { state: 'javascript' };
    return { state: 'readable', format };
  } catch (error) {
    if (names.some((n) => SCRIPT_FILE.test(n) && !n.endsWith('.d.ts'))) return { state: 'javascript' };
    return { state: 'unknown', reason: errorMessage(error).replace(/\.$/, '').replaceAll(path, dir) };
  }
}

/**
 * The string value of `key: '…'` in a JavaScript or TypeScript config file, when written as a
 * literal, as `path.join('…', '…')` of literals, or as an array of literals (its values).
 */
function literalValues(text: string, key: string): string[] {
  // A quoted string whose opening quote is capture group `group`.
  const literal = (group: number) => `(['"\`])([^'"\`]+)\\${group}`;
  const value = `\\[[^\\]]*\\]|(?:path\\.)?join\\([^)]*\\)|${literal(2)}`;
  const written = new RegExp(`\\b${key}\\s*:\\s*(${value})`).exec(text)?.[1];
  if (!written) return [];
  const values = [...written.matchAll(new RegExp(literal(1), 'g'))].map((m) => m[2] ?? '');
  return written.startsWith('[') ? values : [values.join('/')];
}

/** The single string value of `key:` in a config file (see {@link literalValues}). */
function literalValue(text: string, key: string): string | undefined {
  const values = literalValues(text, key);
  return values.length === 1 ? values[0] : undefined;
}

/** Prisma's config files, as the Prisma CLI looks for them. */
const PRISMA_CONFIGS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((e) => `prisma.config.${e}`);

/** A Prisma schema: a file, or a folder of `.prisma` files (a multi-file schema). */
interface PrismaSchema {
  readonly path: string;
  readonly folder: boolean;
  /** Where it was named: `prisma.config.ts`, `package.json` (its `prisma.schema`), or undefined for a default location. */
  readonly namedIn?: string;
  /** Where its migrations are, most likely first. */
  readonly migrations: readonly string[];
}

/** Whether a folder holds `.prisma` files (itself or a subfolder), as a multi-file Prisma schema does. */
async function holdsPrismaFiles(path: string): Promise<boolean> {
  const entries = await readdir(path, { recursive: true }).catch(() => [] as string[]);
  return entries.some((name) => name.endsWith('.prisma') && !name.split(sep).includes('node_modules'));
}

/**
 * The Prisma schema, where the Prisma CLI looks for it: the `schema` of `prisma.config.ts`,
 * package.json's `prisma.schema`, then `prisma/schema.prisma`, `schema.prisma` and the
 * `prisma/schema` folder; its migrations from `migrations.path` of the config, else next to it.
 */
async function findPrismaSchema(root: string): Promise<PrismaSchema | undefined> {
  const candidates: { path: string; namedIn?: string }[] = [];
  let configured: string | undefined;
  const config = PRISMA_CONFIGS.find((file) => existsSync(join(root, file)));
  if (config) {
    const text = await readFile(join(root, config), 'utf8');
    const schema = literalValue(text, 'schema');
    if (schema) candidates.push({ path: schema, namedIn: config });
    const migrations = /\bmigrations\s*:\s*\{([^}]*)\}/.exec(text)?.[1];
    configured = migrations === undefined ? undefined : literalValue(migrations, 'path');
  }
  try {
    const json = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { prisma?: { schema?: unknown } };
    if (typeof json.prisma?.schema === 'string') candidates.push({ path: json.prisma.schema, namedIn: 'package.json' });
  } catch {
    // No package.json, or one without a Prisma key.
  }
  candidates.push({ path: 'prisma/schema.prisma' }, { path: 'schema.prisma' }, { path: 'prisma/schema' });
  for (const candidate of candidates) {
    const path = resolve(root, candidate.path);
    const kind = await kindOf(path);
    if (kind === undefined || (kind === 'folder' && !(await holdsPrismaFiles(path)))) continue;
    const folder = kind === 'folder';
    const beside = [...(folder ? [join(path, 'migrations')] : []), join(dirname(path), 'migrations')];
    return {
      path: projectPath(root, path),
      folder,
      namedIn: candidate.namedIn,
      migrations: [...(configured ? [configured] : []), ...beside].map((dir) => projectPath(root, dir)),
    };
  }
  return undefined;
}

const DRIZZLE_CONFIGS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs', 'json'].map((e) => `drizzle.config.${e}`);

/** A drizzle-kit glob cut to the folder before its first wildcard; other paths as they are. */
function globFolder(path: string): string {
  const { isGlob, prefix, base } = picomatch.scan(path);
  if (!isGlob) return path;
  return base === '' ? '.' : `${prefix}${base}`;
}

/** The folder two project paths share. */
function commonFolder(a: string, b: string): string {
  const [left, right] = [a.split('/'), b.split('/')];
  const shared = left.findIndex((part, i) => part !== right[i]);
  return (shared < 0 ? left : left.slice(0, shared)).join('/') || '.';
}

/**
 * drizzle-kit's config: its `schema` (a file, a folder, a glob cut to its folder, or the folder
 * an array of them shares) and `out` folder, when written as literals.
 */
async function findDrizzle(root: string): Promise<{ file: string; schema?: string; out: string } | undefined> {
  for (const file of DRIZZLE_CONFIGS) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const text = await readFile(path, 'utf8');
    // drizzle-kit takes globs and arrays; schemaguard reads a file or a folder.
    const schemas = literalValues(text, 'schema').map((schema) => projectPath(root, globFolder(schema)));
    const schema =
      schemas.length <= 1
        ? schemas[0]
        : schemas.map((s) => (s.endsWith('.ts') || s.endsWith('.js') ? dirname(s) : s)).reduce(commonFolder);
    return { file, schema, out: literalValue(text, 'out') ?? 'drizzle' };
  }
  return undefined;
}

/** knex's migration folder: from `directory:` in its knexfile, else `migrations`. */
async function findKnex(root: string): Promise<{ file?: string; dir: string } | undefined> {
  for (const ext of ['js', 'ts', 'cjs', 'mjs']) {
    const file = `knexfile.${ext}`;
    if (existsSync(join(root, file))) {
      const directory = literalValue(await readFile(join(root, file), 'utf8'), 'directory');
      return { file, dir: projectPath(root, directory ?? 'migrations') };
    }
  }
  return (await inspectFolder(root, 'migrations')).state === 'javascript' ? { dir: 'migrations' } : undefined;
}

/**
 * sequelize-cli's migration folder: the `migrations-path` of its `.sequelizerc`, when written
 * as a literal or `path.resolve('db', 'migrations')` of literals; undefined without the file.
 */
async function findSequelize(root: string): Promise<string | undefined> {
  const file = join(root, '.sequelizerc');
  if (!existsSync(file)) return undefined;
  const text = await readFile(file, 'utf8');
  const written = /['"]migrations-path['"]\s*:\s*([\w.]+\([^)]*\)|(['"`])[^'"`]*\2)/.exec(text)?.[1] ?? '';
  const parts = [...written.matchAll(/(['"`])([^'"`]+)\1/g)].map((m) => m[2] ?? '');
  return projectPath(root, parts.length > 0 ? parts.join('/') : 'migrations');
}

/**
 * Liquibase's changelog folder: the folder of `changeLogFile` in `liquibase.properties`
 * (not the project's own folder, which holds much more than changelogs).
 */
async function findLiquibase(root: string): Promise<string | undefined> {
  const file = join(root, 'liquibase.properties');
  if (!existsSync(file)) return undefined;
  const changelog = /^\s*changeLogFile\s*[=:]\s*(\S+)/m.exec(await readFile(file, 'utf8'))?.[1];
  const dir = changelog === undefined ? undefined : projectPath(root, dirname(changelog.replace(/^classpath:/, '')));
  return dir === '.' ? undefined : dir;
}

/** Where migration tools keep their folders, after the ORM's own. */
const MIGRATION_FOLDERS = [
  'migrations',
  'db/migrations',
  'database/migrations',
  'supabase/migrations',
  'sql/migrations',
  'db/migration',
  'src/main/resources/db/migration',
  // Liquibase's changelogs, where Spring Boot and its own examples keep them.
  'src/main/resources/db/changelog',
  'db/changelog',
  'changelog',
];

/** What init says it found of a Django project. */
function describeDjango(django: DjangoLayout): string {
  const where = django.manage ?? `settings ${django.settings ?? ''}`;
  const details = [
    ...(django.manage && django.settings ? [`settings ${django.settings}`] : []),
    ...(django.projectApps.length > 0 ? [`apps ${django.projectApps.join(', ')}`] : []),
    ...(django.engines.length > 0 ? [`database ${django.engines.join(', ')}`] : []),
  ];
  return `Django project ${where}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
}

/**
 * What init says of the engine found, with where: only when it is not the default engine,
 * which is proposed anyway.
 */
function engineFound(engines: readonly EngineHint[]): string[] {
  const engine = engines[0]?.dialect;
  if (!engine || engine === defaultDialect().name) return [];
  const sources = engines.filter((e) => e.dialect === engine).map((e) => e.source);
  return [`${dialectByName(engine).title} database (${sources.join('; ')})`];
}

/** Looks for Django, Prisma, drizzle, knex, sequelize, Liquibase and migration folders in the project. */
export async function detectProject(root: string): Promise<Detection> {
  const found: string[] = [];
  let models: string | undefined;
  const folders: string[] = [];
  const django = await detectDjango(root);
  if (django) {
    found.push(describeDjango(django));
    models = 'django:';
    // Django's migrations are Python, read and run by Django: none of them is a folder schemaguard replays.
    // Settings that name no engine (a URL read from the environment): the project's other files may.
    const engines = django.engines.length > 0 ? [] : await detectEngines(root);
    found.push(...engineFound(engines));
    return { models, django, engines, found };
  }
  const prisma = await findPrismaSchema(root);
  if (prisma) {
    const where = prisma.namedIn ? `, named in ${prisma.namedIn}` : '';
    found.push(`Prisma schema ${prisma.folder ? `folder ${prisma.path}/ (multi-file)` : prisma.path}${where}`);
    models = `prisma:./${prisma.path}`;
    folders.push(...prisma.migrations);
  }
  const drizzle = await findDrizzle(root);
  if (drizzle) {
    const schema = drizzle.schema && (await kindOf(resolve(root, drizzle.schema))) ? drizzle.schema : undefined;
    const described = schema
      ? `schema ${schema}`
      : drizzle.schema
        ? `its schema ${drizzle.schema} does not exist`
        : 'its schema is not written as a literal path';
    found.push(`drizzle config ${drizzle.file} (${described})`);
    if (schema && !models) models = `drizzle:./${schema}`;
    folders.push(projectPath(root, drizzle.out));
  }
  const sequelize = await findSequelize(root);
  if (sequelize) folders.push(sequelize);
  const liquibase = await findLiquibase(root);
  if (liquibase) folders.push(liquibase);
  const knex = await findKnex(root);
  if (knex) found.push(`knex migrations in ${knex.dir}${knex.file ? ` (${knex.file})` : ''}`);
  let migrations: MigrationsChoice | undefined;
  for (const dir of [...new Set([...folders, ...MIGRATION_FOLDERS])]) {
    const state = await inspectFolder(root, dir);
    if (state.state !== 'readable') continue;
    migrations = { dir, format: state.format };
    found.push(`${state.format} migrations in ${dir}`);
    break;
  }
  const engines = await detectEngines(root, prisma?.path);
  found.push(...engineFound(engines));
  return { models, migrations, knex: knex?.dir, engines, found };
}
