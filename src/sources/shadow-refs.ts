import { existsSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { dialectByName } from '../dialects/index.js';
import type { SqlLexer } from '../dialects/dialect.js';
import {
  type MigrationFile,
  type MigrationFolder,
  migrationsUpTo,
  readMigrationFolder,
  withTransactional,
} from '../migrations/formats.js';
import { TOOL_OF_FORMAT, historyTableName } from '../migrations/tool-tables.js';
import type { ShadowStep } from '../shadow/shadow.js';
import { folderAtRevision } from '../git/folder-at-revision.js';
import { drizzleModelBuild } from './models/drizzle.js';
import { type PrismaBuildOptions, prismaModelBuild } from './models/prisma.js';
import { locateGeneratedStatement } from './models/locate.js';

/**
 * The steps of a `sql:` ref: one file, or every `.sql` file of a folder in name order;
 * labelled relative to `cwd`; whether each runs in a transaction as `lexer` (the
 * engine's it is replayed on) reads it.
 */
export async function sqlSteps(path: string, cwd: string, lexer: SqlLexer): Promise<ShadowStep[]> {
  if (!existsSync(path)) throw new SchemaguardError(`The SQL file or folder ${path} does not exist.`);
  const files = statSync(path).isDirectory()
    ? (await readdir(path))
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (files.length === 0) throw new SchemaguardError(`The folder ${path} holds no .sql files.`);
  return Promise.all(
    files.map(async (file) => {
      try {
        const sql = await readFile(file, 'utf8');
        return withTransactional({ label: relative(cwd, file) || file, sql }, true, lexer);
      } catch (error) {
        throw new SchemaguardError(`Cannot read ${file}: ${errorMessage(error)}.`, { cause: error });
      }
    }),
  );
}

/**
 * The steps of a `migrations:` ref: each migration of the folder (up to a version), in
 * order; with a revision, of the folder as it is at that git revision.
 */
export async function migrationSteps(
  path: string | undefined,
  version: string | undefined,
  config: ResolvedConfig,
  revision?: string,
): Promise<ShadowStep[]> {
  const dir = path ?? config.migrations?.dir;
  if (!dir) {
    throw new SchemaguardError(
      'The ref "migrations:" names no folder and the config has no "migrations": write migrations:PATH.',
    );
  }
  const { lexer } = dialectByName(config.dialect);
  const configured =
    config.migrations && resolve(config.migrations.dir) === resolve(config.cwd, dir)
      ? config.migrations.format
      : undefined;
  if (revision === undefined)
    return folderSteps(await readMigrationFolder(dir, configured, config.cwd, lexer), version, config);
  const copy = await folderAtRevision(revision, dir, config.cwd);
  try {
    const folder = await readMigrationFolder(copy.path, configured, config.cwd, lexer);
    // prisma's folder may be a level down (`prisma/migrations` when given `prisma`).
    const shownAs = join(`git:${revision}:${relative(config.cwd, dir) || '.'}`, relative(copy.path, folder.path));
    return folderSteps(folder, version, config, shownAs);
  } finally {
    await copy.dispose();
  }
}

/** The steps of a folder read, up to a version; `shownAs` names the folder in labels and notes. */
function folderSteps(
  folder: MigrationFolder,
  version: string | undefined,
  config: ResolvedConfig,
  shownAs?: string,
): ShadowStep[] {
  noteCodeMigrations(folder, config.cwd, shownAs);
  const migrations = version ? migrationsUpTo(folder, version, config.cwd) : folder.migrations;
  return replaySteps(folder, migrations, config, shownAs);
}

/** Folders whose code migrations were already named in this process. */
const noted = new Set<string>();

/** Says once per folder, on stderr, which of its migrations are code and not replayed. */
function noteCodeMigrations(folder: MigrationFolder, cwd: string, shownAs?: string): void {
  const where = shownAs ?? (relative(cwd, folder.path) || '.');
  if (folder.code.length === 0 || noted.has(where)) return;
  noted.add(where);
  // A note of the replay, on the process's stderr: loading a schema has no reporter to say it through yet.
  // eslint-disable-next-line no-restricted-properties
  process.stderr.write(
    `note: not replayed (code): ${folder.code.map((c) => c.path).join(', ')} in ${where}; the SQL migrations are.\n`,
  );
}

/**
 * The shadow steps that replay migrations of a folder as their tool runs them: first the
 * tool's history table as the tool creates it (the config's `migrations.table` when it
 * names one; knex's tables too when code migrations are knex ones), so that a migration
 * may use or alter it, then each migration, in the order given. `shownAs` names the
 * folder in the steps' labels (e.g. `git:main:migrations` for a copy of it).
 */
export function replaySteps(
  folder: MigrationFolder,
  migrations: readonly MigrationFile[],
  config: Pick<ResolvedConfig, 'migrations' | 'cwd' | 'dialect'>,
  shownAs?: string,
): ShadowStep[] {
  const { toolTableSql } = dialectByName(config.dialect).history;
  const tool = TOOL_OF_FORMAT[folder.format];
  const table = config.migrations?.table;
  const tables = [toolTableSql(tool, table === undefined ? undefined : historyTableName(table))];
  if (folder.code.some((c) => c.tool === 'knex')) tables.push(toolTableSql('knex'));
  const history: ShadowStep = { label: `the ${tool} history table`, sql: tables.join(''), transactional: true };
  const sessionSql = config.migrations?.sessionSql;
  return [
    // The session as the team's tool sets it up, for every step after it (they share the session).
    ...(sessionSql
      ? [{ label: 'the migrations.sessionSql of the config', sql: sessionSql, transactional: false }]
      : []),
    history,
    ...migrations.map((m) =>
      withTransactional(
        {
          label: shownAs ? `${shownAs}/${m.path}` : relative(config.cwd, join(folder.path, m.path)) || m.path,
          sql: m.sql,
        },
        m.declaredTransactional ?? m.transactional,
        folder.lexer,
      ),
    ),
  ];
}

/** The steps that build models, and the engine their DDL is written for (a dialect's name). */
export interface ModelSteps {
  readonly dialect: string;
  readonly steps: ShadowStep[];
}

/**
 * The steps of a models ref: the DDL the ORM writes for them, as one step, and the engine it
 * is for (drizzle's `mysql-core` models are MySQL's, its `sqlite-core` ones SQLite's, its `pg-core`
 * ones PostgreSQL's; a Prisma schema's is its datasource's provider, `postgresql` or `sqlite`). Prisma's is cached (see {@link PrismaBuildOptions}); drizzle's is not, as its
 * modules import other files. Files are named relative to `options.cwd`.
 */
export async function modelSteps(
  orm: 'drizzle' | 'prisma',
  path: string,
  options: PrismaBuildOptions & { readonly cwd: string },
): Promise<ModelSteps> {
  const { dialect, statements } =
    orm === 'drizzle' ? await drizzleModelBuild(path) : await prismaModelBuild(path, options);
  const sql = statements.map((s) => (s.trim().endsWith(';') ? s.trim() : `${s.trim()};`)).join('\n');
  return {
    dialect,
    steps: [
      {
        label: `the ${orm} models of ${relative(options.cwd, path) || path}`,
        sql,
        transactional: true,
        locate: (statement) => locateGeneratedStatement(statement, path, options.cwd),
      },
    ],
  };
}
