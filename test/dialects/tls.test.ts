import { execFile } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTls } from '../../src/dialects/postgres/tls.js';
import { type CliResult, isOneSentenceError, runCli, runCliProcess } from '../helpers/cli.js';
import { SERVER_URL, type TestDatabase, createServerDatabase, hasServer } from '../helpers/databases.js';
import { applyIn, backupFiles, migrationProject } from '../helpers/migration-project.js';
import { type TestCertificates, type TlsProxy, makeCertificates, startTlsProxy } from '../helpers/tls-proxy.js';

describe('serverTls reads sslmode as libpq does', () => {
  const read = (query: string, env: NodeJS.ProcessEnv = {}) =>
    serverTls(new URL(`postgres://app:s3cret@db.internal:5432/app${query}`), { ...env, HOME: tmpdir() });

  it('tries the connections in libpq order for each mode', () => {
    expect(read('?sslmode=disable').attempts).toEqual(['plain']);
    expect(read('?sslmode=allow').attempts).toEqual(['plain', 'tls']);
    expect(read('?sslmode=prefer').attempts).toEqual(['tls', 'plain']);
    expect(read('').attempts).toEqual(['tls', 'plain']);
    expect(read('?sslmode=require').attempts).toEqual(['tls']);
    expect(read('?sslmode=require').verify).toBe('nothing');
    expect(read('?sslmode=verify-full&sslrootcert=system').verify).toBe('ca-and-host');
    expect(read('?sslrootcert=system').mode).toBe('verify-full');
    expect(read('', { PGSSLMODE: 'disable' }).modeSaid).toBe('PGSSLMODE=disable');
    expect(read('?sslmode=require', { PGSSLMODE: 'disable' }).mode).toBe('require');
    expect(read('?ssl=true').mode).toBe('verify-full');
    expect(read('?ssl=no-verify').mode).toBe('require');
  });

  it('uses no TLS on a Unix socket unless a mode asks for it', () => {
    const socket = (mode: string) =>
      serverTls(new URL(`postgres://app@localhost/app?host=/var/run/postgresql&sslmode=${mode}`), {}).attempts;
    expect(socket('prefer')).toEqual(['plain']);
    expect(socket('require')).toEqual(['tls']);
  });

  it('says a wrong sslpassword cannot decrypt the key, however OpenSSL fails on it', () => {
    // A wrong passphrase mostly fails the padding check; about one in 300 decrypts to bytes that
    // are no key, which OpenSSL reports otherwise. Found here: one passphrase of each kind.
    const folder = mkdtempSync(join(tmpdir(), 'sg-tls-key-'));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyFile = join(folder, 'client.key');
    writeFileSync(
      keyFile,
      privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'ok' }),
    );
    const failure = (passphrase: string) => {
      try {
        createPrivateKey({ key: readFileSync(keyFile, 'utf8'), passphrase });
        return 'read';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    const wrong = (code: string) => {
      for (let i = 0; i < 20_000; i++) if (failure(`wrong-${i}`) === code) return `wrong-${i}`;
      throw new Error(`no passphrase fails with ${code}`);
    };
    for (const passphrase of [wrong('ERR_OSSL_BAD_DECRYPT'), wrong('ERR_OSSL_UNSUPPORTED')]) {
      expect(() => read(`?sslmode=require&sslcert=${keyFile}&sslkey=${keyFile}&sslpassword=${passphrase}`)).toThrow(
        `The sslkey file ${keyFile} cannot be decrypted with the sslpassword given.`,
      );
    }
  });

  it('hands pg a URL without TLS parameters (so pg-connection-string warns of nothing), keeping the rest', () => {
    const url = new URL(read('?sslmode=require&ssl=true&uselibpqcompat=true&application_name=x').connectionString);
    expect([...url.searchParams.keys()]).toEqual(['application_name']);
    expect(url.password).toBe('s3cret');
  });
});

/**
 * TLS as psql does it, through the real CLI. The test server runs without TLS and is shared,
 * so a TLS-terminating proxy in front of it plays a server with a self-signed certificate.
 */
