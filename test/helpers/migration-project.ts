import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../src/dialects/dialect.js';
import type { SchemaguardConfig } from '../../src/config/schema.js';
import { runCli, runCliProcess } from './cli.js';
import { type TestDatabase, createServerDatabase, openTestServer, postgres } from './databases.js';
import { SHARED_CACHE_DIR, emptyEmbeddedFolder } from '../setup/shared-image.js';

/**
 * A project whose `production` environment is the given database, with a plain
 * migration folder `migrations/` holding the given files; `config` adds to (or
 * replaces parts of) the config file.
 */
export function migrationProject(
  url: string,
  migrations: Record<string, string>,
  config: SchemaguardConfig = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-apply-'));
  mkdirSync(join(dir, 'migrations'));
  for (const [name, sql] of Object.entries(migrations)) writeFileSync(join(dir, 'migrations', name), sql);
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    JSON.stringify({ environments: { production: { url } }, migrations: { dir: 'migrations' }, ...config }),
  );
  return dir;
}

/**
 * A new cache folder (`cacheDir`) holding the suite's initdb image: a CLI process started on
 * it starts its shadow databases from the image, as the test process does, not with an initdb
 * of 5–10 s. Shadow results are not copied: the cache is cold.
 */
export function shadowCacheFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const file of readdirSync(SHARED_CACHE_DIR).filter((f) => /-(?:initdb|lean)\.tar\.gz$/.test(f))) {
    copyFileSync(join(SHARED_CACHE_DIR, file), join(dir, file));
  }
  return dir;
}

/** `schemaguard migrate apply --env production …` in a project. */
export const applyIn = (dir: string, ...flags: string[]) =>
  runCli(['migrate', 'apply', '--env', 'production', ...flags], { cwd: dir });

/** {@link applyIn} in a process of its own: for several applies at once, each with its own locks. */
export const applyInProcess = (dir: string, ...flags: string[]) =>
  runCliProcess(['migrate', 'apply', '--env', 'production', ...flags], { cwd: dir });

/** The backup files of the production environment, sorted. */
export function backupFiles(dir: string): string[] {
  const folder = join(dir, 'database_schema', 'backups', 'production');
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

/** The columns of a table in `public`, in order. */
export async function tableColumns(db: Connection, table: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** A database the CLI can be pointed at, on PGlite or the server, that tests can also query between runs. */
export interface TargetDatabase {
  readonly url: string;
  /** Opens it, runs `use`, closes it (an embedded database is opened by one process at a time). */
  use<T>(use: (db: Connection) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

/** An embedded database in a fresh folder, created empty. */
export async function embeddedTarget(): Promise<TargetDatabase> {
  const url = `pglite:${emptyEmbeddedFolder(join(mkdtempSync(join(tmpdir(), 'sg-pglite-')), 'db'))}`;
  return {
    url,
    async use(use) {
      const db = await postgres.connect(url);
      try {
        return await use(db);
      } finally {
        await db.close();
      }
    },
    async drop() {},
  };
}

/** A fresh database on the test server. */
export async function serverTarget(prefix: string): Promise<TargetDatabase> {
  const database: TestDatabase = await createServerDatabase(prefix);
  return {
    url: database.url,
    async use(use) {
      const db = await openTestServer(database.url);
      try {
        return await use(db);
      } finally {
        await db.close();
      }
    },
    drop: () => database.drop(),
  };
}
