/**
 * SQLite and libSQL refs: `sqlite:./app.db` (a file, relative to the config file's folder
 * or the working directory), `sqlite:memory` (a new in-memory database), `file:./app.db`
 * and `file:///abs/app.db` URLs, a local file read through `@libsql/client`
 * (`libsql:./app.db`), and libSQL servers `libsql://host` (`?tls=0` for one without TLS,
 * such as a local `sqld`) whose auth token is read from an environment variable
 * (`LIBSQL_AUTH_TOKEN`, or the one the URL's `authTokenEnv` parameter names), never from
 * the URL itself.
 */
import { fileURLToPath } from 'node:url';
import { SchemaguardError } from '../../errors.js';
import { redactUrl } from '../../redact.js';

/** The environment variable a libSQL URL's auth token is read from unless the URL names another. */
export const DEFAULT_TOKEN_VARIABLE = 'LIBSQL_AUTH_TOKEN';

/** What a SQLite ref names. */
export type SqliteTarget =
  /** A local file; `driver: 'libsql'` when the ref asks for `@libsql/client` (`libsql:./app.db`). */
  | { readonly kind: 'file'; readonly path: string; readonly driver?: 'libsql' }
  | { readonly kind: 'memory' }
  | { readonly kind: 'libsql'; readonly url: string; readonly tokenVariable: string };

/** Whether a ref names a SQLite or libSQL database. */
export function isSqliteRef(ref: string): boolean {
  return /^(sqlite|file|libsql):/i.test(ref);
}

/** The file a `sqlite:` or `file:` ref names, as written; undefined for memory and libSQL. */
export function sqliteFile(ref: string): string | undefined {
  const target = parseSqliteRef(ref);
  return target.kind === 'file' ? target.path : undefined;
}

/** The ref with its file written as `path`, in the ref's own form. */
export function withSqliteFile(ref: string, path: string): string {
  const form = /^(file|libsql):/i.exec(ref)?.[1]?.toLowerCase() ?? 'sqlite';
  return `${form}:${path}`;
}

/** Parses a SQLite ref; one sentence when it is malformed or puts an auth token in the URL. */
export function parseSqliteRef(ref: string): SqliteTarget {
  const sqlite = /^sqlite:(.*)$/is.exec(ref);
  if (sqlite) {
    const rest = sqlite[1] ?? '';
    if (/^(memory|:memory:)$/i.test(rest)) return { kind: 'memory' };
    if (rest === '')
      throw new SchemaguardError('The ref "sqlite:" names no file: write sqlite:./app.db or sqlite:memory.');
    return { kind: 'file', path: rest };
  }
  if (/^file:/i.test(ref)) {
    if (/^file:\/\//i.test(ref)) {
      try {
        return { kind: 'file', path: fileURLToPath(ref.replace(/\?.*$/, '')) };
      } catch {
        throw new SchemaguardError(
          `The URL ${ref} is malformed: write file:///absolute/path.db or file:./relative.db.`,
        );
      }
    }
    const path = ref.slice('file:'.length).replace(/\?.*$/, '');
    if (path === '') throw new SchemaguardError('The ref "file:" names no file: write file:./app.db.');
    if (path === ':memory:') return { kind: 'memory' };
    return { kind: 'file', path };
  }
  // `libsql:` and a path, not a host: a local file read through @libsql/client.
  const local = /^libsql:(?!\/\/)(.*)$/is.exec(ref);
  if (local) {
    const path = (local[1] ?? '').replace(/^file:(?!\/\/)/i, '');
    if (path === '' || /^file:/i.test(path) || path.includes('?')) {
      throw new SchemaguardError(
        `The ref ${redactUrl(ref)} names no local file: write libsql:./app.db for a file, libsql://host for a server.`,
      );
    }
    return { kind: 'file', path, driver: 'libsql' };
  }
  let url: URL;
  try {
    url = new URL(ref);
  } catch {
    throw new SchemaguardError(`The libSQL URL ${redactUrl(ref)} is malformed: write libsql://host.`);
  }
  if (!url.hostname) throw new SchemaguardError(`The libSQL URL ${redactUrl(ref)} names no host: write libsql://host.`);
  const keys = [...url.searchParams.keys()];
  if (keys.some((key) => /token/i.test(key) && key !== 'authTokenEnv') || url.password) {
    throw new SchemaguardError(
      `The libSQL URL for ${url.protocol}//${url.host} holds an auth token: put it in ${DEFAULT_TOKEN_VARIABLE} (or the variable authTokenEnv names) instead.`,
    );
  }
  const unknown = keys.find((key) => key !== 'authTokenEnv' && key !== 'tls');
  if (unknown) {
    throw new SchemaguardError(
      `The libSQL URL ${redactUrl(ref)} has option ${unknown}, which schemaguard does not know: libSQL URLs take authTokenEnv and tls.`,
    );
  }
  const tls = url.searchParams.get('tls');
  if (tls !== null && tls !== '0' && tls !== '1') {
    throw new SchemaguardError(
      `The libSQL URL ${redactUrl(ref)} has tls=${tls}: write tls=0 for a server without TLS (such as a local sqld), or leave it out.`,
    );
  }
  const tokenVariable = url.searchParams.get('authTokenEnv') || DEFAULT_TOKEN_VARIABLE;
  // What @libsql/client reads: tls=0 connects without TLS (http:, ws:).
  url.search = tls === '0' ? '?tls=0' : '';
  return { kind: 'libsql', url: url.toString().replace(/\/(\?|$)/, '$1'), tokenVariable };
}
