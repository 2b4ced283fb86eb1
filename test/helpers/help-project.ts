/**
 * The project the examples of every command's `--help` run in (test/cli/help-examples.test.ts):
 * a small learning platform set up with schemaguard as `init` would have left it, with a
 * history. drizzle models in src/db/schema.ts, a plain migrations/ folder, a committed
 * baseline and environment snapshots, development, staging and production databases (on
 * the PostgreSQL server when there is one, else embedded), an embedded prototype database
 * in ./dev-db, and a second schemaguard project in packages/db.
 *
 * Git history of `main`: commit 1 (tagged v1.4.0) creates the schema; commit 2 soft-deletes
 * assets (asset.deleted_at and an index on asset.title). Production has only migration 1
 * applied; staging and development have both.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SchemaguardConfig } from '../../src/config/schema.js';
import { type CliResult, runCli } from './cli.js';
import { hasServer, openEmbeddedFolder } from './databases.js';
import { type TargetDatabase, embeddedTarget, serverTarget } from './migration-project.js';

const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli', 'main.js');

/** What the models describe, step by step in the project's life. */
export interface ModelFeatures {
  /** Commit 2: asset.deleted_at and an index on asset.title. */
  readonly softDelete?: boolean;
  /** A working-tree edit: course.level and an index on it. */
  readonly courseLevel?: boolean;
  /** A working-tree edit: asset.resource_id, a foreign key to resource. */
  readonly assetResource?: boolean;
}

/** src/db/schema.ts: the drizzle-orm models with the given features. */
export function modelsSource(features: ModelFeatures): string {
  const assetColumns = [
    "  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),",
    "  publishingOrganizationId: integer('publishing_organization_id')",
    '    .notNull()',
    '    .references(() => resource.id),',
    "  typeId: integer('type_id')",
    '    .notNull()',
    '    .references(() => assetType.id),',
    "  title: varchar('title', { length: 200 }).notNull(),",
    ...(features.softDelete ? ["  deletedAt: timestamp('deleted_at', { withTimezone: true }),"] : []),
    ...(features.assetResource ? ["  resourceId: integer('resource_id').references(() => resource.id),"] : []),
  ];
  const courseColumns = [
    "  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),",
    "  title: varchar('title', { length: 200 }).notNull(),",
    "  publishedAt: timestamp('published_at', { withTimezone: true }),",
    ...(features.courseLevel ? ["  level: integer('level'),"] : []),
  ];
  const table = (name: string, variable: string, columns: string[], indexes?: string) =>
    indexes
      ? `export const ${variable} = pgTable(\n  '${name}',\n  {\n${columns.map((c) => `  ${c}`).join('\n')}\n  },\n  (table) => [${indexes}],\n);`
      : `export const ${variable} = pgTable('${name}', {\n${columns.join('\n')}\n});`;
  return `// The learning platform's tables, as drizzle-orm models: what the database should look like.
import { index, integer, pgSchema, pgTable, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';

/** Reference data that the content team maintains. */
export const content = pgSchema('content');

export const assetType = content.table('asset_type', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
});

export const lessonType = content.table('lesson_type', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().unique(),
});

export const resource = pgTable('resource', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
});

${table('asset', 'asset', assetColumns, features.softDelete ? "index('asset_title_idx').on(table.title)" : undefined)}

${table('course', 'course', courseColumns, features.courseLevel ? "index('course_level_idx').on(table.level)" : undefined)}

export const lesson = pgTable(
  'lesson',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    courseId: integer('course_id')
      .notNull()
      .references(() => course.id, { onDelete: 'cascade' }),
    typeId: integer('type_id')
      .notNull()
      .references(() => lessonType.id),
    position: integer('position').notNull(),
    title: varchar('title', { length: 200 }).notNull(),
  },
  (table) => [unique('lesson_course_id_position_key').on(table.courseId, table.position)],
);
`;
}

const INIT_MIGRATION = `-- The learning platform: reference data in the content schema, the rest in public.
CREATE SCHEMA content;

CREATE TABLE content.asset_type (
  id integer PRIMARY KEY,
  name text NOT NULL CONSTRAINT asset_type_name_unique UNIQUE
);

CREATE TABLE content.lesson_type (
  id integer PRIMARY KEY,
  name text NOT NULL CONSTRAINT lesson_type_name_unique UNIQUE
);

CREATE TABLE resource (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE asset (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  publishing_organization_id integer NOT NULL
    CONSTRAINT asset_publishing_organization_id_resource_id_fk REFERENCES resource (id),
  type_id integer NOT NULL CONSTRAINT asset_type_id_asset_type_id_fk REFERENCES content.asset_type (id),
  title varchar(200) NOT NULL
);

CREATE TABLE course (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  title varchar(200) NOT NULL,
  published_at timestamptz
);

CREATE TABLE lesson (
  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  course_id integer NOT NULL CONSTRAINT lesson_course_id_course_id_fk REFERENCES course (id) ON DELETE CASCADE,
  type_id integer NOT NULL CONSTRAINT lesson_type_id_lesson_type_id_fk REFERENCES content.lesson_type (id),
  position integer NOT NULL,
  title varchar(200) NOT NULL,
  CONSTRAINT lesson_course_id_position_key UNIQUE (course_id, position)
);

INSERT INTO content.asset_type (id, name) VALUES (1, 'document'), (2, 'video'), (3, 'image');
INSERT INTO content.lesson_type (id, name) VALUES (1, 'reading'), (2, 'exercise'), (3, 'quiz');
`;

