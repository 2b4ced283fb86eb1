/**
 * MySQL and MariaDB URLs: `mysql://user:password@host:port/database` (or `mariadb://…`),
 * with the TLS options of the `mysql` client as query parameters (`ssl-mode`, `ssl-ca`).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { SchemaguardError, errorMessage } from '../../errors.js';
import { redactUrl } from '../../redact.js';

/** The `ssl-mode` values of the `mysql` client, which a URL may give (default `PREFERRED`). */
export type SslMode = 'DISABLED' | 'PREFERRED' | 'REQUIRED' | 'VERIFY_CA' | 'VERIFY_IDENTITY';

const SSL_MODES: readonly SslMode[] = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'];

/** What a MySQL URL says: where to connect, as whom, to which database, and how to use TLS. */
export interface MysqlTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  readonly sslMode: SslMode;
  /** The CA certificate file (`ssl-ca`), resolved from the run's working directory. */
  readonly sslCa?: string;
  /** `host:port`, for messages. */
  readonly where: string;
}

/** Whether a ref is a MySQL or MariaDB URL. */
export function isMysqlUrl(ref: string): boolean {
  return /^(mysql|mariadb):\/\//i.test(ref);
}

/** A URL's part, percent-decoded where it decodes. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Parses a MySQL URL; one sentence (its password hidden) when it is
 * malformed, names no host or database, or gives options this dialect does not know.
 */
export function parseMysqlUrl(ref: string, cwd?: string): MysqlTarget {
  const shown = redactUrl(ref);
  let url: URL;
  try {
    url = new URL(ref);
  } catch {
    throw new SchemaguardError(
      `The database URL ${shown} is malformed: percent-encode any / @ : # ? & % or space in the password.`,
    );
  }
  if (/@/.test(`${url.pathname}${url.hash}${[...url.searchParams.keys()].join('')}`)) {
    throw new SchemaguardError(
      `The database URL ${shown} is malformed: percent-encode any / @ : # ? & % or space in the password.`,
    );
  }
  if (!url.hostname)
    throw new SchemaguardError(`The database URL ${shown} names no host: write the host (and port) after the user.`);
  const database = decoded(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) {
    throw new SchemaguardError(`The database URL ${shown} names no database: add /DATABASE after the host and port.`);
  }
  const port = url.port ? Number(url.port) : 3306;
  const options = new Map([...url.searchParams].map(([key, value]) => [key.toLowerCase().replace(/_/g, '-'), value]));
  const unknown = [...options.keys()].filter((key) => key !== 'ssl-mode' && key !== 'ssl-ca');
  if (unknown.length > 0) {
    throw new SchemaguardError(
      `The database URL ${shown} has option ${unknown[0]}, which schemaguard does not know: MySQL URLs take ssl-mode and ssl-ca.`,
    );
  }
  const modeText = (options.get('ssl-mode') ?? 'PREFERRED').toUpperCase();
  const sslMode = SSL_MODES.find((mode) => mode === modeText);
  if (!sslMode) {
    throw new SchemaguardError(
      `The database URL ${shown} has ssl-mode=${options.get('ssl-mode')}: use one of ${SSL_MODES.join(', ')}.`,
    );
  }
  const ca = options.get('ssl-ca');
  const hostname = url.hostname.replace(/^\[(.+)\]$/, '$1');
  return {
    host: hostname,
    port,
    user: decoded(url.username) || 'root',
    ...(url.password ? { password: decoded(url.password) } : {}),
    database,
    sslMode,
    ...(ca ? { sslCa: isAbsolute(ca) || !cwd ? ca : resolve(cwd, ca) } : {}),
    where: `${url.hostname}:${port}`,
  };
}

/** The TLS settings of the `mysql2` driver for a target; undefined for a connection without TLS. */
export function tlsOptions(target: MysqlTarget): Record<string, unknown> | undefined {
  if (target.sslMode === 'DISABLED') return undefined;
  let ca: string | undefined;
  if (target.sslCa) {
    try {
      ca = readFileSync(target.sslCa, 'utf8');
    } catch (error) {
      throw new SchemaguardError(`Cannot read the CA certificate ${target.sslCa} (ssl-ca): ${errorMessage(error)}.`);
    }
  }
  const verify = target.sslMode === 'VERIFY_CA' || target.sslMode === 'VERIFY_IDENTITY';
  return {
    ...(ca ? { ca } : {}),
    rejectUnauthorized: verify,
    // VERIFY_CA checks the chain only, as the mysql client does; VERIFY_IDENTITY the host name too.
    ...(target.sslMode === 'VERIFY_CA' ? { checkServerIdentity: () => undefined } : {}),
  };
}
