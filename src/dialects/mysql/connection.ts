/**
 * A session with a MySQL or MariaDB server through `mysql2`, and the one sentence each
 * way of failing to open one gets.
 */
import type { Connection as DriverConnection, ConnectionOptions } from 'mysql2/promise';
import { SchemaguardError, errorMessage } from '../../errors.js';
import { redactUrl } from '../../redact.js';
import type { ConnectOptions } from '../dialect.js';
import { type MysqlTarget, parseMysqlUrl, tlsOptions } from './url.js';

/** The server's flavour and version, as `VERSION()` and `@@version_comment` tell them. */
export interface ServerKind {
  readonly flavour: 'MySQL' | 'MariaDB';
  /** `10.11.19`, `8.0.36`. */
  readonly version: string;
}

/** An open session: statements with parameters, scripts, and what the server is. */
export interface MysqlClient {
  /** The ref, with any password hidden. */
  readonly source: string;
  /** The database the session uses. */
  readonly database: string;
  readonly server: ServerKind;
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** How schemaguard records a server's version: as `VERSION()` prints it without the build's suffix, `8.0.36` or `10.11.19-MariaDB`. */
export function shownVersion(server: ServerKind): string {
  return server.flavour === 'MariaDB' ? `${server.version}-MariaDB` : server.version;
}

/** The flavour and version of `VERSION()` (`10.11.19-MariaDB-0+deb12u1`) and `@@version_comment`. */
export function serverKind(version: string, comment: string): ServerKind {
  const mariadb = /mariadb/i.test(version) || /mariadb/i.test(comment);
  return { flavour: mariadb ? 'MariaDB' : 'MySQL', version: /^[0-9]+(\.[0-9]+)*/.exec(version)?.[0] ?? version };
}

/** Servers (host:port) that answered `PREFERRED`'s request for TLS with "no TLS here": later sessions do not ask. */
const serversWithoutTls = new Set<string>();

/** Whether a connection failed because the server does not do TLS. */
function isNoTlsError(error: unknown): boolean {
  return (
    (error as { code?: string }).code === 'HANDSHAKE_NO_SSL_SUPPORT' ||
    /does not support secure/i.test(errorMessage(error))
  );
}

/** Whether the failure is TLS's (a certificate not trusted, a handshake refused). */
function isTlsError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return /CERT|SELF_SIGNED|SSL|TLS|ERR_TLS/i.test(code) || /certificate|ssl|tls/i.test(errorMessage(error));
}

/** The one sentence of a failed connection; never the password. */
function describeConnectError(error: unknown, target: MysqlTarget, timeoutMs: number): string {
  const { where, user, database } = target;
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot connect to MySQL at ${where}: connection refused; is the server running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot connect to MySQL at ${where}: the host name does not resolve.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot connect to MySQL at ${where}: no answer within ${timeoutMs / 1000} s (--connect-timeout).`;
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return target.password === undefined
        ? `Access denied for user "${user}" at ${where}: the server asks for a password and the URL has none.`
        : `Access denied for user "${user}" at ${where}: check the user name and password in the URL.`;
    case 'ER_BAD_DB_ERROR':
      return `Database "${database}" does not exist at ${where}.`;
    case 'ER_DBACCESS_DENIED_ERROR':
      return `User "${user}" may not use database "${database}" at ${where}.`;
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return `The server at ${where} does not do TLS, and ssl-mode=${target.sslMode} asks for it.`;
  }
  if (isTlsError(error)) {
    return `Cannot connect to MySQL at ${where} over TLS (ssl-mode=${target.sslMode}): ${errorMessage(error)}.`;
  }
  return `Cannot connect to MySQL at ${where}: ${errorMessage(error).replace(/\.$/, '')}.`;
}

/** Connects once, with or without TLS. */
async function open(target: MysqlTarget, ssl: Record<string, unknown> | undefined, timeoutMs: number) {
  // Loaded here: commands on other engines never pay for the driver.
  const { createConnection } = await import('mysql2/promise');
  const options: ConnectionOptions = {
    host: target.host,
    port: target.port,
    user: target.user,
    ...(target.password !== undefined ? { password: target.password } : {}),
    database: target.database,
    connectTimeout: timeoutMs,
    multipleStatements: true,
    // Values as the server writes them: dates, big integers and decimals as text.
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    charset: 'utf8mb4',
    ...(ssl ? { ssl } : {}),
  };
  return createConnection(options);
}

/** Connects as the `mysql` client does for the URL's `ssl-mode`: `PREFERRED` falls back to no TLS when the server has none. */
async function connectWithTls(target: MysqlTarget, timeoutMs: number): Promise<DriverConnection> {
  const ssl = tlsOptions(target);
  const tryTls = ssl !== undefined && !(target.sslMode === 'PREFERRED' && serversWithoutTls.has(target.where));
  try {
    return await open(target, tryTls ? ssl : undefined, timeoutMs);
  } catch (error) {
    if (target.sslMode === 'PREFERRED' && tryTls && (isNoTlsError(error) || isTlsError(error))) {
      if (isNoTlsError(error)) serversWithoutTls.add(target.where);
      try {
        return await open(target, undefined, timeoutMs);
      } catch (second) {
        throw new SchemaguardError(describeConnectError(second, target, timeoutMs), { cause: second });
      }
    }
    throw new SchemaguardError(describeConnectError(error, target, timeoutMs), { cause: error });
  }
}

/** Opens a session on the database a `mysql://` or `mariadb://` URL names. */
export async function connectMysql(ref: string, options: ConnectOptions = {}): Promise<MysqlClient> {
  const target = parseMysqlUrl(ref, options.cwd);
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  const driver = await connectWithTls(target, timeoutMs);
  // Errors after connecting (a server restart) surface through the statement that fails.
  driver.on('error', () => {});
  const query = async <Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> => {
    const [rows] = await driver.query(sql, params ? [...params] : undefined);
    return rows as Row[];
  };
  let server: ServerKind;
  try {
    const [row] = await query<{ version: string; comment: string | null }>(
      'SELECT VERSION() AS version, @@version_comment AS comment',
    );
    server = serverKind(row?.version ?? '', row?.comment ?? '');
  } catch (error) {
    await driver.end().catch(() => {});
    throw error;
  }
  return {
    source: redactUrl(ref),
    database: target.database,
    server,
    query,
    async exec(sql) {
      await driver.query(sql);
    },
    async close() {
      await driver.end();
    },
  };
}
