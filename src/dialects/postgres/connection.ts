import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { SchemaguardError, errorMessage } from '../../errors.js';
import { decodeLeniently, redactUrl } from '../../redact.js';
import type { ConnectOptions, ServedDatabase } from '../dialect.js';
import { knownImage, knownInMemoryImage, tarImage } from './pglite-image.js';
import { extensionRequest } from './extension-requests.js';
import { splitStatements } from './lexer.js';
import { loadPgliteExtensions, pgliteExtensionNames, pgliteExtensionsFor } from './pglite-extensions.js';
import { lockDataDir } from './pglite-lock.js';
import { servePglite } from './pglite-socket.js';
import { type ServerTls, describeTlsError, isNoTlsError, isTlsError, serverTls } from './tls.js';

/** One open connection to a PostgreSQL server or an embedded PGlite database. */
export interface PostgresClient {
  /** Runs one statement with parameters and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (simple protocol, no parameters). */
  exec(sql: string): Promise<void>;
  /**
   * Runs statements without parameters in one round trip (simple protocol) and returns each
   * one's rows, in order: what `query` would return for each, for a fraction of the overhead.
   */
  queryBatch?<Row = Record<string, unknown>>(statements: readonly string[]): Promise<Row[][]>;
  close(): Promise<void>;
  /** The ref it was opened from, with any password removed. */
  readonly source: string;
  /** The whole embedded database as a tarball (PGlite only), to start another one from it quickly. */
  readonly saveImage?: () => Promise<Blob>;
  /** An embedded database on a local port speaking PostgreSQL's protocol (PGlite only; see `ShadowDatabase.serve`). */
  readonly serve?: () => Promise<ServedDatabase>;
  /** See `Connection.prepareFor`: an embedded database loads the extensions the scripts create. */
  readonly prepareFor?: (scripts: readonly string[]) => Promise<void>;
  /** Brings the session back to what a new connection has (PGlite only; see {@link endSession}). */
  readonly endSession?: () => Promise<void>;
}

/** The statements of a batch as one script: each ends where the next begins. */
function batchScript(statements: readonly string[]): string {
  return statements.map((statement) => `${statement.trim().replace(/;+$/, '')};`).join('\n');
}

/** The rows of each statement of a batch; a script that did not give one result per statement is an error. */
function batchRows<Row>(results: readonly { rows: unknown[] }[], statements: readonly string[]): Row[][] {
  if (results.length !== statements.length) {
    throw new Error(`a batch of ${statements.length} statements returned ${results.length} results`);
  }
  return results.map((result) => result.rows as Row[]);
}

/**
 * Shared buffers of an in-memory embedded database. PostgreSQL's 128MB take longer to set up
 * than most builds run; 4MB start in two thirds of the time of 16MB and replay DDL no slower
 * (400 tables: 1.6 s against 2.2 s of CPU), since the pages they evict stay in memory anyway.
 */
const IN_MEMORY_SHARED_BUFFERS = 'shared_buffers=4MB';

/**
 * What an initdb is given: it writes the image's postgresql.conf, and so a new folder's, which
 * keeps 16MB of shared buffers; and 1MB WAL segments instead of 16MB, which make the image a
 * quarter smaller (31 MB instead of 40 MB), and each start from it as much cheaper to unpack.
 */
const INITDB_PARAMS = ['-c', 'shared_buffers=16MB', '--wal-segsize=1'];

/**
 * The PGlite options of a short-lived in-memory database (shadows, scratch databases): small
 * shared buffers, which halve the time it takes to start. Pass the PGlite class.
 */
export function inMemoryPgliteOptions(pglite: { readonly defaultStartParams: readonly string[] }): {
  startParams: string[];
  initDbStartParams: string[];
} {
  return {
    startParams: [...pglite.defaultStartParams, '-c', IN_MEMORY_SHARED_BUFFERS],
    initDbStartParams: [...INITDB_PARAMS],
  };
}

