import type { Connection, Dialect, ShadowDatabase, ShadowGuard } from '../dialects/dialect.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import type { Schema } from '../schema/model.js';

/** One piece of SQL to run on the shadow database, e.g. one migration file. */
export interface ShadowStep {
  /** Where it comes from, for errors: a file path, `drizzle model`, … */
  readonly label: string;
  readonly sql: string;
  /** Run inside one transaction (true) or statement by statement outside any (false). */
  readonly transactional: boolean;
  /**
   * Whether its source asks for a transaction, before its SQL is read: when given, the cache
   * key takes it (with the SQL) instead of `transactional`, which is then only worked out
   * when the step runs.
   */
  readonly declaredTransactional?: boolean;
  /** SQL generated from models: says where a failing statement comes from in the model files. */
  readonly locate?: (statement: string) => Promise<string>;
}

/** A step that fails on the shadow database: the migration (or models, or SQL file) itself is wrong. */
export class ShadowStepError extends SchemaguardError {}

/** Where shadow databases come from. */
export interface ShadowOptions {
  /** The engine of the shadow databases. */
  readonly dialect: Dialect;
  /** A server URL to create temporary databases on; the engine's embedded database when undefined. */
  readonly server?: string;
  /** Folder for what makes embedded start-up fast (a saved, initialised database). */
  readonly cacheDir: string;
  /** Give up connecting to a shadow server after this many milliseconds. */
  readonly connectTimeoutMs?: number;
  /** The run's environment variables, for connecting to a shadow server. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called when a shadow database is actually started (for progress, and for tests). */
  readonly onStart?: (kind: string) => void;
}

export interface ShadowResult {
  readonly schema: Schema;
  readonly serverVersion: string;
  /** What the model does not describe, counted by kind (kinds with none left out). */
  readonly notIncluded?: Readonly<Record<string, number>>;
}

let shadowGuard: ShadowGuard = () => () => {};

/**
 * Sets what holds the drops of open server shadow databases: the CLI runs them on SIGINT and
 * SIGTERM before exiting. Library callers without it drop their shadows through `dispose`.
 */
export function guardShadowDatabases(guard: ShadowGuard): void {
  shadowGuard = guard;
}

/** The 1-based line in a step where a failing statement's error points. */
function errorLine(client: Connection, statementLine: number, statementSql: string, error: unknown): number {
  const position = client.dialect.migrations.errorPosition(error);
  if (position === undefined) return statementLine;
  return statementLine + (statementSql.slice(0, position - 1).match(/\n/g)?.length ?? 0);
}

async function applyStep(connection: Connection, step: ShadowStep): Promise<void> {
  const statements = connection.dialect.lexer.split(step.sql);
  const run = async (client: Connection) => {
    for (const statement of statements) await runStatement(client, step, statement);
  };
  if (!step.transactional) return run(connection);
  // Session settings that take effect only outside a transaction (SQLite's foreign keys off for a rebuild).
  const { before, body, after } = connection.dialect.lexer.around?.(statements) ?? {
    before: [],
    body: statements,
    after: [],
  };
  for (const statement of before) await runStatement(connection, step, statement);
  try {
    await connection.transaction(async (client) => {
      for (const statement of body) await runStatement(client, step, statement);
    });
  } finally {
    for (const statement of after) await connection.exec(statement.sql).catch(() => {});
  }
}

/** Runs one statement of a step; a failure is named by the step's line or its model's place. */
async function runStatement(
  client: Connection,
  step: ShadowStep,
  statement: { readonly sql: string; readonly line: number },
): Promise<void> {
  try {
    await client.exec(statement.sql);
  } catch (error) {
    // One line: MySQL's syntax errors quote the statement "near '…'", line breaks and all.
    const reason = errorMessage(error).replace(/\s*\n\s*/g, ' ');
    if (step.locate) {
      const where = await step.locate(statement.sql);
      throw new ShadowStepError(`${step.label} fail on the shadow database: ${reason}; ${where}.`, {
        cause: error,
      });
    }
    const line = errorLine(client, statement.line, statement.sql, error);
    const hint = client.dialect.shadow.failureHint?.(error) ?? '';
    throw new ShadowStepError(`${step.label}, line ${line}, fails on the shadow database: ${reason}${hint}.`, {
      cause: error,
    });
  }
}

/**
 * Opens a fresh shadow database (a temporary one on `options.server`, else the embedded
 * engine, refused when the engine has none), lets `change` change it, reads the schema back
 * and throws the database away. `scripts` say what the embedded engine must load.
 */
async function onFreshShadow(
  options: ShadowOptions,
  scripts: readonly ShadowStep[],
  change: (shadow: ShadowDatabase) => Promise<void>,
  served = false,
): Promise<ShadowResult> {
  const { shadow: shadows, capabilities, title } = options.dialect;
  if (options.server === undefined && !capabilities.embedded) {
    throw new SchemaguardError(
      `${title} has no embedded engine to replay SQL on: set "shadow" in the config to a server URL for throwaway databases.`,
    );
  }
  const shadow = await shadows.open({
    server: options.server,
    cacheDir: options.cacheDir,
    connectTimeoutMs: options.connectTimeoutMs,
    env: options.env,
    scripts,
    onStart: options.onStart,
    guard: shadowGuard,
    served,
  });
  try {
    await change(shadow);
    const introspection = await shadow.connection.introspect();
    return {
      schema: introspection.schema,
      serverVersion: introspection.serverVersion,
      notIncluded: introspection.notIncluded,
    };
  } finally {
    await shadow.dispose();
  }
}

/**
 * Builds a schema on a fresh shadow database: applies the steps in order, reads the
 * schema back, and throws the database away. A failing step is named with its line.
 * Without a server, an engine that cannot run embedded (`capabilities.embedded`) is refused.
 */
export function buildOnShadow(steps: readonly ShadowStep[], options: ShadowOptions): Promise<ShadowResult> {
  return onFreshShadow(options, steps, async (shadow) => {
    await options.dialect.shadow.prepare(shadow.connection);
    for (const step of steps) await applyStep(shadow.connection, step);
  });
}

/**
 * Builds a schema on a fresh shadow database that another program changes by itself (a Django
 * project's `migrate`): the shadow is served (see `ShadowDatabase.serve`), `run` is given its
 * URL, and the schema is read back once `run` is done; the database is then thrown away.
 */
export function buildOnServedShadow(
  options: ShadowOptions,
  run: (url: string) => Promise<void>,
): Promise<ShadowResult> {
  return onFreshShadow(
    options,
    [],
    async (shadow) => {
      if (!shadow.serve) {
        throw new SchemaguardError(
          `${options.dialect.title} shadow databases cannot be reached by another program: set "shadow" in the config to a server URL.`,
        );
      }
      const served = await shadow.serve();
      try {
        await run(served.url);
      } finally {
        await served.close();
      }
    },
    true,
  );
}
