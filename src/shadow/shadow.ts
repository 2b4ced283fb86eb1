import { randomBytes } from 'node:crypto';
import { type PostgresClient, openPglite, openServer } from '../dialects/postgres/connection.js';
import { introspectPostgres } from '../dialects/postgres/introspect.js';
import { quoteIdent } from '../dialects/postgres/quote.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { splitStatements } from '../migrations/formats.js';
import { embeddedShadowExtensions } from './extensions.js';
import { redactUrl } from '../redact.js';
import type { Schema } from '../schema/model.js';
import { startFromImage } from './pglite-image.js';

/** One piece of SQL to run on the shadow database, e.g. one migration file. */
export interface ShadowStep {
  /** Where it comes from, for errors: a file path, `drizzle model`, … */
  readonly label: string;
  readonly sql: string;
  /** Run inside one transaction (true) or statement by statement outside any (false). */
  readonly transactional: boolean;
  /** SQL generated from models: says where a failing statement comes from in the model files. */
  readonly locate?: (statement: string) => Promise<string>;
}

/** A step that fails on the shadow database: the migration (or models, or SQL file) itself is wrong. */
export class ShadowStepError extends SchemaguardError {}

/** Where shadow databases come from. */
export interface ShadowOptions {
  /** A PostgreSQL server URL to create temporary databases on; embedded PGlite when undefined. */
  readonly server?: string;
  /** Folder for the saved, initialised PGlite data directory that makes start-up fast. */
  readonly cacheDir: string;
  /** Give up connecting to a shadow server after this many milliseconds. */
  readonly connectTimeoutMs?: number;
  /** Called when a shadow database is actually started (for progress, and for tests). */
  readonly onStart?: (kind: string) => void;
}

export interface ShadowResult {
  readonly schema: Schema;
  readonly serverVersion: string;
  /** What the model does not describe, counted by kind (kinds with none left out). */
  readonly notIncluded?: Readonly<Record<string, number>>;
}

/** A fresh embedded database with `extensions`, started from the initdb image saved in the cache folder. */
async function openPgliteShadow(cacheDir: string, extensions: readonly string[]): Promise<PostgresClient> {
  return startFromImage(
    cacheDir,
    (image) => openPglite('pglite:memory', image ? { image, extensions } : { extensions }),
    (client) => client.saveImage?.(),
  );
}

/**
 * Keeps a drop at hand while a server shadow database exists and returns the function that
 * lets it go: the program decides what an interruption does (the CLI drops the database and
 * exits, see {@link guardShadowDatabases}).
 */
type ShadowGuard = (drop: () => Promise<void>) => () => void;

let shadowGuard: ShadowGuard = () => () => {};

/**
 * Sets what holds the drops of open server shadow databases: the CLI runs them on SIGINT and
 * SIGTERM before exiting. Library callers without it drop their shadows through `dispose`.
 */
export function guardShadowDatabases(guard: ShadowGuard): void {
  shadowGuard = guard;
}

/** A temporary database on a server, dropped by `dispose` (also on an interruption the program guards). */
async function openServerShadow(
  url: string,
  connectTimeoutMs: number | undefined,
): Promise<{ client: PostgresClient; dispose: () => Promise<void> }> {
  const admin = await openServer(url, { connectTimeoutMs });
  const name = `schemaguard_shadow_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (error) {
    await admin.close();
    const denied = (error as { code?: string }).code === '42501';
    throw new SchemaguardError(
      denied
        ? `The shadow server ${redactUrl(url)} refused to create a database: give the role CREATEDB, or leave "shadow" out of the config to use the embedded database.`
        : `Cannot create a shadow database on ${redactUrl(url)}: ${errorMessage(error)}.`,
      { cause: error },
    );
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => {});
    await admin.close().catch(() => {});
  };
  const release = shadowGuard(drop);
  let client: PostgresClient;
  try {
    client = await openServer(target.toString(), { connectTimeoutMs });
  } catch (error) {
    release();
    await drop();
    throw error;
  }
  return {
    client,
    dispose: async () => {
      release();
      await client.close().catch(() => {});
      await drop();
    },
  };
}

/** The 1-based line in a step where a failing statement's error points. */
function errorLine(statementLine: number, statementSql: string, error: unknown): number {
  const position = Number((error as { position?: string }).position);
  if (!Number.isFinite(position) || position <= 0) return statementLine;
  return statementLine + (statementSql.slice(0, position - 1).match(/\n/g)?.length ?? 0);
}

async function applyStep(client: PostgresClient, step: ShadowStep): Promise<void> {
  const statements = splitStatements(step.sql);
  if (step.transactional) await client.exec('BEGIN');
  for (const statement of statements) {
    try {
      await client.exec(statement.sql);
    } catch (error) {
      if (step.transactional) await client.exec('ROLLBACK').catch(() => {});
      if (step.locate) {
        const where = await step.locate(statement.sql);
        throw new ShadowStepError(`${step.label} fail on the shadow database: ${errorMessage(error)}; ${where}.`, {
          cause: error,
        });
      }
      const line = errorLine(statement.line, statement.sql, error);
      throw new ShadowStepError(`${step.label}, line ${line}, fails on the shadow database: ${errorMessage(error)}.`, {
        cause: error,
      });
    }
  }
  if (step.transactional) await client.exec('COMMIT');
}

/**
 * Builds a schema on a fresh shadow database: applies the steps in order, reads the
 * schema back, and throws the database away. A failing step is named with its line.
 */
export async function buildOnShadow(steps: readonly ShadowStep[], options: ShadowOptions): Promise<ShadowResult> {
  // The extensions an embedded shadow needs are known (or missing) before it starts.
  const extensions = options.server ? [] : embeddedShadowExtensions(steps);
  options.onStart?.(options.server ? 'server' : 'pglite');
  const shadow = options.server
    ? await openServerShadow(options.server, options.connectTimeoutMs)
    : await openPgliteShadow(options.cacheDir, extensions).then((client) => ({
        client,
        dispose: () => client.close(),
      }));
  try {
    await shadow.client.exec('SET client_min_messages = warning');
    for (const step of steps) await applyStep(shadow.client, step);
    const introspection = await introspectPostgres(shadow.client);
    return {
      schema: introspection.schema,
      serverVersion: introspection.serverVersion,
      notIncluded: introspection.notIncluded,
    };
  } finally {
    await shadow.dispose();
  }
}