/** An embedded database kept open while sharing is on, and how many of its clients are open. */
interface SharedDatabase {
  readonly opening: Promise<PostgresClient>;
  users: number;
}

/** Embedded databases kept open while sharing is on, by data directory (see {@link shareEmbeddedDatabases}). */
const shared = new Map<string, SharedDatabase>();
/** How many callers of {@link shareEmbeddedDatabases} have not released it yet. */
let sharers = 0;

/**
 * From now until the returned release, an embedded database opened from a data directory
 * stays open, and opening it again returns the same database: a command that reads and
 * changes one database several times starts it once. Closing its last open client ends the
 * session (an open transaction is rolled back, settings, locks and prepared statements are
 * discarded, as when a connection closes) but keeps the database started for the next one.
 * Callers nest: the last release closes the databases, so that a library user or a test
 * running many commands in one process starts each database once.
 */
export function shareEmbeddedDatabases(): () => Promise<void> {
  sharers++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    sharers--;
    if (sharers === 0) await closeSharedEmbeddedDatabases();
  };
}

/**
 * Closes the embedded databases kept open by {@link shareEmbeddedDatabases} now, say before
 * another process opens one; sharing goes on, and the next open starts the database again.
 */
export async function closeSharedEmbeddedDatabases(): Promise<void> {
  const opened = [...shared.values()];
  shared.clear();
  for (const { opening } of opened) {
    // One that failed to open or to close has nothing left to give back.
    await opening.then((client) => client.close()).catch(() => {});
  }
}

/** A client of a shared database: closing the last one ends the session, not the database. */
async function sharedClient(dataDir: string, open: () => Promise<PostgresClient>): Promise<PostgresClient> {
  let entry = shared.get(dataDir);
  if (!entry) {
    const opening = open();
    entry = { opening, users: 0 };
    shared.set(dataDir, entry);
    opening.catch(() => shared.delete(dataDir));
  }
  const database = entry;
  const client = await database.opening;
  database.users++;
  let closed = false;
  return {
    ...client,
    async close() {
      if (closed) return;
      closed = true;
      database.users--;
      if (database.users > 0 || shared.get(dataDir) !== database) return;
      try {
        await client.endSession?.();
      } catch {
        // A session that cannot be ended is not handed out again.
        shared.delete(dataDir);
        await client.close().catch(() => {});
      }
    },
  };
}

/**
 * Brings an embedded session back to what a new connection has, as a server does when one
 * closes: an open or failed transaction is rolled back, then what `DISCARD ALL` does is done,
 * except that the catalog queries prepared by {@link preparedBatch} are kept (their plans read
 * the system catalogs only, whatever the session did), so that the next command's
 * introspection is not planned again.
 */
async function endSession(db: {
  isInTransaction(): boolean;
  exec(sql: string): Promise<unknown>;
  query<Row>(sql: string): Promise<{ rows: Row[] }>;
}): Promise<void> {
  if (db.isInTransaction()) await db.exec('ROLLBACK');
  const others = await db.query<{ name: string }>(
    `SELECT name FROM pg_prepared_statements WHERE name NOT LIKE '${PREPARED_PREFIX.replaceAll('_', '\\_')}%'`,
  );
  await db.exec(
    [
      'CLOSE ALL',
      'SET SESSION AUTHORIZATION DEFAULT',
      'RESET ALL',
      'UNLISTEN *',
      'SELECT pg_advisory_unlock_all()',
      'DISCARD TEMP',
      'DISCARD SEQUENCES',
      ...others.rows.map((row) => `DEALLOCATE "${row.name.replaceAll('"', '""')}"`),
    ].join(';\n'),
  );
}

/** The names of the statements {@link preparedBatch} prepares: kept when a shared session ends. */
const PREPARED_PREFIX = 'schemaguard_catalog_';

