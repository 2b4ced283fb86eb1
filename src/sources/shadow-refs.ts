import { existsSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { migrationsUpTo, nonTransactionalStatement, readMigrationFolder } from '../migrations/formats.js';
import type { ShadowStep } from '../shadow/shadow.js';
import { drizzleModelDdl } from './models/drizzle.js';
import { prismaModelDdl } from './models/prisma.js';
import { locateGeneratedStatement } from './models/locate.js';

/** The steps of a `sql:` ref: one file, or every `.sql` file of a folder in name order. */
export async function sqlSteps(path: string): Promise<ShadowStep[]> {
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
        return { label: relative(process.cwd(), file) || file, sql, transactional: !nonTransactionalStatement(sql) };
      } catch (error) {
        throw new SchemaguardError(`Cannot read ${file}: ${errorMessage(error)}.`, { cause: error });
      }
    }),
  );
}

/** The steps of a `migrations:` ref: each migration of the folder (up to a version), in order. */
export async function migrationSteps(
  path: string | undefined,
  version: string | undefined,
  config: ResolvedConfig,
): Promise<ShadowStep[]> {
  const dir = path ?? config.migrations?.dir;
  if (!dir) {
    throw new SchemaguardError(
      'The ref "migrations:" names no folder and the config has no "migrations": write migrations:PATH.',
    );
  }
  const configured =
    config.migrations && resolve(config.migrations.dir) === resolve(dir) ? config.migrations.format : undefined;
  const folder = await readMigrationFolder(dir, configured);
  const migrations = version ? migrationsUpTo(folder, version) : folder.migrations;
  return migrations.map((m) => ({
    label: relative(process.cwd(), join(folder.path, m.path)) || m.path,
    sql: m.sql,
    transactional: m.transactional,
  }));
}

/** The steps of a models ref: the DDL the ORM writes for them, as one step. */
export async function modelSteps(orm: 'drizzle' | 'prisma', path: string): Promise<ShadowStep[]> {
  const statements = orm === 'drizzle' ? await drizzleModelDdl(path) : await prismaModelDdl(path);
  const sql = statements.map((s) => (s.trim().endsWith(';') ? s.trim() : `${s.trim()};`)).join('\n');
  return [
    {
      label: `the ${orm} models of ${relative(process.cwd(), path) || path}`,
      sql,
      transactional: true,
      locate: (statement) => locateGeneratedStatement(statement, path),
    },
  ];
}
