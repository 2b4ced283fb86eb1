/**
 * The registry: the one place that lists the engines. Everything outside a dialect's
 * folder reaches it through here, by a ref, a name from a snapshot or the config, or
 * as the default.
 */
import { SchemaguardError } from '../errors.js';
import { redactUrl } from '../redact.js';
import type { Dialect } from './dialect.js';
import { mysqlDialect } from './mysql/index.js';
import { postgresDialect } from './postgres/index.js';
import { sqliteDialect } from './sqlite/index.js';

/** Every engine schemaguard knows, the default first. */
export const DIALECTS: readonly Dialect[] = [postgresDialect, mysqlDialect, sqliteDialect];

/** The engine of a project whose config names none. */
export function defaultDialect(): Dialect {
  return DIALECTS[0] as Dialect;
}

/** The names of the engines, as the config's `dialect` takes them. */
export function dialectNames(): [string, ...string[]] {
  return DIALECTS.map((d) => d.name) as [string, ...string[]];
}

/** The dialect whose URLs look like this ref, if any. */
export function dialectForUrl(ref: string): Dialect | undefined {
  return DIALECTS.find((d) => d.refs.handles(ref));
}

/** The dialect a name or one of its aliases (`postgresql`) names, whatever its case; undefined for none. */
export function dialectNamed(value: string): Dialect | undefined {
  const name = value.trim().toLowerCase();
  return DIALECTS.find((d) => d.name === name || d.aliases.includes(name));
}

/** The ref forms of every engine, for messages: `postgres://…, pglite:…`. */
export function refForms(): string {
  return DIALECTS.flatMap((d) => d.refs.forms).join(', ');
}

/** Example refs of every engine, for help texts: `postgres://…, pglite:./dir, pglite:memory`. */
export function refExamples(): string {
  return DIALECTS.flatMap((d) => d.refs.examples).join(', ');
}

/** A ref of an embedded database kept in a folder, for messages (`pglite:./data`); undefined when no engine has one. */
export function embeddedFolderExample(): string | undefined {
  return DIALECTS.find((d) => d.refs.folders)?.refs.folders?.example;
}

/** An embedded database's folder that a ref names. */
export interface EmbeddedFolder {
  /** The folder as the ref writes it (relative or absolute). */
  readonly path: string;
  /** How messages name it: `The PGlite data directory`. */
  readonly noun: string;
  /** The ref with its folder written as another path. */
  withPath(path: string): string;
}

/** The folder of the embedded database a ref names; undefined for servers, in-memory databases and other refs. */
export function embeddedFolder(ref: string): EmbeddedFolder | undefined {
  const folders = dialectForUrl(ref)?.refs.folders;
  const path = folders?.folder(ref);
  if (!folders || path === undefined) return undefined;
  return { path, noun: folders.noun, withPath: (other) => folders.withFolder(ref, other) };
}

/** The dialect of a given name, as written in a snapshot file or the config. */
export function dialectByName(name: string): Dialect {
  const dialect = DIALECTS.find((d) => d.name === name);
  if (!dialect) {
    throw new SchemaguardError(
      `Unknown dialect "${name}": schemaguard supports ${DIALECTS.map((d) => d.name).join(', ')}.`,
    );
  }
  return dialect;
}

/** Connects to the database a ref names, through the engine whose URLs look like it. */
export function connect(ref: string, options?: Parameters<Dialect['connect']>[1]): ReturnType<Dialect['connect']> {
  const dialect = dialectForUrl(ref);
  if (!dialect) throw new SchemaguardError(`No dialect reads ${redactUrl(ref)}.`);
  return dialect.connect(ref, options);
}

/** The connection, closed when `signal` aborts (its queries under way then fail); as it is without one. */
export function closedOnAbort<T extends { close(): Promise<void> }>(connection: T, signal: AbortSignal | undefined): T {
  if (!signal) return connection;
  // Closed once, whether by the abort or by its owner afterwards.
  const closeOnce = connection.close.bind(connection);
  let closing: Promise<void> | undefined;
  connection.close = () => (closing ??= closeOnce());
  const close = () => void connection.close().catch(() => {});
  if (signal.aborted) close();
  else signal.addEventListener('abort', close, { once: true });
  return connection;
}

/**
 * Every engine keeps its embedded databases open until the returned release (see
 * `Dialect.shareEmbeddedDatabases`): calls nest, and the last release closes them.
 */
export function shareEmbeddedDatabases(): () => Promise<void> {
  const releases = DIALECTS.map((dialect) => dialect.shareEmbeddedDatabases());
  return async () => {
    for (const release of releases) await release();
  };
}

/** Every engine that has it keeps closed server sessions for reuse until the returned release (see `Dialect.shareServerSessions`). */
export function shareServerSessions(): () => Promise<void> {
  const releases = DIALECTS.flatMap((dialect) => (dialect.shareServerSessions ? [dialect.shareServerSessions()] : []));
  return async () => {
    for (const release of releases) await release();
  };
}

/** Closes the embedded databases kept open now, of every engine; sharing goes on (see `Dialect.closeSharedEmbeddedDatabases`). */
export async function closeSharedEmbeddedDatabases(): Promise<void> {
  for (const dialect of DIALECTS) await dialect.closeSharedEmbeddedDatabases();
}