/** The statements prepared on each embedded database, by their SQL. */
const preparedStatements = new WeakMap<object, Map<string, string>>();
let preparedCount = 0;

/**
 * Runs a batch of queries on an embedded database in one round trip, each query prepared once
 * per database and executed from then on. PostgreSQL compiled to WebAssembly spends more time
 * planning the introspection's catalog queries than running them (a small schema: about 150 ms
 * of planning for 90 ms of execution); a prepared query without parameters keeps its plan, and
 * a second read of the catalog on the same database takes less than half the time. Only
 * embedded databases: their sessions are schemaguard's own, where a server's may be a pooler's.
 */
async function preparedBatch<Row>(
  db: { exec(sql: string): Promise<readonly { rows: unknown[] }[]> },
  statements: readonly string[],
): Promise<Row[][]> {
  let names = preparedStatements.get(db);
  if (!names) preparedStatements.set(db, (names = new Map()));
  const script: string[] = [];
  const resultOf: number[] = [];
  const made: [string, string][] = [];
  for (const statement of statements) {
    const sql = statement.trim().replace(/;+$/, '');
    if (!/^(?:SELECT|WITH)\b/i.test(sql)) {
      script.push(sql);
    } else {
      let name = names.get(sql);
      if (!name) {
        name = `${PREPARED_PREFIX}${++preparedCount}`;
        script.push(`PREPARE ${name} AS ${sql}`);
        made.push([sql, name]);
      }
      script.push(`EXECUTE ${name}`);
    }
    resultOf.push(script.length - 1);
  }
  const results = batchRows<Row>(await db.exec(`${script.join(';\n')};`), script);
  // Only once the whole batch ran: after an error, a statement prepared by it is left unused.
  for (const [sql, name] of made) names.set(sql, name);
  return resultOf.map((i) => results[i] ?? []);
}

/** How an embedded database is opened. */
export interface PgliteOptions extends ConnectOptions {
  /** A saved data directory to start from (see `saveImage`). */
  readonly image?: Blob;
  /**
   * The extensions to load at start, by SQL name (see `pgliteExtensionsFor`); those a folder
   * has installed are loaded too, and any other when SQL run on it creates one.
   */
  readonly extensions?: readonly string[];
}

/**
 * Opens an embedded PostgreSQL (PGlite): `pglite:memory` for a fresh in-memory
 * database, `pglite:./dir` for a data directory.
 */
