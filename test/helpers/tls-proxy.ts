import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

/** PostgreSQL's SSLRequest and GSSENCRequest codes (the second word of an 8-byte packet). */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** A TLS-terminating proxy in front of a PostgreSQL server without TLS, counting what it did. */
export interface TlsProxy {
  readonly port: number;
  /** Connections it finished a TLS handshake with. */
  readonly handshakes: number;
  /** Connections it passed on without TLS. */
  readonly plainConnections: number;
  close(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1 that answers a client's SSLRequest with 'S', does the TLS
 * handshake with the given key and certificate and passes the decrypted stream to the
 * server. A client that does not ask for TLS is refused the way a `hostssl`-only
 * pg_hba.conf refuses it (`plain: 'refuse'`), or passed on as it is (`plain: 'pass'`).
 */
export async function startTlsProxy(options: {
  readonly key: string;
  readonly cert: string;
  readonly upstream: { readonly host: string; readonly port: number };
  readonly plain: 'refuse' | 'pass';
  /** A CA whose client certificate the proxy requires of every TLS client. */
  readonly clientCa?: string;
}): Promise<TlsProxy> {
  const secureContext = tls.createSecureContext({
    key: options.key,
    cert: options.cert,
    ...(options.clientCa ? { ca: options.clientCa } : {}),
  });
  const sockets = new Set<net.Socket>();
  let handshakes = 0;
  let plainConnections = 0;

  const toServer = (client: net.Socket | tls.TLSSocket, first: Buffer) => {
    const server = net.connect(options.upstream.port, options.upstream.host);
    sockets.add(server);
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
    if (first.length > 0) server.write(first);
    client.pipe(server);
    server.pipe(client);
  };

  const proxy = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 8 || buffered.length < buffered.readInt32BE(0)) return;
      const length = buffered.readInt32BE(0);
      const code = buffered.readInt32BE(4);
      if (length === 8 && code === GSSENC_REQUEST) {
        buffered = buffered.subarray(8);
        socket.write('N');
        return;
      }
      socket.off('data', onData);
      if (length === 8 && code === SSL_REQUEST) {
        socket.write('S');
        const secure = new tls.TLSSocket(socket, {
          isServer: true,
          secureContext,
          ...(options.clientCa ? { requestCert: true, rejectUnauthorized: true } : {}),
        });
        secure.on('secure', () => handshakes++);
        toServer(secure, Buffer.alloc(0));
      } else if (options.plain === 'pass') {
        plainConnections++;
        toServer(socket, buffered);
      } else {
        socket.end(noEncryptionError(startupParameters(buffered.subarray(8, length))));
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    get handshakes() {
      return handshakes;
    },
    get plainConnections() {
      return plainConnections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}

/** The key/value pairs of a startup message's body (after its length and protocol version). */
function startupParameters(body: Buffer): Record<string, string> {
  const parts = body.toString('utf8').split('\0');
  const parameters: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) parameters[parts[i] as string] = parts[i + 1] as string;
  return parameters;
}

/** The ErrorResponse PostgreSQL sends a client without TLS when pg_hba.conf has only `hostssl` lines. */
function noEncryptionError(parameters: Record<string, string>): Buffer {
  const user = parameters.user ?? '';
  const database = parameters.database ?? user;
  const fields = [
    ['S', 'FATAL'],
    ['V', 'FATAL'],
    ['C', '28000'],
    ['M', `no pg_hba.conf entry for host "127.0.0.1", user "${user}", database "${database}", no encryption`],
  ];
  const body = Buffer.concat([...fields.map(([type, text]) => Buffer.from(`${type}${text}\0`)), Buffer.from('\0')]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** PEM files made with openssl for a test: two CAs and server certificates. */
export interface TestCertificates {
  readonly dir: string;
  /** The CA that signed both server certificates, and another that signed neither. */
  readonly caFile: string;
  readonly otherCaFile: string;
  /** For localhost and 127.0.0.1. */
  readonly localhost: { readonly key: string; readonly cert: string };
  /** For db.example.com only. */
  readonly elsewhere: { readonly key: string; readonly cert: string };
  /** A client certificate for user postgres signed by the CA, its key, and the key encrypted with `keyPassword`. */
  readonly client: { readonly certFile: string; readonly keyFile: string; readonly encryptedKeyFile: string };
  readonly keyPassword: string;
}

/** Makes a self-signed CA, a server certificate it signs for each name set, and a second, unrelated CA. */
export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'sg-tls-'));
  const openssl = (...args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string) =>
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    );
  const signed = (name: string, commonName: string, extensions: string) => {
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      `/CN=${commonName}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
    return {
      key: readFileSync(join(dir, `${name}.key`), 'utf8'),
      cert: readFileSync(join(dir, `${name}.pem`), 'utf8'),
    };
  };
  const server = (name: string, commonName: string, altNames: string) =>
    signed(name, commonName, `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth\n`);
  ca('ca');
  ca('other-ca');
  signed('client', 'postgres', 'extendedKeyUsage=clientAuth\n');
  // libpq refuses a key file others may read.
  chmodSync(join(dir, 'client.key'), 0o600);
  const keyPassword = 'k3y-pass';
  openssl('pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${keyPassword}`, '-out', 'client-encrypted.key');
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    otherCaFile: join(dir, 'other-ca.pem'),
    localhost: server('localhost', 'localhost', 'DNS:localhost,IP:127.0.0.1'),
    elsewhere: server('elsewhere', 'db.example.com', 'DNS:db.example.com'),
    client: {
      certFile: join(dir, 'client.pem'),
      keyFile: join(dir, 'client.key'),
      encryptedKeyFile: join(dir, 'client-encrypted.key'),
    },
    keyPassword,
  };
}
