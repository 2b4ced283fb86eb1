import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { SchemaguardError, errorMessage } from '../../errors.js';

/** libpq's `sslmode` values, weakest first. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** How a connection uses TLS, as libpq's `sslmode` says. */
export type SslMode = (typeof SSL_MODES)[number];

/** One way of opening the connection: without TLS, or with it. */
export type TlsAttempt = 'plain' | 'tls';

/** How a server connection uses TLS, read from its URL and the PGSSL* variables as libpq reads them. */
export interface ServerTls {
  readonly mode: SslMode;
  /** Where the mode was said, for messages: `sslmode=require`, `PGSSLMODE=require`, or the default `sslmode=prefer`. */
  readonly modeSaid: string;
  /** The connections to try in order: `allow` tries without TLS first, `prefer` with it first. */
  readonly attempts: readonly TlsAttempt[];
  /** What a TLS attempt checks of the server's certificate. */
  readonly verify: 'nothing' | 'ca' | 'ca-and-host';
  /** The CAs the certificate is checked against, for messages: `the CA in ./ca.pem`. */
  readonly trusted: string;
  /** The options of a TLS attempt, for `pg`'s `ssl`. */
  readonly options: ConnectionOptions;
  /** `direct` starts TLS at once, without asking the server first (libpq 17's `sslnegotiation`). */
  readonly negotiation: 'postgres' | 'direct';
  /** The URL without the parameters read here, for `pg`: it reads no TLS setting of its own from it. */
  readonly connectionString: string;
}

/** The URL parameters about TLS; `ssl` and `uselibpqcompat` are node-postgres's own. */
const TLS_PARAMS = [
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslpassword',
  'sslnegotiation',
  'ssl',
  'uselibpqcompat',
] as const;

/**
 * Reads a server URL's TLS settings the way libpq does: `sslmode` (default `prefer`),
 * `sslrootcert` (default `~/.postgresql/root.crt`; `system` for the system's CAs),
 * `sslcert`/`sslkey`/`sslpassword` for a client certificate and `sslnegotiation`, each
 * falling back to its `PGSSL*` variable in `env` (the run's environment, not the process's)
 * when the URL does not say. Certificate files are read here, so a missing one is a clear
 * error before anything connects.
 */
export function serverTls(url: URL, env: Readonly<Record<string, string | undefined>>): ServerTls {
  const param = (name: string, variable?: string): { value: string; said: string } | undefined => {
    const value = url.searchParams.get(name);
    if (value !== null) return { value, said: name };
    const fromEnv = variable ? env[variable] : undefined;
    return fromEnv ? { value: fromEnv, said: variable as string } : undefined;
  };
  const rootCertParam = param('sslrootcert', 'PGSSLROOTCERT');
  const systemRoots = rootCertParam?.value === 'system';
  const mode = readMode(url, param('sslmode', 'PGSSLMODE'), systemRoots);
  const modeSaid = mode.said;
  // A host parameter wins over the URL's host, as in pg and libpq.
  const unixSocket = (url.searchParams.get('host') ?? '').startsWith('/');

  if (systemRoots && mode.value !== 'verify-full') {
    throw new SchemaguardError(
      `sslrootcert=system checks the server against the system's CAs, which needs sslmode=verify-full, not ${modeSaid}.`,
    );
  }
  const negotiation = param('sslnegotiation', 'PGSSLNEGOTIATION')?.value ?? 'postgres';
  if (negotiation !== 'postgres' && negotiation !== 'direct') {
    throw new SchemaguardError(`sslnegotiation takes postgres or direct, not "${negotiation}".`);
  }
  if (negotiation === 'direct' && SSL_MODES.indexOf(mode.value) < SSL_MODES.indexOf('require')) {
    throw new SchemaguardError(
      `sslnegotiation=direct starts with TLS, which needs sslmode=require or above, not ${modeSaid}.`,
    );
  }

  const defaultRootCert = join(env.HOME || homedir(), '.postgresql', 'root.crt');
  const rootCert =
    systemRoots || mode.systemRoots
      ? undefined
      : rootCertParam
        ? { path: rootCertParam.value, shown: rootCertParam.value, said: rootCertParam.said }
        : existsSync(defaultRootCert)
          ? { path: defaultRootCert, shown: '~/.postgresql/root.crt', said: 'sslrootcert' }
          : undefined;
  // libpq's require checks the CA after all when it has a root certificate.
  const verify =
    mode.value === 'verify-full'
      ? 'ca-and-host'
      : mode.value === 'verify-ca' || (mode.value === 'require' && rootCert)
        ? 'ca'
        : 'nothing';
  // libpq uses no TLS on a Unix socket unless asked to.
  const usesTls = mode.value !== 'disable' && !(unixSocket && (mode.value === 'allow' || mode.value === 'prefer'));
  const options: ConnectionOptions = {};
  let trusted = "the system's CAs";
  if (usesTls && verify !== 'nothing') {
    if (rootCert) {
      options.ca = readCertificateFile(rootCert.path, rootCert.shown, rootCert.said, modeSaid);
      trusted = `the CA in ${rootCert.shown}`;
    } else if (!systemRoots && !mode.systemRoots) {
      throw new SchemaguardError(
        `${modeSaid} checks the server's certificate against a CA, and ~/.postgresql/root.crt does not exist: give the CA's file with sslrootcert=PATH, or sslrootcert=system for the system's CAs.`,
      );
    }
    if (verify === 'ca') options.checkServerIdentity = () => undefined;
  } else {
    options.rejectUnauthorized = false;
  }
  if (usesTls) Object.assign(options, clientCertificate(param, env.HOME || homedir(), modeSaid));

  const attempts: TlsAttempt[] = !usesTls
    ? ['plain']
    : mode.value === 'allow'
      ? ['plain', 'tls']
      : mode.value === 'prefer'
        ? ['tls', 'plain']
        : ['tls'];
  const stripped = new URL(url.href);
  for (const name of TLS_PARAMS) stripped.searchParams.delete(name);
  return {
    mode: mode.value,
    modeSaid,
    attempts,
    verify,
    trusted,
    options,
    negotiation,
    connectionString: stripped.href,
  };
}

