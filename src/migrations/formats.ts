/**
 * Migration folders of the common tools read into one ordered list of migrations. Their
 * SQL is split into statements by the lexer of the engine the folder is read for (the
 * dialect's `lexer`), which the folder keeps.
 */
import { createHash } from 'node:crypto';
import { type Dirent, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SqlLexer } from '../dialects/dialect.js';
import { defaultDialect } from '../dialects/index.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import type { DrizzleEntry } from './drizzle-journal.js';
import { canonicalVersion, compareVersions } from './versions.js';

/** The migration tools whose folders schemaguard reads. */
/**
 * A folder whose migrations contradict each other: two with one version, or a drizzle
 * journal that disagrees with the files. `migrate check` reports it as a conflict.
 */
export class MigrationConflictError extends SchemaguardError {}

export type MigrationFormat =
  'plain' | 'dbmate' | 'golang-migrate' | 'flyway' | 'prisma' | 'diesel' | 'drizzle' | 'sequelize' | 'liquibase';

/** Every {@link MigrationFormat}. */
export const MIGRATION_FORMATS: readonly MigrationFormat[] = [
  'plain',
  'dbmate',
  'golang-migrate',
  'flyway',
  'prisma',
  'diesel',
  'drizzle',
  'sequelize',
  'liquibase',
];

/** One migration of a folder, as the tool that owns the folder sees it. */
export interface MigrationFile {
  /**
   * Ordering and matching key, as the tool records it in its history table: the leading
   * digits (plain, dbmate), the number without leading zeros (golang-migrate stores a
   * bigint), the dotted version (flyway), the folder name (prisma), the folder name up to its
   * first `_` without its dashes (diesel: `2018-01-14-171611_init` is `20180114171611`), the tag (drizzle),
   * `path::id::author` (a Liquibase changeset, its path relative to the folder).
   */
  readonly version: string;
  /** Human name, e.g. `add_users` (may be empty). */
  readonly name: string;
  /** Path of the file holding the up SQL, relative to the folder (posix separators). */
  readonly path: string;
  /**
   * The up SQL only (dbmate/golang-migrate down sections or files excluded). A Liquibase
   * changeset is its lines of the file, the lines above it blank, so that its statements
   * keep their lines in the file.
   */
  readonly sql: string;
  /** sha256 hex of `sql` exactly as read (tool-specific checksums are not computed here). */
  readonly checksum: string;
  /**
   * False when it must run outside a transaction: marked by the tool's own convention
   * (dbmate `transaction:false`, flyway `executeInTransaction=false`), or it holds a
   * statement the engine refuses in a transaction block, or it runs its own transactions.
   */
  readonly transactional: boolean;
  /**
   * False when the tool's own convention marks it to run outside a transaction; its SQL is
   * not read for this. What a replay's cache key takes, with the SQL (see {@link withTransactional});
   * absent on a migration made in memory, whose `transactional` is known.
   */
  readonly declaredTransactional?: boolean;
  /**
   * drizzle: the journal's `when` (epoch milliseconds), which drizzle records as
   * `created_at` and compares with the last applied row to decide what is applied.
   */
  readonly createdAt?: string;
}

/**
 * A migration written in a programming language (a TypeScript or JavaScript data
 * migration, a knex or sequelize migration, a Flyway Java migration) or a Liquibase
 * changelog in XML, YAML or JSON: listed, never run or replayed, since only its program
 * knows what it does.
 */
export interface CodeMigration {
  /**
   * As {@link MigrationFile.version}: what the tool records for it (sequelize: the file
   * name); a Liquibase changelog's path, its changesets being known from the history only.
   */
  readonly version: string;
  readonly name: string;
  /** The file, relative to the folder (posix separators). */
  readonly path: string;
  /** `knex` for a knex migration: its history tables are then part of a replay. */
  readonly tool?: 'knex';
}

/** A migration folder read in full. */
export interface MigrationFolder {
  readonly format: MigrationFormat;
  /** Absolute path of the folder holding the migrations (`prisma/migrations` when given `prisma`). */
  readonly path: string;
  /** The SQL migrations, in the order the tool applies them. */
  readonly migrations: readonly MigrationFile[];
  /** The code migrations beside them, in path order: not replayed. */
  readonly code: readonly CodeMigration[];
  /** How its SQL divides into statements: the lexer of the engine it was read for. */
  readonly lexer: SqlLexer;
}

/** What a format reader finds for one migration, before its checksum and SQL are examined. */
interface FoundMigration {
  readonly version: string;
  readonly name: string;
  readonly path: string;
  readonly sql: string;
  /** False when the tool's own convention marks it to run outside a transaction. */
  readonly transactional: boolean;
  readonly createdAt?: string;
}

