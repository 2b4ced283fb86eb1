import { z } from 'zod';

const environment = z.strictObject({
  /** The database URL, written out (fine for local and embedded databases). */
  url: z.string().min(1).optional(),
  /** The environment variable holding the database URL (for anything with a password). */
  urlEnv: z.string().min(1).optional(),
  /** The git branch deployments to this environment come from. */
  branch: z.string().optional(),
  /** This environment's committed snapshot file. */
  snapshot: z.string().optional(),
  /** Ask before changing this database: `true`, `false`, or `'type-name'` to make the user type its name. */
  confirm: z.union([z.boolean(), z.literal('type-name')]).optional(),
});

const patterns = z.strictObject({
  schemas: z.array(z.string()).optional(),
  tables: z.array(z.string()).optional(),
});

const migrations = z.strictObject({
  /** The migration folder. */
  dir: z.string().min(1),
  /** Its layout; detected from the folder when not given. */
  format: z.enum(['plain', 'dbmate', 'golang-migrate', 'flyway', 'prisma', 'drizzle']).optional(),
  /** The history table of the tool that applies them (default: whichever is found). */
  table: z.string().min(1).optional(),
});

/** Validator of `schemaguard.config.*`; unknown keys are errors, so a typo is named. */
export const configValidator = z.strictObject({
  dialect: z.enum(['postgres']).optional(),
  /** Folder of snapshot files (default `database_schema`). */
  snapshotDir: z.string().min(1).optional(),
  /** The baseline snapshot (default `<snapshotDir>/baseline_schema.json`). */
  baseline: z.string().min(1).optional(),
  environments: z.record(z.string(), environment).optional(),
  /** The environment used when a command names none (default `development` when configured). */
  defaultEnvironment: z.string().optional(),
  include: patterns.optional(),
  exclude: patterns.optional(),
  /** Keep migration tools' bookkeeping tables in snapshots. */
  includeSystemTables: z.boolean().optional(),
  /** Seconds to wait for a database connection (default 10). */
  connectTimeout: z.number().positive().optional(),
  /** The application's models, as a ref (e.g. `drizzle:./src/db/schema.ts`). */
  models: z.string().min(1).optional(),
  /** The migration folder, its format and history table. */
  migrations: migrations.optional(),
  /** A PostgreSQL server URL for shadow databases (default: embedded PGlite, nothing to run). */
  shadow: z.string().min(1).optional(),
  /** Where cached shadow results are kept (default `.schemaguard/cache`; keep it out of git). */
  cacheDir: z.string().min(1).optional(),
});

/** What a `schemaguard.config.*` file may contain. */
export type SchemaguardConfig = z.input<typeof configValidator>;

/** One environment of the config. */
export type EnvironmentConfig = z.input<typeof environment>;