export async function openPglite(ref: string, options: PgliteOptions = {}): Promise<PostgresClient> {
  const target = ref.slice('pglite:'.length);
  if (target === '')
    throw new SchemaguardError(`The ref "${ref}" names no database: use pglite:memory or pglite:./path.`);
  const inMemory = target === 'memory' || target === 'memory://';
  const dataDir = inMemory ? undefined : resolve(options.cwd ?? '', target.replace(/^file:\/\//, ''));
  if (dataDir && !options.create && !existsSync(dataDir)) {
    throw new SchemaguardError(`The PGlite data directory ${target} does not exist.`);
  }
  if (sharers > 0 && dataDir && !options.image) {
    return sharedClient(dataDir, () => openPgliteDataDir(ref, target, dataDir, options));
  }
  return openPgliteDataDir(ref, target, dataDir, options);
}

async function openPgliteDataDir(
  ref: string,
  target: string,
  dataDir: string | undefined,
  options: PgliteOptions,
): Promise<PostgresClient> {
  const [{ PGlite }, { pgliteStorage }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('./pglite-filesystems.js'),
  ]);
  // A new database starts from the initdb image this process already holds, if any: the same
  // fresh database as an initdb makes, in a fraction of the time.
  const fresh = !dataDir || !existsSync(dataDir);
  const release = dataDir ? await lockDataDir(dataDir, target, options.connectTimeoutMs ?? 10_000) : async () => {};
  const create = async (extensions: readonly string[], image = options.image) =>
    PGlite.create({
      ...(dataDir ? {} : inMemoryPgliteOptions(PGlite)),
      ...pgliteStorage(dataDir, image),
      extensions: await loadPgliteExtensions(extensions),
    });
  const known = options.image ?? (fresh ? (dataDir ? knownImage() : knownInMemoryImage()) : undefined);
  // Each extension PGlite loads costs time at every start (all of them double it): a database
  // starts with those it was asked for or has installed, and loads others when SQL creates them.
  let loaded = [...(options.extensions ?? [])];
  let db: PGlite;
  try {
    db = await create(loaded, known)
      .catch((error: unknown) => {
        // An image it did not ask for that does not start: in memory, as if there were none.
        if (options.image || !known || dataDir) throw error;
        return create(loaded);
      })
      .catch((error: unknown) => {
        // A folder once opened with a shared preload library (pg_stat_statements) opens only with it.
        if (options.extensions || !dataDir) throw error;
        loaded = pgliteExtensionNames();
        return create(loaded);
      });
    if (!options.extensions && !fresh) {
      const installed = await installedExtensions(db);
      if (installed.some((name) => !loaded.includes(name))) {
        await db.close();
        loaded = [...new Set([...loaded, ...installed])].sort();
        db = await create(loaded);
      }
    }
  } catch (error) {
    await release();
    throw new SchemaguardError(`Cannot open the PGlite database ${target}: ${errorMessage(error)}.`, { cause: error });
  }
  const running = new Set<Promise<unknown>>();
  let restarting: Promise<void> | undefined;
  /** Runs `work` on the database, after any restart under way; a restart waits for it. */
  const use = async <T>(work: () => Promise<T>): Promise<T> => {
    while (restarting) await restarting;
    const pending = work();
    running.add(pending);
    try {
      return await pending;
    } finally {
      running.delete(pending);
    }
  };
  /**
   * Starts the database again with the extensions `scripts` create loaded too, keeping the
   * session's settings and advisory locks. Not in a transaction: PostgreSQL's own error says
   * what is missing then.
   */
  const loadFor = async (scripts: readonly string[]): Promise<void> => {
    while (restarting) await restarting;
    const wanted = createdExtensions(scripts).filter((name) => !loaded.includes(name));
    if (wanted.length === 0 || db.isInTransaction()) return;
    let done: () => void = () => {};
    restarting = new Promise((resolve) => (done = resolve));
    try {
      await Promise.allSettled([...running]);
      const session = await sessionState(db);
      const image = dataDir ? undefined : await tarImage((await db.dumpDataDir('none')) as Blob);
      await db.close();
      loaded = [...new Set([...loaded, ...wanted])].sort();
      db = await create(loaded, image);
      await db.exec(session);
    } finally {
      restarting = undefined;
      done();
    }
  };
  return {
    source: ref,
    query: <Row>(sql: string, params?: readonly unknown[]) =>
      use(async () => (await db.query<Row>(sql, params ? [...params] : undefined)).rows),
    async exec(sql: string) {
      await loadFor([sql]);
      await use(() => db.exec(sql));
    },
    queryBatch: <Row>(statements: readonly string[]) => use(() => preparedBatch<Row>(db, statements)),
    prepareFor: loadFor,
    endSession: () => use(() => endSession(db)),
    async close() {
      try {
        while (restarting) await restarting;
        await db.close();
      } finally {
        await release();
      }
    },
    saveImage: () => use(async () => (await db.dumpDataDir('gzip')) as Blob),
    serve: () => servePglite((message) => use(() => db.execProtocolRaw(message))),
  };
}

/** The extensions installed in an embedded database that PGlite loads as modules (plpgsql is built in). */
async function installedExtensions(db: PGlite): Promise<string[]> {
  const rows = await db.query<{ name: string }>("SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql'");
  return pgliteExtensionsFor(rows.rows.map((row) => ({ name: row.name, where: 'the database' })));
}

/** The PGlite extensions the scripts' `CREATE EXTENSION` statements need (with those they require). */
function createdExtensions(scripts: readonly string[]): string[] {
  const requests = scripts.flatMap((sql) =>
    // Most scripts never mention an extension: only those that do are split into statements.
    /extension/i.test(sql)
      ? splitStatements(sql).flatMap((statement) => {
          const request = extensionRequest(statement.sql);
          return request?.kind === 'create' ? [{ name: request.name, where: 'the SQL' }] : [];
        })
      : [],
  );
  return requests.length === 0 ? [] : pgliteExtensionsFor(requests);
}

/** SQL that gives a new session this one's settings and advisory locks. */
async function sessionState(db: PGlite): Promise<string> {
  const settings = await db.query<{ sql: string }>(
    // set_config reads a value as the configuration file would: a list (search_path) stays a list.
    "SELECT format('SELECT set_config(%L, %L, false);', name, setting) AS sql FROM pg_settings WHERE source = 'session'",
  );
  const locks = await db.query<{ sql: string }>(
    `SELECT format('SELECT pg_advisory_lock(%s);', ((classid::bigint << 32) | objid::bigint)::text) AS sql
       FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objsubid = 1`,
  );
  return [...settings.rows, ...locks.rows].map((row) => row.sql).join('\n');
}

/** Opens a connection to a PostgreSQL server from a `postgres://` or `postgresql://` URL. */
export async function openServer(url: string, options: ConnectOptions = {}): Promise<PostgresClient> {
  const parsed = parseServerUrl(url);
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new SchemaguardError(
      `The database URL ${redactUrl(url)} names no host: expected postgres://user@host:port/database.`,
    );
  }
  const tls = serverTls(parsed, options.env ?? {});
  const key = `${tls.connectionString}\0${tls.mode}\0${JSON.stringify(tls.options)}`;
  let client = idleSessions?.get(key)?.pop();
  // One the server ended while it was idle (a database dropped WITH (FORCE), a terminated backend) is let go.
  while (client && endedSessions.has(client)) client = idleSessions?.get(key)?.pop();
  if (!client) {
    const opened = await connectWithTls(parsed, tls, options.connectTimeoutMs ?? 10_000);
    opened.once('end', () => endedSessions.add(opened));
    client = opened;
  }
  const session = client;
  // Statements under way: a session closed in the middle of one is ended, never kept.
  let running = 0;
  const counted = async <T>(work: Promise<T>): Promise<T> => {
    running++;
    try {
      return await work;
    } finally {
      running--;
    }
  };
  return {
    source: redactUrl(url),
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const result = await counted(client.query(sql, params ? [...params] : undefined));
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await counted(client.query(sql));
    },
    async queryBatch<Row>(statements: readonly string[]) {
      // pg answers a script of several statements with a result for each, one alone with itself.
      const results: unknown = await counted(client.query(batchScript(statements)));
      return batchRows<Row>(Array.isArray(results) ? results : [results], statements);
    },
    async close() {
      if (idleSessions && running === 0 && !endedSessions.has(session) && (await sessionReset(session))) {
        keepIdle(key, session);
        return;
      }
      await session.end();
    },
  };
}