/** `0001_create_users.sql`, `20240101120000_add_index.sql`, `001-init.sql`: digits, separators, name. */
const NUMBERED_SQL = /^(\d+)[-_. ]*(.*)\.sql$/;
/** golang-migrate: `000001_create_users.up.sql` and its `.down.sql`. */
const GOLANG_MIGRATE = /^(\d+)_(.*)\.(up|down)\.sql$/;
/** flyway versioned migrations: `V1__init.sql`, `V1_1__add_users.sql`, `V2.0.1__fix.sql`. */
const FLYWAY_VERSIONED = /^V(\d+(?:[._]\d+)*)__(.*)\.sql$/;
/** flyway undo (`U1__…`) and repeatable (`R__…`) migrations: never replayed here. */
const FLYWAY_OTHER = /^(?:U\d+(?:[._]\d+)*|R)__.*\.sql$/;
const FLYWAY_VERSION = /^\d+(?:\.\d+)*$/;
/** A TypeScript or JavaScript file (not a `.d.ts` declaration). */
const SCRIPT = /^(?!.*\.d\.[cm]?ts$).*\.[cm]?[jt]s$/;
/** A numbered script beside plain SQL migrations: `0003_backfill.ts`, `20240101120000_add_users.js` (knex). */
const NUMBERED_SCRIPT = /^(\d+)[-_. ]*(.*)\.[cm]?[jt]s$/;
/** flyway Java-based migrations: `V3__Backfill.java`, compiled or written in another JVM language. */
const FLYWAY_CODE = /^V(\d+(?:[._]\d+)*)__(.*)\.(?:java|kt|class|groovy|scala)$/;
/** What a knex migration has: an `up` export taking knex. */
const KNEX_MIGRATION = /\bknex\b/i;
/** What a sequelize (umzug) migration has: `up(queryInterface, Sequelize)`. */
const SEQUELIZE_MIGRATION = /\bqueryInterface\b/;
/** The first line of a Liquibase formatted SQL changelog. */
const LIQUIBASE_SQL = /^\s*--\s*liquibase\s+formatted\s+sql\b/i;
/** A changeset of a formatted SQL changelog: `--changeset author:id attribute:value …` (the author may be quoted). */
const LIQUIBASE_CHANGESET = /^\s*--\s*changeset\s+(?:"([^"]+)"|(\S+?)):(\S+)(.*)$/i;
/** A rollback line of a formatted SQL changelog: not part of the changeset's SQL. */
const LIQUIBASE_ROLLBACK = /^\s*--\s*rollback\b/i;
/** A Liquibase changelog in XML, YAML or JSON: its root is `databaseChangeLog`. */
const LIQUIBASE_CHANGELOG_FILE = /\.(?:xml|ya?ml|json)$/i;
const LIQUIBASE_CHANGELOG = /\bdatabaseChangeLog\b/;
/** A changeset in such a changelog (one of includes only has none). */
const LIQUIBASE_CHANGESET_ELEMENT = /\bchangeSet\b/;
/** dbmate's section markers, at the start of a line; the up marker may carry options. */
const DBMATE_UP = /^--\s*migrate:up\b(.*)$/m;
const DBMATE_DOWN = /^--\s*migrate:down\b/m;

/** The folder for messages: relative to the working directory `cwd` when inside it (as it is without one). */
function shown(path: string, cwd: string | undefined): string {
  if (cwd === undefined) return path;
  const inside = relative(cwd, path);
  if (inside === '') return '.';
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The absolute path of an existing folder, or a SchemaguardError saying why not. */
async function existingFolder(folder: string, cwd: string | undefined): Promise<string> {
  const path = cwd === undefined ? resolve(folder) : resolve(cwd, folder);
  try {
    if ((await stat(path)).isDirectory()) return path;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SchemaguardError(`The migrations folder ${folder} does not exist: check the path.`);
    }
    throw new SchemaguardError(`Cannot read the migrations folder ${folder}: ${errorMessage(error)}.`, {
      cause: error,
    });
  }
  throw new SchemaguardError(
    `${folder} is a file, not a migrations folder: give the folder that holds the migrations.`,
  );
}

async function entries(folder: string, cwd: string | undefined): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new SchemaguardError(`Cannot read the migrations folder ${shown(folder, cwd)}: ${errorMessage(error)}.`, {
      cause: error,
    });
  }
}

/** Names of the files directly in a folder, sorted. */
async function fileNames(folder: string, cwd: string | undefined): Promise<string[]> {
  return (await entries(folder, cwd))
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => e.name)
    .sort();
}