const SOFT_DELETE_MIGRATION = `-- Assets are soft-deleted; the catalogue searches them by title.
ALTER TABLE asset ADD COLUMN deleted_at timestamptz;
CREATE INDEX asset_title_idx ON asset (title);
`;

/** The config, as a team would write it after `schemaguard init`. */
const CONFIG: SchemaguardConfig = {
  dialect: 'postgres',
  snapshotDir: 'database_schema',
  baseline: 'database_schema/baseline_schema.json',
  environments: {
    development: { urlEnv: 'DATABASE_URL' },
    staging: { urlEnv: 'STAGING_DATABASE_URL', snapshot: 'database_schema/staging_schema.json' },
    production: {
      urlEnv: 'PRODUCTION_DATABASE_URL',
      branch: 'main',
      snapshot: 'database_schema/production_schema.json',
      confirm: 'type-name',
    },
  },
  models: 'drizzle:./src/db/schema.ts',
  migrations: { dir: 'migrations' },
  cacheDir: '.schemaguard/cache',
  assertions: [
    { name: 'lessons belong to courses', foreignKey: 'lesson.course_id -> course.id' },
    { name: 'assets have a type', foreignKey: 'asset.type_id -> content.asset_type.id' },
    { table: 'content.lesson_type' },
  ],
  checks: [{ name: 'asset types are loaded', sql: 'SELECT 1 FROM content.asset_type LIMIT 1' }],
  fleets: { regions: { targets: ['env:staging', 'env:production'] } },
};

/** .gitignore: the project's own lines, then those `schemaguard init` writes. */
const GITIGNORE = `node_modules/
# The embedded database used for prototyping
dev-db/

# >>> schemaguard >>>
# Temporary schema dumps and comparison files (the baseline and environment snapshots are committed)
database_schema/schema_*.json
database_schema/temp_*.json
# Backups taken by migrate apply and rollback
database_schema/backups/
# The cache of shadow-database results
.schemaguard/
# <<< schemaguard <<<
`;

/** packages/db: a second database in the repository, the analytics events, with its own config. */
const ANALYTICS = {
  'packages/db/package.json': `${JSON.stringify({ name: '@learning/analytics-db', private: true }, null, 2)}\n`,
  'packages/db/schemaguard.config.json': `${JSON.stringify(
    {
      models: 'sql:./schema.sql',
      migrations: { dir: 'migrations' },
      cacheDir: '../../.schemaguard/cache',
    } satisfies SchemaguardConfig,
    null,
    2,
  )}\n`,
  'packages/db/schema.sql':
    'CREATE TABLE public.event (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  at timestamptz NOT NULL DEFAULT now()\n);\n',
  'packages/db/migrations/0001_event.sql':
    'CREATE TABLE event (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  at timestamptz NOT NULL DEFAULT now()\n);\n',
};

/** A database that is in no config: what `snapshot --db … --name legacy` keeps an eye on. */
const LEGACY_SCHEMA = `CREATE TABLE customer (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE invoice (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer (id), total numeric(10, 2) NOT NULL);
`;

/** The fixture project, ready for the examples. */
export interface HelpProject {
  /** The project folder: the top level of its git repository. */
  readonly dir: string;
  /** The environment the examples run in: the database URLs, a GitHub step summary file, the git identity. */
  readonly env: NodeJS.ProcessEnv;
  /** The file `$GITHUB_STEP_SUMMARY` names, outside the repository. */
  readonly summaryFile: string;
  /** Writes a file of the project (folders created), as a developer's edit. */
  write(path: string, text: string): void;
  read(path: string): string;
  remove(path: string): void;
  /** What the examples appended to `$GITHUB_STEP_SUMMARY`. */
  readSummary(): string;
  /** Runs git in the project; throws when it fails. */
  git(...args: string[]): string;
  /** Runs schemaguard in the project (for the set-up, not an example); throws when it does not exit with 0. */
  schemaguard(...args: string[]): Promise<CliResult>;
  /** Drops the server databases. */
  drop(): Promise<void>;
}