/** Idle server sessions kept for the next connection to the same server while sharing is on, by URL and TLS. */
let idleSessions: Map<string, pg.Client[]> | undefined;
/** Sessions the server or the network ended: never kept. */
const endedSessions = new WeakSet<pg.Client>();
/** How many callers of {@link shareServerSessions} have not released it yet. */
let sessionSharers = 0;

/**
 * From now until the returned release, a server session that is closed is reset (`DISCARD
 * ALL`: settings, locks, prepared statements and temporary tables go, as when it closes) and
 * kept, and the next connection to the same server with the same TLS takes it instead of a new
 * one: a fleet of tenants in one database reads each through a session whose catalog caches
 * are warm (a tenant of a 1,000-schema database: about 90 ms instead of 280). Calls nest; the
 * last release ends the sessions kept.
 */
export function shareServerSessions(): () => Promise<void> {
  sessionSharers++;
  idleSessions ??= new Map();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    sessionSharers--;
    if (sessionSharers > 0 || !idleSessions) return;
    const kept = [...idleSessions.values()].flat();
    idleSessions = undefined;
    await Promise.all(kept.map((client) => client.end().catch(() => {})));
  };
}

/**
 * How many idle sessions are kept, all servers together: enough for a fleet's targets run at
 * once, few enough that a fleet of many databases does not hold the server's connection slots.
 */
