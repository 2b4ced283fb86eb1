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
});

/** What a `schemaguard.config.*` file may contain. */
export type SchemaguardConfig = z.input<typeof configValidator>;

/** One environment of the config. */
export type EnvironmentConfig = z.input<typeof environment>;