describe.runIf(hasServer())('TLS connections follow libpq sslmode', () => {
  let certs: TestCertificates;
  let database: TestDatabase;
  /** Accepts only TLS (like `hostssl` lines), with a certificate for localhost and 127.0.0.1. */
  let tlsOnly: TlsProxy;
  /** Does TLS when asked, passes plain connections on. */
  let tlsOptional: TlsProxy;
  /** Accepts only TLS, with a certificate for db.example.com. */
  let wrongName: TlsProxy;
  /** A home folder without ~/.postgresql, so nothing on this machine changes the verdicts. */
  let home: string;
  let server: URL;

  beforeAll(async () => {
    certs = makeCertificates();
    database = await createServerDatabase('sgtls');
    server = new URL(SERVER_URL as string);
    const upstream = { host: server.hostname, port: Number(server.port || 5432) };
    tlsOnly = await startTlsProxy({ ...certs.localhost, upstream, plain: 'refuse' });
    tlsOptional = await startTlsProxy({ ...certs.localhost, upstream, plain: 'pass' });
    wrongName = await startTlsProxy({ ...certs.elsewhere, upstream, plain: 'refuse' });
    home = mkdtempSync(join(tmpdir(), 'sg-tls-home-'));
  });

  afterAll(async () => {
    await Promise.all([tlsOnly?.close(), tlsOptional?.close(), wrongName?.close()]);
    await database?.drop();
  });

  const urlFor = (proxy: TlsProxy | 'server', query: string, host = '127.0.0.1') =>
    `postgres://postgres@${host}:${proxy === 'server' ? server.port || 5432 : proxy.port}/${database.name}${query ? `?${query}` : ''}`;
  const env = (extra: NodeJS.ProcessEnv = {}) => ({
    HOME: home,
    PGSSLMODE: undefined,
    PGSSLROOTCERT: undefined,
    PGSSLCERT: undefined,
    PGSSLKEY: undefined,
    ...extra,
  });
  /** `schemaguard dump --db url` in this process, with the test's HOME and libpq variables. */
  const dump = async (url: string, extra: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
    const warnings: string[] = [];
    const warned = (warning: Error) => warnings.push(warning.message);
    process.on('warning', warned);
    try {
      return await runCli(['dump', '--db', url], { env: env(extra) });
    } finally {
      process.off('warning', warned);
      expect(warnings.filter((w) => /SECURITY WARNING|TLS|certificate/i.test(w))).toEqual([]);
    }
  };
  /**
   * The same in a process of its own, where a warning Node or pg gives once per process (pg's
   * "SECURITY WARNING", TLS ones) would surely reach stderr: there must be none, whatever the mode.
   */
  const dumpInProcessOfItsOwn = async (url: string): Promise<CliResult> => {
    const result = await runCliProcess(['dump', '--db', url], { env: env() });
    expect(result.stderr).not.toMatch(/Warning|SECURITY WARNING/i);
    return result;
  };
  /** psql's verdict on the same URL: its exit status (asynchronous, as the proxy runs in this process). */
  const psql = (url: string, extra: NodeJS.ProcessEnv = {}) =>
    new Promise<{ status: number }>((resolve) => {
      execFile('psql', ['-X', '-At', '-c', 'select 1', url], { env: { ...process.env, ...env(extra) } }, (error) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
      );
    });
  /** Runs `work` and says how many TLS handshakes and plain connections the proxy saw meanwhile. */
  const counting = async <T>(proxy: TlsProxy, work: () => Promise<T>) => {
    const [handshakes, plain] = [proxy.handshakes, proxy.plainConnections];
    const result = await work();
    return { result, handshakes: proxy.handshakes - handshakes, plain: proxy.plainConnections - plain };
  };

  it.each(['require', 'prefer', 'allow', ''])(
    'sslmode=%s connects to a server with a self-signed certificate over TLS, as psql does',
    async (mode) => {
      const url = urlFor(tlsOnly, mode ? `sslmode=${mode}` : '');
      const { result, handshakes } = await counting(tlsOnly, () => dumpInProcessOfItsOwn(url));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).dialect).toBe('postgres');
      expect(handshakes).toBeGreaterThan(0);
      expect((await psql(url)).status).toBe(0);
    },
  );

  it('prefer and the default use TLS when the server offers it, allow only when the server insists', async () => {
    for (const [mode, tlsExpected] of [
      ['prefer', true],
      ['', true],
      ['allow', false],
    ] as const) {
      const url = urlFor(tlsOptional, mode ? `sslmode=${mode}` : '');
      const seen = await counting(tlsOptional, () => dump(url));
      expect(seen.result.code, mode).toBe(0);
      expect(seen.handshakes > 0, mode).toBe(tlsExpected);
      expect(seen.plain > 0, mode).toBe(!tlsExpected);
    }
  });

  it('prefer and the default connect without TLS to a server that has none; require refuses it in one sentence', async () => {
    for (const mode of ['prefer', '', 'disable', 'allow']) {
      const result = await dump(urlFor('server', mode ? `sslmode=${mode}` : ''));
      expect(result.code, mode).toBe(0);
    }
    const required = await dump(urlFor('server', 'sslmode=require'));
    expect(isOneSentenceError(required)).toBe(true);
    expect(required.stderr).toContain(
      `The server at 127.0.0.1:${server.port || 5432} does not support TLS, and sslmode=require asks for it.`,
    );
    expect((await psql(urlFor('server', 'sslmode=require'))).status).not.toBe(0);
  });

  it('a refusal by the server is reported as such, not as the other way tried after it', async () => {
    const port = server.port || 5432;
    const allow = await dump(`postgres://postgres@127.0.0.1:${port}/sg_no_such_db?sslmode=allow`);
    expect(allow.stderr).toContain(`Database "sg_no_such_db" does not exist at 127.0.0.1:${port}.`);
    const prefer = await dump(`postgres://postgres@127.0.0.1:${tlsOnly.port}/sg_no_such_db?sslmode=prefer`);
    expect(prefer.stderr).toContain(`Database "sg_no_such_db" does not exist at 127.0.0.1:${tlsOnly.port}.`);
  });

  it('verify-ca connects with the CA that signed the certificate and fails in one sentence with another', async () => {
    const right = await counting(tlsOnly, () => dump(urlFor(tlsOnly, `sslmode=verify-ca&sslrootcert=${certs.caFile}`)));
    expect(right.result.code).toBe(0);
    expect(right.handshakes).toBeGreaterThan(0);
    expect((await psql(urlFor(tlsOnly, `sslmode=verify-ca&sslrootcert=${certs.caFile}`))).status).toBe(0);

    const wrongUrl = urlFor(tlsOnly, `sslmode=verify-ca&sslrootcert=${certs.otherCaFile}`);
    const wrong = await dump(wrongUrl);
    expect(isOneSentenceError(wrong)).toBe(true);
    expect(wrong.stderr).toContain(
      `The server at 127.0.0.1:${tlsOnly.port} presented a certificate that is not signed by the CA in ${certs.otherCaFile} (sslmode=verify-ca).`,
    );
    expect((await psql(wrongUrl)).status).not.toBe(0);
  });

  it('verify-ca ignores the host name; verify-full checks it', async () => {
    const query = `sslrootcert=${certs.caFile}`;
    expect((await dump(urlFor(wrongName, `sslmode=verify-ca&${query}`))).code).toBe(0);
    expect((await dump(urlFor(tlsOnly, `sslmode=verify-full&${query}`))).code).toBe(0);
    expect((await dump(urlFor(tlsOnly, `sslmode=verify-full&${query}`, 'localhost'))).code).toBe(0);
    expect((await psql(urlFor(tlsOnly, `sslmode=verify-full&${query}`))).status).toBe(0);

    const url = urlFor(wrongName, `sslmode=verify-full&${query}`);
    const mismatch = await dump(url);
    expect(isOneSentenceError(mismatch)).toBe(true);
    expect(mismatch.stderr).toContain(
      `The server at 127.0.0.1:${wrongName.port} presented a certificate for db.example.com, not for 127.0.0.1 (sslmode=verify-full).`,
    );
    expect((await psql(url)).status).not.toBe(0);
  });

  it('verify-ca without sslrootcert or ~/.postgresql/root.crt, a missing sslrootcert and an unknown sslmode are one sentence each', async () => {
    const cases: [string, string][] = [
      ['sslmode=verify-ca', '~/.postgresql/root.crt does not exist'],
      [
        'sslmode=verify-full&sslrootcert=./nowhere.pem',
        'The sslrootcert file ./nowhere.pem does not exist (sslmode=verify-full).',
      ],
      ['sslmode=bogus', 'sslmode takes disable, allow, prefer, require, verify-ca or verify-full, not "bogus".'],
      ['sslmode=require&sslrootcert=system', 'which needs sslmode=verify-full, not sslmode=require'],
    ];
    for (const [query, message] of cases) {
      const result = await dump(urlFor(tlsOnly, query));
      expect(isOneSentenceError(result), query).toBe(true);
      expect(result.stderr, query).toContain(message);
    }
  });

  it('disable against a server that accepts only TLS fails in one sentence, as psql does', async () => {
    const url = urlFor(tlsOnly, 'sslmode=disable');
    const result = await dump(url);
    expect(isOneSentenceError(result)).toBe(true);
    expect(result.stderr).toContain(
      `The server at 127.0.0.1:${tlsOnly.port} accepts only TLS connections, and sslmode=disable asks for none.`,
    );
    expect((await psql(url)).status).not.toBe(0);
  });

  it('require verifies the CA when ~/.postgresql/root.crt exists, as libpq does', async () => {
    const withRoot = mkdtempSync(join(tmpdir(), 'sg-tls-home-'));
    mkdirSync(join(withRoot, '.postgresql'));
    copyFileSync(certs.otherCaFile, join(withRoot, '.postgresql', 'root.crt'));
    const url = urlFor(tlsOnly, 'sslmode=require');
    const result = await dump(url, { HOME: withRoot });
    expect(isOneSentenceError(result)).toBe(true);
    expect(result.stderr).toContain(
      'not signed by the CA in ~/.postgresql/root.crt (sslmode=require, which checks the CA when it has a root certificate).',
    );
    expect((await psql(url, { HOME: withRoot })).status).not.toBe(0);

    copyFileSync(certs.caFile, join(withRoot, '.postgresql', 'root.crt'));
    expect((await dump(url, { HOME: withRoot })).code).toBe(0);
    expect((await psql(url, { HOME: withRoot })).status).toBe(0);
  });

  it('PGSSLMODE and PGSSLROOTCERT apply when the URL says nothing, and the URL wins over them', async () => {
    const viaEnv = await dump(urlFor(tlsOnly, ''), { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: certs.otherCaFile });
    expect(isOneSentenceError(viaEnv)).toBe(true);
    expect(viaEnv.stderr).toContain(`not signed by the CA in ${certs.otherCaFile} (PGSSLMODE=verify-ca)`);
    expect((await dump(urlFor(tlsOnly, ''), { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: certs.caFile })).code).toBe(0);
    expect((await dump(urlFor(tlsOnly, 'sslmode=require'), { PGSSLMODE: 'disable' })).code).toBe(0);
    const required = await dump(urlFor('server', ''), { PGSSLMODE: 'require' });
    expect(required.stderr).toContain('does not support TLS, and PGSSLMODE=require asks for it.');
  });

  it("an in-process run reads the PGSSL* variables of its own environment, not the process's", async () => {
    expect(process.env.PGSSLMODE).toBeUndefined();
    const required = await runCli(['dump', '--db', urlFor('server', '')], { env: env({ PGSSLMODE: 'require' }) });
    expect(required.code).toBe(2);
    expect(required.stderr).toContain('does not support TLS, and PGSSLMODE=require asks for it.');
  });

  it('sslcert, sslkey and sslpassword give the client certificate a server asks for', async () => {
    const upstream = { host: server.hostname, port: Number(server.port || 5432) };
    const asking = await startTlsProxy({
      ...certs.localhost,
      upstream,
      plain: 'refuse',
      clientCa: readFileSync(certs.caFile, 'utf8'),
    });
    try {
      const url = (query: string) =>
        `postgres://postgres@127.0.0.1:${asking.port}/${database.name}?sslmode=require${query}`;
      const without = await dump(url(''));
      expect(isOneSentenceError(without), without.stderr).toBe(true);
      expect(without.stderr).toContain(
        `The server at 127.0.0.1:${asking.port} asks for a client certificate: give it with sslcert and sslkey (sslmode=require).`,
      );
      expect((await psql(url(''))).status).not.toBe(0);

      const plainKey = url(`&sslcert=${certs.client.certFile}&sslkey=${certs.client.keyFile}`);
      expect((await dump(plainKey)).code).toBe(0);
      expect((await psql(plainKey)).status).toBe(0);
      const encryptedKey = url(
        `&sslcert=${certs.client.certFile}&sslkey=${certs.client.encryptedKeyFile}&sslpassword=${certs.keyPassword}`,
      );
      const withPassword = await dump(encryptedKey);
      expect(withPassword.code, withPassword.stderr).toBe(0);
      const wrongPassword = await dump(encryptedKey.replace(certs.keyPassword, 'n0t-it'));
      expect(isOneSentenceError(wrongPassword)).toBe(true);
      expect(wrongPassword.stderr).toContain('cannot be decrypted with the sslpassword given.');
      expect(wrongPassword.stderr).not.toContain('n0t-it');
      const noPassword = await dump(encryptedKey.replace(`&sslpassword=${certs.keyPassword}`, ''));
      expect(noPassword.stderr).toContain("is encrypted: give its passphrase in the URL's sslpassword parameter.");
      expect(asking.handshakes).toBeGreaterThanOrEqual(3);
    } finally {
      await asking.close();
    }
  });

  it('migrate apply backs up the data with pg_dump over TLS with sslmode=require', async () => {
    const url = urlFor(tlsOnly, 'sslmode=require');
    const dir = migrationProject(
      url,
      { '0001_t.sql': 'CREATE TABLE public.tls_t (id integer PRIMARY KEY);\n' },
      // Shadow databases on the server, not started embedded: this test is about the target's connections.
      { backup: { data: true }, shadow: SERVER_URL },
    );
    const { result, handshakes } = await counting(tlsOnly, () => applyIn(dir, '--yes'));
    expect(result.stderr).not.toMatch(/Warning|SECURITY WARNING/i);
    expect(result.code, result.stderr).toBe(0);
    expect(backupFiles(dir).some((file) => file.endsWith('.dump'))).toBe(true);
    // Connections of schemaguard and one of pg_dump, all through TLS.
    expect(handshakes).toBeGreaterThan(1);
  }, 120_000);
});
