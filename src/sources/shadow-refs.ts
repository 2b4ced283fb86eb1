import { existsSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { migrationsUpTo, readMigrationFolder } from '../migrations/formats.js';
import type { ShadowStep } from '../shadow/shadow.js';
import { drizzleModelDdl } from './models/drizzle.js';

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
        return { label: relative(process.cwd(), file) || file, sql: await readFile(file, 'utf8'), transactional: true };
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
  const folder = await readMigrationFolder(dir, path ? undefined : config.migrations?.format);
  const migrations = version ? migrationsUpTo(folder, version) : folder.migrations;
  return migrations.map((m) => ({
    label: relative(process.cwd(), join(folder.path, m.path)) || m.path,
    sql: m.sql,
    transactional: m.transactional,
  }));
}

/** The steps of a models ref: the DDL the ORM writes for them, as one step. */
export async function modelSteps(path: string): Promise<ShadowStep[]> {
  const statements = await drizzleModelDdl(path);
  const sql = statements.map((s) => (s.trim().endsWith(';') ? s.trim() : `${s.trim()};`)).join('\n');
  return [{ label: `the drizzle models of ${relative(process.cwd(), path) || path}`, sql, transactional: true }];
}