/** Whether a path is a file or a folder; undefined when it is neither or cannot be read. */
async function kindOf(path: string): Promise<'file' | 'folder' | undefined> {
  try {
    const stats = await stat(path);
    if (stats.isFile()) return 'file';
    return stats.isDirectory() ? 'folder' : undefined;
  } catch {
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await kindOf(path)) === 'file';
}

async function readText(folder: string, path: string, cwd: string | undefined): Promise<string> {
  try {
    // Read at once: a folder's files are small and read one after another, and each read
    // handed to the thread pool waited longer than it took (200 files: about 70 ms of waiting).
    return readFileSync(join(folder, path), 'utf8');
  } catch (error) {
    throw new SchemaguardError(
      `Cannot read the migration file ${shown(join(folder, path), cwd)}: ${errorMessage(error)}.`,
      {
        cause: error,
      },
    );
  }
}

/** Throws when two migrations share a version, as `key` spells it; names both files. */
function assertUniqueVersions(
  folder: string,
  found: readonly FoundMigration[],
  key: (version: string) => string,
  cwd: string | undefined,
) {
  const seen = new Map<string, FoundMigration>();
  for (const migration of found) {
    const other = seen.get(key(migration.version));
    if (other) {
      throw new MigrationConflictError(
        `Two migrations in ${shown(folder, cwd)} have the version ${other.version}: ${other.path} and ${migration.path}; give each its own version.`,
      );
    }
    seen.set(key(migration.version), migration);
  }
}

/** Sorts by version as the tool does after refusing duplicates (plain, golang-migrate, flyway, diesel). */
function inVersionOrder(
  format: MigrationFormat,
  folder: string,
  found: FoundMigration[],
  cwd: string | undefined,
): FoundMigration[] {
  assertUniqueVersions(folder, found, (v) => canonicalVersion(format, v), cwd);
  return found.sort((a, b) => compareVersions(format, a.version, b.version));
}

/** Which other tool a file of a plain folder belongs to, if it looks like one's. */
function foreignFormat(file: string, sql: string | undefined): MigrationFormat | undefined {
  if (GOLANG_MIGRATE.test(file)) return 'golang-migrate';
  if (FLYWAY_VERSIONED.test(file) || FLYWAY_OTHER.test(file)) return 'flyway';
  if (sql !== undefined && DBMATE_UP.test(sql)) return 'dbmate';
  return undefined;
}

function foreignFileError(
  folder: string,
  file: string,
  format: MigrationFormat,
  cwd: string | undefined,
): SchemaguardError {
  return new SchemaguardError(
    `${file} in ${shown(folder, cwd)} looks like a ${format} migration, not a plain one: set the migrations format to "${format}" or move the file out of the folder.`,
  );
}

/** Plain: `<digits><separator><name>.sql` files, in numeric order; other `.sql` files are ignored. */
async function readPlain(folder: string, cwd: string | undefined): Promise<FoundMigration[]> {
  const found: FoundMigration[] = [];
  for (const file of await fileNames(folder, cwd)) {
    const match = NUMBERED_SQL.exec(file);
    const sql = match ? await readText(folder, file, cwd) : undefined;
    const foreign = foreignFormat(file, sql);
    if (foreign) throw foreignFileError(folder, file, foreign, cwd);
    if (!match || sql === undefined) continue;
    const [, version = '', name = ''] = match;
    found.push({ version, name, path: file, sql, transactional: true });
  }
  return inVersionOrder('plain', folder, found, cwd);
}

/**
 * The up part of a dbmate file: everything before its `-- migrate:down` line. What comes
 * before `-- migrate:up` may only be comments (dbmate refuses statements there), so
 * keeping it makes statement line numbers those of the file.
 */
function dbmateUp(
  folder: string,
  file: string,
  text: string,
  cwd: string | undefined,
  lexer: SqlLexer,
): { sql: string; transactional: boolean } {
  const up = DBMATE_UP.exec(text);
  if (!up) {
    throw new SchemaguardError(
      `The dbmate migration ${file} in ${shown(folder, cwd)} has no "-- migrate:up" line: add one above its SQL.`,
    );
  }
  if (lexer.split(text.slice(0, up.index)).length > 0) {
    throw new SchemaguardError(
      `The dbmate migration ${file} in ${shown(folder, cwd)} has SQL above its "-- migrate:up" line, which dbmate refuses: move it below.`,
    );
  }
  const down = DBMATE_DOWN.exec(text.slice(up.index));
  const options = (up[1] ?? '').trim().split(/\s+/);
  return {
    sql: down ? text.slice(0, up.index + down.index) : text,
    transactional: !options.includes('transaction:false'),
  };
}

