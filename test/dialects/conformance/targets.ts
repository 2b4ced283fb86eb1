/**
 * The databases the dialect conformance suite runs on. Every file of
 * test/dialects/conformance/ runs its tests once per target here: an engine (or another
 * way to reach one) joins the suite by adding its target to {@link DIALECT_TARGETS}.
 */
import type { PostgresClient } from '../../../src/dialects/postgres/connection.js';
import {
  type TestDatabase,
  createServerDatabase,
  freshPglite,
  hasServer,
  openTestServer,
} from '../../helpers/databases.js';

/** Fresh, empty databases of one target, for one test file; `close` gives back every one it opened. */
export interface TargetSession {
  /**
   * An empty database. Targets may hand back the same database each time, emptied: use the
   * previous one no longer (open a second session for two at once).
   */
  fresh(): Promise<PostgresClient>;
  close(): Promise<void>;
}

/** One database the conformance suite runs on. */
export interface DialectTestTarget {
  /** How test names call it. */
  readonly name: string;
  /** Whether it runs here (the server target needs SCHEMAGUARD_TEST_POSTGRES_URL). */
  readonly available: () => boolean;
  /**
   * Whether a scenario of the corpus (test/scenarios/) can run on it, from the scenario's
   * `-- requires:` tags and the target's server version (`server_version_num`).
   */
  readonly runsScenario: (tags: ReadonlySet<string>, serverVersion: number) => boolean;
  readonly session: () => TargetSession;
}

/** Embedded PostgreSQL 18: one database per session, emptied between uses. */
const pglite: DialectTestTarget = {
  name: 'PGlite (PostgreSQL 18)',
  available: () => true,
  runsScenario: (tags) => !tags.has('server-only'),
  session() {
    let client: PostgresClient | undefined;
    return {
      async fresh() {
        client = await freshPglite(client);
        return client;
      },
      close: async () => client?.close(),
    };
  },
};

/** The PostgreSQL server of SCHEMAGUARD_TEST_POSTGRES_URL: a new database each time, dropped at the end. */
const server: DialectTestTarget = {
  name: 'the PostgreSQL server',
  available: () => hasServer(),
  runsScenario: (tags, serverVersion) => !tags.has('pglite-only') && (!tags.has('pg16') || serverVersion >= 160000),
  session() {
    let current: { database: TestDatabase; client: PostgresClient } | undefined;
    const close = async () => {
      if (!current) return;
      const { database, client } = current;
      current = undefined;
      await client.close().catch(() => {});
      await database.drop();
    };
    return {
      async fresh() {
        await close();
        const database = await createServerDatabase('sgconform');
        current = { database, client: await openTestServer(database.url) };
        return current.client;
      },
      close,
    };
  },
};

/** Every target of the suite, the embedded one first. */
export const DIALECT_TARGETS: readonly DialectTestTarget[] = [pglite, server];