/**
 * The mode and how it was said (`sslmode=require`, `PGSSLMODE=require`, `ssl=true`): `sslmode`, else
 * `PGSSLMODE`, else node-postgres's `ssl` parameter (`true`: verified against the system's CAs, as
 * node-postgres does), else libpq's default `prefer` (`verify-full` with `sslrootcert=system`).
 */
function readMode(
  url: URL,
  given: { value: string; said: string } | undefined,
  systemRoots: boolean,
): { value: SslMode; said: string; systemRoots?: boolean } {
  if (given) {
    if (!(SSL_MODES as readonly string[]).includes(given.value)) {
      throw new SchemaguardError(
        `${given.said} takes disable, allow, prefer, require, verify-ca or verify-full, not "${given.value}".`,
      );
    }
    return { value: given.value as SslMode, said: `${given.said}=${given.value}` };
  }
  const ssl = url.searchParams.get('ssl');
  if (ssl !== null) {
    const said = `ssl=${ssl}`;
    if (ssl === 'true' || ssl === '1')
      return { value: 'verify-full', said, systemRoots: !url.searchParams.has('sslrootcert') };
    if (ssl === 'false' || ssl === '0') return { value: 'disable', said };
    if (ssl === 'no-verify') return { value: 'require', said };
    throw new SchemaguardError(`ssl takes true, false or no-verify (better: sslmode=…), not "${ssl}".`);
  }
  const value = systemRoots ? 'verify-full' : 'prefer';
  return { value, said: `sslmode=${value}` };
}

/** The client certificate and key: `sslcert`/`sslkey`, else `~/.postgresql/postgresql.crt`/`.key` when they exist. */
function clientCertificate(
  param: (name: string, variable?: string) => { value: string; said: string } | undefined,
  home: string,
  modeSaid: string,
): ConnectionOptions {
  const certParam = param('sslcert', 'PGSSLCERT');
  const keyParam = param('sslkey', 'PGSSLKEY');
  const defaultCert = join(home, '.postgresql', 'postgresql.crt');
  const cert = certParam
    ? { path: certParam.value, shown: certParam.value, said: certParam.said }
    : existsSync(defaultCert)
      ? { path: defaultCert, shown: '~/.postgresql/postgresql.crt', said: 'sslcert' }
      : undefined;
  if (!cert) return {};
  const key = keyParam
    ? { path: keyParam.value, shown: keyParam.value, said: keyParam.said }
    : { path: join(home, '.postgresql', 'postgresql.key'), shown: '~/.postgresql/postgresql.key', said: 'sslkey' };
  const password = param('sslpassword')?.value;
  const keyText = readFile(key.path, key.shown, key.said, modeSaid);
  if (!password && keyText.includes('ENCRYPTED')) {
    throw new SchemaguardError(
      `The ${key.said} file ${key.shown} is encrypted: give its passphrase in the URL's sslpassword parameter.`,
    );
  }
  try {
    createPrivateKey({ key: keyText, ...(password ? { passphrase: password } : {}) });
  } catch (error) {
    // A wrong passphrase mostly fails the decryption's padding check (ERR_OSSL_BAD_DECRYPT); about
    // one time in 300 the padding passes and what comes out is no key (ERR_OSSL_UNSUPPORTED).
    const undecryptable =
      (error as { code?: string }).code === 'ERR_OSSL_BAD_DECRYPT' || (password && keyText.includes('ENCRYPTED'));
    throw new SchemaguardError(
      undecryptable
        ? `The ${key.said} file ${key.shown} cannot be decrypted with the sslpassword given.`
        : `The ${key.said} file ${key.shown} holds no private key that can be read (${errorMessage(error)}).`,
      { cause: error },
    );
  }
  return {
    cert: readCertificateFile(cert.path, cert.shown, cert.said, modeSaid),
    key: keyText,
    ...(password ? { passphrase: password } : {}),
  };
}