/** dbmate: `<digits>….sql` files with `-- migrate:up` sections, in file-name order as dbmate sorts them. */
async function readDbmate(folder: string, cwd: string | undefined, lexer: SqlLexer): Promise<FoundMigration[]> {
  const found: FoundMigration[] = [];
  for (const file of await fileNames(folder, cwd)) {
    const match = NUMBERED_SQL.exec(file);
    if (!match) continue;
    const [, version = '', name = ''] = match;
    found.push({ version, name, path: file, ...dbmateUp(folder, file, await readText(folder, file, cwd), cwd, lexer) });
  }
  assertUniqueVersions(folder, found, (v) => v, cwd);
  return found;
}

/** golang-migrate: the `.up.sql` file of each `<version>_<name>` pair, in numeric order. */
async function readGolangMigrate(folder: string, cwd: string | undefined): Promise<FoundMigration[]> {
  const found: FoundMigration[] = [];
  for (const file of await fileNames(folder, cwd)) {
    const match = GOLANG_MIGRATE.exec(file);
    if (!match || match[3] !== 'up') continue;
    const [, digits = '', name = ''] = match;
    const version = BigInt(digits).toString();
    found.push({ version, name, path: file, sql: await readText(folder, file, cwd), transactional: true });
  }
  return inVersionOrder('golang-migrate', folder, found, cwd);
}

/** flyway's per-script configuration (`V1__x.sql.conf`) says `executeInTransaction=false`. */
async function flywayOutsideTransaction(folder: string, path: string, cwd: string | undefined): Promise<boolean> {
  const conf = `${path}.conf`;
  if (!(await isFile(join(folder, conf)))) return false;
  return /^\s*executeInTransaction\s*=\s*false\s*$/m.test(await readText(folder, conf, cwd));
}

/** Paths of every file under a folder, relative to it with posix separators, sorted. */
async function filesBelow(folder: string, cwd: string | undefined): Promise<string[]> {
  try {
    return (await readdir(folder, { recursive: true })).map((p) => p.split(sep).join('/')).sort();
  } catch (error) {
    throw new SchemaguardError(`Cannot read the migrations folder ${shown(folder, cwd)}: ${errorMessage(error)}.`, {
      cause: error,
    });
  }
}

/**
 * flyway: `V<version>__<description>.sql` anywhere below the folder (flyway scans its
 * locations recursively), in version order. Undo (`U…`) and repeatable (`R__…`)
 * migrations are ignored: undo scripts only run backwards, and repeatables are re-run by
 * flyway after the versioned ones whenever their checksum changes, so they are not part
 * of a replayable history.
 */
async function readFlyway(folder: string, cwd: string | undefined): Promise<FoundMigration[]> {
  const found: FoundMigration[] = [];
  for (const path of await filesBelow(folder, cwd)) {
    const match = FLYWAY_VERSIONED.exec(basename(path));
    if (!match) continue;
    const [, version = '', name = ''] = match;
    found.push({
      version: version.replaceAll('_', '.'),
      name,
      path,
      sql: await readText(folder, path, cwd),
      transactional: !(await flywayOutsideTransaction(folder, path, cwd)),
    });
  }
  return inVersionOrder('flyway', folder, found, cwd);
}