const MOST_IDLE_SESSIONS = 8;

/** Keeps an idle session, ending the one kept longest when too many are. */
function keepIdle(key: string, session: pg.Client): void {
  if (!idleSessions) return;
  // Map order is insertion order: a key set again moves to the end, so the first is the oldest.
  idleSessions.set(key, [...(idleSessions.get(key) ?? []), session]);
  const kept = idleSessions.get(key) as pg.Client[];
  idleSessions.delete(key);
  idleSessions.set(key, kept);
  let count = [...idleSessions.values()].reduce((sum, list) => sum + list.length, 0);
  for (const [oldestKey, list] of idleSessions) {
    while (count > MOST_IDLE_SESSIONS && list.length > 0) {
      void (list.shift() as pg.Client).end().catch(() => {});
      count--;
    }
    if (list.length === 0) idleSessions.delete(oldestKey);
    if (count <= MOST_IDLE_SESSIONS) break;
  }
}

/** Resets a session for its next user; false when it cannot be (in a transaction, or gone). */
async function sessionReset(client: pg.Client): Promise<boolean> {
  try {
    await client.query('DISCARD ALL');
    return true;
  } catch {
    return false;
  }
}

/**
 * A server URL, parsed; one sentence (the URL's password hidden, how to fix it said) when
 * it does not parse, or parses only by cutting a password short: an unencoded `/`, `?` or
 * `#` in it ends the host part early, and what follows then reads as a port, a database
 * name or options, with the rest of the password in them (an `@` left after the host).
 */
export function parseServerUrl(url: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const cut = parsed && /@/.test(`${parsed.pathname}${parsed.hash}${[...parsed.searchParams.keys()].join('')}`);
  if (!parsed || cut) {
    throw new SchemaguardError(
      // The example last: an `@` after it on the line would read as the end of a password to hide.
      `The database URL ${redactUrl(url)} is malformed: percent-encode any / @ : # ? & % or space in the password (%2F %40 %3A %23 %3F %26 %25 %20); the form is postgres://user:password@host:port/database.`,
    );
  }
  return parsed;
}

/** Servers (host:port) that answered a request for TLS with "no": `prefer` connects to them without asking again. */
const serversWithoutTls = new Set<string>();

/**
 * Connects as libpq does for the URL's `sslmode`: `allow` tries without TLS and then with
 * it, `prefer` with TLS and then without (when the server does not do TLS, or refuses the
 * connection), the other modes one way only.
 */