function readCertificateFile(path: string, shown: string, param: string, modeSaid: string): string {
  const text = readFile(path, shown, param, modeSaid);
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new SchemaguardError(`The ${param} file ${shown} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
  }
  return text;
}

function readFile(path: string, shown: string, param: string, modeSaid: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${errorMessage(error)})`;
    throw new SchemaguardError(`The ${param} file ${shown} ${why} (${modeSaid}).`, { cause: error });
  }
}

/** pg's errors when the server answers the request for TLS with "no", or with neither yes nor no (an error, as old servers do). */
const NO_TLS_MESSAGE = 'The server does not support SSL connections';
const ODD_TLS_ANSWER_MESSAGE = 'There was an error establishing an SSL connection';

/** Whether a connection attempt failed because the server does not do TLS (answered no, or not yes). */
export function isNoTlsError(error: unknown): boolean {
  const message = errorMessage(error);
  return message === NO_TLS_MESSAGE || message === ODD_TLS_ANSWER_MESSAGE;
}

/** OpenSSL's codes for a certificate not signed by a trusted CA. */
const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** Whether an attempt failed in the TLS handshake (a certificate refused, a protocol mismatch). */
export function isTlsError(error: unknown): boolean {
  const { code, library } = error as { code?: unknown; library?: unknown };
  return (
    (typeof code === 'string' &&
      (UNTRUSTED_CODES.has(code) ||
        code.startsWith('ERR_TLS_') ||
        code.startsWith('ERR_SSL_') ||
        code.startsWith('CERT_'))) ||
    library === 'SSL routines'
  );
}

/** One sentence for a failed TLS handshake or a server without TLS; undefined for other errors. */
export function describeTlsError(error: unknown, where: string, host: string, tls: ServerTls): string | undefined {
  if (isNoTlsError(error)) return `The server at ${where} does not support TLS, and ${tls.modeSaid} asks for it.`;
  if (!isTlsError(error)) return undefined;
  const code = (error as { code?: string }).code ?? '';
  const why =
    tls.mode === 'require' && tls.verify === 'ca'
      ? `${tls.modeSaid}, which checks the CA when it has a root certificate`
      : tls.modeSaid;
  if (UNTRUSTED_CODES.has(code)) {
    return `The server at ${where} presented a certificate that is not signed by ${tls.trusted} (${why}).`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = certificateNames((error as { cert?: { subject?: { CN?: string }; subjectaltname?: string } }).cert);
    return `The server at ${where} presented a certificate for ${names}, not for ${host} (${why}).`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `The server at ${where} presented a certificate that has expired (${why}).`;
  if (code === 'CERT_NOT_YET_VALID')
    return `The server at ${where} presented a certificate that is not valid yet (${why}).`;
  // OpenSSL's messages carry a file and line; its reason alone says what happened.
  const reason = (error as { reason?: string }).reason ?? errorMessage(error).split('\n')[0]?.replace(/\.$/, '');
  if (/certificate required/.test(reason ?? '')) {
    return `The server at ${where} asks for a client certificate: give it with sslcert and sslkey (${why}).`;
  }
  return `The TLS handshake with the server at ${where} failed: ${reason} (${why}).`;
}

/** The names a certificate is for: its subject alternative names, else its common name. */
function certificateNames(cert: { subject?: { CN?: string }; subjectaltname?: string } | undefined): string {
  const alternatives = (cert?.subjectaltname ?? '')
    .split(',')
    .map((name) => name.trim().replace(/^(DNS|IP Address):/, ''))
    .filter((name) => name !== '');
  const names = alternatives.length > 0 ? alternatives : cert?.subject?.CN ? [cert.subject.CN] : [];
  return names.length > 0 ? names.join(', ') : 'another name';
}