/** Subfolders of a folder, sorted by name. */
async function subfolders(folder: string, cwd: string | undefined): Promise<string[]> {
  return (await entries(folder, cwd))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function hasPrismaMigrations(folder: string, cwd: string | undefined): Promise<boolean> {
  for (const name of await subfolders(folder, cwd)) {
    if (await isFile(join(folder, name, 'migration.sql'))) return true;
  }
  return false;
}

/** The folder holding prisma's migration subfolders: `prisma/migrations` when given `prisma`. */
async function prismaRoot(folder: string, cwd: string | undefined): Promise<string> {
  const nested = join(folder, 'migrations');
  if (await hasPrismaMigrations(folder, cwd)) return folder;
  return (await kindOf(nested)) === 'folder' ? nested : folder;
}

/** prisma: `<timestamp>_<name>/migration.sql`, in folder-name order as prisma sorts them. */
async function readPrisma(folder: string, cwd: string | undefined): Promise<FoundMigration[]> {
  const found: FoundMigration[] = [];
  for (const version of await subfolders(folder, cwd)) {
    const path = `${version}/migration.sql`;
    if (!(await isFile(join(folder, path)))) {
      // A folder of scripts only is a code migration (see prismaCode), not a broken one.
      if ((await fileNames(join(folder, version), cwd)).some((f) => SCRIPT.test(f))) continue;
      throw new SchemaguardError(
        `The prisma migration ${version} in ${shown(folder, cwd)} has no migration.sql, which prisma refuses: restore the file or delete the folder.`,
      );
    }
    const name = version.replace(/^\d+_?/, '');
    found.push({ version, name, path, sql: await readText(folder, path, cwd), transactional: true });
  }
  return found;
}

/** Subfolders whose names do not start with a dot, as diesel lists them. */
async function dieselFolders(folder: string, cwd: string | undefined): Promise<string[]> {
  return (await subfolders(folder, cwd)).filter((name) => !name.startsWith('.'));
}

async function hasDieselMigrations(folder: string, cwd: string | undefined): Promise<boolean> {
  for (const name of await dieselFolders(folder, cwd)) {
    if (await isFile(join(folder, name, 'up.sql'))) return true;
  }
  return false;
}

/**
 * diesel: `<version>_<name>/up.sql` (beside `down.sql`), the version the folder name up to its
 * first `_` without its dashes, as diesel records it; `run_in_transaction = false` in the
 * folder's `metadata.toml` runs it outside a transaction.
 */
async function readDiesel(folder: string, cwd: string | undefined): Promise<FoundMigration[]> {
  const found: FoundMigration[] = [];
  for (const migration of await dieselFolders(folder, cwd)) {
    const path = `${migration}/up.sql`;
    if (!(await isFile(join(folder, path)))) {
      throw new SchemaguardError(
        `The diesel migration ${migration} in ${shown(folder, cwd)} has no up.sql, which diesel refuses: restore the file or delete the folder.`,
      );
    }
    const underscore = migration.indexOf('_');
    const metadata = `${migration}/metadata.toml`;
    const outside =
      (await isFile(join(folder, metadata))) &&
      /^\s*run_in_transaction\s*=\s*false\b/m.test(await readText(folder, metadata, cwd));
    found.push({
      version: (underscore < 0 ? migration : migration.slice(0, underscore)).replaceAll('-', ''),
      name: underscore < 0 ? '' : migration.slice(underscore + 1),
      path,
      sql: await readText(folder, path, cwd),
      transactional: !outside,
    });
  }
  return inVersionOrder('diesel', folder, found, cwd);
}

/** The entries of drizzle's `meta/_journal.json`, in `idx` order; each tag and idx once. */
async function drizzleEntries(folder: string, cwd: string | undefined): Promise<DrizzleEntry[]> {
  const path = 'meta/_journal.json';
  const where = shown(join(folder, path), cwd);
  let json: unknown;
  try {
    json = JSON.parse(await readText(folder, path, cwd));
  } catch (error) {
    if (error instanceof SchemaguardError) throw error;
    throw new SchemaguardError(`The drizzle journal ${where} is not valid JSON: ${errorMessage(error)}.`);
  }
  const parsed = (await import('./drizzle-journal.js')).drizzleJournal.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SchemaguardError(
      `The drizzle journal ${where} is malformed at ${issue?.path.join('.') || 'its top'}: ${issue?.message ?? 'unexpected content'}.`,
    );
  }
  const entries = [...parsed.data.entries].sort((a, b) => a.idx - b.idx);
  const seen = new Set<number | string>();
  for (const { idx, tag } of entries) {
    if (seen.has(idx) || seen.has(tag)) {
      throw new MigrationConflictError(
        `The drizzle journal ${where} lists ${tag} with an idx or tag used before: regenerate it with drizzle-kit.`,
      );
    }
    seen.add(idx).add(tag);
  }
  return entries;
}

/** drizzle: the `<tag>.sql` files of `meta/_journal.json`, in journal order; the folder must agree with it. */
async function readDrizzle(folder: string, cwd: string | undefined): Promise<FoundMigration[]> {
  const entries = await drizzleEntries(folder, cwd);
  const files = new Set((await fileNames(folder, cwd)).filter((f) => f.endsWith('.sql')));
  const journal = shown(join(folder, 'meta/_journal.json'), cwd);
  for (const entry of entries) {
    if (!files.has(`${entry.tag}.sql`)) {
      throw new MigrationConflictError(
        `The drizzle journal ${journal} lists ${entry.tag} but ${entry.tag}.sql is not in ${shown(folder, cwd)}: restore the file or regenerate the journal with drizzle-kit.`,
      );
    }
    files.delete(`${entry.tag}.sql`);
  }
  const [stray] = files;
  if (stray !== undefined) {
    throw new MigrationConflictError(
      `${stray} in ${shown(folder, cwd)} is not in the drizzle journal ${journal}, so drizzle would never run it: add it with drizzle-kit or remove it.`,
    );
  }
  const found: FoundMigration[] = [];
  for (const { tag, when } of entries) {
    const path = `${tag}.sql`;
    found.push({
      version: tag,
      name: tag.replace(/^\d+_?/, ''),
      path,
      sql: await readText(folder, path, cwd),
      transactional: true,
      ...(when === undefined ? {} : { createdAt: String(when) }),
    });
  }
  return found;
}

