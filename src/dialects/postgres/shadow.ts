/**
 * PostgreSQL's shadow databases: an embedded PGlite started from the initdb image saved
 * in the cache folder, with exactly the extensions the replayed SQL creates, or a
 * temporary database on a server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { SchemaguardError, errorMessage } from '../../errors.js';
import { redactUrl } from '../../redact.js';
import type {
  ConnectOptions,
  Connection,
  ShadowDatabase,
  ShadowDatabases,
  ShadowGuard,
  ShadowOpenOptions,
} from '../dialect.js';
import { type PostgresClient, inMemoryPgliteOptions, openPglite, openServer } from './connection.js';
import { type ExtensionRequest, extensionRequest, pinnedExtensions } from './extension-requests.js';
import { impliedExtensions } from './implied-extensions.js';
import { splitStatements } from './lexer.js';
import { pgliteExtensionsFor } from './pglite-extensions.js';
import {
  LEAN_STATEMENTS,
  knownImage,
  knownInMemoryImage,
  pgliteVersion,
  preloadImage,
  startFromImage,
} from './pglite-image.js';
import { quoteIdent } from './quote.js';

/** A script replayed on a shadow database, named for messages. */
type Script = ShadowOpenOptions['scripts'][number];

/** Every extension statement of the scripts, in order, with the script it is in. */
function extensionRequests(scripts: readonly Script[]): (ExtensionRequest & { readonly where: string })[] {
  return scripts.flatMap((script) =>
    // Most scripts never mention an extension: only those that do are split into statements.
    /extension/i.test(script.sql)
      ? splitStatements(script.sql).flatMap((statement) => {
          const request = extensionRequest(statement.sql);
          return request ? [{ ...request, where: script.label }] : [];
        })
      : [],
  );
}

/**
 * The extensions an embedded shadow database needs to replay the scripts. Throws one
 * sentence, before any database starts, for an extension PGlite does not have.
 */
export function embeddedShadowExtensions(scripts: readonly Script[]): string[] {
  return pgliteExtensionsFor(extensionRequests(scripts).filter((r) => r.kind === 'create'));
}

/** A fresh embedded database with `extensions`, started from the initdb image saved in the cache folder. */
function openPgliteShadow(cacheDir: string, extensions: readonly string[]): Promise<PostgresClient> {
  return startFromImage(cacheDir, {
    start: (image) => openPglite('pglite:memory', image ? { image, extensions } : { extensions }),
    save: (client) => client.saveImage?.(),
    saveLean: async (client) => {
      for (const statement of LEAN_STATEMENTS) await client.exec(statement);
      return client.saveImage?.();
    },
  });
}

/**
 * A temporary database on a server, with its URL, dropped by `dispose` (also on an interruption
 * the program guards).
 */
async function openServerShadow(
  url: string,
  connect: Pick<ConnectOptions, 'connectTimeoutMs' | 'env'>,
  guard: ShadowGuard,
): Promise<{ client: PostgresClient; url: string; dispose: () => Promise<void> }> {
  const admin = await openServer(url, connect);
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
  const release = guard(drop);
  let client: PostgresClient;
  try {
    client = await openServer(target.toString(), connect);
  } catch (error) {
    release();
    await drop();
    throw error;
  }
  return {
    client,
    url: target.toString(),
    dispose: async () => {
      release();
      await client.close().catch(() => {});
      await drop();
    },
  };
}

/**
 * A bare in-memory PGlite with small shared buffers, started from the initdb image in the
 * cache folder when there is one (saving one there when there is none).
 */
async function startPglite(cacheDir: string | undefined): Promise<unknown> {
  const [{ PGlite }, { pgliteStorage }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('./pglite-filesystems.js'),
  ]);
  const create = (image?: Blob) =>
    PGlite.create({ ...inMemoryPgliteOptions(PGlite), ...pgliteStorage(undefined, image) });
  // Without a cache folder, from the image this process already holds, if any.
  if (!cacheDir) return create(knownInMemoryImage());
  return startFromImage(cacheDir, {
    start: create,
    save: (database) => database.dumpDataDir('gzip'),
    saveLean: async (database) => {
      for (const statement of LEAN_STATEMENTS) await database.exec(statement);
      return database.dumpDataDir('gzip');
    },
  });
}

/** PostgreSQL's shadow databases, given how a client becomes a {@link Connection}. */
export function postgresShadow(toConnection: (client: PostgresClient) => Connection): ShadowDatabases {
  return {
    embeddedEngine: () => `pglite ${pgliteVersion()}`,
    async open(options): Promise<ShadowDatabase> {
      if (options.server) {
        options.onStart?.('server');
        const { client, url, dispose } = await openServerShadow(
          options.server,
          { connectTimeoutMs: options.connectTimeoutMs, env: options.env },
          options.guard ?? (() => () => {}),
        );
        // Another program connects to the temporary database itself, with the server's credentials.
        const served = { url, close: async () => {} };
        return { connection: toConnection(client), serve: async () => served, dispose };
      }
      // The extensions an embedded shadow needs are known (or missing) before it starts.
      const extensions = embeddedShadowExtensions(options.scripts);
      options.onStart?.('pglite');
      const client = await openPgliteShadow(options.cacheDir, extensions);
      return {
        connection: toConnection(client),
        ...(client.serve ? { serve: client.serve } : {}),
        dispose: () => client.close(),
      };
    },
    async prepare(connection) {
      await connection.exec('SET client_min_messages = warning');
    },
    pinnedExtensions: (scripts) => pinnedExtensions(extensionRequests(scripts)),
    impliedExtensions(generated, scripts) {
      const created = new Set(
        extensionRequests(scripts)
          .filter((r) => r.kind === 'create')
          .map((r) => r.name),
      );
      const implied = impliedExtensions(generated, created);
      if (implied.length === 0) return undefined;
      const sql = implied.map(({ name, schema }) =>
        schema === undefined
          ? `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)};`
          : `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)};\nCREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)} WITH SCHEMA ${quoteIdent(schema)};`,
      );
      return { names: implied.map((x) => x.name), sql: sql.join('\n') };
    },
    startEmbeddedEngine: startPglite,
    async warmUp(cacheDir) {
      await preloadImage(cacheDir);
      if (knownImage() && knownInMemoryImage() !== knownImage()) return;
      // An image not saved yet: an initdb or a start, saved in the folder, then kept.
      const client = await openPgliteShadow(cacheDir, []);
      await client.close();
      await preloadImage(cacheDir);
    },
  };
}