/** Builds the project: files, history, databases. Takes a few seconds (the shadow cache starts empty). */
export async function createHelpProject(): Promise<HelpProject> {
  const root = mkdtempSync(join(tmpdir(), 'sg-help-'));
  const dir = join(root, 'learning-platform');
  mkdirSync(dir);
  const summaryFile = join(root, 'github-step-summary.md');
  writeFileSync(summaryFile, '');
  const gitConfig = join(root, 'gitconfig');
  writeFileSync(
    gitConfig,
    '[user]\n\tname = Dana Developer\n\temail = dana@example.com\n[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n',
  );

  const make = hasServer() ? () => serverTarget('sghelp') : embeddedTarget;
  const databases: TargetDatabase[] = [];
  for (let i = 0; i < 4; i++) databases.push(await make());
  const [development, staging, production, legacy] = databases as [
    TargetDatabase,
    TargetDatabase,
    TargetDatabase,
    TargetDatabase,
  ];
  try {
    await legacy.use((db) => db.exec(LEGACY_SCHEMA));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NO_COLOR: '1',
      PATH: `${join(dir, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
      DATABASE_URL: development.url,
      STAGING_DATABASE_URL: staging.url,
      PRODUCTION_DATABASE_URL: production.url,
      LEGACY_DATABASE_URL: legacy.url,
      GITHUB_STEP_SUMMARY: summaryFile,
      GIT_CONFIG_GLOBAL: gitConfig,
      GIT_CONFIG_NOSYSTEM: '1',
    };
    delete env.SCHEMAGUARD_SKIP_VERIFICATION; // the examples run as written, without the override

    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    const git = (...args: string[]) => {
      const result = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
      return result.stdout;
    };
    const schemaguard = async (...args: string[]) => {
      const result = await runCli(args, { cwd: dir, env });
      if (result.code !== 0) {
        throw new Error(`set-up: schemaguard ${args.join(' ')} exited with ${result.code}:\n${result.stderr}`);
      }
      return result;
    };

    // The prototype database, built while the rest is set up: the schema of v1.4.0 and the
    // soft delete, where asset.publishing_organization_id was then renamed to resource_id.
    const prototype = (async () => {
      const db = await openEmbeddedFolder(join(dir, 'dev-db'));
      try {
        await db.exec(INIT_MIGRATION);
        await db.exec(SOFT_DELETE_MIGRATION);
        await db.exec('ALTER TABLE asset RENAME COLUMN publishing_organization_id TO resource_id;');
      } finally {
        await db.close();
      }
    })();
    prototype.catch(() => {}); // awaited below; a failure is reported there

    // What `npm i -D schemaguard drizzle-orm drizzle-kit` gives the project.
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    for (const name of ['drizzle-orm', 'drizzle-kit']) {
      symlinkSync(join(REPO, 'node_modules', name), join(dir, 'node_modules', name));
    }
    symlinkSync(REPO, join(dir, 'node_modules', 'schemaguard'));
    chmodSync(CLI, 0o755);
    symlinkSync(CLI, join(dir, 'node_modules', '.bin', 'schemaguard'));

    // Commit 1: the first schema, released as v1.4.0, applied everywhere.
    git('init', '-q', '-b', 'main');
    write(
      'package.json',
      `${JSON.stringify(
        {
          name: 'learning-platform',
          private: true,
          type: 'module',
          dependencies: { 'drizzle-orm': '^0.45.0' },
          devDependencies: { 'drizzle-kit': '^0.31.0', schemaguard: '^0.1.0' },
        },
        null,
        2,
      )}\n`,
    );
    write('.gitignore', GITIGNORE);
    write('schemaguard.config.json', `${JSON.stringify(CONFIG, null, 2)}\n`);
    write('src/db/schema.ts', modelsSource({}));
    write('migrations/0001_init.sql', INIT_MIGRATION);
    for (const [path, text] of Object.entries(ANALYTICS)) write(path, text);
    await schemaguard('dump', '--baseline', 'migrations:./migrations');
    for (const environment of ['production', 'staging', 'development']) {
      await schemaguard('migrate', 'apply', '--env', environment, '--yes');
    }
    git('add', '.');
    git('commit', '-q', '-m', 'Learning platform schema');
    git('tag', 'v1.4.0');

    // Commit 2: soft-deleted assets, applied to development (with the before and after
    // snapshots the team keeps) and staging; production is still on v1.4.0.
    write('src/db/schema.ts', modelsSource({ softDelete: true }));
    write('migrations/0002_asset_soft_delete.sql', SOFT_DELETE_MIGRATION);
    await schemaguard('dump', '--baseline', 'migrations:./migrations');
    await schemaguard('dump', '--env', 'development', '--output', 'database_schema/pre_migration_schema.json');
    await schemaguard('migrate', 'apply', '--env', 'development', '--yes');
    await schemaguard('dump', '--env', 'development', '--output', 'database_schema/post_migration_schema.json');
    await schemaguard('migrate', 'apply', '--env', 'staging', '--yes');
    await schemaguard('ci', 'github');
    git('add', '.');
    git('commit', '-q', '-m', 'Soft-delete assets');
    await prototype;

    return {
      dir,
      env,
      summaryFile,
      write,
      read: (path) => readFileSync(join(dir, path), 'utf8'),
      remove: (path) => rmSync(join(dir, path), { recursive: true }),
      readSummary: () => readFileSync(summaryFile, 'utf8'),
      git,
      schemaguard,
      async drop() {
        for (const database of databases) await database.drop();
      },
    };
  } catch (error) {
    for (const database of databases) await database.drop().catch(() => {});
    throw error;
  }
}