/** sequelize: every migration is JavaScript or TypeScript, so the folder has no SQL migrations. */
async function readSequelize(): Promise<FoundMigration[]> {
  return [];
}

/** sequelize: the scripts of the folder (not below it), in name order, each named by its file as sequelize records it. */
async function sequelizeCode(folder: string, cwd: string | undefined): Promise<CodeMigration[]> {
  return (await fileNames(folder, cwd))
    .filter((file) => SCRIPT.test(file))
    .map((file) => ({
      version: file,
      name: file.replace(/^\d+[-_. ]*/, '').replace(/\.[cm]?[jt]s$/, ''),
      path: file,
    }));
}

/** The changesets of a Liquibase formatted SQL changelog (`--liquibase formatted sql`), in file order. */
function liquibaseChangesets(path: string, text: string): FoundMigration[] {
  const lines = text.split('\n');
  const found: FoundMigration[] = [];
  let current: { id: string; author: string; transactional: boolean; first: number } | undefined;
  const close = (end: number) => {
    if (!current) return;
    const body = lines
      .slice(current.first, end)
      .map((line) => (LIQUIBASE_ROLLBACK.test(line) ? '' : line))
      .join('\n');
    found.push({
      version: `${path}::${current.id}::${current.author}`,
      name: current.id,
      path,
      sql: `${'\n'.repeat(current.first)}${body}`,
      transactional: current.transactional,
    });
  };
  lines.forEach((line, index) => {
    const changeset = LIQUIBASE_CHANGESET.exec(line);
    if (!changeset) return;
    close(index);
    const [, quoted, bare, id = '', attributes = ''] = changeset;
    current = {
      id,
      author: quoted ?? bare ?? '',
      transactional: !/\brunInTransaction:false\b/i.test(attributes),
      first: index + 1,
    };
  });
  close(lines.length);
  return found;
}

/**
 * Liquibase: the changesets of the formatted SQL changelogs below the folder, file by file
 * in path order (as `includeAll` runs them), each file's in its order. `.sql` files
 * without the `--liquibase formatted sql` line (those an XML changelog's `sqlFile` runs)
 * are not changesets of their own.
 */
async function readLiquibase(folder: string, cwd: string | undefined): Promise<FoundMigration[]> {
  const found: FoundMigration[] = [];
  for (const path of await filesBelow(folder, cwd)) {
    if (!path.toLowerCase().endsWith('.sql')) continue;
    const text = await readText(folder, path, cwd);
    if (LIQUIBASE_SQL.test(text)) found.push(...liquibaseChangesets(path, text));
  }
  assertUniqueVersions(folder, found, (v) => v, cwd);
  return found;
}

/** Liquibase: changelogs in XML, YAML or JSON with changesets, which only Liquibase reads. */
async function liquibaseCode(folder: string, cwd: string | undefined): Promise<CodeMigration[]> {
  const code: CodeMigration[] = [];
  for (const path of await filesBelow(folder, cwd)) {
    if (!LIQUIBASE_CHANGELOG_FILE.test(path)) continue;
    const text = await readText(folder, path, cwd);
    if (LIQUIBASE_CHANGELOG.test(text) && LIQUIBASE_CHANGESET_ELEMENT.test(text)) {
      code.push({ version: path, name: basename(path), path });
    }
  }
  return code;
}

/** Whether a folder holds a Liquibase project: its properties file, or a changelog of any kind. */
async function isLiquibaseFolder(folder: string, cwd: string | undefined): Promise<boolean> {
  for (const path of await filesBelow(folder, cwd)) {
    if (basename(path) === 'liquibase.properties') return true;
    const sql = path.toLowerCase().endsWith('.sql');
    if (!sql && !LIQUIBASE_CHANGELOG_FILE.test(path)) continue;
    const text = await readText(folder, path, cwd);
    if (sql ? LIQUIBASE_SQL.test(text) : LIQUIBASE_CHANGELOG.test(text)) return true;
  }
  return false;
}

const READERS: Record<
  MigrationFormat,
  (folder: string, cwd: string | undefined, lexer: SqlLexer) => Promise<FoundMigration[]>
> = {
  plain: readPlain,
  dbmate: readDbmate,
  'golang-migrate': readGolangMigrate,
  flyway: readFlyway,
  prisma: readPrisma,
  diesel: readDiesel,
  drizzle: readDrizzle,
  sequelize: readSequelize,
  liquibase: readLiquibase,
};

/** A code migration, marked as knex's when its text uses knex. */
async function codeMigration(
  folder: string,
  path: string,
  version: string,
  name: string,
  cwd: string | undefined,
): Promise<CodeMigration> {
  const knex = SCRIPT.test(path) && KNEX_MIGRATION.test(await readText(folder, path, cwd));
  return { version, name, path, ...(knex ? { tool: 'knex' as const } : {}) };
}

