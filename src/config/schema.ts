import * as z from 'zod';
import { assertionProblem } from '../checks/assertion-spec.js';
import type { SystemCheck } from '../checks/run.js';
import { dialectNames } from '../dialects/index.js';

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
  format: z
    .enum(['plain', 'dbmate', 'golang-migrate', 'flyway', 'prisma', 'diesel', 'drizzle', 'sequelize', 'liquibase'])
    .optional(),
  /** The history table of the tool that applies them (default: whichever is found). */
  table: z.string().min(1).optional(),
  /**
   * The team's own migration command (e.g. `npx prisma migrate deploy`), run by `migrate apply`
   * in place of schemaguard's runner, inside the same safety protocol.
   */
  command: z.string().min(1).optional(),
  /** Seconds a migration statement may wait for a lock before it fails (`lock_timeout`; default 5; 0: none). */
  lockTimeout: z.number().nonnegative().optional(),
  /** Seconds a migration statement may run before it fails (`statement_timeout`; default 1800; 0: none). */
  statementTimeout: z.number().nonnegative().optional(),
  /** How many times a migration that hit `lock_timeout` is rolled back and tried again (default 3). */
  lockRetries: z.number().int().nonnegative().optional(),
  /**
   * SQL the team's tool runs on its connection before the migrations (vaultwarden's MySQL
   * migrations run after `SET FOREIGN_KEY_CHECKS = 0`): run before every replay and by
   * schemaguard's runner before it applies them.
   */
  sessionSql: z.string().min(1).optional(),
});

const backup = z.strictObject({
  /** The folder backups go to, a folder per environment in it (default `<snapshotDir>/backups`). */
  dir: z.string().min(1).optional(),
  /** Also back up the data with `pg_dump` before `migrate apply` and `rollback` (when `pg_dump` is installed). */
  data: z.boolean().optional(),
});

const django = z.strictObject({
  /** The project's `manage.py`, relative to the config file (default `manage.py`). */
  manage: z.string().min(1).optional(),
  /** The settings module, `DJANGO_SETTINGS_MODULE` (default: the one `manage.py` sets). */
  settings: z.string().min(1).optional(),
  /**
   * The Python interpreter that runs the project (default: `$VIRTUAL_ENV/bin/python` when a
   * virtualenv is active, else `python3`); a path with a slash is relative to the config file.
   */
  python: z.string().min(1).optional(),
});

/** A schema assertion; one object with optional keys, so a mistake is named rather than "Invalid input". */
const assertion = z
  .strictObject({
    name: z.string().min(1).optional(),
    /** `table` or `schema.table`; alone, the table must exist. */
    table: z.string().min(1).optional(),
    /** With `table`: this column must exist. */
    column: z.string().min(1).optional(),
    /** With `table`: this column must not exist. */
    absentColumn: z.string().min(1).optional(),
    /** With `table`: an index on exactly these columns, in this order. */
    index: z.array(z.string().min(1)).min(1).optional(),
    /** `asset.resource_id -> resource.id`, or `a.(x, y) -> b.(x, y)`. */
    foreignKey: z.string().min(1).optional(),
  })
  .superRefine((value, ctx) => {
    const problem = assertionProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [...problem.path] });
  });

/** A check: `sql` that must return a row, or a shell `command` that must exit with 0. */
const check = z
  .strictObject({
    name: z.string({ error: (issue) => (issue.input === undefined ? 'every check needs a "name"' : undefined) }).min(1),
    sql: z.string().min(1).optional(),
    command: z.string().min(1).optional(),
    /** Seconds it may run (default 60). */
    timeout: z.number().positive().optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.sql === undefined) === (value.command === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message:
          value.sql === undefined
            ? 'give "sql" (a query that must return a row) or "command" (a shell command that must exit with 0)'
            : 'give "sql" or "command", not both',
      });
    }
  })
  .transform(({ name, sql, command, timeout }): SystemCheck =>
    command !== undefined
      ? { name, command, ...(timeout !== undefined ? { timeout } : {}) }
      : { name, sql: sql as string, ...(timeout !== undefined ? { timeout } : {}) },
  );

/** One target of a fleet written out: a ref (a URL or `env:NAME`), or a named URL, URL variable or schema. */
const fleetTarget = z.union([
  z.string().min(1),
  z
    .strictObject({
      /** The target's name in reports (default: from its URL). */
      name: z.string().min(1),
      url: z.string().min(1).optional(),
      /** The environment variable holding its URL. */
      urlEnv: z.string().min(1).optional(),
      /** A schema of that database holding the tenant's objects (schema-per-tenant). */
      schema: z.string().min(1).optional(),
    })
    .refine((t) => (t.url === undefined) !== (t.urlEnv === undefined), { message: 'give "url" or "urlEnv"' }),
]);

/** A fleet: the databases (or schemas of one database) the `fleet` commands run a command on. */
const fleet = z.strictObject({
  /** Targets written out. */
  targets: z.array(fleetTarget).optional(),
  /** Every environment variable whose name matches this glob (`TENANT_DB_*`) holds a target's URL; the variable names it. */
  urlEnv: z.string().min(1).optional(),
  /** A query against a control database returning a row per target: a `url` or a `schema` column, and an optional `name`. */
  query: z.strictObject({ database: z.string().min(1), sql: z.string().min(1) }).optional(),
  /** The schemas of one database whose names match a glob (`tenant_*`): one target each. */
  schemas: z.strictObject({ database: z.string().min(1), pattern: z.string().min(1) }).optional(),
  /** The schema a tenant schema is compared as: the one the baseline and the migrations use (default `public`). */
  as: z.string().min(1).optional(),
  /** Targets run at once (default: from the engine and the number of cores). */
  concurrency: z.number().int().positive().optional(),
  /** Seconds one target may take (default: no limit). */
  timeout: z.number().positive().optional(),
});

/** Validator of `schemaguard.config.*`; unknown keys are errors, so a typo is named. */
export const configValidator = z.strictObject({
  /** The database engine, by its dialect's name (default: the first the registry lists). */
  dialect: z.enum(dialectNames()).optional(),
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
  /**
   * Compare the models on everything: what their ORM cannot express (functions, triggers, …) and
   * the order of enum values are then differences too (default false; `--strict` does it for one run).
   */
  strictModels: z.boolean().optional(),
  /** The migration folder, its format and history table. */
  migrations: migrations.optional(),
  /** The Django project: its `manage.py`, settings module and Python interpreter. */
  django: django.optional(),
  /** A PostgreSQL server URL for shadow databases (default: embedded PGlite, nothing to run). */
  shadow: z.string().min(1).optional(),
  /** What `migrate apply` and `rollback` back up before changing a database. */
  backup: backup.optional(),
  /** Where cached shadow results are kept (default `.schemaguard/cache`; keep it out of git). */
  cacheDir: z.string().min(1).optional(),
  /** Schema assertions ("critical relationships") that `check` and `migrate apply` verify. */
  assertions: z.array(assertion).optional(),
  /** The team's own checks, run by `check` and after `migrate apply`. */
  checks: z.array(check).optional(),
  /** Fleets of databases or tenant schemas, by name, for the `fleet` commands. */
  fleets: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a fleet name is letters, digits, _, . and -'), fleet)
    .optional(),
});

/** A fleet as the config file writes it. */
export type FleetConfig = z.output<typeof fleet>;

/** What a `schemaguard.config.*` file may contain. */
export type SchemaguardConfig = z.input<typeof configValidator>;

/** One environment of the config. */
export type EnvironmentConfig = z.input<typeof environment>;
