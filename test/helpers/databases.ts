import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Connection } from '../../src/dialects/dialect.js';
import { existsSync } from 'node:fs';
import { dialectByName } from '../../src/dialects/index.js';
import { emptyEmbeddedFolder } from '../setup/shared-image.js';

/** PostgreSQL, as every test outside test/dialects/ reaches it: through the registry. */
export const postgres = dialectByName('postgres');

/** The PostgreSQL server tests may use, from SCHEMAGUARD_TEST_POSTGRES_URL. */
export const SERVER_URL = process.env.SCHEMAGUARD_TEST_POSTGRES_URL;

/** With SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 (as in CI), a missing server fails instead of skipping. */
const REQUIRE_SERVERS = process.env.SCHEMAGUARD_TEST_REQUIRE_SERVERS === '1';

let warned = false;

/** Whether server tests run; says so visibly when they are skipped. */
export function hasServer(): boolean {
  if (SERVER_URL) return true;
  if (REQUIRE_SERVERS) {
    throw new Error('SCHEMAGUARD_TEST_REQUIRE_SERVERS=1 but SCHEMAGUARD_TEST_POSTGRES_URL is not set.');
  }
  if (!warned) {
    warned = true;
    console.warn(
      '\n[schemaguard tests] SCHEMAGUARD_TEST_POSTGRES_URL is not set: PostgreSQL server tests are SKIPPED.\n',
    );
  }
  return false;
}

/** The server URL with another database name. */
export function serverUrlFor(database: string): string {
  const url = new URL(SERVER_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A uniquely named, empty database on the test server; `drop()` removes it. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createServerDatabase(prefix = 'sgtest'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0`));
  return {
    name,
    url: serverUrlFor(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs SQL as the server's admin user, e.g. to create roles. */
export function serverAdminQuery(sql: string): Promise<void> {
  return admin((c) => c.query(sql)).then(() => undefined);
}

/** Creates a login role on the test server unless it exists (roles belong to the whole cluster). */
export function ensureServerRole(name: string): Promise<void> {
  return serverAdminQuery(
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} LOGIN; END IF; END $$`,
  );
}

/** Opens a connection to a test database on the server. */
export function openTestServer(url: string): Promise<Connection> {
  return postgres.connect(url);
}

/**
 * Opens the embedded database in the folder `dir`, made empty first when there is none (a copy
 * of the run's empty database, which is cheaper than `connect(…, { create: true })`).
 */
export function openEmbeddedFolder(dir: string): Promise<Connection> {
  if (!existsSync(dir)) emptyEmbeddedFolder(dir);
  return postgres.connect(`pglite:${dir}`);
}

/** A fresh in-memory PGlite (PostgreSQL 18); start one per test file and reuse it with {@link resetDatabase}. */
export function openTestPglite(): Promise<Connection> {
  return postgres.connect('pglite:memory');
}

/**
 * Brings a database back to the state of a fresh one: every user schema, extension
 * and event trigger dropped, `public` recreated as `initdb` makes it.
 */
export async function resetDatabase(client: Connection): Promise<void> {
  // Schemas holding an extension go last: a GiST index using an extension's operator class
  // must be gone before the extension is ("cache lookup failed for function" otherwise).
  const schemas = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace n WHERE nspname NOT IN ('pg_catalog', 'information_schema')
       AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%'
     ORDER BY EXISTS (SELECT 1 FROM pg_extension e WHERE e.extnamespace = n.oid), nspname`,
  );
  const eventTriggers = await client.query<{ name: string }>('SELECT evtname AS name FROM pg_event_trigger');
  const extensions = await client.query<{ name: string }>(
    "SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql'",
  );
  // Publications, foreign data wrappers (with their servers and user mappings), access
  // methods and casts between built-in types belong to the database, not to a schema;
  // those of extensions go with them.
  const globals = await client.query<{ sql: string }>(
    `SELECT format('DROP PUBLICATION %I;', pubname) AS sql FROM pg_publication
     UNION ALL
     SELECT format('DROP FOREIGN DATA WRAPPER %I CASCADE;', fdwname) FROM pg_foreign_data_wrapper w
       WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = w.oid AND d.deptype = 'e')
     UNION ALL
     SELECT format('DROP ACCESS METHOD %I CASCADE;', amname) FROM pg_am a
       WHERE a.oid >= 16384 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = a.oid AND d.deptype = 'e')
     UNION ALL
     SELECT format('DROP CAST IF EXISTS (%s AS %s) CASCADE;', castsource::regtype, casttarget::regtype) FROM pg_cast
     WHERE oid >= 16384 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = pg_cast.oid AND d.deptype = 'e')`,
  );
  const quote = (n: string) => `"${n.replaceAll('"', '""')}"`;
  await client.exec(
    [
      ...eventTriggers.map((e) => `DROP EVENT TRIGGER ${quote(e.name)};`),
      ...globals.map((g) => g.sql),
      // Schemas first: an index using an extension's operator class must go before the extension.
      ...schemas.map((s) => `DROP SCHEMA IF EXISTS ${quote(s.name)} CASCADE;`),
      ...extensions.map((e) => `DROP EXTENSION IF EXISTS ${quote(e.name)} CASCADE;`),
      'CREATE SCHEMA public AUTHORIZATION pg_database_owner;',
      'GRANT USAGE ON SCHEMA public TO PUBLIC;',
      "COMMENT ON SCHEMA public IS 'standard public schema';",
      'SET search_path = "$user", public;',
    ].join('\n'),
  );
}

/**
 * A PGlite instance brought back to a fresh state, or a new one: should a reset fail (as
 * dropping an extension did while an index used its operator class, a PGlite cache bug:
 * "cache lookup failed for function"), the old instance is closed and a new one opened.
 */
export async function freshPglite(client: Connection | undefined): Promise<Connection> {
  return (client && (await emptied(client))) ?? openTestPglite();
}

/** The database emptied by {@link resetDatabase}, or undefined (and it closed) when it cannot be. */
async function emptied(client: Connection): Promise<Connection | undefined> {
  try {
    await resetDatabase(client);
    return client;
  } catch {
    await client.close().catch(() => {});
    return undefined;
  }
}

/** Empty databases of one engine, one at a time, for one test file; `close` gives back every one it opened. */
export interface DatabaseSession {
  /**
   * An empty database. Sessions hand back the same database each time, emptied: use the
   * previous one no longer (open a second session for two at once).
   */
  fresh(): Promise<Connection>;
  close(): Promise<void>;
}

/** Embedded PostgreSQL 18: one in-memory PGlite per session, emptied between uses. */
export function pgliteSession(): DatabaseSession {
  let client: Connection | undefined;
  return {
    async fresh() {
      client = await freshPglite(client);
      return client;
    },
    close: async () => client?.close(),
  };
}

/** The server of SCHEMAGUARD_TEST_POSTGRES_URL: one database per session, emptied between uses. */
export function serverSession(prefix: string): DatabaseSession {
  const databases: TestDatabase[] = [];
  let client: Connection | undefined;
  return {
    async fresh() {
      // What cannot be emptied is replaced.
      const reused = client && (await emptied(client));
      if (reused) return reused;
      const database = await createServerDatabase(prefix);
      databases.push(database);
      client = await openTestServer(database.url);
      return client;
    },
    async close() {
      await client?.close().catch(() => {});
      for (const database of databases.splice(0)) await database.drop();
    },
  };
}