/** plain: numbered scripts beside the SQL files (knex migrations, data migrations). */
async function plainCode(folder: string, cwd: string | undefined): Promise<CodeMigration[]> {
  const code: CodeMigration[] = [];
  for (const file of await fileNames(folder, cwd)) {
    const match = SCRIPT.test(file) ? NUMBERED_SCRIPT.exec(file) : null;
    if (match) code.push(await codeMigration(folder, file, match[1] ?? '', match[2] ?? '', cwd));
  }
  return code;
}

/** prisma: scripts in the migration subfolders, with or without a migration.sql beside them. */
async function prismaCode(folder: string, cwd: string | undefined): Promise<CodeMigration[]> {
  const code: CodeMigration[] = [];
  for (const version of await subfolders(folder, cwd)) {
    for (const file of (await fileNames(join(folder, version), cwd)).filter((f) => SCRIPT.test(f))) {
      code.push(await codeMigration(folder, `${version}/${file}`, version, version.replace(/^\d+_?/, ''), cwd));
    }
  }
  return code;
}

/** flyway: Java-based migrations anywhere below the folder. */
async function flywayCode(folder: string, cwd: string | undefined): Promise<CodeMigration[]> {
  return (await filesBelow(folder, cwd)).flatMap((path) => {
    const match = FLYWAY_CODE.exec(basename(path));
    return match ? [{ version: (match[1] ?? '').replaceAll('_', '.'), name: match[2] ?? '', path }] : [];
  });
}

/** Where each format may hold code migrations; the others hold SQL only. */
const CODE_READERS: Partial<
  Record<MigrationFormat, (folder: string, cwd: string | undefined) => Promise<CodeMigration[]>>
> = {
  plain: plainCode,
  prisma: prismaCode,
  flyway: flywayCode,
  sequelize: sequelizeCode,
  liquibase: liquibaseCode,
};

/** Whether any script of the folder is a sequelize migration (`up(queryInterface, Sequelize)`). */
async function hasSequelizeScript(folder: string, files: readonly string[], cwd: string | undefined): Promise<boolean> {
  for (const file of files.filter((f) => SCRIPT.test(f))) {
    if (SEQUELIZE_MIGRATION.test(await readText(folder, file, cwd))) return true;
  }
  return false;
}

/** Whether any `<digits>….sql` file of the folder has a dbmate `-- migrate:up` line. */
async function hasDbmateFile(folder: string, numbered: readonly string[], cwd: string | undefined): Promise<boolean> {
  for (const file of numbered) {
    if (DBMATE_UP.test(await readText(folder, file, cwd))) return true;
  }
  return false;
}

/**
 * Which tool's layout a folder uses; throws a SchemaguardError naming the folder when it cannot tell (or it does not exist / is empty).
 * A relative `folder` is found from `cwd`, and messages name paths relative to it.
 */
export async function detectFormat(folder: string, cwd?: string): Promise<MigrationFormat> {
  const path = await existingFolder(folder, cwd);
  if ((await entries(path, cwd)).length === 0) {
    throw new SchemaguardError(`The migrations folder ${folder} is empty: add a migration or give the right folder.`);
  }
  if (await isFile(join(path, 'meta', '_journal.json'))) return 'drizzle';
  if (await hasPrismaMigrations(await prismaRoot(path, cwd), cwd)) return 'prisma';
  if (await hasDieselMigrations(path, cwd)) return 'diesel';
  if (await isLiquibaseFolder(path, cwd)) return 'liquibase';
  if ((await filesBelow(path, cwd)).some((p) => FLYWAY_VERSIONED.test(basename(p)))) return 'flyway';
  const files = await fileNames(path, cwd);
  if (files.some((f) => GOLANG_MIGRATE.test(f))) return 'golang-migrate';
  const numbered = files.filter((f) => NUMBERED_SQL.test(f));
  if (await hasDbmateFile(path, numbered, cwd)) return 'dbmate';
  if (numbered.length === 0 && (await hasSequelizeScript(path, files, cwd))) return 'sequelize';
  if (numbered.length > 0 || files.some((f) => SCRIPT.test(f) && NUMBERED_SCRIPT.test(f))) return 'plain';
  throw new SchemaguardError(
    `Cannot tell which migration tool the folder ${folder} belongs to: it holds no 0001_name.sql, 0001_name.up.sql, V1__name.sql, <timestamp>_name/migration.sql, <timestamp>_name/up.sql, meta/_journal.json, sequelize migration or Liquibase changelog.`,
  );
}

/**
 * `fields` with `declaredTransactional` and `transactional`: as declared, unless `lexer` finds
 * a statement of its SQL that keeps it out of a transaction. The lexer runs when
 * `transactional` is first read: a command whose replays come from the cache (keyed by the
 * declared flag and the SQL) never lexes them.
 */