async function connectWithTls(url: URL, tls: ServerTls, timeoutMs: number): Promise<pg.Client> {
  const where = serverAddress(url);
  const attempts = tls.attempts.filter(
    (attempt) => !(tls.mode === 'prefer' && attempt === 'tls' && serversWithoutTls.has(where)),
  );
  const failures: unknown[] = [];
  // Loaded here, not with the module: a command on embedded databases never needs it (it takes
  // about 70 ms to load on its own).
  const { default: driver } = await import('pg');
  for (const [index, attempt] of attempts.entries()) {
    const client = new driver.Client({
      connectionString: tls.connectionString,
      ssl: attempt === 'tls' ? { ...tls.options } : false,
      // Said explicitly, so that pg reads no PGSSLNEGOTIATION of its own.
      sslnegotiation: attempt === 'tls' ? tls.negotiation : 'postgres',
      connectionTimeoutMillis: timeoutMs,
      application_name: 'schemaguard',
    } as pg.ClientConfig);
    // Errors after connecting (server restart, network loss) surface through the query that fails.
    client.on('error', () => {});
    try {
      await client.connect();
      return client;
    } catch (error) {
      // Not awaited: after some failures (a TLS alert once the handshake is done) pg never settles it.
      void client.end().catch(() => {});
      failures.push(error);
      if (attempt === 'tls' && isNoTlsError(error)) serversWithoutTls.add(where);
      // libpq tries the other way after a refusal by the server or, from TLS, a failed handshake.
      const retry = isServerError(error) || (attempt === 'tls' && (isNoTlsError(error) || isTlsError(error)));
      if (index === attempts.length - 1 || !retry) break;
    }
  }
  // A second attempt's failure that only says "not this way" tells less than the first one's:
  // allow's TLS retry on a server without TLS, prefer's plain retry on a server with only TLS.
  const [first, second] = failures;
  const failure = second && (isNoTlsError(second) || isNoEncryptionRefusal(second)) ? first : (second ?? first);
  throw new SchemaguardError(describeConnectError(failure, url, tls, timeoutMs), { cause: failure });
}

/** Whether pg_hba.conf refused a connection for having no TLS (its lines for the client are all `hostssl`). */
function isNoEncryptionRefusal(error: unknown): boolean {
  return (error as { code?: unknown }).code === '28000' && /no encryption$/.test(errorMessage(error));
}

/** Whether the server itself refused the connection (an error with a SQLSTATE), rather than the network or TLS. */
function isServerError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** host:port, for messages. */
function serverAddress(url: URL): string {
  return `${url.searchParams.get('host') || url.hostname || 'localhost'}:${url.searchParams.get('port') || url.port || '5432'}`;
}

function describeConnectError(error: unknown, url: URL, tls: ServerTls, timeoutMs: number): string {
  const where = serverAddress(url);
  const tlsProblem = describeTlsError(error, where, url.hostname.replace(/^\[(.+)\]$/, '$1'), tls);
  if (tlsProblem) return tlsProblem;
  if (isNoEncryptionRefusal(error) && tls.mode === 'disable') {
    return `The server at ${where} accepts only TLS connections, and ${tls.modeSaid} asks for none.`;
  }
  const user = decodeLeniently(url.username) || 'the default user';
  const database = decodeLeniently(url.pathname.slice(1)) || user;
  const code = (error as { code?: string }).code;
  const message = errorMessage(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot connect to PostgreSQL at ${where}: connection refused; is the server running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot connect to PostgreSQL at ${where}: the host name does not resolve.`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot connect to PostgreSQL at ${where}: the host is unreachable.`;
    case '28P01':
      return `Password authentication failed for user "${user}" at ${where}: check the password in the URL.`;
    case '28000':
      return `The server at ${where} rejected user "${user}": ${message}.`;
    case '3D000':
      return `Database "${database}" does not exist at ${where}.`;
    case '42501':
      return `User "${user}" may not connect to database "${database}" at ${where}: ${message}.`;
  }
  if (/timeout/i.test(message)) {
    return `Cannot connect to PostgreSQL at ${where}: no answer within ${timeoutMs / 1000} s (--connect-timeout).`;
  }
  if (/password/i.test(message)) {
    return `Cannot authenticate user "${user}" at ${where}: the server asks for a password and the URL has none.`;
  }
  return `Cannot connect to PostgreSQL at ${where}: ${message}.`;
}

/** Opens any PostgreSQL ref this dialect understands: a server URL or a PGlite ref. */
export function connectPostgres(ref: string, options: ConnectOptions = {}): Promise<PostgresClient> {
  return ref.startsWith('pglite:') ? openPglite(ref, options) : openServer(ref, options);
}