export function withTransactional<T extends { readonly sql: string }>(
  fields: T,
  declared: boolean,
  lexer: SqlLexer,
): T & { readonly transactional: boolean; readonly declaredTransactional: boolean } {
  let known: boolean | undefined;
  return Object.defineProperties(
    { ...fields, declaredTransactional: declared },
    {
      transactional: {
        enumerable: true,
        get: () => (known ??= declared && lexer.nonTransactionalStatement(fields.sql) === undefined),
      },
    },
  ) as T & { readonly transactional: boolean; readonly declaredTransactional: boolean };
}

/**
 * Reads a migration folder (format detected unless given). Throws SchemaguardError for: a
 * folder that does not exist; an unknown layout; two migrations with the same version
 * (naming both files); a drizzle journal that disagrees with the folder; a dbmate file
 * without `-- migrate:up`; unreadable files. With a format given, a folder with no
 * migrations of it reads as an empty list. Code migrations beside the SQL ones (numbered
 * scripts, prisma subfolders' scripts, flyway Java migrations) are listed in `code`. A
 * relative `folder` is found from `cwd`, and messages name paths relative to it. Its SQL is
 * split by `lexer`, the lexer of the engine it is read for: the config's dialect's (the
 * default engine's when not given).
 */
export async function readMigrationFolder(
  folder: string,
  format?: MigrationFormat,
  cwd?: string,
  lexer: SqlLexer = defaultDialect().lexer,
): Promise<MigrationFolder> {
  const given = await existingFolder(folder, cwd);
  const detected = format ?? (await detectFormat(given, cwd));
  const path = detected === 'prisma' ? await prismaRoot(given, cwd) : given;
  const found = await READERS[detected](path, cwd, lexer);
  return {
    format: detected,
    path,
    migrations: found.map((m) =>
      withTransactional(
        {
          version: m.version,
          name: m.name,
          path: m.path,
          sql: m.sql,
          checksum: sha256(m.sql),
          ...(m.createdAt === undefined ? {} : { createdAt: m.createdAt }),
        },
        m.transactional,
        lexer,
      ),
    ),
    code: (await CODE_READERS[detected]?.(path, cwd)) ?? [],
    lexer,
  };
}

/**
 * The index of a version in the folder: spelled exactly, or the same number (`0003` for
 * golang-migrate's `3`, `1.0` for flyway's `1`, `0003` for drizzle's `0003_tag` or a prisma
 * timestamp without its name) when exactly one migration has it.
 */
function versionIndex(folder: MigrationFolder, version: string): number {
  const exact = folder.migrations.findIndex((m) => m.version === version);
  if (exact >= 0) return exact;
  if (!(folder.format === 'flyway' ? FLYWAY_VERSION : /^\d+$/).test(version)) return -1;
  const wanted = canonicalVersion(folder.format === 'flyway' ? 'flyway' : 'plain', version);
  const same = folder.migrations.flatMap((m, i) => (versionNumber(folder.format, m.version) === wanted ? [i] : []));
  return same.length === 1 ? (same[0] ?? -1) : -1;
}

/** The number a version starts with, canonically: flyway's dotted version, otherwise its leading digits. */
function versionNumber(format: MigrationFormat, version: string): string | undefined {
  if (format === 'flyway') return canonicalVersion(format, version);
  const digits = /^\d+/.exec(version)?.[0];
  return digits === undefined ? undefined : canonicalVersion('plain', digits);
}

/** Up to two versions on each side of where a missing version would be. */
function nearbyVersions(folder: MigrationFolder, version: string): string[] {
  const after = folder.migrations.findIndex((m) => compareVersions(folder.format, m.version, version) > 0);
  const at = after < 0 ? folder.migrations.length : after;
  return folder.migrations.slice(Math.max(0, at - 2), at + 2).map((m) => m.version);
}

/**
 * Migrations up to and including a version (for `migrations:PATH@VERSION`); throws SchemaguardError listing nearby
 * versions when the version is not in the folder (named relative to `cwd`).
 */
export function migrationsUpTo(folder: MigrationFolder, version: string, cwd?: string): MigrationFile[] {
  const index = versionIndex(folder, version);
  if (index >= 0) return folder.migrations.slice(0, index + 1);
  const nearby = nearbyVersions(folder, version);
  throw new SchemaguardError(
    nearby.length === 0
      ? `The migrations folder ${shown(folder.path, cwd)} has no migrations, so none has the version ${version}.`
      : `The migrations folder ${shown(folder.path, cwd)} has no migration with the version ${version}: nearby versions are ${nearby.join(', ')}.`,
  );
}
